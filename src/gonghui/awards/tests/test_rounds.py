"""Rounds (DOMAIN §6 A2-A5): quotas split down the tree and adding up, the composition checked on a list, the
nominee's path in A4's order with its 公示 counted in working days, objections, vetting, and approval into the
honours register."""

import datetime as dt

import pytest
import time_machine

from gonghui.awards import round_selectors as rs
from gonghui.awards import round_services as services
from gonghui.awards import selectors as honour_selectors
from gonghui.awards.models import AwardType, Category, Honour, Source, State, Stream
from gonghui.awards.services import honour_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.members.services import membership_enrol
from gonghui.members.tests.factories import person_data

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 10, 20, 10, tzinfo=dt.UTC)
NATIONAL_DAY_EVE = dt.date(2026, 9, 30)


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def _type(code: str) -> AwardType:
    return AwardType.objects.get(code=code)


@pytest.fixture
def round_(world):
    medal = _type("capital-labour-medal")
    return services.round_open(
        actor=world.user("city_admin"),
        org=world.city,
        name="2026年首都劳动奖",
        year=2026,
        totals={
            (medal, Stream.REGULAR): 7,
            (medal, Stream.SEPARATE): 2,
            (_type("capital-pioneer"), Stream.REGULAR): 3,
        },
        rules=[(Category.INDUSTRIAL, 35, True), (Category.HEAD, 20, False)],
    )


def _line(round_, org, code, stream=Stream.REGULAR) -> str:
    return f"{_type(code).pk}-{stream}"


def _give_chaoyang(world, round_, medal=5, separate=1, pioneer=2):
    parts = {
        (_line(round_, world.city, "capital-labour-medal"), world.chaoyang.pk): medal,
        (_line(round_, world.city, "capital-labour-medal"), world.xicheng.pk): 7 - medal,
        (_line(round_, world.city, "capital-labour-medal", Stream.SEPARATE), world.chaoyang.pk): separate,
        (_line(round_, world.city, "capital-labour-medal", Stream.SEPARATE), world.xicheng.pk): 2 - separate,
        (_line(round_, world.city, "capital-pioneer"), world.chaoyang.pk): pioneer,
        (_line(round_, world.city, "capital-pioneer"), world.xicheng.pk): 3 - pioneer,
    }
    return services.quotas_set(actor=world.user("city_admin"), round=round_, org=world.city, parts=parts)


def _nominate(world, round_, name, categories, code="capital-labour-medal", **extra):
    return services.nomination_add(
        actor=world.user("chaoyang"),
        round=round_,
        org=world.chaoyang,
        award_type=_type(code),
        unit_name=extra.pop("unit_name", "北京朝阳建工集团"),
        person_name=name,
        categories=categories,
        **extra,
    )


def test_opening_a_round_writes_its_totals_and_an_audit_row(world, round_):  # rule A2
    lines = rs.lines_of(round_, world.city)
    assert [(line.label, line.count) for line in lines] == [
        ("首都劳动奖章（常规）", 7),
        ("首都劳动奖章（单列）", 2),
        ("北京市工人先锋号（常规）", 3),
    ]
    assert AuditEvent.objects.filter(action="award.round.open", target_id=str(round_.pk)).exists()
    # 朝阳 sees the city's round; a user without any role does not
    assert list(rs.rounds_for(actor=world.user("chaoyang"))) == [round_]
    assert list(rs.rounds_for(actor=world.user("norole"))) == []


