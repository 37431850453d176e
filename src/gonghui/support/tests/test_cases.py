"""Legal-aid cases (DOMAIN V1): intake and numbering, eligibility, the conflict check over every node and its
clearance, lawyers, the timeline's deadlines, closing, the pages (masked, no facts), the audited full view, the API
and the figures."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditCategory, AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import leaks
from gonghui.members.tests.factories import enrol, resident_id
from gonghui.support import cases_selectors as sel
from gonghui.support import cases_services as s
from gonghui.support.models import LegalCase, Provider
from gonghui.support.models.base import ProviderKind
from gonghui.support.models.cases import CaseResult, CaseStage, ClaimKind, PartyKind, PartySide

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 7, 6, 10, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday
FACTS = "申请人于2026年3月起被拖欠工资三个月，共计人民币27,315元整"


@pytest.fixture(autouse=True)
def _pinned():
    with time_machine.travel(NOW, tick=False):
        yield


def opposing(*names, kind=PartyKind.ORGANISATION, id_number=""):
    return [s.PartyData(PartySide.OPPOSING, kind, n, id_number=id_number) for n in names]


def open_case(
    org, *, name="李明", id_number=None, on=dt.date(2026, 7, 1), against=None, actor=SYSTEM, **extra
):
    data = s.CaseData(
        org=org,
        intake_date=on,
        claim_kind=extra.pop("claim_kind", ClaimKind.WAGES),
        facts=extra.pop("facts", FACTS),
        id_number=resident_id() if id_number is None else id_number,
        applicant_name=name,
        is_migrant=extra.pop("is_migrant", True),
        employer_name=extra.pop("employer_name", "北京鑫达物流有限公司"),
        opposing=against if against is not None else opposing("北京鑫达物流有限公司"),
        **extra,
    )
    return s.case_open(actor=actor, data=data)


def lawyer(org, name="刘律师", licence="11101200010001"):
    return Provider.objects.create(
        org=org, name=name, kind=ProviderKind.PRO_BONO_LAWYER, licence=licence, firm="京信律所"
    )


# ---- intake --------------------------------------------------------------------------------------------------------


def test_cases_are_numbered_per_node_and_year(world):
    a = open_case(world.donghu)
    b = open_case(world.donghu)
    earlier = open_case(world.donghu, on=dt.date(2025, 12, 30))
    other = open_case(world.dashilan)
    assert [a.number, b.number, earlier.number, other.number] == [
        "援字〔2026〕第1号",
        "援字〔2026〕第2号",
        "援字〔2025〕第1号",
        "援字〔2026〕第1号",
    ]


def test_the_applicant_id_and_facts_are_kept_only_encrypted(world):
    number = resident_id()
    case = open_case(world.donghu, id_number=number)
    assert number not in case.applicant_id_cipher and FACTS not in case.facts_cipher
    assert case.applicant_id_masked == number[:3] + "*" * 11 + number[-4:]
    assert not case.is_member and case.eligible
    assert number not in str(list(LegalCase.objects.values()))
    assert number not in str(list(case.parties.values()))


def test_a_member_is_found_by_member_number_or_document(world):
    m = enrol(world.base_donghu, "周强")
    by_number = open_case(world.donghu, name="", id_number="", member_number=m.number, is_migrant=False)
    assert (by_number.membership, by_number.applicant_name, by_number.is_member) == (m, "周强", True)
    assert by_number.applicant_id_hash == m.person.id_hash
    with pytest.raises(DomainError) as e:
        open_case(world.donghu, id_number="", member_number="NOPE")
    assert "member_number" in e.value.fields


def test_an_applicant_who_is_not_eligible_needs_an_override_reason(world):
    with pytest.raises(DomainError) as e:
        open_case(world.donghu, is_migrant=False)
    assert "eligibility_override" in e.value.fields
    case = open_case(world.donghu, is_migrant=False, eligibility_override="突发重大困难，经主席批准")
    assert not case.eligible and case.eligibility_override == "突发重大困难，经主席批准"


def test_an_operator_outside_the_node_cannot_open_a_case_there(world):
    with pytest.raises(NotFound):
        open_case(world.donghu, actor=world.user("xicheng"))


# ---- the conflict check (rule V1) ------------------------------------------------------------------------------


def test_a_conflict_check_finds_an_earlier_opposing_party_with_another_company_suffix_and_in_pinyin(world):
    """Issue 19's Done when: an earlier opposing party written with a different company suffix and in pinyin."""
    earlier = open_case(
        world.donghu,
        name="李明",
        against=[*opposing("北京鑫达物流有限公司"), *opposing("王建国", kind=PartyKind.PERSON)],
    )
    assert earlier.conflict_blocking == 0
    # the new applicant is "Wang Jianguo", the earlier case's opposing 王建国
    case = open_case(world.donghu, name="Wang Jianguo", against=opposing("某某餐饮有限公司"))
    assert (case.conflict_blocking, case.conflict_open) == (1, True)
    hit = case.hits.get()
    assert (hit.earlier, hit.earlier_party.name, hit.how, hit.blocking) == (
        earlier,
        "王建国",
        "姓名拼音相同",
        True,
    )
    # the applicant's side now also names 鑫达物流（北京）分公司: the earlier case's opposing employer
    s.party_add(
        actor=SYSTEM,
        case=case,
        data=s.PartyData(PartySide.APPLICANT, PartyKind.ORGANISATION, "鑫达物流（北京）分公司"),
    )
    hows = set(case.hits.filter(blocking=True).values_list("earlier_party__name", "how"))
    assert hows == {
        ("王建国", "姓名拼音相同"),
        ("北京鑫达物流有限公司", "单位名称相同（去除地区和公司类型）"),
    }


