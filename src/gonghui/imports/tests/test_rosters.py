"""Issue 16 §6: heading variants, a union's remembered mapping, current errors after a re-mapping, and the
error report with full values for correction."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.forms import field_value, message_beside
from gonghui.imports.models import HeadingMapping, ImportStatus, RosterImport
from gonghui.imports.roster import normal_heading, open_roster
from gonghui.imports.services import roster_preview
from gonghui.members.tests.factories import resident_id

from .rosters import xlsx

pytestmark = pytest.mark.django_db


def upload(c, union, content, name="名册.xlsx"):
    return c.post("/imports/", {"union": union.pk, "file": SimpleUploadedFile(name, content)})


def sheet(content: bytes, name: str) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_name(name).to_python()


@pytest.mark.parametrize(
    ("heading", "field"),
    [
        ("员工姓名", "full_name"),
        ("职工姓名", "full_name"),
        ("*姓名", "full_name"),
        ("姓 名", "full_name"),
        ("身份证", "id_number"),
        ("身份证号", "id_number"),
        ("身份证号码（必填）", "id_number"),
        ("公民身份号码*", "id_number"),
        ("证件号码：", "id_number"),
        ("联系电话", "mobile"),
        ("手机", "mobile"),
        ("手机号", "mobile"),
        ("手机号码(11位)", "mobile"),
        ("电话", "mobile"),
        ("入会日期", "join_date"),
        ("入会时间【选填】", "join_date"),
        ("性　别", "gender"),  # an ideographic space
        ("出生日期", "birth_date"),
        ("民族", "ethnicity"),
        ("学历", "education"),
        ("工作单位", "employer_name"),
        ("单位名称", "employer_name"),
        ("技能等级（新八级工）", "skill_level"),
    ],
)
def test_common_heading_variants_are_recognised(heading, field):
    from gonghui.imports.roster import HEADING_TO_FIELD

    assert HEADING_TO_FIELD.get(normal_heading(heading)) == field


def test_full_width_characters_and_marks_are_normalised():
    assert normal_heading("ＩＤ（必填）＊") == normal_heading("id")
    assert normal_heading(" 户籍/居住地 ") == "户籍/居住地"
    assert normal_heading("(必填)") == "(必填)"  # nothing but a note stays as it is, not empty


def test_a_roster_with_several_variants_is_read_without_mapping(world):
    headings = ["序号", "员工姓名", "公民身份号码（必填）", "手机号 *", "入会时间", "单位名称", "民族"]
    rows = [[1, "吴五", resident_id(), "13600000005", "2024-03-01", "望京科技有限公司", "回族"]]
    content = xlsx(rows, headings=headings)
    parsed, _ = open_roster(content, "名册.xlsx")
    assert parsed.mapping == {
        1: "full_name",
        2: "id_number",
        3: "mobile",
        4: "join_date",
        5: "employer_name",
        6: "ethnicity",
    }
    result = roster_preview(actor=SYSTEM, union=world.base_donghu, content=content, filename="名册.xlsx")
    assert result.counts.new_members == 1 and not result.errors


def test_a_unions_confirmed_mapping_is_remembered_for_its_next_roster(world, login):
    c = login("donghu")
    headings = ["职工名", "证件编号", "本人电话"]
    content = xlsx([["周四", resident_id(), "13600000006"]], headings=headings, title=None)
    upload(c, world.base_donghu, content)
    first = RosterImport.objects.get()
    assert first.status == ImportStatus.FAILED
    c.post(f"/imports/{first.pk}/mapping/", {"col0": "full_name", "col1": "id_number", "col2": ""})
    first.refresh_from_db()
    assert first.status == ImportStatus.PREVIEWED
    remembered = dict(HeadingMapping.objects.filter(org=world.base_donghu).values_list("heading", "field"))
    # a heading no variant knows and left out needs no memory: it stays out next time anyway
    assert remembered == {"职工名": "full_name", "证件编号": "id_number"}
    event = AuditEvent.objects.get(action="roster.mapping")
    assert event.after["mapping"] == {"职工名": "姓名", "证件编号": "证件号码"}
    # the union's next roster with the same headings is read without asking
    upload(
        c,
        world.base_donghu,
        xlsx([["郑七", resident_id(), "x"]], headings=["职工名 ", "证件编号", "本人电话"]),
    )
    second = RosterImport.objects.exclude(pk=first.pk).get()
    assert second.status == ImportStatus.PREVIEWED and second.preview["new_members"] == 1
    assert second.column_mapping() == {0: "full_name", 1: "id_number"}
    # another union is not told what this one confirmed
    c = login("xicheng")
    upload(c, world.base_xicheng, content)
    assert RosterImport.objects.filter(org=world.base_xicheng).get().status == ImportStatus.FAILED


def test_mapping_a_heading_as_the_variants_would_forgets_the_unions_choice(world, login):
    c = login("donghu")
    HeadingMapping.objects.create(org=world.base_donghu, heading="电话", field="")
    content = xlsx([["王八", resident_id(), "13600000008"]], headings=["姓名", "身份证号码", "电话"])
    upload(c, world.base_donghu, content)
    imp = RosterImport.objects.get()
    assert imp.column_mapping() == {0: "full_name", 1: "id_number"}  # the union said: not imported
    c.post(f"/imports/{imp.pk}/mapping/", {"col0": "full_name", "col1": "id_number", "col2": "mobile"})
    assert not HeadingMapping.objects.exists()


def test_after_a_remapping_the_page_shows_only_current_errors(world, login):
    c = login("donghu")
    # the office telephone sits under 电话, which reads as the mobile: every row is refused
    rows = [["赵一", resident_id(), "010-64000001"], ["钱二", resident_id(), "010-64000002"]]
    upload(c, world.base_donghu, xlsx(rows, headings=["姓名", "身份证号码", "电话"]))
    imp = RosterImport.objects.get()
    page = c.get(f"/imports/{imp.pk}/").content.decode()
    assert imp.preview["errors"] == 2 and page.count("手机号码应为1开头的11位数字") == 2
    # a run that fails (the file was replaced by a broken one) leaves no earlier counts or errors behind
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    def replace_upload(content: bytes) -> None:
        default_storage.delete(imp.stored_file)
        assert default_storage.save(imp.stored_file, ContentFile(content)) == imp.stored_file

    replace_upload(b"not a workbook")
    c.post(f"/imports/{imp.pk}/mapping/", {"col0": "full_name", "col1": "id_number"})
    imp.refresh_from_db()
    assert imp.status == ImportStatus.FAILED and imp.errors == [] and imp.preview is None
    page = c.get(f"/imports/{imp.pk}/").content.decode()
    assert "手机号码应为" not in page and "import-errors" not in page and "import-counts" not in page
    # the file back, mapped again: the failure's message goes too, and only the current run's figures show
    replace_upload(xlsx(rows, headings=["姓名", "身份证号码", "电话"]))
    c.post(f"/imports/{imp.pk}/mapping/", {"col0": "full_name", "col1": "id_number"})
    imp.refresh_from_db()
    page = c.get(f"/imports/{imp.pk}/").content.decode()
    assert imp.status == ImportStatus.PREVIEWED and imp.preview["errors"] == 0 and imp.errors == []
    assert "无法读取文件" not in page and "import-errors" not in page


def _roster_with_errors(world, login):
    good_id, bad_id = resident_id(), "110105199001011234"  # a wrong check digit
    rows = [
        ["赵一", good_id, "13500000001"],
        ["孙三", bad_id, "13500000003"],
        ["李四", resident_id(), "1350000"],
    ]
    c = login("donghu")
    upload(c, world.base_donghu, xlsx(rows, headings=["姓名", "身份证号码", "手机号码"]))
    return RosterImport.objects.get(), bad_id


def test_the_default_error_report_stays_masked(world, login):
    imp, bad_id = _roster_with_errors(world, login)
    report = login("donghu").get(f"/jobs/{imp.preview_job_id}/download/")
    content = b"".join(report.streaming_content)
    listing = sheet(content, "错误清单")
    assert listing[0][2] == "值（已脱敏）" and listing[1][2] == "110***********1234"
    assert bad_id not in str(sheet(content, "错误行"))


def test_the_full_error_report_needs_member_reveal_a_reason_and_is_audited(world, login):
    imp, bad_id = _roster_with_errors(world, login)
    # the 经办人 who uploaded it lacks member.reveal: no link, and the page answers 404
    c = login("donghu")
    assert "errors-full" not in c.get(f"/imports/{imp.pk}/").content.decode()
    assert c.get(f"/imports/{imp.pk}/errors-full/").status_code == 404
    assert c.post(f"/imports/{imp.pk}/errors-full/", {"reason": "更正名册后重新导入"}).status_code == 404
    # the district's 管理员 holds it: a reason first, then the file, with an audit row
    c = login("chaoyang")
    assert "errors-full" in c.get(f"/imports/{imp.pk}/").content.decode()
    asked = c.post(f"/imports/{imp.pk}/errors-full/", {"reason": ""})
    assert asked.status_code == 200 and "请填写下载完整错误报告的事由" in asked.content.decode()
    assert not AuditEvent.objects.filter(action="roster.errors.reveal").exists()
    r = c.post(f"/imports/{imp.pk}/errors-full/", {"reason": "更正名册后重新导入"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    listing = sheet(r.content, "错误清单")
    assert listing[0][2] == "值"
    assert [row[:3] for row in listing[1:]] == [[4, "证件号码", bad_id], [5, "手机号码", "1350000"]]
    refused = sheet(r.content, "错误行")
    assert refused[1][:5] == [4, "证件号码：" + listing[1][3], "孙三", bad_id, "13500000003"]
    event = AuditEvent.objects.get(action="roster.errors.reveal")
    assert event.actor_username == "chaoyang" and event.reason == "更正名册后重新导入"
    assert event.target_id == str(imp.pk) and event.after["errors"] == 2
    # the full values were read from the upload: nothing new holds them
    imp.refresh_from_db()
    assert bad_id not in str(imp.errors) and bad_id not in str(event.after)


def test_the_full_error_report_of_another_districts_import_is_404(world, login):
    from gonghui.core.testing.world import make_user

    imp, _ = _roster_with_errors(world, login)
    make_user("xicheng_admin", world.xicheng, "admin")  # holds member.reveal, in 西城 only
    c = login("xicheng_admin")
    assert c.get(f"/imports/{imp.pk}/errors-full/").status_code == 404
    assert c.post(f"/imports/{imp.pk}/errors-full/", {"reason": "更正名册后重新导入"}).status_code == 404
    assert not AuditEvent.objects.filter(action="roster.errors.reveal").exists()


def test_a_refused_mapping_keeps_the_columns_as_chosen(world, login):
    """Issue 16 §3: two columns given the same field are refused, the choices stay and the note is beside each."""
    c = login("donghu")
    upload(
        c, world.base_donghu, xlsx([["赵一", resident_id(), "x"]], headings=["姓名", "身份证号码", "备注"])
    )
    imp = RosterImport.objects.get()
    chosen = {"col0": "full_name", "col1": "id_number", "col2": "full_name"}
    page = c.post(f"/imports/{imp.pk}/mapping/", chosen)
    html = page.content.decode()
    assert page.status_code == 200 and "每个字段只能对应一列" in html
    assert {name: field_value(html, name) for name in chosen} == chosen
    assert [message_beside(html, name) for name in chosen] == ["有重复", "", "有重复"]
    imp.refresh_from_db()
    assert imp.column_mapping() == {0: "full_name", 1: "id_number"}