def test_the_proposed_split_adds_up_and_a_hand_edit_must_too(world, round_):  # rule A2
    lines = rs.lines_of(round_, world.city)
    children = rs.children_of(world.city)
    proposed = rs.proposal(lines, children, "equal")
    assert proposed[(lines[0].key, world.chaoyang.pk)] + proposed[(lines[0].key, world.xicheng.pk)] == 7
    assert proposed[(lines[0].key, world.chaoyang.pk)] == 4  # 3.5 each; the tie goes to the one listed first
    services.quotas_set(actor=world.user("city_admin"), round=round_, org=world.city, parts=proposed)
    assert rs.quotas_of(round_, [world.chaoyang])[(world.chaoyang.pk, lines[0].award_type_id, "regular")] == 4
    wrong = dict(proposed) | {(lines[2].key, world.chaoyang.pk): 3}
    with pytest.raises(DomainError) as refused:
        services.quotas_set(actor=world.user("city_admin"), round=round_, org=world.city, parts=wrong)
    assert refused.value.message == "北京市工人先锋号（常规）：各下级名额合计4名，应等于本级名额3名"
    assert refused.value.fields == {lines[2].key: "合计4名，应为3名"}


def test_a_district_splits_its_own_quota_and_only_its_own(world, round_):  # rule A2
    _give_chaoyang(world, round_)
    lines = rs.lines_of(round_, world.chaoyang)
    parts = rs.proposal(lines, rs.children_of(world.chaoyang), "equal")
    services.quotas_set(actor=world.user("chaoyang"), round=round_, org=world.chaoyang, parts=parts)
    got = rs.quotas_of(round_, [world.donghu, world.changying])
    assert (
        got[(world.donghu.pk, lines[0].award_type_id, "regular")]
        + got[(world.changying.pk, lines[0].award_type_id, "regular")]
        == 5
    )
    with pytest.raises(NotFound):
        services.quotas_set(actor=world.user("chaoyang"), round=round_, org=world.city, parts={})


def test_the_list_keeps_within_its_quota(world, round_):  # rule A2
    _give_chaoyang(world, round_, pioneer=1)
    services.nomination_add(
        actor=world.user("chaoyang"),
        round=round_,
        org=world.chaoyang,
        award_type=_type("capital-pioneer"),
        unit_name="北京朝阳建工集团",
        team_name="第一项目部",
    )
    with pytest.raises(Conflict) as refused:
        services.nomination_add(
            actor=world.user("chaoyang"),
            round=round_,
            org=world.chaoyang,
            award_type=_type("capital-pioneer"),
            unit_name="北京朝阳建工集团",
            team_name="第二项目部",
        )
    assert refused.value.message == "北京市工人先锋号（常规）名额为1名，已推荐1名，不能再增加"


def test_the_composition_check_names_the_broken_floor_and_what_is_needed(world, round_):  # rule A3
    _give_chaoyang(world, round_)
    _nominate(world, round_, "张伟", [Category.INDUSTRIAL])
    _nominate(world, round_, "李娜", [Category.HEAD])
    third = _nominate(world, round_, "王强", [])
    checks = rs.composition(round_, list(rs.nominees_on(round_, world.chaoyang)))
    assert [(c.shown, c.met, c.advice) for c in checks] == [
        ("产业工人 33%，下限35%", False, "还需1名产业工人"),
        ("企业负责人 34%，上限20%", False, "企业负责人需减少1名"),
    ]
    services.nomination_change(
        actor=world.user("chaoyang"),
        nomination=third,
        categories=[Category.INDUSTRIAL],
        position="钢筋工",
        deeds="",
        below_reason="",
    )
    checks = rs.composition(round_, list(rs.nominees_on(round_, world.chaoyang)))
    assert [c.shown for c in checks] == ["产业工人 66%，下限35%", "企业负责人 34%，上限20%"]