def test_an_earlier_client_as_opposing_party_blocks_and_the_same_side_is_only_related(world):
    li_id = resident_id()
    open_case(world.donghu, name="李明", id_number=li_id)
    # the same employer against us again: 关联, not blocking
    related = open_case(world.donghu, name="赵六", against=opposing("Xinda Wuliu"))
    assert (related.conflict_blocking, related.conflict_related, related.conflict_open) == (0, 1, False)
    # the earlier client 李明 (same ID) is now the opposing party
    case = open_case(
        world.donghu, name="孙七", against=opposing("李 明", kind=PartyKind.PERSON, id_number=li_id)
    )
    assert case.conflict_open
    assert case.hits.get(blocking=True).how == "证件号码相同，姓名相同"


def test_a_conflict_blocks_the_lawyer_until_a_named_person_clears_it(world, client, login):
    lawyer_ = lawyer(world.chaoyang)
    open_case(world.donghu, name="李明", against=opposing("王建国", kind=PartyKind.PERSON))
    case = open_case(world.donghu, name="王建国", against=opposing("某某餐饮有限公司"))
    chaoyang = world.user("chaoyang")
    with pytest.raises(Conflict):
        s.lawyer_assign(actor=chaoyang, case=case, provider_id=lawyer_.pk, on_date=dt.date(2026, 7, 2))
    with pytest.raises(DomainError):
        s.conflict_clear(actor=chaoyang, case=case, reason="无")
    s.conflict_clear(actor=chaoyang, case=case, reason="同名不同人，已核对身份证件")
    event = AuditEvent.objects.get(action="support.case.conflict.clear")
    assert (event.reason, event.actor_username) == ("同名不同人，已核对身份证件", "chaoyang")
    s.lawyer_assign(actor=chaoyang, case=case, provider_id=lawyer_.pk, on_date=dt.date(2026, 7, 2))
    case.refresh_from_db()
    assert (case.lawyer, case.stage) == (lawyer_, CaseStage.ASSIGNED)
    page = login("chaoyang").get(f"/services/cases/{case.pk}/").content.decode()
    assert "利益冲突已由chaoyang" in page and "同名不同人，已核对身份证件" in page
    assert "刘律师" in page


