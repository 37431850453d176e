"""The import pages: upload, preview with a progress job, apply, error report, template."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from gonghui.imports.models import ImportStatus, RosterImport
from gonghui.members.models import Membership
from gonghui.members.tests.factories import resident_id

from .rosters import xlsx

pytestmark = pytest.mark.django_db


def upload(c, union, content, name="名册.xlsx"):
    return c.post("/imports/", {"union": union.pk, "file": SimpleUploadedFile(name, content)})


def test_upload_preview_apply(world, login):
    c = login("donghu")
    good = [["赵一", resident_id(), "13500000001"], ["钱二", resident_id(), "13500000002"]]
    bad = [["孙三", "110105199001011234", "13500000003"]]
    content = xlsx(good + bad, headings=["姓名", "身份证号码", "手机号码"])
    r = upload(c, world.base_donghu, content)
    assert r.status_code == 302 and "/jobs/" in r["Location"]
    imp = RosterImport.objects.get()
    assert (
        imp.status == ImportStatus.PREVIEWED
        and imp.preview["new_members"] == 2
        and imp.preview["errors"] == 1
    )
    assert not Membership.objects.exists()  # a preview writes nothing
    job_page = c.get(r["Location"]).content.decode()
    assert "查看结果" in job_page
    page = c.get(f"/imports/{imp.pk}/").content.decode()
    assert "将登记新会员" in page and "校验位" in page and "110***********1234" in page
    r = c.post(f"/imports/{imp.pk}/apply/")
    imp.refresh_from_db()
    assert imp.status == ImportStatus.APPLIED and imp.result["new_members"] == 2
    assert set(Membership.objects.values_list("person__full_name", flat=True)) == {"赵一", "钱二"}
    report = c.get(f"/jobs/{imp.apply_job_id}/download/")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(report.streaming_content)))
    listing = book.get_sheet_by_name("错误清单").to_python()
    assert listing[1][:2] == [5, "证件号码"]  # a title, the headings, then 孙三 on the fifth row
    # applying twice is refused; the record keeps who, when, the hash and the counts
    c.post(f"/imports/{imp.pk}/apply/")
    assert Membership.objects.count() == 2
    assert imp.actor.username == "donghu" and len(imp.file_sha256) == 64


def test_unrecognised_columns_are_mapped_by_the_user(world, login):
    c = login("donghu")
    content = xlsx([["周四", resident_id()]], headings=["职工名", "证件编号"], title=None)
    upload(c, world.base_donghu, content)
    imp = RosterImport.objects.get()
    assert imp.status == ImportStatus.FAILED and "请指定各列对应的字段" in imp.message
    page = c.get(f"/imports/{imp.pk}/").content.decode()
    assert "职工名" in page and "按此对应重新检查" in page
    c.post(f"/imports/{imp.pk}/mapping/", {"col0": "full_name", "col1": "id_number"})
    imp.refresh_from_db()
    assert imp.status == ImportStatus.PREVIEWED and imp.preview["new_members"] == 1


def test_no_header_at_all_fails_clearly(world, login):
    c = login("donghu")
    upload(c, world.base_donghu, xlsx([["a", "b"]], headings=["x", "y"], title=None))
    imp = RosterImport.objects.get()
    assert imp.status == ImportStatus.FAILED and "未识别出名册的列名" in imp.message
    assert imp.headings == ["x", "y"]


def test_wrong_file_type_is_refused_on_the_form(world, login):
    r = upload(login("donghu"), world.base_donghu, b"%PDF-1.4", name="名册.pdf")
    assert r.status_code == 200 and "请上传" in r.content.decode()
    assert not RosterImport.objects.exists()


def test_template_download(world, login):
    r = login("donghu").get("/imports/template.xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["姓名*", "证件类型"]
