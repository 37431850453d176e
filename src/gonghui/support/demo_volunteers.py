"""The volunteers part of the services' demo (SCENARIOS / issue 19 §6): 东湖街道's volunteer team, three of its
volunteers registered members of its unions, riders of the joint union first (found by member number), and two residents who are not members,
and its "送清凉" community service: haircuts, a free clinic, appliance repair and legal advice, 360 people served,
each volunteer's hours, and five enterprises taking part of which three are named. Idempotent: a second run finds
the team, its volunteers and the event and creates nothing."""

import datetime as dt

from django.db import transaction

from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import reported
from gonghui.demo.loader import demo_org
from gonghui.members.models import Membership, MembershipStatus

from . import volunteers_services as services
from .models.volunteers import VolunteerTeam

STREET = "东湖街道总工会"
RIDERS_UNION = "东湖街道新就业形态劳动者联合工会"
TEAM = "东湖街道职工志愿服务队"
EVENT = "“送清凉”进社区志愿服务"
RESIDENTS = (("刘建国", "维修家电"), ("马秀兰", "理发"))
ENTERPRISES = ("望京物业管理有限公司", "东湖便民超市有限公司", "利泽家电维修服务部")
HOURS = ("3", "2.5", "2", "4", "3.5")  # the volunteers' hours, in the order they joined


def _registered(street, limit: int) -> list[Membership]:
    """Members of unions under the street (the riders' joint union first), who volunteer."""
    rows = (
        Membership.objects.in_subtree(street)
        .filter(status=MembershipStatus.ACTIVE, number__isnull=False)
        .select_related("person", "org")
    )
    riders = [m for m in rows.filter(org__name=RIDERS_UNION).order_by("id")[:limit]]
    return riders + list(rows.exclude(org__name=RIDERS_UNION).order_by("id")[: limit - len(riders)])


@transaction.atomic
def load() -> str:
    street = demo_org(STREET)
    team = VolunteerTeam.objects.filter(org=street, name=TEAM).first()
    if team is not None and team.events.filter(title=EVENT).exists():
        return "志愿服务：已有 present"
    if team is None:
        team = services.team_create(
            actor=SYSTEM,
            data=services.TeamData(
                org=street,
                name=TEAM,
                leader_name="刘建国",
                founded_on=dt.date(2025, 3, 5),
                skills="理发、义诊、维修家电、法律咨询",
            ),
        )
    joined = dt.date(2025, 3, 5)
    for m in _registered(street, 3):
        if not team.members.filter(person=m.person).exists():
            services.member_add(
                actor=SYSTEM, team=team, data=services.MemberData(number=m.number or "", joined_on=joined)
            )
    for name, skills in RESIDENTS:
        if not team.members.filter(name=name).exists():
            services.member_add(
                actor=SYSTEM, team=team, data=services.MemberData(name=name, skills=skills, joined_on=joined)
            )
    volunteers = list(team.members.filter(left_on__isnull=True).order_by("id"))
    event = services.event_record(
        actor=SYSTEM,
        team=team,
        data=services.EventData(
            date=reported(dt.date(2024, 6, 22)),
            title=EVENT,
            place_text="东湖街道利泽中街社区广场",
            notes="为户外劳动者和社区居民提供理发、义诊、家电维修和法律咨询，发放防暑降温用品。",
            people_served=360,
            services={"haircut": 45, "clinic": 120, "repair": 38, "legal": 26, "policy": 150},
            volunteers=[(m, services.minutes_of(h)) for m, h in zip(volunteers, HOURS, strict=False)],
            enterprise_names=list(ENTERPRISES),
            enterprises_total=5,
        ),
    )
    hours = sum(v.minutes for v in event.volunteers.all()) // 60
    given = sum(s.count for s in event.services.all())
    return (
        f"志愿服务：{TEAM}{len(volunteers)}名志愿者开展“送清凉”服务，提供服务{given}项次，"
        f"服务{event.people_served}人次，志愿服务时长{hours}小时，{event.enterprises_total}家企业参与"
    )
