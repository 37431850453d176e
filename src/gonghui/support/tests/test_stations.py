"""The stations part (V1, issue 19 §1): providers and their pages, pairings with stations and the rota (a weekly
pattern's exact count, overlapping shifts refused), a station's duty on the page and the API, consultations (the
worker by member number, by ID number or anonymous; the summary encrypted and shown on the detail page only, its
view audited; names masked in the list and export), dispute screening with follow-up, and the figures checked
against a plain count over generated data."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.audit import AuditEvent
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import leaks
from gonghui.members.tests.factories import enrol, resident_id
from gonghui.orgs import services as orgs
from gonghui.orgs.models import PlaceKind
from gonghui.support import selectors as summary_selectors
from gonghui.support import stations_selectors as selectors
from gonghui.support import stations_services as services
from gonghui.support.models import (
    Channel,
    Consultation,
    Outcome,
    Provider,
    ProviderKind,
    RiskKind,
    RiskLevel,
    Shift,
    Topic,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 18, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = NOW.date()


@pytest.fixture
def pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def station(org, name="东湖街道工会服务站"):
    return orgs.place_create(
        actor=SYSTEM, org=org, name=name, kind=PlaceKind.SERVICE_STATION, address="测试路1号"
    )


def lawyer(org, name="周明远", kind=ProviderKind.PRO_BONO_LAWYER, **fields):
    return services.provider_register(
        actor=SYSTEM, org=org, name=name, kind=kind, firm="明远律师事务所", **fields
    )


def paired(org, place=None, name="周明远", starts_on=dt.date(2026, 1, 1), ends_on=None):
    place = place or station(org)
    return services.pairing_create(
        actor=SYSTEM, provider=lawyer(org, name), place=place, starts_on=starts_on, ends_on=ends_on
    )


def consult(org, day=dt.date(2026, 6, 1), **fields):
    data = services.ConsultationData(
        org=org,
        date=day,
        channel=fields.pop("channel", Channel.PHONE),
        topic=fields.pop("topic", Topic.WAGES),
        outcome=fields.pop("outcome", Outcome.ANSWERED),
        **fields,
    )
    return services.consultation_record(actor=SYSTEM, data=data)


# ---- the rota ---------------------------------------------------------------------------------------------------


def test_pattern_days_are_every_such_weekday_in_the_range():  # rule V1
    rng = random.Random(19)
    for _ in range(300):
        first = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(365))
        last = first + dt.timedelta(days=rng.randrange(-3, 200))
        weekday = rng.randrange(7)
        plain = [
            first + dt.timedelta(days=i)
            for i in range((last - first).days + 1)
            if (first + dt.timedelta(days=i)).weekday() == weekday
        ]
        assert services.pattern_days(first, last, weekday) == plain


def test_a_weekly_pattern_makes_one_shift_per_such_day(world, pinned):  # rule V1
    pairing = paired(world.donghu)
    # 2026-07-01 is a Wednesday; Tuesdays from 7-1 to 9-30: 7-7 … 9-29, 13 of them
    made = services.shifts_by_pattern(
        actor=world.user("chaoyang"),
        pairing=pairing,
        first=dt.date(2026, 7, 1),
        last=dt.date(2026, 9, 30),
        weekday=1,
        starts_at=dt.time(14),
        ends_at=dt.time(17),
    )
    assert len(made) == 13 == Shift.objects.filter(pairing=pairing).count()
    assert {s.date.weekday() for s in made} == {1}
    assert (made[0].date, made[-1].date) == (dt.date(2026, 7, 7), dt.date(2026, 9, 29))
    event = AuditEvent.objects.get(action="support.shift.pattern")
    assert event.after["count"] == 13


def test_an_overlapping_shift_of_the_same_provider_is_refused(world, pinned):  # rule V1
    chaoyang = world.user("chaoyang")
    first = paired(world.donghu)
    other_place = station(world.base_donghu, "望京科技职工服务站")
    second = services.pairing_create(
        actor=chaoyang, provider=first.provider, place=other_place, starts_on=dt.date(2026, 1, 1)
    )
    day = dt.date(2026, 6, 20)
    services.shift_add(actor=chaoyang, pairing=first, date=day, starts_at=dt.time(9), ends_at=dt.time(12))
    with pytest.raises(Conflict) as refused:
        services.shift_add(
            actor=chaoyang, pairing=second, date=day, starts_at=dt.time(11), ends_at=dt.time(13)
        )
    assert refused.value.message == "周明远在2026-06-20 09:00-12:00已在“东湖街道工会服务站”值班，时间重叠"
    # touching hours do not overlap; another lawyer at the same hours is not refused
    services.shift_add(actor=chaoyang, pairing=second, date=day, starts_at=dt.time(12), ends_at=dt.time(15))
    someone = paired(world.donghu, place=first.place, name="林晓")
    services.shift_add(actor=chaoyang, pairing=someone, date=day, starts_at=dt.time(9), ends_at=dt.time(12))
    # a pattern that clashes on one day is refused whole
    with pytest.raises(Conflict):
        services.shifts_by_pattern(
            actor=chaoyang,
            pairing=second,
            first=dt.date(2026, 6, 1),
            last=dt.date(2026, 6, 30),
            weekday=day.weekday(),
            starts_at=dt.time(8),
            ends_at=dt.time(10),
        )
    assert Shift.objects.filter(pairing=second).count() == 1


def test_the_page_says_why_a_shift_was_refused(world, login, pinned):  # rule V1
    pairing = paired(world.donghu)
    day = dt.date(2026, 6, 22)
    services.shift_add(actor=SYSTEM, pairing=pairing, date=day, starts_at=dt.time(9), ends_at=dt.time(12))
    client = login("chaoyang")
    p = f"s{pairing.pk}"
    r = client.post(
        f"/services/pairings/{pairing.pk}/shifts/",
        {f"{p}-date": "2026-06-22", f"{p}-starts_at": "10:00", f"{p}-ends_at": "11:00"},
    )
    assert r.status_code == 200 and "时间重叠" in r.content.decode()
    w = f"w{pairing.pk}"
    r = client.post(
        f"/services/pairings/{pairing.pk}/pattern/",
        {
            f"{w}-weekday": "3",
            f"{w}-first": "2026-07-01",
            f"{w}-last": "2026-07-31",
            f"{w}-starts_at": "09:00",
            f"{w}-ends_at": "12:00",
        },
    )
    assert r.status_code == 302
    # Thursdays in July 2026: 2, 9, 16, 23, 30
    assert Shift.objects.filter(pairing=pairing, date__month=7).count() == 5


def test_a_pairing_needs_a_station_the_providers_node_sees(world, pinned):  # rule V1
    provider = lawyer(world.donghu)
    elsewhere = station(world.dashilan, "大栅栏街道工会服务站")
    above = station(world.chaoyang, "朝阳区职工服务中心")
    with pytest.raises(DomainError) as refused:
        services.pairing_create(actor=SYSTEM, provider=provider, place=above, starts_on=TODAY)
    assert "不在东湖街道总工会的范围内" in refused.value.message
    with pytest.raises(DomainError):  # 朝阳's admin does not see 大栅栏's station at all
        services.pairing_create(
            actor=world.user("chaoyang"), provider=provider, place=elsewhere, starts_on=TODAY
        )
    with pytest.raises(NotFound):  # 西城's operator may not write 东湖's provider
        services.pairing_create(
            actor=world.user("xicheng"), provider=provider, place=elsewhere, starts_on=TODAY
        )


def test_a_station_shows_who_is_on_duty_today_and_for_14_days(world, login, pinned):  # rule V1
    pairing = paired(world.donghu)
    for offset, hours in ((0, (9, 12)), (3, (14, 17)), (14, (9, 11)), (15, (9, 11))):
        services.shift_add(
            actor=SYSTEM,
            pairing=pairing,
            date=TODAY + dt.timedelta(days=offset),
            starts_at=dt.time(hours[0]),
            ends_at=dt.time(hours[1]),
        )
    page = login("chaoyang").get(f"/services/stations/{pairing.place_id}/").content.decode()
    today_part = page.split('data-testid="duty-today"')[1].split("</ul>")[0]
    assert "周明远" in today_part and "09:00-12:00" in today_part
    days = page.split('data-testid="duty-days"')[1].split("</table>")[0]
    assert "2026-06-21" in days and "14:00-17:00" in days
    assert "2026-07-02" in days and "2026-07-03" not in days  # today + 14, not the 15th day
    body = login("chaoyang").get(f"/api/services/stations/{pairing.place_id}/duty").json()
    assert len(body["days"]) == 15 and body["days"][0]["date"] == "2026-06-18"
    assert body["days"][0]["shifts"] == [
        {
            "provider": "周明远",
            "kind": "公益律师",
            "firm": "明远律师事务所",
            "starts_at": "09:00",
            "ends_at": "12:00",
        }
    ]
    assert [d["date"] for d in body["days"] if d["shifts"]] == ["2026-06-18", "2026-06-21", "2026-07-02"]
    assert login("xicheng").get(f"/api/services/stations/{pairing.place_id}/duty").status_code == 404


# ---- providers --------------------------------------------------------------------------------------------------


def test_providers_are_registered_edited_listed_and_retired(world, login, pinned):  # rule V1
    client = login("chaoyang")
    r = client.post(
        "/services/providers/new/",
        {
            "org": world.donghu.pk,
            "name": "林晓",
            "kind": "duty",
            "firm": "晓光律师事务所",
            "licence": "11101202610001",
        },
    )
    assert r.status_code == 302
    provider = Provider.objects.get(name="林晓")
    r = client.post(
        "/services/providers/new/",
        {"org": world.donghu.pk, "name": "林晓二", "kind": "duty", "licence": "11101202610001"},
    )
    assert "该执业证号已在本级登记" in r.content.decode()
    r = client.post(
        f"/services/providers/{provider.pk}/edit/",
        {"name": "林晓", "kind": "duty", "firm": "晓光律师事务所", "availability": "每周二下午"},
    )
    assert r.status_code == 302
    assert Provider.objects.get(pk=provider.pk).availability == "每周二下午"
    lawyer(world.dashilan, "韩冬")
    listed = client.get("/services/providers/", {"q": "晓光"}).content.decode()
    assert "林晓" in listed and "韩冬" not in listed
    assert "韩冬" not in client.get("/services/providers/").content.decode()  # 西城's, out of scope
    sheet = client.get("/services/providers/", {"export": "xlsx"})
    assert sheet.status_code == 200 and "晓光律师事务所" in leaks.readable(sheet.content)
    pairing = services.pairing_create(
        actor=SYSTEM, provider=provider, place=station(world.donghu), starts_on=dt.date(2026, 1, 1)
    )
    services.shift_add(
        actor=SYSTEM, pairing=pairing, date=dt.date(2026, 6, 30), starts_at=dt.time(9), ends_at=dt.time(12)
    )
    assert "2026-06-30" in client.get(f"/services/providers/{provider.pk}/").content.decode()
    assert client.post(f"/services/providers/{provider.pk}/retire/", {"reason": "调离"}).status_code == 302
    provider.refresh_from_db()
    pairing.refresh_from_db()
    assert not provider.is_active and pairing.ends_on == TODAY
    assert not Shift.objects.filter(pairing=pairing).exists()
    client.get("/services/providers/")  # the message is shown once
    active = client.get("/services/providers/", {"active": "1"}).content.decode()
    assert "林晓" not in active.split('data-testid="providers"')[1]
    # 东湖's operator edits 东湖's providers only
    assert login("donghu").get(f"/services/providers/{provider.pk}/edit/").status_code == 200
    chaoyang_one = lawyer(world.chaoyang, "区级律师")
    assert login("donghu").get(f"/services/providers/{chaoyang_one.pk}/edit/").status_code == 404


# ---- consultations ----------------------------------------------------------------------------------------------


def test_a_consultation_finds_the_worker_and_keeps_the_summary_sealed(world, login, pinned):  # rule V1
    membership = enrol(world.base_donghu, "王秀兰")
    number_id = resident_id()
    by_id_member = enrol(world.base_donghu, "赵建国", id_number=number_id)
    client = login("chaoyang")
    place = station(world.donghu)
    summary = "单位拖欠三个月工资共计26,843元，询问如何申请仲裁"
    leaks.watch("26,843")  # the summary is shown on the detail page only
    r = client.post(
        "/services/consultations/new/",
        {
            "org": world.donghu.pk,
            "date": "2026-06-15",
            "channel": "station",
            "place": place.pk,
            "topic": "wages",
            "member_number": membership.number,
            "summary": summary,
            "outcome": "arbitration",
            "referral": "朝阳区劳动人事争议仲裁院",
            "materials": "劳动争议调解仲裁法宣传册 2\n工资支付规定折页，3份",
        },
    )
    assert r.status_code == 302
    c = Consultation.objects.get()
    assert c.membership == membership and "26,843" not in c.summary_cipher
    assert [(m.item, m.quantity) for m in c.materials.all()] == [
        ("劳动争议调解仲裁法宣传册", 2),
        ("工资支付规定折页", 3),
    ]
    listed = client.get("/services/consultations/").content.decode()
    assert "王**" in listed and "王秀兰" not in listed
    # by ID number: the member who holds it; an ID no member holds is kept as hash and mask only
    found = consult(world.donghu, id_number=number_id)
    assert found.membership == by_id_member and found.id_hash == ""
    stranger = resident_id()
    walk_in = consult(world.donghu, id_number=stranger, topic=Topic.INJURY)
    assert (
        walk_in.membership is None
        and walk_in.id_masked.startswith(stranger[:3])
        and stranger not in str(Consultation.objects.filter(pk=walk_in.pk).values().get())
    )
    anonymous = consult(world.donghu, topic=Topic.LEAVE)
    assert anonymous.anonymous
    sheet = leaks.readable(client.get("/services/consultations/", {"export": "xlsx"}).content)
    assert "王**" in sheet and "赵**" in sheet and "匿名来访" in sheet and "王秀兰" not in sheet
    assert "朝阳区劳动人事争议仲裁院" in sheet
    with pytest.raises(DomainError) as refused:
        consult(world.donghu, member_number="NOBODY-1")
    assert "NOBODY-1" in refused.value.message
    assert "工伤" in client.get("/services/consultations/", {"topic": "injury"}).content.decode()
    assert login("xicheng").get(f"/services/consultations/{c.pk}/").status_code == 404


def test_the_summary_is_shown_on_the_detail_page_and_the_view_audited(world, login, pinned):  # rule V1
    c = consult(world.donghu, summary="被口头辞退，未签劳动合同", topic=Topic.DISMISSAL)
    client = login("chaoyang")
    assert "被口头辞退" not in client.get("/services/consultations/").content.decode()
    page = client.get(f"/services/consultations/{c.pk}/").content.decode()
    assert "被口头辞退，未签劳动合同" in page
    viewed = AuditEvent.objects.filter(action="support.consultation.view", target_id=str(c.pk))
    assert viewed.count() == 1 and viewed.get().actor.username == "chaoyang"


def test_without_members_data_the_summary_is_not_shown(world, client, pinned):  # rule V1
    from gonghui.core.testing.world import PASSWORD, make_user

    c = consult(world.donghu, summary="询问竞业限制条款是否有效", topic=Topic.CONTRACT)
    make_user("accounts_only", world.chaoyang, "sysadmin")  # org.view and staff.manage, no member.view
    assert client.login(username="accounts_only", password=PASSWORD)
    page = client.get(f"/services/consultations/{c.pk}/").content.decode()
    assert "竞业限制" not in page and "咨询内容不予显示" in page
    assert not AuditEvent.objects.filter(action="support.consultation.view").exists()


def test_a_referral_names_where_to(world, pinned):  # rule V1
    with pytest.raises(DomainError) as refused:
        consult(world.donghu, outcome=Outcome.LEGAL_AID)
    assert refused.value.fields == {"referral": "必填"}
    with pytest.raises(DomainError):
        consult(world.donghu, channel=Channel.STATION)  # at a station: which one
    with pytest.raises(DomainError):
        consult(world.donghu, day=dt.date(2026, 6, 19))  # tomorrow


# ---- dispute screening ------------------------------------------------------------------------------------------


def test_screening_risks_wait_until_resolved(world, login, pinned):  # issue 19 §1
    employer = orgs.employer_create(actor=SYSTEM, org=world.donghu, name="望京示例科技有限公司")
    client = login("chaoyang")
    r = client.post(
        "/services/screenings/new/",
        {
            "org": world.donghu.pk,
            "employer": employer.pk,
            "date": "2026-06-10",
            "visitors": "陈立、何静",
            "notes": "与企业负责人座谈",
        },
    )
    assert r.status_code == 302
    visit = selectors.screenings_for(actor=SYSTEM).get()
    url = f"/services/screenings/{visit.pk}/"
    client.post(f"{url}risks/", {"kind": "wages", "level": "major", "description": "拖欠50名职工两个月工资"})
    client.post(
        f"{url}risks/", {"kind": "contract", "level": "ordinary", "description": "部分劳动合同未续签"}
    )
    chaoyang = world.user("chaoyang")
    assert selectors.todo(chaoyang, world.chaoyang) == [
        ("较大以上风险隐患待化解", 1, f"/services/screenings/?open=1&org={world.chaoyang.pk}")
    ]
    assert selectors.todo(world.user("xicheng"), world.xicheng) == []
    risk = visit.risks.get(level=RiskLevel.MAJOR)
    f = f"f{risk.pk}"
    r = client.post(
        f"{url}risks/{risk.pk}/follow-up/",
        {
            f"{f}-risk": risk.pk,
            f"{f}-follow_up": "协调街道劳动保障所约谈企业",
            f"{f}-resolved_on": "2026-06-08",
        },
    )
    assert "化解日期不能早于走访日期" in r.content.decode()
    client.post(
        f"{url}risks/{risk.pk}/follow-up/",
        {f"{f}-risk": risk.pk, f"{f}-follow_up": "企业已补发工资", f"{f}-resolved_on": "2026-06-16"},
    )
    assert selectors.todo(chaoyang, world.chaoyang) == []
    page = client.get(url).content.decode()
    assert "企业已补发工资" in page and "2026-06-16化解" in page
    assert "望京示例科技有限公司" in client.get("/services/screenings/").content.decode()
    assert login("xicheng").get(url).status_code == 404


# ---- figures ----------------------------------------------------------------------------------------------------


def test_figures_match_a_plain_count_over_generated_data(world, pinned):  # rule V1, issue 19 §5
    rng = random.Random(2026)
    orgs_ = [world.donghu, world.changying, world.dashilan, world.chaoyang]
    places = {o.pk: [station(o, f"{o.name}服务站{i}") for i in range(3)] for o in orgs_}
    employers = {o.pk: orgs.employer_create(actor=SYSTEM, org=o, name=f"{o.name}排查单位") for o in orgs_}
    plain = []  # (org path, what, values)
    for i in range(40):
        o = rng.choice(orgs_)
        kind = rng.choice(ProviderKind.values)
        p = lawyer(o, f"人员{i}", kind=kind)
        if rng.random() < 0.2:
            services.provider_retire(actor=SYSTEM, provider=p)
            plain.append((o.path, "provider", (kind, False)))
            continue
        plain.append((o.path, "provider", (kind, True)))
        for place in rng.sample(places[o.pk], rng.randrange(0, 3)):
            start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(500))
            end = start + dt.timedelta(days=rng.randrange(400)) if rng.random() < 0.6 else None
            services.pairing_create(actor=SYSTEM, provider=p, place=place, starts_on=start, ends_on=end)
            plain.append((o.path, "pairing", (place.pk, start, end)))
    for _ in range(60):
        o = rng.choice(orgs_)
        day = dt.date(2025, 6, 1) + dt.timedelta(days=rng.randrange(380))
        materials = [("宣传册", rng.randrange(1, 50)) for _ in range(rng.randrange(0, 3))]
        consult(o, day=day, topic=rng.choice(Topic.values), materials=materials)
        plain.append((o.path, "consultation", (day, sum(q for _, q in materials))))
    for _ in range(15):
        o = rng.choice(orgs_)
        day = dt.date(2025, 10, 1) + dt.timedelta(days=rng.randrange(250))
        visit = services.screening_record(
            actor=SYSTEM, org=o, employer=employers[o.pk], date=day, visitors="甲"
        )
        risks = rng.randrange(0, 3)
        for _ in range(risks):
            services.risk_add(
                actor=SYSTEM, visit=visit, kind=RiskKind.WAGES, description="欠薪", level=RiskLevel.SERIOUS
            )
        plain.append((o.path, "visit", (day, employers[o.pk].pk, risks)))

    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    for top in (world.city, world.chaoyang, world.donghu, world.xicheng):
        mine = [(what, v) for path, what, v in plain if path.startswith(top.path)]
        pairings = [v for w, v in mine if w == "pairing" and v[1] <= end and (v[2] is None or v[2] >= start)]
        consultations = [v for w, v in mine if w == "consultation" and start <= v[0] <= end]
        visits = [v for w, v in mine if w == "visit" and start <= v[0] <= end]
        active = [v for w, v in mine if w == "provider" and v[1]]
        expected = {
            "providers": len(active),
            "lawyers": len([k for k, _ in active if k in ("pro_bono", "duty")]),
            "stations_paired": len({v[0] for v in pairings}),
            "pairings": len(pairings),
            "consultations": len(consultations),
            "materials": sum(v[1] for v in consultations),
            "screening_visits": len(visits),
            "screened_employers": len({v[1] for v in visits}),
            "risks_found": sum(v[2] for v in visits),
        }
        assert selectors.figures(top, start, end) == expected, top.name


def test_the_sentence_names_only_what_happened(world, pinned):  # issue 19 §5
    fig = dict.fromkeys(selectors.FIGURES, 0)
    assert selectors.sentence(fig) == ""
    fig |= {"stations_paired": 12, "consultations": 35, "materials": 12500, "screening_visits": 9}
    fig |= {"screened_employers": 8, "risks_found": 3}
    assert selectors.sentence(fig) == (
        "律师对接服务站12家，接待法律咨询35次，发放宣传材料12,500份，走访排查用人单位8家、发现风险隐患3项"
    )
    assert selectors.sentence({**fig, "stations_paired": 0, "materials": 0, "screened_employers": 0}) == (
        "接待法律咨询35次，发现风险隐患3项"
    )


def test_the_summary_counts_consultations_by_topic(world, login, pinned):  # issue 19 §5
    paired(world.donghu)
    for topic, n in ((Topic.INJURY, 2), (Topic.CONTRACT, 1), (Topic.WAGES, 3)):
        for _ in range(n):
            consult(world.donghu, topic=topic, materials=[("折页", 10)])
    s = summary_selectors.summary(world.chaoyang, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert s.consultations_by_topic == [("劳动合同", 1), ("工资报酬", 3), ("工伤", 2)]
    assert "律师对接服务站1家，接待法律咨询6次，发放宣传材料60份" in s.sentence()
    body = login("chaoyang").get("/api/services/summary", {"org": world.chaoyang.pk, "year": 2026}).json()
    assert body["figures"]["consultations"] == 6 and body["figures"]["materials"] == 60