def test_a_new_blocking_party_after_clearance_needs_a_new_clearance(world):
    open_case(world.donghu, name="李明", against=opposing("王建国", kind=PartyKind.PERSON))
    open_case(world.donghu, name="钱八", against=opposing("张小红", kind=PartyKind.PERSON))
    case = open_case(world.donghu, name="王建国", against=opposing("某某餐饮有限公司"))
    s.conflict_clear(actor=SYSTEM, case=case, reason="同名不同人，已核对")
    s.party_add(
        actor=SYSTEM, case=case, data=s.PartyData(PartySide.APPLICANT, PartyKind.PERSON, "Zhang Xiaohong")
    )
    case.refresh_from_db()
    assert case.conflict_open and case.conflict_blocking == 2 and case.cleared_at is None


def test_a_clearance_recorded_afterwards_keeps_its_own_date_between_intake_and_today(world):
    open_case(world.donghu, name="李明", against=opposing("王建国", kind=PartyKind.PERSON))
    case = open_case(
        world.donghu, name="王建国", on=dt.date(2026, 7, 1), against=opposing("某某餐饮有限公司")
    )
    for wrong in (dt.date(2026, 6, 30), dt.date(2026, 7, 7)):  # before intake; after today (NOW is 7-6)
        with pytest.raises(DomainError, match="排除日期应在受理日期2026-07-01至今天之间"):
            s.conflict_clear(actor=SYSTEM, case=case, reason="同名不同人，已核对", by="赵子鹏", on_date=wrong)
    case = s.conflict_clear(
        actor=SYSTEM, case=case, reason="同名不同人，已核对", by="赵子鹏", on_date=dt.date(2026, 7, 2)
    )
    assert case.cleared_at.date() == dt.date(2026, 7, 2) and not case.conflict_open
    assert case.events.filter(kind=CaseStage.CONFLICT, on_date=dt.date(2026, 7, 2)).exists()


def test_a_conflict_with_a_case_of_another_node_shows_only_its_number(world, login):
    # 大栅栏 (西城) recorded 王建国 as an opposing party; 朝阳 may not see that case
    other = open_case(
        world.dashilan, name="郑九", against=opposing("王建国", kind=PartyKind.PERSON), facts="西城的案情"
    )
    case = open_case(world.donghu, name="王建国", against=opposing("某某餐饮有限公司"))
    assert case.conflict_open
    page = login("chaoyang").get(f"/services/cases/{case.pk}/").content.decode()
    assert other.number in page and "其他单位的案件，详情不可见" in page
    assert "大栅栏" not in page and "郑*" not in page and f"/services/cases/{other.pk}/" not in page
    assert login("chaoyang").get(f"/services/cases/{other.pk}/").status_code == 404


# ---- lawyers, timeline, deadlines, closing ---------------------------------------------------------------------


def test_only_an_active_lawyer_on_the_case_s_line_may_be_assigned(world):
    case = open_case(world.donghu)
    counsellor = Provider.objects.create(org=world.chaoyang, name="心理老师", kind=ProviderKind.COUNSELLOR)
    away = lawyer(world.xicheng, "西城律师", "11101200010002")
    gone = lawyer(world.chaoyang, "离任律师", "11101200010003")
    gone.is_active = False
    gone.save()
    for p in (counsellor, away, gone):
        with pytest.raises(DomainError):
            s.lawyer_assign(actor=SYSTEM, case=case, provider_id=p.pk, on_date=dt.date(2026, 7, 2))