def test_the_path_runs_in_order_with_a_publicity_that_skips_national_day(world, round_):  # rule A4
    _give_chaoyang(world, round_)
    nominee = _nominate(world, round_, "张伟", [Category.INDUSTRIAL], below_reason="首次推荐")
    cadre, city = world.user("chaoyang"), world.user("city_admin")
    with pytest.raises(Conflict) as early:
        services.publicity_start(actor=cadre, nomination=nominee, start=NATIONAL_DAY_EVE)
    assert early.value.message == "张伟当前为“拟推荐”，不能开始公示"
    with pytest.raises(DomainError) as few:
        services.nomination_review(actor=cadre, nomination=nominee, yes=20, total=40, on=NATIONAL_DAY_EVE)
    assert few.value.message == "同意20票，未超过参加评议人数40人的半数，不能推荐"
    services.nomination_review(actor=cadre, nomination=nominee, yes=38, total=40, on=dt.date(2026, 9, 29))
    nominee, warning = services.publicity_start(actor=cadre, nomination=nominee, start=NATIONAL_DAY_EVE)
    # 5 working days from Wednesday 30 September: the National Day holiday skipped, the 调休 Saturday 10-10 counted
    assert (nominee.publicity_end, warning) == (dt.date(2026, 10, 12), "")
    with pytest.raises(Conflict) as running:
        services.publicity_close(actor=cadre, nomination=nominee, on=dt.date(2026, 10, 9))
    assert running.value.message == "公示期至2026-10-12，尚未期满"
    services.publicity_close(actor=cadre, nomination=nominee, on=dt.date(2026, 10, 13))
    with pytest.raises(Conflict):
        services.nomination_approve(actor=city, nomination=nominee, on=dt.date(2026, 10, 13))
    services.nomination_node_review(actor=cadre, nomination=nominee, on=dt.date(2026, 10, 13))
    services.publicity_start(actor=cadre, nomination=nominee, start=dt.date(2026, 10, 13))
    services.publicity_close(actor=cadre, nomination=nominee, on=dt.date(2026, 10, 19))
    assert nominee.state == State.VETTING
    with pytest.raises(NotFound):  # vetting and approval belong to the round's node
        services.nomination_vet(
            actor=cadre, nomination=nominee, department="市纪委监委", passed=True, on=dt.date(2026, 10, 19)
        )
    with pytest.raises(Conflict) as unvetted:
        services.nomination_approve(actor=city, nomination=nominee, on=dt.date(2026, 10, 19))
    assert unvetted.value.message == "尚无部门联审意见，不能批准"
    services.nomination_vet(
        actor=city, nomination=nominee, department="市纪委监委", passed=True, on=dt.date(2026, 10, 19)
    )
    services.nomination_approve(actor=city, nomination=nominee, on=dt.date(2026, 10, 20))
    honour = Honour.objects.get(person_name="张伟")
    assert (honour.award_type.code, honour.year, honour.source, honour.org) == (
        "capital-labour-medal",
        2026,
        Source.ROUND,
        world.chaoyang,
    )
    assert [line.phrase for line in honour_selectors.summary(world.chaoyang, 2026)] == ["1人荣获首都劳动奖章"]
    kinds = [s.kind for s in nominee.steps.all()]
    assert kinds == [
        "review",
        "publicity_start",
        "publicity_close",
        "node_review",
        "publicity_start",
        "publicity_close",
        "vetting",
        "approve",
    ]


def test_a_veto_ends_the_path_and_needs_a_reason(world, round_):  # rule A4
    _give_chaoyang(world, round_)
    nominee = _nominate(world, round_, "张伟", [Category.INDUSTRIAL], below_reason="首次推荐")
    nominee.state = State.VETTING
    nominee.save()
    city = world.user("city_admin")
    with pytest.raises(DomainError) as bare:
        services.nomination_vet(
            actor=city, nomination=nominee, department="市信访办", passed=False, on=dt.date(2026, 10, 19)
        )
    assert bare.value.fields == {"reason": "请填写否决理由"}
    services.nomination_vet(
        actor=city,
        nomination=nominee,
        department="市信访办",
        passed=False,
        reason="有未结信访事项",
        on=dt.date(2026, 10, 19),
    )
    assert nominee.state == State.VETOED
    with pytest.raises(Conflict):
        services.nomination_approve(actor=city, nomination=nominee, on=dt.date(2026, 10, 20))


