"""The cases part of the services' demo (SCENARIOS / issue 19 §6): 东湖's legal-aid cases against a logistics
company (the first closed by mediation with wages recovered; the second's conflict check found the first case's
opposing party 王建国 and was cleared with a reason, now in arbitration with a deadline near) and 大栅栏's
work-injury case past its deadline. Lawyers of 朝阳 and 西城 are registered if missing. Everyone is fictional;
dates lie before the demo's today. A second run creates nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org

from . import cases_services as s
from .models import LegalCase, Provider
from .models.base import ProviderKind
from .models.cases import CaseResult, CaseStage, ClaimKind, PartyKind, PartySide

FIRST_APPLICANT = "韩立新"
LAWYERS = (  # (node, name, kind, firm, licence)
    # the lawyers the stations' demo pairs with the stations (demo_stations.LAWYERS), found by their licence
    ("朝阳区总工会", "程立言", ProviderKind.PRO_BONO_LAWYER, "北京衡正律师事务所", "11105202010001"),
    ("朝阳区总工会", "许若楠", ProviderKind.DUTY_LAWYER, "北京明川律师事务所", "11105201810002"),
    ("西城区总工会", "顾远航", ProviderKind.PRO_BONO_LAWYER, "北京正衡律师事务所", "11102201910004"),
)


def _id(body: str) -> str:
    """A fictional resident ID number with a valid check digit."""
    return body + ric.calc_check_digit(body + "0")


def _lawyers() -> dict[str, Provider]:
    found = {}
    for node, name, kind, firm, licence in LAWYERS:
        found[name], _ = Provider.objects.get_or_create(
            org=demo_org(node),
            licence=licence,
            defaults={"name": name, "kind": kind, "firm": firm, "availability": "工作日 9:00-17:00"},
        )
    return found


def _org(name: str, *more: tuple[str, str]) -> list[s.PartyData]:
    return [s.PartyData(PartySide.OPPOSING, PartyKind.ORGANISATION, name)] + [
        s.PartyData(PartySide.OPPOSING, kind, n) for kind, n in more
    ]


@transaction.atomic
def load() -> str:
    donghu = demo_org("东湖街道总工会")
    if LegalCase.objects.filter(org=donghu, applicant_name=FIRST_APPLICANT).exists():
        return "法律援助案件：已有 present"
    today = timezone.localdate()
    ago = lambda days: today - dt.timedelta(days=days)  # noqa: E731
    lawyers = _lawyers()

    # 1. wages owed by a logistics company: mediated, money recovered for three couriers
    first = s.case_open(
        actor=SYSTEM,
        data=s.CaseData(
            org=donghu,
            intake_date=ago(150),
            claim_kind=ClaimKind.WAGES,
            facts="申请人等3名快递员在该公司东湖站点工作，被拖欠2个月工资，站点负责人王建国称公司资金困难。",
            id_number=_id("41152219900312031"),
            applicant_name=FIRST_APPLICANT,
            employer_name="北京鑫达物流有限公司",
            is_migrant=True,
            opposing=_org("北京鑫达物流有限公司", (PartyKind.PERSON, "王建国")),
        ),
    )
    s.lawyer_assign(actor=SYSTEM, case=first, provider_id=lawyers["程立言"].pk, on_date=ago(148))
    s.event_add(
        actor=SYSTEM,
        case=first,
        kind=CaseStage.MEDIATION,
        on_date=ago(130),
        note="街道劳动争议调解委员会调解",
    )
    s.case_close(
        actor=SYSTEM,
        case=first,
        result=CaseResult.MEDIATED,
        closed_on=ago(120),
        recovered_yuan=36800,
        people_covered=3,
        note="调解成功，公司当场支付拖欠工资",
    )

    # 2. the former station manager 王建国 asks for help against the same company's branch: the check finds him as
    # the first case's opposing party (冲突) and the company again (关联); cleared with a reason, then assigned
    second = s.case_open(
        actor=SYSTEM,
        data=s.CaseData(
            org=donghu,
            intake_date=ago(20),
            claim_kind=ClaimKind.SEVERANCE,
            facts="申请人原任站点负责人，公司撤销东湖站点后未支付解除劳动合同经济补偿。",
            id_number=_id("13010219850721051"),
            applicant_name="王建国",
            employer_name="鑫达物流（北京）分公司",
            is_low_income=True,
            opposing=_org("鑫达物流（北京）分公司"),
        ),
    )
    s.conflict_clear(
        actor=SYSTEM,
        case=second,
        reason="前案已结案，王建国在前案中仅作为公司站点负责人出面；本案另行指派律师承办，经审查无利益冲突",
        by="东湖街道总工会 法律援助负责人 赵子鹏",
        on_date=ago(19),
    )
    s.lawyer_assign(actor=SYSTEM, case=second, provider_id=lawyers["许若楠"].pk, on_date=ago(18))
    s.event_add(
        actor=SYSTEM,
        case=second,
        kind=CaseStage.ARBITRATION_FILED,
        on_date=ago(10),
        deadline=today + dt.timedelta(days=3),
        note="朝阳区劳动人事争议仲裁委员会受理，举证期限将至",
    )

    # 3. a work injury at 大栅栏: the hearing's deadline has passed without a record of it
    dashilan = demo_org("大栅栏街道总工会")
    third = s.case_open(
        actor=SYSTEM,
        data=s.CaseData(
            org=dashilan,
            intake_date=ago(60),
            claim_kind=ClaimKind.INJURY,
            facts="申请人在商场搬运货物时摔伤，公司未为其缴纳工伤保险。",
            id_number=_id("11010219920915042"),
            applicant_name="马晓燕",
            employer_name="北京大栅栏商贸有限公司",
            is_migrant=True,
            opposing=_org("北京大栅栏商贸有限公司"),
        ),
    )
    s.lawyer_assign(actor=SYSTEM, case=third, provider_id=lawyers["顾远航"].pk, on_date=ago(58))
    s.event_add(
        actor=SYSTEM,
        case=third,
        kind=CaseStage.ARBITRATION_HEARING,
        on_date=ago(30),
        deadline=ago(2),
        note="仲裁庭要求补交工伤认定材料",
    )
    return "法律援助案件3件（1件利益冲突经审查排除，1件结案挽回3.68万元），律师3名"
