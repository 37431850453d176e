"""Roster import: preview, apply, idempotence, transfers instead of silent moves, and the error report."""

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook
from stdnum.cn import ric

from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.imports.reports import error_report, template_workbook
from gonghui.imports.services import roster_apply, roster_preview
from gonghui.members.models import Channel, EventKind, Membership, MembershipStatus, Person, Transfer
from gonghui.members.tests.factories import enrol, resident_id

from .rosters import csv_bytes, xlsx

pytestmark = pytest.mark.django_db


def row(name, number, mobile="", **extra):
    values = {
        "性别": "",
        "民族": "汉族",
        "学历": "高中/中专/技校",
        "工作单位": "望京科技",
        "技能等级": "中级工",
        "是否农民工": "否",
        "新就业形态": "否",
        "入会日期": "2025-03-01",
    }
    values.update(extra)
    return [
        name,
        number,
        values["性别"],
        values["民族"],
        values["学历"],
        mobile,
        values["工作单位"],
        values["技能等级"],
        values["是否农民工"],
        values["新就业形态"],
        values["入会日期"],
    ]


def snapshot():
    """The register as a user would compare it: people, memberships, events, transfers."""
    return (
        sorted(
            Person.objects.values_list("id_hash", "full_name", "mobile_hash", "skill_level", "is_migrant")
        ),
        sorted(Membership.objects.values_list("person__id_hash", "org_id", "status", "number", "join_date")),
        Membership.objects.count(),
        sorted(Transfer.objects.values_list("membership_id", "to_org_id", "status")),
        Membership.objects.values("events").count(),
    )


def test_preview_writes_nothing_and_apply_writes_all(world):
    rows = [row(f"职工{i}", resident_id(), f"1380000{i:04d}") for i in range(30)]
    content = xlsx(rows)
    kwargs = {
        "actor": world.user("donghu"),
        "union": world.base_donghu,
        "content": content,
        "filename": "名册.xlsx",
    }
    preview = roster_preview(**kwargs)
    assert (
        preview.counts.rows,
        preview.counts.new_members,
        preview.counts.new_people,
        preview.counts.errors,
    ) == (30, 30, 30, 0)
    assert not Person.objects.exists() and not Membership.objects.exists()
    done = roster_apply(**kwargs)
    assert done.counts.new_members == 30
    members = Membership.objects.filter(org=world.base_donghu)
    assert members.count() == 30
    m = members.select_related("person").get(person__full_name="职工7")
    assert m.channel == Channel.ROSTER and m.status == MembershipStatus.ACTIVE
    assert m.join_date == dt.date(2025, 3, 1) and m.number == f"110105{m.pk:010d}"
    assert m.person.reveal_mobile() == "13800000007" and m.person.skill_level == "intermediate"
    assert m.org_path == world.base_donghu.path
    assert [e.kind for e in m.events.all()] == [EventKind.ENROLLED]
    event = AuditEvent.objects.get(action="member.import")
    assert event.after["new_members"] == 30 and len(event.after["file_sha256"]) == 64


def test_importing_the_same_file_again_changes_nothing(world):
    rows = [row(f"职工{i}", resident_id(), f"1390000{i:04d}") for i in range(10)]
    kwargs = {"actor": SYSTEM, "union": world.base_donghu, "content": xlsx(rows), "filename": "a.xlsx"}
    roster_apply(**kwargs)
    before = snapshot()
    again = roster_apply(**kwargs)
    assert snapshot() == before
    assert (
        again.counts.new_members,
        again.counts.new_people,
        again.counts.changed_people,
        again.counts.transfers,
    ) == (0, 0, 0, 0)
    assert roster_preview(**kwargs).counts.already_here == 10