def test_deadlines_within_five_working_days_and_overdue_ones_are_counted_and_shown(world, login):
    chaoyang = world.user("chaoyang")
    soon = open_case(world.donghu)
    s.event_add(
        actor=SYSTEM,
        case=soon,
        kind=CaseStage.ARBITRATION_FILED,
        on_date=dt.date(2026, 7, 3),
        deadline=dt.date(2026, 7, 10),
    )
    later = open_case(world.donghu)
    s.event_add(
        actor=SYSTEM,
        case=later,
        kind=CaseStage.MEDIATION,
        on_date=dt.date(2026, 7, 3),
        deadline=dt.date(2026, 7, 13),
    )
    late = open_case(world.donghu)
    s.event_add(
        actor=SYSTEM,
        case=late,
        kind=CaseStage.SUIT,
        on_date=dt.date(2026, 7, 1),
        deadline=dt.date(2026, 7, 3),
    )
    met = open_case(world.donghu)
    s.event_add(
        actor=SYSTEM,
        case=met,
        kind=CaseStage.ARBITRATION_FILED,
        on_date=dt.date(2026, 7, 1),
        deadline=dt.date(2026, 7, 3),
    )
    s.event_add(actor=SYSTEM, case=met, kind=CaseStage.ARBITRATION_HEARING, on_date=dt.date(2026, 7, 3))
    for c in (soon, later, late, met):
        c.refresh_from_db()
    # Mon 07-06 to Fri 07-10 is five working days; Mon 07-13 the sixth
    assert sel.deadline_state(soon) == ("soon", 5)
    assert sel.deadline_state(later) == ("", 0)
    assert sel.deadline_state(late) == ("overdue", 0)
    assert sel.deadline_state(met) == ("", 0)
    url = "/services/cases/"
    assert sel.todo(chaoyang, world.chaoyang) == [
        ("法律援助案件期限将至", 1, f"{url}?org={world.chaoyang.pk}&due=soon"),
        ("法律援助案件已逾期", 1, f"{url}?org={world.chaoyang.pk}&due=overdue"),
    ]
    assert sel.todo(world.user("xicheng"), world.xicheng) == []
    page = login("chaoyang").get(url).content.decode()
    assert "5个工作日内到期 1" in page and "已逾期 1" in page and "剩5个工作日" in page
    listed = login("chaoyang").get(url, {"due": "overdue"}).content.decode()
    assert late.number in listed and "共 <strong>1</strong> 条" in listed


def test_closing_records_the_outcome_and_refuses_money_on_a_withdrawal(world):
    case = open_case(world.donghu)
    with pytest.raises(DomainError):
        s.case_close(
            actor=SYSTEM,
            case=case,
            result=CaseResult.WITHDRAWN,
            closed_on=dt.date(2026, 7, 3),
            recovered_yuan=100,
            people_covered=1,
        )
    with pytest.raises(DomainError):
        s.case_close(
            actor=SYSTEM,
            case=case,
            result=CaseResult.MEDIATED,
            closed_on=dt.date(2026, 7, 3),
            recovered_yuan=100,
            people_covered=0,
        )
    s.case_close(
        actor=SYSTEM,
        case=case,
        result=CaseResult.MEDIATED,
        closed_on=dt.date(2026, 7, 3),
        recovered_yuan=27315,
        people_covered=3,
    )
    case.refresh_from_db()
    assert (case.status, case.stage, case.recovered_yuan, case.people_covered) == (
        "closed",
        "closed",
        27315,
        3,
    )
    with pytest.raises(Conflict):
        s.event_add(actor=SYSTEM, case=case, kind=CaseStage.ENFORCEMENT, on_date=dt.date(2026, 7, 4))


# ---- pages, the full view, the API ----------------------------------------------------------------------------


def test_pages_and_api_and_export_show_masked_names_and_no_facts(world, login):
    leaks.watch(FACTS)
    m = enrol(world.base_donghu, "周大强")
    case = open_case(world.donghu, name="", id_number="", member_number=m.number, is_migrant=False)
    c = login("chaoyang")
    page = c.get(f"/services/cases/{case.pk}/").content.decode()
    assert "周**" in page and "周大强" not in page and m.person.id_masked in page
    listing = c.get("/services/cases/", {"q": case.number}).content.decode()
    assert case.number in listing and "周**" in listing and "周大强" not in listing
    sheet = leaks.readable(c.get("/services/cases/", {"export": "xlsx"}).content)
    assert "周**" in sheet and "周大强" not in sheet
    body = c.get(f"/api/services/cases/{case.pk}").json()
    assert (body["number"], body["applicant"], body["stage"]) == (case.number, "周**", "利益冲突审查")
    assert [e["kind"] for e in body["timeline"]] == ["受理", "利益冲突审查"]
    assert "周大强" not in str(body)


