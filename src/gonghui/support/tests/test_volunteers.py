"""Volunteer teams and their services (V2, issue 19 §2) through the services, the pages and the API: members found
in the register by number or named, events with services by type, people served (人次) apart from the volunteers
and their hours, enterprises counted beyond the named ones, the link with an activity, scope and audit."""

import datetime as dt
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from gonghui.activities.models import Activity, ActivityKind
from gonghui.core import modules
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.members.tests.factories import enrol
from gonghui.orgs.services import employer_create
from gonghui.support import selectors as summary_selectors
from gonghui.support import volunteers_selectors as selectors
from gonghui.support import volunteers_services as services
from gonghui.support.models.volunteers import EventVolunteer, ServiceEvent

NOW = dt.datetime(2026, 6, 20, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
DAY = dt.date(2026, 6, 13)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def team_of(org, name="东湖街道职工志愿服务队", **extra):
    return services.team_create(actor=SYSTEM, data=services.TeamData(org=org, name=name, **extra))


def named(team, *names):
    return [services.member_add(actor=SYSTEM, team=team, data=services.MemberData(name=n)) for n in names]


def event_of(team, volunteers=(), **fields):
    data = {
        "date": DAY,
        "title": "社区便民服务",
        "people_served": 120,
        "services": {"haircut": 30, "clinic": 50},
        "volunteers": list(volunteers),
        **fields,
    }
    return services.event_record(actor=SYSTEM, team=team, data=services.EventData(**data))


# ---- hours as minutes, exactly ---------------------------------------------------------------------------------


@given(st.integers(min_value=1, max_value=24 * 60))
def test_hours_typed_as_decimals_are_stored_as_exact_minutes(minutes):
    typed = str(Decimal(minutes) / 60) if minutes % 15 == 0 else None
    if typed is not None:
        assert services.minutes_of(typed) == minutes
        assert services.minutes_of(services.hours_text(minutes)) == minutes
    assert services.hours_text(minutes).startswith(str(minutes // 60))


def test_hours_like_2_or_2_5_and_what_is_refused():
    assert services.minutes_of("2") == 120 and services.minutes_of("2.5") == 150
    assert services.minutes_of("0.1") == 6 and services.minutes_of(" 1.25 ") == 75
    assert (
        services.hours_text(150) == "2.5"
        and services.hours_text(135) == "2.25"
        and services.hours_text(120) == "2"
    )
    assert services.hours_text(20) == "0小时20分"
    for bad in ("abc", "0", "-1", "24.5", "0.01", "NaN", "Infinity", ""):
        with pytest.raises(DomainError):
            services.minutes_of(bad)


# ---- teams and members ---------------------------------------------------------------------------------------


def test_a_team_name_is_unique_per_node_and_only_in_scope(world):
    team = team_of(world.donghu, leader_name="李红")
    with pytest.raises(Conflict) as clash:
        team_of(world.donghu)
    assert clash.value.fields == {"name": "重名"}
    assert team_of(world.dashilan).pk != team.pk  # another node may use the name
    with pytest.raises(DomainError) as refused:
        services.team_create(
            actor=world.user("chaoyang"), data=services.TeamData(org=world.dashilan, name="越权服务队")
        )
    assert refused.value.fields == {"org": "无权限"}
    with pytest.raises(NotFound):
        services.team_update(
            actor=world.user("xicheng"), team=team, data=services.TeamData(org=None, name="改名")
        )
    services.team_update(
        actor=world.user("chaoyang"),
        team=team,
        data=services.TeamData(org=None, name=team.name, leader_name="王刚", is_active=False),
    )
    row = AuditEvent.objects.get(action="support.team.update")
    assert row.before == {"leader_name": "李红", "is_active": "True"} and row.after["leader_name"] == "王刚"


def test_members_by_member_number_or_by_name(world):
    team = team_of(world.donghu)
    worker = enrol(world.base_donghu, "周敏")
    outsider = enrol(world.base_xicheng, "吴刚")
    chaoyang = world.user("chaoyang")
    m = services.member_add(actor=chaoyang, team=team, data=services.MemberData(number=worker.number))
    assert m.person == worker.person and m.name == "周敏"
    with pytest.raises(Conflict):
        services.member_add(actor=chaoyang, team=team, data=services.MemberData(number=worker.number))
    with pytest.raises(DomainError) as unknown:
        services.member_add(actor=chaoyang, team=team, data=services.MemberData(number=outsider.number))
    assert f"未找到会员证号为 {outsider.number} 的会员" in unknown.value.message
    resident = services.member_add(
        actor=chaoyang, team=team, data=services.MemberData(name="退休职工老刘", skills="维修家电")
    )
    assert resident.person is None
    with pytest.raises(DomainError):
        services.member_add(actor=chaoyang, team=team, data=services.MemberData())
    services.member_leave(actor=chaoyang, member=resident, left_on=dt.date(2026, 6, 1))
    with pytest.raises(Conflict):
        services.member_leave(actor=chaoyang, member=resident, left_on=dt.date(2026, 6, 2))
    # a volunteer who left may not serve afterwards
    with pytest.raises(DomainError) as late:
        event_of(team, volunteers=[(m, 60), (resident, 90)])
    assert "第2行（退休职工老刘）" in late.value.message
    assert AuditEvent.objects.filter(action="support.team.member.add").count() == 2
    assert AuditEvent.objects.filter(action="support.team.member.leave").count() == 1


# ---- events (V2) -----------------------------------------------------------------------------------------------


def test_enterprises_taking_part_may_be_more_than_those_named_never_fewer(world):
    team = team_of(world.donghu)
    with pytest.raises(DomainError) as fewer:
        event_of(team, enterprise_names=["甲公司", "乙公司", "丙公司"], enterprises_total=2)
    assert fewer.value.fields == {"enterprises_total": "少于3"}  # rule V2
    event = event_of(team, enterprise_names=["甲公司", "乙公司", "丙公司", "甲公司"], enterprises_total=5)
    assert sorted(e.name for e in event.enterprises.all()) == ["丙公司", "乙公司", "甲公司"]
    assert event.enterprises_total == 5


def test_people_served_are_counted_apart_from_the_volunteers_who_served(world):
    team = team_of(world.donghu)
    a, b = named(team, "张华", "陈静")
    event_of(team, volunteers=[(a, 150), (b, 120)], people_served=300)
    fig = selectors.figures(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    # rule V2: 300 人次 served, 2 volunteers who served 4.5 hours are not among them
    assert fig["volunteer_served"] == 300 and fig["volunteer_hours"] == 4
    assert fig["volunteer_services"] == 80 and fig["volunteer_events"] == 1 and fig["volunteer_teams"] == 1


def test_bad_events_are_refused_naming_the_field_or_row(world):
    team = team_of(world.donghu)
    (a,) = named(team, "张华")
    (other,) = named(team_of(world.donghu, "另一支队"), "外队人")
    with pytest.raises(DomainError) as twice:
        event_of(team, volunteers=[(a, 60), (a, 30)])
    assert "第2行（张华）重复填写" in twice.value.message
    with pytest.raises(DomainError) as foreign:
        event_of(team, volunteers=[(a, 60), (other, 30)])
    assert "第2行（外队人）不是本服务队的志愿者" in foreign.value.message
    with pytest.raises(DomainError) as future:
        event_of(team, date=dt.date(2026, 6, 21))
    assert future.value.fields == {"date": "晚于今天"}
    with pytest.raises(DomainError):
        event_of(team, title=" ")


def test_update_replaces_services_and_void_leaves_the_figures(world):
    team = team_of(world.donghu)
    a, b = named(team, "张华", "陈静")
    event = event_of(team, volunteers=[(a, 60)])
    services.event_update(
        actor=world.user("chaoyang"),
        event=event,
        data=services.EventData(
            date=DAY,
            title="社区便民服务（更正）",
            people_served=90,
            services={"repair": 7},
            volunteers=[(b, 30)],
        ),
    )
    event.refresh_from_db()
    assert selectors.services_of(event) == [("维修家电", 7)]
    assert [(v.member.name, v.minutes) for v in event.volunteers.all()] == [("陈静", 30)]
    row = AuditEvent.objects.get(action="support.event.update")
    assert row.before["people_served"] == 120 and row.after["people_served"] == 90
    with pytest.raises(NotFound):
        services.event_void(actor=world.user("xicheng"), event=event, reason="误录")
    services.event_void(actor=world.user("chaoyang"), event=event, reason="重复录入")
    fig = selectors.figures(world.city, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert fig["volunteer_events"] == 0 and fig["volunteer_served"] == 0
    with pytest.raises(Conflict):
        services.event_update(
            actor=SYSTEM, event=event, data=services.EventData(date=DAY, title="再改", people_served=1)
        )


def test_the_summary_sentence_names_the_main_services(world):
    team = team_of(world.donghu)
    a, b = named(team, "张华", "陈静")
    event_of(
        team, volunteers=[(a, 90), (b, 90)], people_served=1200, services={"haircut": 300, "clinic": 100}
    )
    event_of(team, people_served=0, services={"policy": 20})
    s = summary_selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (
        "志愿服务队1支开展志愿服务2次，提供理发、义诊等服务420项次，服务职工群众1,200人次，志愿服务时长3小时"
        in (s.sentence())
    )
    assert (
        summary_selectors.work_figures(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))[
            "volunteer_served"
        ]
        == 1200
    )
    assert (
        selectors.figures(world.xicheng, dt.date(2026, 1, 1), dt.date(2026, 12, 31))["volunteer_events"] == 0
    )


# ---- pages -----------------------------------------------------------------------------------------------------


def test_teams_list_filters_searches_and_exports(world, login):
    team_of(world.donghu, skills="理发、义诊")
    team_of(world.donghu, "法律咨询服务队", is_active=False)
    team_of(world.dashilan, "大栅栏服务队")
    page = login("chaoyang")
    body = page.get("/services/teams/").content.decode()
    assert "东湖街道职工志愿服务队" in body and "法律咨询服务队" in body and "大栅栏服务队" not in body
    assert "共 <strong>2</strong> 条记录" in body
    assert "法律咨询服务队" not in page.get("/services/teams/?active=1").content.decode()
    searched = page.get("/services/teams/?q=义诊").content.decode()
    assert "东湖街道职工志愿服务队" in searched and "法律咨询服务队" not in searched
    sheet = page.get("/services/teams/?export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet))).get_sheet_by_index(0).to_python()
    names = {row[0] for row in rows}
    assert {"东湖街道职工志愿服务队", "法律咨询服务队"} <= names and "大栅栏服务队" not in names
    assert AuditEvent.objects.filter(action="support.teams.export").exists()


def test_a_team_is_created_members_join_and_an_event_is_recorded_on_the_pages(world, login):
    worker = enrol(world.base_donghu, "周敏")
    page = login("chaoyang")
    response = page.post(
        "/services/teams/new/",
        {"org": world.donghu.pk, "name": "东湖红马甲志愿服务队", "leader_name": "李红"},
    )
    assert response.status_code == 302
    team = selectors.team_get(actor=SYSTEM, pk=response.url.rstrip("/").split("/")[-1])
    url = f"/services/teams/{team.pk}/"
    assert page.post(url + "members/", {"member-number": worker.number}).status_code == 302
    assert page.post(url + "members/", {"member-name": "退休职工老刘"}).status_code == 302
    refused = page.post(url + "members/", {"member-number": "NOPE-1"}).content.decode()
    assert "未找到会员证号为 NOPE-1 的会员" in refused
    zhou, liu = sorted(team.members.all(), key=lambda m: m.name != "周敏")
    form = {
        "date": "2026-06-13",
        "title": "“送清凉”社区服务",
        "place_text": "东湖社区广场",
        "people_served": "260",
        "service_haircut": "40",
        "service_clinic": "85",
        f"hours_{zhou.pk}": "2.5",
        f"hours_{liu.pk}": "3",
        "enterprise_names": "望京物业\n东湖超市",
        "enterprises_total": "5",
    }
    bad = page.post(url + "events/new/", {**form, f"hours_{liu.pk}": "0.01"}).content.decode()
    assert "（退休职工老刘）：服务时长应折合为整分钟" in bad and not ServiceEvent.objects.exists()
    fewer = page.post(url + "events/new/", {**form, "enterprises_total": "1"}).content.decode()
    assert "参与企业总数（1家）不能少于列出名称的企业（2家）" in fewer
    done = page.post(url + "events/new/", form)
    assert done.status_code == 302
    event = ServiceEvent.objects.get()
    assert sorted(EventVolunteer.objects.values_list("minutes", flat=True)) == [150, 180]
    detail = page.get(done.url).content.decode()
    assert "260人次" in detail and "5家：望京物业、东湖超市等（另有3家未具名）" in detail
    assert "理发" in detail and "义诊" in detail and "5.5" in detail
    team_page = page.get(url).content.decode()
    assert "2026年志愿服务时长" in team_page and "周敏" in team_page and "5.5" in team_page
    listed = page.get("/services/volunteer-events/?kind=clinic&year=2026").content.decode()
    assert "“送清凉”社区服务" in listed
    assert "“送清凉”社区服务" not in page.get("/services/volunteer-events/?kind=repair").content.decode()
    assert "“送清凉”社区服务" not in page.get("/services/volunteer-events/?year=2025").content.decode()
    sheet = page.get("/services/volunteer-events/?export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(sheet))).get_sheet_by_index(0).to_python()
    assert any("理发40、义诊85" in [str(c) for c in row] for row in rows)
    assert AuditEvent.objects.filter(action="support.event.record", target_id=str(event.pk)).exists()
    edit = page.get(f"/services/volunteer-events/{event.pk}/edit/").content.decode()
    assert 'value="“送清凉”社区服务"' in edit and 'value="2.5"' in edit and "望京物业" in edit
    assert 'value="东湖红马甲志愿服务队"' in page.get(url + "edit/").content.decode()
    # the viewer sees the event, without the links to change it
    seen = login("viewer").get(done.url).content.decode()
    assert "260人次" in seen and 'data-testid="activity-new"' not in seen and "作废原因" not in seen


def test_an_event_recorded_as_an_activity_links_both_ways(world, login):
    team = team_of(world.donghu)
    event = event_of(team, title="东湖社区义诊")
    page = login("chaoyang")
    body = page.get(f"/services/volunteer-events/{event.pk}/").content.decode()
    assert "尚未记录为活动" in body
    start = (
        body.split('data-testid="activity-new"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    )
    query = parse_qs(urlparse(start).query)
    assert query == {"link": [f"support.event:{event.pk}"], "title": ["东湖社区义诊"], "kind": ["volunteer"]}
    assert f'value="support.event:{event.pk}"' in page.get(start).content.decode()
    response = page.post(
        "/activities/new/",
        {
            "link": f"support.event:{event.pk}",
            "org": world.donghu.pk,
            "kind": ActivityKind.objects.get(code="volunteer").pk,
            "title": "东湖社区义诊",
            "starts_on": "2026-06-13",
            "registration": "none",
            "place_text": "东湖社区",
            "max_party_size": 1,
        },
    )
    assert response.status_code == 302, [x for x in response.content.decode().splitlines() if "feedback" in x]
    activity = Activity.objects.get(link=f"support.event:{event.pk}")
    assert (
        "东湖社区义诊（东湖街道职工志愿服务队志愿服务）"
        in page.get(f"/activities/{activity.pk}/").content.decode()
    )
    body = page.get(f"/services/volunteer-events/{event.pk}/").content.decode()
    assert 'data-testid="linked"' in body and f"/activities/{activity.pk}/" in body
    # the key names the event only for those who may see it
    assert modules.ask("link_label", world.user("chaoyang"), f"support.event:{event.pk}")
    assert modules.ask("link_label", world.user("xicheng"), f"support.event:{event.pk}") == []
    assert selectors.link_label(world.user("chaoyang"), "support.event:x") is None
    assert selectors.link_label(world.user("chaoyang"), "awards.round:1") is None


def test_out_of_scope_pages_and_api_are_not_found(world, login):
    event = event_of(team_of(world.dashilan, "大栅栏服务队"))
    page = login("chaoyang")
    assert page.get(f"/services/teams/{event.team_id}/").status_code == 404
    assert page.get(f"/services/volunteer-events/{event.pk}/").status_code == 404
    assert page.get(f"/api/services/teams/{event.team_id}").status_code == 404


def test_the_team_api_gives_members_and_events_with_services_by_type(world, login):
    team = team_of(world.donghu, leader_name="李红")
    worker = enrol(world.base_donghu, "周敏")
    m = services.member_add(actor=SYSTEM, team=team, data=services.MemberData(number=worker.number))
    (n,) = named(team, "退休职工老刘")
    event_of(team, volunteers=[(m, 150), (n, 60)], enterprise_names=["甲公司"], enterprises_total=4)
    body = login("chaoyang").get(f"/api/services/teams/{team.pk}").json()
    assert (
        body["name"] == "东湖街道职工志愿服务队" and body["members"] == 2 and body["members_registered"] == 1
    )
    (e,) = body["events"]
    assert e["people_served"] == 120 and e["volunteers"] == 2 and e["minutes"] == 210
    assert e["enterprises_named"] == 1 and e["enterprises_total"] == 4
    assert e["services"] == [
        {"kind": "haircut", "label": "理发", "count": 30},
        {"kind": "clinic", "label": "义诊", "count": 50},
    ]


def test_registered_employers_and_names_together_are_the_named_enterprises(world, login):
    wangjing = employer_create(actor=SYSTEM, org=world.donghu, name="望京科技有限公司")
    employer_create(actor=SYSTEM, org=world.dashilan, name="大栅栏商贸有限公司")
    team = team_of(world.donghu)
    page = login("chaoyang")
    form = page.get(f"/services/teams/{team.pk}/events/new/").content.decode()
    assert "望京科技有限公司" in form and "大栅栏商贸有限公司" not in form  # only the team's subtree
    response = page.post(
        f"/services/teams/{team.pk}/events/new/",
        {
            "date": "2026-06-13",
            "title": "企业开放日义诊",
            "people_served": "80",
            "service_clinic": "80",
            "employers": [wangjing.pk],
            "enterprise_names": "望京科技有限公司\n东湖超市",
        },
    )
    assert response.status_code == 302
    event = ServiceEvent.objects.get()
    # the employer named twice counts once; the total left blank is the number named
    assert sorted((e.name, e.employer_id) for e in event.enterprises.all()) == [
        ("东湖超市", None),
        ("望京科技有限公司", wangjing.pk),
    ]
    assert event.enterprises_total == 2


def test_a_volunteer_leaves_and_an_event_is_voided_on_the_pages(world, login):
    team = team_of(world.donghu)
    a, b = named(team, "张华", "陈静")
    event = event_of(team, volunteers=[(a, 60)])
    page = login("chaoyang")
    url = f"/services/teams/{team.pk}/"
    page.post(f"{url}members/{a.pk}/leave/", {"left_on": "2026-06-01"})
    a.refresh_from_db()
    assert a.left_on is None  # 张华 served on 6-13: refused
    assert "张华在2026-06-01之后还参加过服务活动" in page.get(url).content.decode()
    page.post(f"{url}members/{b.pk}/leave/", {"left_on": "2026-06-14"})
    b.refresh_from_db()
    assert b.left_on == dt.date(2026, 6, 14)
    refused = page.post(f"/services/volunteer-events/{event.pk}/void/", {}).content.decode()
    assert "作废原因" in refused and ServiceEvent.objects.get().voided_at is None
    done = page.post(f"/services/volunteer-events/{event.pk}/void/", {"reason": "重复录入"})
    assert "不再计入统计" in page.get(done.url).content.decode()
    assert "社区便民服务" not in page.get("/services/volunteer-events/").content.decode()
    kept = page.get(f"/services/volunteer-events/{event.pk}/").content.decode()
    assert "已作废" in kept and "重复录入" in kept and 'data-testid="activity-new"' not in kept
    assert AuditEvent.objects.filter(action="support.event.void", reason="重复录入").exists()
