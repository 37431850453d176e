"""The stations part of the services' demo (SCENARIOS / issue 19 §6): lawyers of two districts (朝阳, 西城; the
people and firms are fictional) paired with the service stations the demo world has there, a rota around the
demo's today (two weeks back, two weeks on), about thirty consultations across the topics with materials handed
out, and two dispute-screening visits with the risks found, one of them followed up and resolved.

Running it again creates nothing: providers are found by their licence number, pairings by provider and station,
and the rota, consultations and visits are only made with their pairing or provider."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.core.paths import is_within
from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org
from gonghui.members.models import Membership
from gonghui.orgs.models import Employer, Org, Place

from . import stations_services as services
from .models import (
    Channel,
    Consultation,
    Outcome,
    Provider,
    ProviderKind,
    RiskKind,
    RiskLevel,
    ScreeningVisit,
    Topic,
)

# (district union, [(name, kind, firm, licence, availability, [station names], weekday, hours)])
LAWYERS = {
    "朝阳区总工会": [
        (
            "程立言",
            ProviderKind.PRO_BONO_LAWYER,
            "北京衡正律师事务所",
            "11105202010001",
            "每周二全天",
            ["美团骑手党群服务中心"],
            1,
            (9, 12),
        ),
        (
            "许若楠",
            ProviderKind.DUTY_LAWYER,
            "北京明川律师事务所",
            "11105201810002",
            "每周四下午",
            ["朝阳区总工会职工服务中心", "美团骑手党群服务中心"],
            3,
            (14, 17),
        ),
        (
            "杜成钧",
            ProviderKind.PRO_BONO_LAWYER,
            "北京衡正律师事务所",
            "11105201510003",
            "每周一上午",
            ["常营地区职工之家"],
            0,
            (9, 12),
        ),
        (
            "韦静怡",
            ProviderKind.COUNSELLOR,
            "朝阳区心理健康服务中心",
            "",
            "每月第一个周六",
            ["朝阳区总工会职工服务中心"],
            5,
            (9, 11),
        ),
    ],
    "西城区总工会": [
        (
            "顾远航",
            ProviderKind.PRO_BONO_LAWYER,
            "北京正衡律师事务所",
            "11102201910004",
            "每周三上午",
            ["大栅栏街道工会服务站"],
            2,
            (9, 12),
        ),
        (
            "邵明珠",
            ProviderKind.DUTY_LAWYER,
            "北京德润律师事务所",
            "11102202110005",
            "每周五全天",
            ["西城区总工会职工服务中心", "大栅栏街道工会服务站"],
            4,
            (9, 16),
        ),
    ],
}
TOPICS = (
    Topic.WAGES,
    Topic.CONTRACT,
    Topic.WAGES,
    Topic.INJURY,
    Topic.INSURANCE,
    Topic.DISMISSAL,
    Topic.WAGES,
    Topic.LEAVE,
    Topic.CONTRACT,
    Topic.SAFETY,
    Topic.OTHER,
    Topic.DISMISSAL,
    Topic.INSURANCE,
    Topic.WAGES,
    Topic.INJURY,
)
SUMMARIES = {
    Topic.CONTRACT: "入职两个月未签书面劳动合同，询问二倍工资",
    Topic.WAGES: "加班费未按规定计发，询问计算方法和维权途径",
    Topic.INJURY: "送餐途中受伤，询问工伤认定申请",
    Topic.INSURANCE: "单位未缴纳社会保险，询问补缴办法",
    Topic.DISMISSAL: "被单位口头辞退，询问经济补偿",
    Topic.LEAVE: "年休假未安排也未补偿，询问权利",
    Topic.SAFETY: "高温天气户外作业防护不足，询问用人单位责任",
    Topic.OTHER: "询问工会入会手续",
}
OUTCOMES = (
    (Outcome.ANSWERED, ""),
    (Outcome.ANSWERED, ""),
    (Outcome.MEDIATED, ""),
    (Outcome.ANSWERED, ""),
    (Outcome.LEGAL_AID, "区法律援助中心"),
    (Outcome.ARBITRATION, "区劳动人事争议仲裁院"),
    (Outcome.DEPARTMENT, "区人力社保局劳动保障监察大队"),
)
MATERIALS = ("《劳动合同法》宣传册", "职工维权服务指南", "新就业形态劳动者权益保障折页")
CONSULTATIONS = 30


def _place(name: str, district: Org) -> Place | None:
    place = Place.objects.filter(name=name).order_by("pk").first()
    return place if place is not None and is_within(place.org_path, district.path) else None


def _provider(district: Org, spec) -> tuple[Provider, bool]:
    name, kind, firm, licence, availability, *_ = spec
    found = Provider.objects.filter(org=district, name=name, firm=firm).first()
    if found:
        return found, False
    return services.provider_register(
        actor=SYSTEM,
        org=district,
        name=name,
        kind=kind,
        firm=firm,
        licence=licence,
        availability=availability,
    ), True


def _rota(pairing, weekday: int, hours: tuple[int, int], today: dt.date) -> int:
    if pairing.shifts.exists():
        return 0
    first, last = max(pairing.starts_on, today - dt.timedelta(days=14)), today + dt.timedelta(days=16)
    return len(
        services.shifts_by_pattern(
            actor=SYSTEM,
            pairing=pairing,
            first=first,
            last=last,
            weekday=weekday,
            starts_at=dt.time(hours[0]),
            ends_at=dt.time(hours[1]),
        )
    )


def _members(district: Org, n: int) -> list[Membership]:
    return list(Membership.objects.in_subtree(district).filter(number__isnull=False).order_by("pk")[:n])


def _consultations(paired: list, today: dt.date) -> int:
    """About thirty consultations over the two months before today, at the paired stations and by phone."""
    if not paired or Consultation.objects.filter(provider__in=[p.provider for p in paired]).exists():
        return 0
    members = {p.provider.org_id: _members(p.provider.org, 10) for p in paired}
    made = 0
    for i in range(CONSULTATIONS):
        pairing = paired[i % len(paired)]
        topic = TOPICS[i % len(TOPICS)]
        outcome, referral = OUTCOMES[i % len(OUTCOMES)]
        by_phone = i % 4 == 3
        who = members[pairing.provider.org_id]
        membership = who[i % len(who)] if who and i % 3 == 0 else None
        services.consultation_record(
            actor=SYSTEM,
            data=services.ConsultationData(
                org=pairing.place.org,
                date=today - dt.timedelta(days=1 + (i * 2) % 58),
                channel=Channel.PHONE if by_phone else Channel.STATION,
                place=None if by_phone else pairing.place,
                topic=topic,
                outcome=outcome,
                referral=referral,
                provider=pairing.provider,
                member_number=membership.number if membership else "",
                summary=SUMMARIES[topic],
                materials=[] if by_phone else [(MATERIALS[i % len(MATERIALS)], 5 + (i * 7) % 30)],
            ),
        )
        made += 1
    return made


def _screening(district: Org, street: Org, today: dt.date, resolved: bool) -> int:
    employer = (
        Employer.objects.in_subtree(street).order_by("name", "pk").first()
        or Employer.objects.in_subtree(district).order_by("name", "pk").first()
    )
    if employer is None or ScreeningVisit.objects.filter(org=street, employer=employer).exists():
        return 0
    day = today - dt.timedelta(days=40 if resolved else 12)
    visit = services.screening_record(
        actor=SYSTEM,
        org=street,
        employer=employer,
        date=day,
        visitors="街道工会主席、公益律师",
        notes="与企业负责人和职工代表座谈，查阅劳动合同和工资发放台账。",
    )
    wages = services.risk_add(
        actor=SYSTEM,
        visit=visit,
        kind=RiskKind.WAGES,
        description="部分一线职工上月工资延迟发放",
        level=RiskLevel.MAJOR if resolved else RiskLevel.SERIOUS,
    )
    services.risk_add(
        actor=SYSTEM,
        visit=visit,
        kind=RiskKind.CONTRACT,
        description="新入职职工劳动合同签订不及时",
        level=RiskLevel.ORDINARY,
    )
    if resolved:
        services.risk_follow_up(
            actor=SYSTEM,
            risk=wages,
            follow_up="街道工会会同劳动保障所约谈企业，企业已补发工资并承诺按月足额发放。",
            resolved_on=day + dt.timedelta(days=10),
        )
    return 1


@transaction.atomic
def load() -> str:
    today = timezone.localdate()
    made = {"providers": 0, "pairings": 0, "shifts": 0}
    paired = []
    for district_name, specs in LAWYERS.items():
        district = demo_org(district_name)
        for spec in specs:
            provider, new = _provider(district, spec)
            made["providers"] += new
            for index, station_name in enumerate(spec[5]):
                place = _place(station_name, district)
                if place is None:
                    continue
                pairing = provider.pairings.filter(place=place).first()
                if pairing is None:
                    pairing = services.pairing_create(
                        actor=SYSTEM,
                        provider=provider,
                        place=place,
                        starts_on=dt.date(today.year - 1, 1, 1),
                        note="年度律师进服务站",
                    )
                    made["pairings"] += 1
                if provider.is_lawyer:
                    paired.append(pairing)
                # a second station on the next working day: one person is never at two stations at once
                made["shifts"] += _rota(pairing, (spec[6] + index) % 5 if index else spec[6], spec[7], today)
    consultations = _consultations(paired, today)
    visits = _screening(demo_org("朝阳区总工会"), demo_org("东湖街道总工会"), today, resolved=True)
    visits += _screening(demo_org("西城区总工会"), demo_org("大栅栏街道总工会"), today, resolved=False)
    if not any((*made.values(), consultations, visits)):
        return "律师进服务站：已有 present"
    return (
        f"律师进服务站：登记{made['providers']}人，对接{made['pairings']}处，排班{made['shifts']}次，"
        f"法律咨询{consultations}次，排查走访{visits}家"
    )
