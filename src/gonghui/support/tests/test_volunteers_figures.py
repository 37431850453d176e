"""The volunteers' figures (V2) against a plain reference over generated data: random teams, volunteers and
events (some voided) across both districts, counted for several subtrees and periods; and the report sentence
naming only what happened."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
import time_machine

from gonghui.core.scope import SYSTEM
from gonghui.support import volunteers_selectors as selectors
from gonghui.support import volunteers_services as services
from gonghui.support.models.volunteers import ServiceType

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 9, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
FIRST = dt.date(2025, 1, 1)
SPAN = (dt.date(2026, 8, 31) - FIRST).days


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def _within(org, node) -> bool:
    while org is not None:
        if org.pk == node.pk:
            return True
        org = org.parent
    return False


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_figures_match_a_plain_count_of_what_was_recorded(world, seed):
    rng = random.Random(seed)
    orgs = [
        world.chaoyang,
        world.donghu,
        world.changying,
        world.base_donghu,
        world.dashilan,
        world.base_xicheng,
    ]
    teams, recorded = [], []  # recorded: (org, date, {kind: n}, served, [minutes], voided)
    for i in range(8):
        org = rng.choice(orgs)
        team = services.team_create(
            actor=SYSTEM, data=services.TeamData(org=org, name=f"服务队{i}", is_active=rng.random() < 0.75)
        )
        members = [
            services.member_add(actor=SYSTEM, team=team, data=services.MemberData(name=f"志愿者{i}-{k}"))
            for k in range(rng.randint(0, 5))
        ]
        teams.append(team)
        for _ in range(rng.randint(0, 5)):
            day = FIRST + dt.timedelta(days=rng.randint(0, SPAN))
            counts = {t.value: rng.choice([0, 0, rng.randint(1, 80)]) for t in ServiceType}
            served = rng.choice([0, rng.randint(1, 900)])
            who = rng.sample(members, rng.randint(0, len(members)))
            minutes = [rng.randint(1, 120) * 5 for _ in who]
            event = services.event_record(
                actor=SYSTEM,
                team=team,
                data=services.EventData(
                    date=day,
                    title="社区服务",
                    people_served=served,
                    services=counts,
                    volunteers=list(zip(who, minutes, strict=True)),
                ),
            )
            voided = rng.random() < 0.15
            if voided:
                services.event_void(actor=SYSTEM, event=event, reason="误录")
            recorded.append((org, day, counts, served, minutes, voided))

    periods = [
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2025, 7, 1), dt.date(2026, 3, 31)),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
    ]
    nodes = [world.city, world.chaoyang, world.donghu, world.xicheng, world.base_donghu, world.changying]
    for node in nodes:
        for start, end in periods:
            rows = [r for r in recorded if _within(r[0], node) and start <= r[1] <= end and not r[5]]
            want = {
                "volunteer_teams": sum(1 for t in teams if t.is_active and _within(t.org, node)),
                "volunteer_events": len(rows),
                "volunteer_services": sum(sum(r[2].values()) for r in rows),
                "volunteer_served": sum(r[3] for r in rows),
                "volunteer_hours": sum(sum(r[4]) for r in rows) // 60,
            }
            for t in ServiceType:
                want[f"volunteer_services_{t.value}"] = sum(r[2][t.value] for r in rows)
            assert selectors.figures(node, start, end) == want, (node.name, start, end)


def _fig(**given):
    return {
        key: given.get(key.removeprefix("volunteer_"), 0)
        for key in [*selectors.FIGURES, *selectors.TYPE_KEYS.values()]
    }


def test_the_sentence_says_only_what_happened():
    assert selectors.sentence(_fig()) == ""
    assert selectors.sentence(_fig(teams=3)) == ""  # teams without a service in the period are no news
    assert selectors.sentence(_fig(events=6)) == "开展志愿服务6次"
    full = _fig(
        teams=3, events=6, services=420, served=1200, hours=96, services_haircut=300, services_clinic=100
    )
    full["volunteer_services_repair"] = 20
    assert selectors.sentence(full) == (
        "志愿服务队3支开展志愿服务6次，提供理发、义诊等服务420项次，服务职工群众1,200人次，志愿服务时长96小时"
    )
    one = _fig(events=1, services=12, services_legal=12, served=12000)
    assert selectors.sentence(one) == "开展志愿服务1次，提供法律咨询服务12项次，服务职工群众12,000人次"
    tie = _fig(events=2, services=20, services_policy=10, services_haircut=10)
    assert selectors.sentence(tie) == "开展志愿服务2次，提供理发、政策宣传服务20项次"
