"""The model-worker registry (DOMAIN §6 A6) and honours entered from a 名单 (issue 17 §1, §3, §4): headings with
their variants, row errors named by row and column, all or nothing, the registry filled when a 劳动模范 is
recorded, visits, teams, the pages and the export."""

import datetime as dt
import io

import pytest
import time_machine
import xlsxwriter
from django.template.loader import render_to_string
from python_calamine import CalamineWorkbook

from gonghui.awards import intake, registry_selectors, registry_services, services
from gonghui.awards.models import AwardType, CareVisit, Honour, ModelWorker, Source, TeamKind, WorkerStatus
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.members.tests.factories import enrol, resident_id

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 10, tzinfo=dt.UTC)
TODAY = dt.date(2026, 6, 20)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def _type(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


def xlsx(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("名单")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


def _bad_check_digit(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


# ---- honours from a 名单 ------------------------------------------------------------------------------------------


def test_a_list_with_variant_headings_and_a_title_row_is_read_and_matched_to_the_register(world):
    member = enrol(world.base_donghu, "张伟").person
    number = resident_id()
    enrolled = enrol(world.base_donghu, "李娜", id_number=number).person
    content = xlsx(
        [
            ["2024年首都劳动奖章获奖名单"],
            ["序号", "姓名", "工作单位", "职务（岗位）", "证件号码", "荣誉称号", "年度"],
            [1, "张伟", "望京科技有限公司", "工程师", "", "首都劳动奖章", 2024],
            [2, "李娜", "望京科技有限公司", "技师", number, "北京市劳动模范", "2024年"],
            [3, "王芳", "望京科技有限公司", "班组长", "", "首都劳动奖章", 2024],
        ]
    )
    checked = intake.list_check(
        actor=world.user("chaoyang"), org=world.donghu, filename="名单.xlsx", content=content
    )
    assert checked.errors == []
    assert [(r["row"], r["person_name"], r["position"]) for r in checked.rows] == [
        (3, "张伟", "工程师"),
        (4, "李娜", "技师"),
        (5, "王芳", "班组长"),
    ]
    li = checked.rows[1]
    assert li["person"] == enrolled.pk and li["id_masked"] == number[:3] + "*" * 11 + number[-4:]
    assert number not in str(checked.rows)  # I3: the list keeps the masked number only
    recorded = intake.list_apply(actor=world.user("chaoyang"), honour_list=checked)
    assert {(h.person_name, h.award_type.name, h.source) for h in recorded} == {
        ("张伟", "首都劳动奖章", Source.LIST),
        ("李娜", "北京市劳动模范", Source.LIST),
        ("王芳", "首都劳动奖章", Source.LIST),
    }
    assert Honour.objects.get(person_name="李娜").person == enrolled
    assert Honour.objects.get(person_name="张伟").person is None  # no number: entered by name
    assert member.pk != enrolled.pk
    assert AuditEvent.objects.filter(action="award.list.apply", after__recorded=3).exists()


def test_a_csv_list_for_one_award_type_and_year_names_each_bad_row_and_column(world):
    number = resident_id()
    content = (
        "序号,姓名,单位名称,集体名称,身份证号\n"
        f"1,赵强,北京中仓物流有限公司,,{_bad_check_digit(number)}\n"
        "2,,北京中仓物流有限公司,,\n"
        "3,钱丽,北京中仓物流有限公司,,\n"
        "4,钱丽,北京中仓物流有限公司,,\n"
    ).encode("gb18030")
    checked = intake.list_check(
        actor=SYSTEM,
        org=world.donghu,
        filename="奖章.csv",
        content=content,
        award_type=_type("capital-labour-medal"),
        year=2024,
    )
    assert [(e["row"], e["column"], e["reason"]) for e in checked.errors] == [
        (2, "身份证号", "身份证号码校验位不正确"),
        (3, "姓名", "请填写姓名"),
        (5, "姓名", "与第4行重复"),
    ]
    masked = checked.errors[0]["value"]
    assert masked.startswith(number[:3]) and "*" in masked and number[:10] not in masked
    with pytest.raises(DomainError, match="3处错误"):
        intake.list_apply(actor=SYSTEM, honour_list=checked)
    assert not Honour.objects.exists()


def test_team_rows_need_their_team_and_an_unknown_honour_or_year_is_named(world):
    content = xlsx(
        [
            ["单位", "班组", "荣誉", "年份"],
            ["北京中仓物流有限公司", "", "北京市工人先锋号", 2024],
            ["北京中仓物流有限公司", "分拣中心", "北京市工人先锋号", 2031],
            ["北京中仓物流有限公司", "装卸班", "市级先锋号", 2024],
        ]
    )
    checked = intake.list_check(actor=SYSTEM, org=world.donghu, filename="先锋号.xlsx", content=content)
    assert [(e["row"], e["column"]) for e in checked.errors] == [(2, "集体名称"), (3, "年度"), (4, "荣誉")]
    assert checked.errors[1]["reason"] == "年度应为1950至2026年之间的四位数字"


def test_a_list_without_the_award_or_the_year_asks_for_them_on_the_form(world):
    content = "姓名,单位\n孙梅,望京科技\n".encode()
    with pytest.raises(DomainError) as missing:
        intake.list_check(actor=SYSTEM, org=world.donghu, filename="a.csv", content=content, year=2024)
    assert missing.value.fields == {"award_type": "请选择荣誉"}
    with pytest.raises(DomainError) as wrong:
        intake.list_check(actor=SYSTEM, org=world.donghu, filename="a.pdf", content=b"%PDF", year=2024)
    assert "不支持的文件类型" in wrong.value.message


def test_applying_is_all_or_nothing_when_a_row_is_refused_at_the_last_moment(world):
    medal = _type("capital-labour-medal")
    content = "姓名,单位\n周一,望京科技\n吴二,望京科技\n".encode()
    checked = intake.list_check(
        actor=SYSTEM, org=world.donghu, filename="a.csv", content=content, award_type=medal, year=2024
    )
    assert checked.errors == []
    # between the check and the apply, someone records the second row's honour by hand
    services.honour_record(
        actor=SYSTEM, org=world.donghu, award_type=medal, year=2024, unit_name="望京科技", person_name="吴二"
    )
    with pytest.raises(Conflict, match="第3行：吴二的2024年首都劳动奖章已登记，名单未导入"):
        intake.list_apply(actor=SYSTEM, honour_list=checked)
    assert list(Honour.objects.values_list("person_name", flat=True)) == ["吴二"]  # 周一 not half-written
    checked.refresh_from_db()
    assert checked.applied_at is None
    again = intake.list_check(
        actor=SYSTEM, org=world.donghu, filename="a.csv", content=content, award_type=medal, year=2024
    )
    assert [(e["row"], e["reason"]) for e in again.errors] == [(3, "该荣誉已登记，不能重复导入")]


def test_a_list_is_checked_and_applied_only_in_the_actors_subtree(world):
    content = "姓名,单位\n郑三,大栅栏商贸\n".encode()
    with pytest.raises(NotFound):
        intake.list_check(
            actor=world.user("chaoyang"),
            org=world.dashilan,
            filename="a.csv",
            content=content,
            award_type=_type("capital-labour-medal"),
            year=2024,
        )
    theirs = intake.list_check(
        actor=SYSTEM,
        org=world.dashilan,
        filename="a.csv",
        content=content,
        award_type=_type("capital-labour-medal"),
        year=2024,
    )
    with pytest.raises(NotFound):
        intake.list_apply(actor=world.user("chaoyang"), honour_list=theirs)


def test_the_upload_page_shows_the_errors_then_the_fixed_list_is_applied(client, world):
    client.force_login(world.user("chaoyang"))
    number = resident_id()
    bad = f"姓名,工作单位,身份证号\n冯四,望京科技,{_bad_check_digit(number)}\n".encode()
    form = {"org": world.donghu.pk, "award_type": _type("capital-labour-medal").pk, "year": 2024}
    upload = io.BytesIO(bad)
    upload.name = "名单.csv"
    answer = client.post("/awards/lists/new/", {**form, "file": upload}, follow=True)
    page = answer.content.decode()
    assert "第2行" in page and "身份证号" in page and "校验位不正确" in page
    assert "确认导入" not in page and number not in page
    fixed = io.BytesIO(f"姓名,工作单位,身份证号\n冯四,望京科技,{number}\n".encode())
    fixed.name = "名单.csv"
    answer = client.post("/awards/lists/new/", {**form, "file": fixed}, follow=True)
    assert "确认导入1条荣誉" in answer.content.decode()
    pk = answer.redirect_chain[-1][0].rstrip("/").split("/")[-1]
    done = client.post(f"/awards/lists/{pk}/apply/", follow=True).content.decode()
    assert "已导入1条荣誉" in done and "冯四" in done


# ---- the model-worker registry ----------------------------------------------------------------------------------


def test_a_model_worker_honour_enters_the_registry_once_and_a_higher_one_raises_its_level(world):  # rule A6
    person = enrol(world.base_donghu, "陈刚").person
    capital = services.honour_record(
        actor=SYSTEM,
        org=world.donghu,
        award_type=_type("capital-model-worker"),
        year=2020,
        unit_name="望京科技",
        person=person,
    )
    worker = ModelWorker.objects.get(person=person)
    assert (worker.name, worker.title, worker.level, worker.year) == (
        "陈刚",
        "北京市劳动模范",
        "capital",
        2020,
    )
    assert worker.org == world.base_donghu and worker.honour == capital
    services.honour_record(
        actor=SYSTEM,
        org=world.donghu,
        award_type=_type("capital-labour-medal"),
        year=2021,
        unit_name="望京科技",
        person=person,
    )
    services.honour_record(
        actor=SYSTEM,
        org=world.donghu,
        award_type=_type("national-model-worker"),
        year=2025,
        unit_name="望京科技",
        person=person,
    )
    worker.refresh_from_db()
    assert ModelWorker.objects.count() == 1
    assert (worker.title, worker.level, worker.year) == ("全国劳动模范", "national", 2025)
    assert AuditEvent.objects.filter(action="award.worker.enter").count() == 1
    assert AuditEvent.objects.get(action="award.worker.edit").before["title"] == "北京市劳动模范"


def test_a_model_worker_not_in_the_register_is_entered_by_name_and_unit(world):
    services.honour_record(
        actor=SYSTEM,
        org=world.dashilan,
        award_type=_type("capital-advanced-worker"),
        year=2025,
        unit_name="大栅栏医院",
        person_name="褚红",
    )
    services.honour_record(
        actor=SYSTEM,
        org=world.dashilan,
        award_type=_type("capital-labour-medal"),
        year=2025,
        unit_name="大栅栏医院",
        person_name="卫东",
    )
    assert list(ModelWorker.objects.values_list("name", "title", "person")) == [
        ("褚红", "北京市先进工作者", None)
    ]
    assert list(registry_selectors.workers_for(actor=world.user("chaoyang"))) == []
    assert [w.name for w in registry_selectors.workers_for(actor=world.user("xicheng"))] == ["褚红"]


def _worker(world, name="蒋华", org=None, code="capital-model-worker"):
    services.honour_record(
        actor=SYSTEM,
        org=org or world.donghu,
        award_type=_type(code),
        year=2020,
        unit_name="北京排水集团",
        person_name=name,
    )
    return ModelWorker.objects.get(name=name)


def test_editing_a_model_worker_keeps_the_allowance_in_whole_yuan_and_audits_the_change(world):
    worker = _worker(world)
    registry_services.model_worker_edit(
        actor=world.user("donghu"),
        worker=worker,
        allowance=800,
        contact="工会干事刘洋",
        status=WorkerStatus.RETIRED,
    )
    worker.refresh_from_db()
    assert (worker.allowance, worker.contact, worker.get_status_display()) == (800, "工会干事刘洋", "退休")
    event = AuditEvent.objects.get(action="award.worker.edit")
    assert event.after == {"allowance": 800, "contact": "工会干事刘洋", "status": "retired"}
    with pytest.raises(DomainError) as bad:
        registry_services.model_worker_edit(actor=SYSTEM, worker=worker, allowance=-5, status="serving")
    assert bad.value.fields == {"allowance": "金额无效"}
    with pytest.raises(NotFound):
        registry_services.model_worker_edit(
            actor=world.user("xicheng"), worker=worker, allowance=1, status="serving"
        )


def test_a_condolence_visit_is_recorded_dated_and_shown_as_the_last_visit(world):
    worker = _worker(world)
    registry_services.visit_record(
        actor=world.user("donghu"),
        worker=worker,
        visited_on=dt.date(2026, 6, 18),
        visitors="东湖街道总工会主席",
        given="慰问金1000元",
    )
    with pytest.raises(DomainError) as future:
        registry_services.visit_record(
            actor=SYSTEM, worker=worker, visited_on=dt.date(2026, 6, 21), visitors="甲", given="乙"
        )
    assert future.value.fields == {"visited_on": "慰问日期不能晚于今天"}
    with pytest.raises(DomainError) as old:
        registry_services.visit_record(
            actor=SYSTEM, worker=worker, visited_on=dt.date(2026, 1, 20), visitors="甲", given="乙"
        )
    assert "backdate_reason" in old.value.fields
    registry_services.visit_record(
        actor=SYSTEM,
        worker=worker,
        visited_on=dt.date(2026, 1, 20),
        visitors="朝阳区总工会",
        given="米面油一套",
        backdate_reason="春节慰问，补录",
    )
    assert CareVisit.objects.count() == 2
    assert registry_selectors.workers_for(actor=world.user("chaoyang")).get().last_visit == dt.date(
        2026, 6, 18
    )
    assert AuditEvent.objects.filter(action="award.worker.visit", reason="春节慰问，补录").exists()


def test_a_lecture_team_takes_model_workers_of_the_actors_subtree_grouped_by_level(world):
    team = registry_services.team_create(
        actor=world.user("chaoyang"),
        org=world.donghu,
        kind=TeamKind.LECTURE,
        name="东湖劳模宣讲团",
        founded_on=dt.date(2023, 4, 28),
    )
    national = _worker(world, "沈涛", code="national-model-worker")
    capital = _worker(world, "韩梅")
    theirs = _worker(world, "杨帆", org=world.dashilan)
    for worker, role in ((capital, ""), (national, "团长")):
        registry_services.team_member_add(
            actor=world.user("chaoyang"), team=team, worker=worker, joined_on=dt.date(2024, 1, 1), role=role
        )
    assert [
        (level, [m.model_worker.name for m in ms]) for level, ms in registry_selectors.team_members(team)
    ] == [
        ("全国", ["沈涛"]),
        ("首都（北京市）", ["韩梅"]),
    ]
    with pytest.raises(Conflict):
        registry_services.team_member_add(actor=SYSTEM, team=team, worker=capital, joined_on=TODAY)
    with pytest.raises(NotFound):
        registry_services.team_member_add(
            actor=world.user("chaoyang"), team=team, worker=theirs, joined_on=TODAY
        )
    with pytest.raises(Conflict):
        registry_services.team_create(
            actor=SYSTEM, org=world.donghu, kind=TeamKind.STUDIO, name="东湖劳模宣讲团", founded_on=TODAY
        )
    assert AuditEvent.objects.filter(action="award.team.join").count() == 2


# ---- pages, panels and the export -------------------------------------------------------------------------------


def test_the_registry_page_counts_by_level_filters_and_exports_what_is_filtered(client, world):
    _worker(world, "沈涛", code="national-model-worker")
    _worker(world, "韩梅")
    _worker(world, "秦岭", code="capital-advanced-worker")
    _worker(world, "杨帆", org=world.dashilan)
    client.force_login(world.user("chaoyang"))
    page = client.get("/awards/model-workers/").content.decode()
    assert "沈涛" in page and "韩梅" in page and "杨帆" not in page
    assert "共 <strong>3</strong> 条记录" in page
    assert "全国</span> <strong>1</strong>人" in page and "首都（北京市）</span> <strong>2</strong>人" in page
    filtered = client.get("/awards/model-workers/?level=capital").content.decode()
    assert "韩梅" in filtered and "秦岭" in filtered and "沈涛" not in filtered
    sheet = client.get("/awards/model-workers/?level=capital&export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet))).get_sheet_by_index(0).to_python()
    names = {row[0] for row in rows}
    assert {"韩梅", "秦岭"} <= names and "沈涛" not in names and "杨帆" not in names
    assert AuditEvent.objects.filter(action="award.workers.export").exists()


def test_the_worker_page_shows_honours_visits_and_other_modules_panels(client, world, monkeypatch):
    person = enrol(world.base_donghu, "朱军").person
    services.honour_record(
        actor=SYSTEM,
        org=world.donghu,
        award_type=_type("capital-model-worker"),
        year=2020,
        unit_name="望京科技",
        person=person,
    )
    worker = ModelWorker.objects.get(person=person)
    registry_services.visit_record(
        actor=SYSTEM,
        worker=worker,
        visited_on=dt.date(2026, 6, 1),
        visitors="东湖街道总工会",
        given="慰问金500元",
    )
    received = [("冬送温暖", "大米 1袋", NOW)]
    monkeypatch.setattr(
        "gonghui.awards.registry_views.panels",
        lambda kind, request, p: (
            [("care/panels/received.html", {"received": received})] if p == person else []
        ),
    )
    client.force_login(world.user("chaoyang"))
    page = client.get(f"/awards/model-workers/{worker.pk}/").content.decode()
    assert "2020年 北京市劳动模范" in page and "慰问金500元" in page and "冬送温暖：大米 1袋" in page
    client.force_login(world.user("xicheng"))
    assert client.get(f"/awards/model-workers/{worker.pk}/").status_code == 404


def test_a_persons_honours_show_on_their_e_card_panel_and_the_organisation_counts_them(world):
    person = enrol(world.base_donghu, "许静").person
    services.honour_record(
        actor=SYSTEM,
        org=world.donghu,
        award_type=_type("capital-labour-medal"),
        year=2024,
        unit_name="望京科技",
        person=person,
    )
    _worker(world, "韩梅")
    template, context = registry_selectors.honours_panel(None, person)
    assert template == "awards/registry/panel_honours.html"
    assert [str(h.award_type) for h in context["honours"]] == ["首都劳动奖章"]
    assert registry_selectors.honours_panel(None, enrol(world.base_donghu, "无荣誉").person) is None
    figures = registry_selectors.org_figures(world.user("chaoyang"), world.chaoyang)
    assert [(label, value) for label, value, _url in figures] == [("获得荣誉", 2), ("劳模", 1)]
    assert registry_selectors.org_figures(world.user("xicheng"), world.chaoyang) == []


def test_the_api_counts_model_workers_by_level_with_their_last_visit(client, world):
    worker = _worker(world, "沈涛", code="national-model-worker")
    _worker(world, "韩梅")
    _worker(world, "杨帆", org=world.dashilan)
    registry_services.visit_record(
        actor=SYSTEM, worker=worker, visited_on=dt.date(2026, 6, 2), visitors="东湖街道总工会", given="慰问金"
    )
    client.force_login(world.user("chaoyang"))
    body = client.get("/api/awards/model-workers", {"org": world.chaoyang.pk}).json()
    assert body["total"] == 2
    assert [(c["name"], c["count"]) for c in body["by_level"]] == [("全国", 1), ("首都（北京市）", 1)]
    assert [(w["name"], w["last_visit"]) for w in body["workers"]] == [("沈涛", "2026-06-02"), ("韩梅", None)]
    assert client.get("/api/awards/model-workers", {"org": world.xicheng.pk}).status_code == 404


def test_the_team_page_adds_a_member_and_names_a_refusal_beside_the_field(client, world):
    team = registry_services.team_create(
        actor=SYSTEM, org=world.donghu, kind=TeamKind.STUDIO, name="望京劳模创新工作室", founded_on=TODAY
    )
    worker = _worker(world, "沈涛", code="national-model-worker")
    client.force_login(world.user("chaoyang"))
    form = {"model_worker": worker.pk, "role": "领衔人", "joined_on": "2026-06-01"}
    page = client.post(f"/awards/teams/{team.pk}/join/", form, follow=True).content.decode()
    assert "沈涛已加入望京劳模创新工作室" in page and "全国（1人）" in page and "（领衔人）" in page
    other = _worker(world, "韩梅")
    late = client.post(
        f"/awards/teams/{team.pk}/join/", {**form, "model_worker": other.pk, "joined_on": "2026-07-01"}
    )
    assert late.status_code == 200 and "加入日期不能晚于今天" in late.content.decode()
    assert list(team.members.values_list("name", flat=True)) == ["沈涛"]


def test_a_unit_list_uploaded_again_names_each_honour_already_held(world):
    content = "单位,荣誉,年度\n北京中仓物流有限公司,首都劳动奖状,2024\n北京新华印刷有限公司,首都劳动奖状,2024\n".encode()
    first = intake.list_check(actor=SYSTEM, org=world.donghu, filename="奖状.csv", content=content)
    assert len(intake.list_apply(actor=SYSTEM, honour_list=first)) == 2
    again = intake.list_check(actor=SYSTEM, org=world.donghu, filename="奖状.csv", content=content)
    assert [(e["row"], e["column"], e["value"]) for e in again.errors] == [
        (2, "单位", "北京中仓物流有限公司"),
        (3, "单位", "北京新华印刷有限公司"),
    ]
    with pytest.raises(Conflict, match="该名单已导入"):
        intake.list_apply(actor=SYSTEM, honour_list=first)


def test_the_e_card_panel_reads_the_honours_held(world):
    person = enrol(world.base_donghu, "许静").person
    services.honour_record(
        actor=SYSTEM,
        org=world.donghu,
        award_type=_type("capital-labour-medal"),
        year=2024,
        person=person,
        unit_name="望京科技",
    )
    template, context = registry_selectors.honours_panel(None, person)
    html = render_to_string(template, {"panel": context})
    assert "我获得的荣誉" in html and "2024年 首都劳动奖章" in html