def test_an_upheld_objection_withdraws_the_nominee_and_frees_the_place(world, round_):  # rule A4
    _give_chaoyang(world, round_, medal=1)
    cadre = world.user("chaoyang")
    nominee = _nominate(world, round_, "王强", [Category.INDUSTRIAL])
    services.nomination_review(actor=cadre, nomination=nominee, yes=30, total=31, on=dt.date(2026, 10, 12))
    services.publicity_start(actor=cadre, nomination=nominee, start=dt.date(2026, 10, 13))
    objection = services.objection_record(
        actor=cadre,
        nomination=nominee,
        raised_by="匿名",
        content="反映其安全生产事故隐瞒未报",
        on=dt.date(2026, 10, 14),
    )
    with pytest.raises(Conflict) as pending:
        services.publicity_close(actor=cadre, nomination=nominee, on=dt.date(2026, 10, 20))
    assert pending.value.message == "还有1条异议未办结，不能结束公示"
    services.objection_decide(
        actor=cadre,
        objection=objection,
        investigation="经核实，2025年曾发生事故未上报",
        upheld=True,
        on=dt.date(2026, 10, 16),
    )
    nominee.refresh_from_db()
    assert nominee.state == State.WITHDRAWN
    assert nominee.steps.last().note == "公示异议反映属实：经核实，2025年曾发生事故未上报"
    _nominate(world, round_, "赵磊", [Category.INDUSTRIAL])  # the quota's one place is free again


def test_a5_the_honour_below_is_shown_and_its_absence_needs_a_reason(world, round_):  # rule A5
    round_.year = 2026
    medal = _type("national-labour-medal")
    national = services.round_open(
        actor=world.user("city_admin"),
        org=world.city,
        name="2026年全国五一劳动奖推荐",
        year=2026,
        totals={(medal, Stream.REGULAR): 2},
        rules=[],
    )
    services.quotas_set(
        actor=world.user("city_admin"),
        round=national,
        org=world.city,
        parts={(f"{medal.pk}-regular", world.chaoyang.pk): 2},
    )
    honour_record(
        actor=SYSTEM,
        org=world.chaoyang,
        award_type=_type("capital-labour-medal"),
        year=2024,
        unit_name="北京朝阳建工集团",
        person_name="张伟",
    )
    holder = _nominate(world, national, "张伟", [], code="national-labour-medal")
    newcomer = _nominate(world, national, "李娜", [], code="national-labour-medal")
    assert str(rs.below_held(holder)) == "张伟 2024年首都劳动奖章"
    assert rs.below_held(newcomer) is None
    newcomer.state = State.UNIT_PUBLISHED
    newcomer.save()
    with pytest.raises(DomainError) as missing:
        services.nomination_node_review(
            actor=world.user("chaoyang"), nomination=newcomer, on=dt.date(2026, 10, 20)
        )
    assert missing.value.message == "李娜尚未获得首都劳动奖章，请在材料中填写说明"


def test_a_member_found_by_id_number_is_honoured_on_their_own_page(world, round_):  # rule A1, A4
    _give_chaoyang(world, round_)
    data = person_data("周建华")
    person = membership_enrol(actor=SYSTEM, union=world.base_donghu, person_data=data, approve=True).person
    nominee = services.nomination_add(
        actor=world.user("chaoyang"),
        round=round_,
        org=world.chaoyang,
        award_type=_type("capital-labour-medal"),
        unit_name="望京科技有限公司",
        doc_type=person.doc_type,
        id_number=data.id_number,
        categories=[Category.INDUSTRIAL],
    )
    assert (nominee.person, nominee.person_name) == (person, "周建华")
    nominee.state = State.VETTING
    nominee.save()
    city = world.user("city_admin")
    services.nomination_vet(
        actor=city, nomination=nominee, department="市纪委监委", passed=True, on=dt.date(2026, 10, 19)
    )
    services.nomination_approve(actor=city, nomination=nominee, on=dt.date(2026, 10, 20))
    held = list(honour_selectors.honours_of_person(actor=world.user("donghu"), person=person))
    assert [str(h) for h in held] == ["周建华 2026年首都劳动奖章"]
    assert held[0].org == world.base_donghu  # counted where the member belongs