def test_the_full_view_needs_member_reveal_and_a_reason_and_is_audited(world, login):
    number = resident_id()
    case = open_case(world.donghu, id_number=number)
    url = f"/services/cases/{case.pk}/reveal/"
    assert login("donghu").post(url, {"reason": "律师阅卷需要"}).status_code == 404  # an operator lacks it
    c = login("chaoyang")
    assert c.post(url, {"reason": "短"}).status_code == 302
    assert not AuditEvent.objects.filter(action="support.case.reveal").exists()
    shown = c.post(url, {"reason": "律师阅卷需要"}).content.decode()
    assert FACTS in shown and number in shown
    event = AuditEvent.objects.get(action="support.case.reveal")
    assert (event.category, event.reason) == (AuditCategory.ACCESS, "律师阅卷需要")
    assert FACTS not in c.get(f"/services/cases/{case.pk}/").content.decode()


def test_a_case_is_opened_and_moved_along_on_its_pages(world, login):
    lawyer(world.chaoyang)
    c = login("chaoyang")
    number = resident_id()
    response = c.post(
        "/services/cases/new/",
        {
            "org": world.donghu.pk,
            "intake_date": "2026-07-01",
            "doc_type": "ric",
            "id_number": number,
            "applicant_name": "吴十",
            "employer_name": "望京科技有限公司",
            "claim_kind": ClaimKind.INJURY,
            "facts": "工伤未获赔偿",
            "is_migrant": "on",
        },
    )
    case = LegalCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/cases/{case.pk}/"
    assert list(case.parties.values_list("side", "name")) == [
        ("applicant", "吴十"),
        ("opposing", "望京科技有限公司"),
    ]
    p = Provider.objects.get()
    c.post(f"/services/cases/{case.pk}/assign/", {"lawyer": p.pk, "on_date": "2026-07-02"})
    c.post(
        f"/services/cases/{case.pk}/events/",
        {"kind": "arb_filed", "on_date": "2026-07-03", "deadline": "2026-07-20"},
    )
    c.post(
        f"/services/cases/{case.pk}/close/",
        {"result": "arb_upheld", "closed_on": "2026-07-06", "recovered_yuan": "48000", "people_covered": "1"},
    )
    case.refresh_from_db()
    assert (case.lawyer, case.status, case.recovered_yuan) == (p, "closed", 48000)
    page = c.get(f"/services/cases/{case.pk}/").content.decode()
    assert "劳动仲裁立案" in page and "仲裁支持" in page and "48,000元" in page
    # a form missing its eligibility is refused with the field named
    refused = c.post(
        "/services/cases/new/",
        {
            "org": world.donghu.pk,
            "intake_date": "2026-07-01",
            "doc_type": "ric",
            "id_number": resident_id(),
            "applicant_name": "冯十一",
            "claim_kind": "wages",
            "facts": "欠薪",
            "opposing_org": "某公司",
        },
    )
    assert refused.status_code == 200 and "如仍受理请填写理由" in refused.content.decode()


# ---- figures ----------------------------------------------------------------------------------------------------------