def test_existing_people_are_updated_and_people_elsewhere_become_transfer_requests(world):
    here_number, there_number, lapsed_number = resident_id(), resident_id(), resident_id()
    enrol(world.base_donghu, "本会", id_number=here_number)
    there = enrol(world.base_xicheng, "外会", id_number=there_number)
    lapsed = enrol(world.base_xicheng, "欠费", id_number=lapsed_number)
    Membership.objects.filter(pk=lapsed.pk).update(dues_paid_until=dt.date.today() - dt.timedelta(days=400))
    rows = [
        row("本会", here_number, "13700000001", 技能等级="高级工"),  # data changes
        row("外会", there_number),  # active in 西城
        row("新人", resident_id()),
        row("欠费", lapsed_number),  # lapsed in 西城 (M7): joins here
    ]
    kwargs = {
        "actor": world.user("donghu"),
        "union": world.base_donghu,
        "content": xlsx(rows),
        "filename": "b.xlsx",
    }
    preview = roster_preview(**kwargs)
    c = preview.counts
    assert (c.new_members, c.changed_people, c.transfers, c.already_here) == (2, 2, 1, 1)
    roster_apply(**kwargs)
    there.refresh_from_db()
    assert (
        there.org_id == world.base_xicheng.pk and there.status == MembershipStatus.ACTIVE
    )  # never moved silently
    t = Transfer.objects.get()
    assert (t.membership_id, t.to_org_id, t.status) == (there.pk, world.base_donghu.pk, "requested")
    lapsed.refresh_from_db()
    assert lapsed.status == MembershipStatus.LEFT and lapsed.leave_reason == "lapsed"
    assert Membership.objects.get(person__full_name="欠费", status="active").org_id == world.base_donghu.pk
    assert Person.objects.get(full_name="本会").skill_level == "senior"
    assert Person.objects.get(full_name="本会").reveal_mobile() == "13700000001"
    assert roster_apply(**kwargs).counts.transfers == 0  # the open request is not repeated
    assert Transfer.objects.count() == 1


BAD_ROWS = [
    ("", "姓名不能为空"),
    ("校验位", "校验位"),
    ("短号", "18位"),
    ("日期", "出生日期或地区码"),
    ("手机", "手机号码"),
    ("学历", "学历应为"),
    ("农民工", "是否农民工"),
    ("群体", "新就业形态"),
    ("入会日期", "入会日期格式"),
    ("将来", "不能晚于今天"),
    ("重复", "与第"),
    ("性别不符", "性别与身份证号码不符"),
    ("改名", "姓名与登记信息不一致"),
    ("外会申请", "提交入会申请"),
]


def bad_file(world):
    good1, good2 = resident_id(), resident_id()
    valid = resident_id()
    wrong_check = valid[:-1] + ("1" if valid[-1] != "1" else "2")
    bad_date = "11010519901301001" + ric.calc_check_digit("11010519901301001" + "0")  # month 13
    renamed, applied = resident_id(), resident_id()
    enrol(world.base_xicheng, "原名", id_number=renamed)
    enrol(world.base_xicheng, "外会申请", id_number=applied, approve=False)
    rows = [
        row("好一", good1, "13600000001"),
        row("", resident_id()),
        row("校验位", wrong_check),
        row("短号", "1101051990"),
        row("日期", bad_date),
        row("手机", resident_id(), "1234"),
        row("学历", resident_id(), 学历="大学肄业"),
        row("农民工", resident_id(), 是否农民工="也许"),
        row("群体", resident_id(), 新就业形态="外卖小哥"),
        row("入会日期", resident_id(), 入会日期="去年"),
        row("将来", resident_id(), 入会日期="2099-01-01"),
        row("重复", good1),
        row("性别不符", resident_id(), 性别="女"),
        row("改名", renamed),
        row("外会申请", applied),
        row("好二", good2, "13600000002"),
    ]
    return rows