def test_figures_and_sentence_against_a_plain_reference(world, login):
    plan = [  # (org, intake, closed on, recovered, people)
        (world.donghu, dt.date(2026, 2, 1), dt.date(2026, 5, 1), 100000, 2),
        (world.donghu, dt.date(2025, 11, 1), dt.date(2026, 3, 1), 25000, 1),
        (world.base_donghu, dt.date(2026, 4, 1), None, 0, 1),
        (world.dashilan, dt.date(2026, 4, 1), dt.date(2026, 6, 1), 9000, 4),
        (world.donghu, dt.date(2026, 6, 1), dt.date(2026, 6, 30), 0, 1),
    ]
    for org, intake, closed, money, people in plan:
        case = open_case(org, on=intake)
        if closed:
            result = CaseResult.MEDIATED if money else CaseResult.WITHDRAWN
            s.case_close(
                actor=SYSTEM,
                case=case,
                result=result,
                closed_on=closed,
                recovered_yuan=money,
                people_covered=people,
            )
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    mine = [p for p in plan if p[0].path.startswith(world.chaoyang.path)]
    closed = [p for p in mine if p[2] and start <= p[2] <= end]
    expected = {
        "cases_opened": sum(1 for p in mine if start <= p[1] <= end),
        "cases_closed": len(closed),
        "recovered_yuan": sum(p[3] for p in closed),
        "people_covered": sum(p[4] for p in closed),
    }
    fig = sel.figures(world.chaoyang, start, end)
    assert (
        fig
        == expected
        == {"cases_opened": 3, "cases_closed": 3, "recovered_yuan": 125000, "people_covered": 4}
    )
    assert sel.sentence(fig) == "受理法律援助案件3件，结案3件，为职工挽回经济损失12.5万元"
    assert sel.sentence({**fig, "cases_closed": 0, "recovered_yuan": 0}) == "受理法律援助案件3件"
    assert sel.sentence(dict.fromkeys(fig, 0)) == ""
    body = login("chaoyang").get("/api/services/summary", {"org": world.chaoyang.pk, "year": 2026}).json()
    assert body["figures"]["cases_opened"] == 3 and body["figures"]["recovered_yuan"] == 125000
    assert "受理法律援助案件3件，结案3件，为职工挽回经济损失12.5万元" in body["sentence"]


@pytest.mark.parametrize(
    ("yuan", "written"),
    [
        (125000, "12.5万元"),
        (80000, "8万元"),
        (8000, "8,000元"),
        (123456, "12.34万元"),
        (12345678, "1,234.56万元"),
    ],
)
def test_money_is_written_as_reports_write_it(yuan, written):
    assert sel.yuan_written(yuan) == written


def test_changing_the_parties_on_the_page_runs_the_check_again(world, login):
    open_case(world.donghu, name="李明", against=opposing("王建国", kind=PartyKind.PERSON))
    case = open_case(world.donghu, name="钱八", against=opposing("某某餐饮有限公司"))
    c = login("chaoyang")
    c.post(f"/services/cases/{case.pk}/parties/", {"side": "opposing", "kind": "person", "name": "李 明"})
    case.refresh_from_db()
    assert case.conflict_open and case.hits.get().how == "姓名相同"
    added = case.parties.get(name="李 明")
    page = c.get(f"/services/cases/{case.pk}/").content.decode()
    assert "利益冲突待排除" in page and "李**" in page and "李 明" not in page
    c.post(f"/services/cases/{case.pk}/parties/{added.pk}/remove/")
    case.refresh_from_db()
    assert (case.conflict_blocking, case.conflict_open) == (0, False)
    assert AuditEvent.objects.filter(action__startswith="support.case.party").count() == 2


def test_the_list_filters_by_status_kind_year_and_lawyer(world, login):
    p = lawyer(world.chaoyang)
    wages = open_case(world.donghu)
    injury = open_case(world.donghu, claim_kind=ClaimKind.INJURY)
    old = open_case(world.donghu, on=dt.date(2025, 5, 1))
    s.lawyer_assign(actor=SYSTEM, case=injury, provider_id=p.pk, on_date=dt.date(2026, 7, 2))
    s.case_close(
        actor=SYSTEM,
        case=old,
        result=CaseResult.PARTIAL,
        closed_on=dt.date(2025, 9, 1),
        recovered_yuan=500,
        people_covered=1,
    )
    c = login("chaoyang")

    def listed(**params):
        page = c.get("/services/cases/", params).content.decode()
        return {x.number for x in (wages, injury, old) if f">{x.number}<" in page}

    assert listed() == {wages.number, injury.number, old.number}
    assert listed(status="closed") == {old.number}
    assert listed(claim_kind="injury") == {injury.number}
    assert listed(year="2025") == {old.number}
    assert listed(lawyer=str(p.pk)) == {injury.number}
    assert login("xicheng").get("/services/cases/").content.decode().count("援字") == 0