def test_every_kind_of_bad_row_is_reported_and_no_good_row_is_lost(world):
    rows = bad_file(world)
    content = xlsx(rows)
    kwargs = {"actor": SYSTEM, "union": world.base_donghu, "content": content, "filename": "坏行.xlsx"}
    result = roster_apply(**kwargs)
    by_row = {e.row: e for e in result.errors}
    # headings on sheet row 2 (a title above them): data row i of the list sits on sheet row i + 3
    expected = {i + 3: reason for i, (_, reason) in enumerate([("好一", None), *BAD_ROWS])}
    assert set(by_row) == {r for r, reason in expected.items() if reason}
    for r, reason in expected.items():
        if reason:
            assert reason in by_row[r].reason or reason in by_row[r].column, (r, by_row[r])
    assert result.counts.errors == len(BAD_ROWS)
    imported = set(
        Membership.objects.filter(org=world.base_donghu).values_list("person__full_name", flat=True)
    )
    assert imported == {"好一", "好二"}
    # personal values in the report are masked
    assert all("*" in e.value for e in result.errors if e.column in ("证件号码", "手机号码") and e.value)

    report = error_report(result.errors, content=content, filename="坏行.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(report))
    listing = book.get_sheet_by_name("错误清单").to_python()
    assert listing[0] == ["行号", "列", "值（已脱敏）", "原因"] and len(listing) == 1 + len(result.errors)
    beside = book.get_sheet_by_name("错误行").to_python()
    assert len(beside) == 1 + len(BAD_ROWS)
    assert beside[0][:3] == ["行号", "错误原因", "姓名"]
    assert all(r[1] for r in beside[1:])


def test_csv_in_gb18030_and_a_missing_column(world):
    content = csv_bytes([row("王五", resident_id())], encoding="gb18030")
    result = roster_apply(actor=SYSTEM, union=world.base_donghu, content=content, filename="名册.csv")
    assert result.counts.new_members == 1
    with pytest.raises(DomainError, match="证件号码"):
        roster_preview(
            actor=SYSTEM,
            union=world.base_donghu,
            content=csv_bytes([["王五"]], headings=["姓名"]),
            filename="x.csv",
        )
    with pytest.raises(DomainError, match="不支持的文件类型"):
        roster_preview(actor=SYSTEM, union=world.base_donghu, content=b"x", filename="x.pdf")


def test_scope_and_target_are_checked(world):
    from gonghui.core.errors import NotFound

    content = xlsx([row("甲", resident_id())])
    with pytest.raises(NotFound):
        roster_preview(
            actor=world.user("donghu"), union=world.base_xicheng, content=content, filename="a.xlsx"
        )
    with pytest.raises(DomainError, match="不能接收会员"):
        roster_preview(actor=SYSTEM, union=world.chaoyang, content=content, filename="a.xlsx")


def test_the_template_round_trips(world):
    book = CalamineWorkbook.from_filelike(io.BytesIO(template_workbook()))
    rows = book.get_sheet_by_index(0).to_python()
    rows[1][2] = resident_id()  # the example row with a real number
    rows[1][7] = "13500000000"
    headings = [h.rstrip("*") for h in rows[0]]
    result = roster_apply(
        actor=SYSTEM,
        union=world.base_donghu,
        content=xlsx(rows[1:], headings=headings, title=None),
        filename="t.xlsx",
    )
    assert result.counts.new_members == 1 and not result.errors
    p = Person.objects.get()
    assert (p.is_migrant, p.is_new_form, p.priority_group) == (True, True, "rider")


def test_worker_processes_check_exactly_as_one_process(world, monkeypatch, settings):
    """A big roster's rows are checked in forked worker processes; the errors (including a document repeated
    across chunks) and the register afterwards are the same as when one process checks."""
    from gonghui.imports import roster, services

    monkeypatch.setattr(services, "PARALLEL_BYTES", 0)
    monkeypatch.setattr(roster, "CHUNK", 4)
    rows = bad_file(world) + [row(f"后排{i}", resident_id(), f"1370000{i:04d}") for i in range(20)]
    rows.append(row("跨块重复", rows[-7][1]))  # the same document as a row a few chunks earlier
    rows.append(row("转义", resident_id(), 工作单位="甲\t乙\\丙\n丁"))  # survives COPY's text format
    rows.insert(9, ["", "", "", "", "", "", "", "", "", "", ""])  # a blank row in the middle is skipped
    content = xlsx(rows)
    kwargs = {"actor": SYSTEM, "union": world.base_donghu, "content": content, "filename": "大名册.xlsx"}

    settings.GONGHUI_IMPORT_WORKERS = 1
    single = roster_preview(**kwargs)
    settings.GONGHUI_IMPORT_WORKERS = 2
    parallel = roster_apply(**kwargs)

    assert parallel.errors == single.errors
    assert parallel.counts.errors == single.counts.errors == len(BAD_ROWS) + 1
    assert parallel.counts.new_members == single.counts.new_members == 2 + 20 + 1
    assert any("重复" in e.reason and e.row == len(rows) + 1 for e in parallel.errors)
    assert Membership.objects.filter(org=world.base_donghu).count() == 23
    assert Membership.objects.get(person__full_name="转义").employer_name == "甲\t乙\\丙\n丁"
