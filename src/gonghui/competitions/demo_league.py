"""The demo's league: 东城's 职工五人制足球赛, ten teams in two pools (A组, B组 by seed serpentine), the group stage
played and confirmed — A组's top three level on points and ranked by head-to-head (rule C4) — and the knockout's
semi-finals drawn (A1 v B2, B1 v A2, rule C5) with the first one played, the rest left to enter on the page."""

import datetime as dt

from django.db import transaction

from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import last_year
from gonghui.demo.loader import demo_org

from . import league_services, services
from .models import Competition, CompetitionKind, EntrantKind, Format, Match

FOOTBALL = "东城区职工五人制足球赛"
TEAMS = (
    "区教委",
    "区卫生健康委",
    "区城市管理委",
    "区财政局",
    "区水务局",
    "区商务局",
    "区体育局",
    "区国资委",
    "区审计局",
    "区档案馆",
)
RING = {("区教委", "区财政局"): (1, 0), ("区财政局", "区水务局"): (2, 0), ("区水务局", "区教委"): (3, 0)}


def _score(h: str, a: str) -> tuple[int, int]:
    if (h, a) in RING:
        return RING[(h, a)]
    if (a, h) in RING:
        return RING[(a, h)][::-1]
    return (2, 1) if TEAMS.index(h) < TEAMS.index(a) else (1, 2)


@transaction.atomic
def load_football() -> str:
    dongcheng = demo_org("东城区总工会")
    if Competition.objects.filter(org=dongcheng, name=FOOTBALL).exists():
        return "已有 present"
    day = last_year(dt.date(2024, 9, 7))
    c = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=dongcheng,
            kind=CompetitionKind.SPORT,
            name=FOOTBALL,
            starts_on=day,
            entrant_kind=EntrantKind.TEAM,
            groups=["机关组"],
            tiers=[services.TierData("冠军", 1), services.TierData("亚军", 1), services.TierData("季军", 1)],
            stages=[
                services.StageData(
                    "小组赛",
                    Format.LEAGUE,
                    advance=2,
                    starts_on=day,
                    settings={"pitches": ["1号场", "2号场"]},
                ),
                services.StageData(
                    "淘汰赛",
                    Format.KNOCKOUT,
                    starts_on=day + dt.timedelta(days=35),
                    settings={"third_place": True, "pitches": ["体育馆主场"]},
                ),
            ],
            backdate_reason="演示数据：循环赛和淘汰赛示例",
        ),
    )
    group = c.groups.get()
    for seed, name in enumerate(TEAMS, start=1):
        services.entrant_add(
            actor=SYSTEM,
            competition=c,
            data=services.EntrantData(
                group=group,
                name=f"东城{name}队",
                seed=seed,
                people=8,
                units=[services.UnitData(name=f"东城{name}")],
            ),
        )
    league, knockout = c.stages.order_by("order")
    league_services.league_start(actor=SYSTEM, stage=league, pools=2)
    for m in Match.objects.filter(stage=league).select_related("home", "away"):
        h, a = (
            m.home.name.removeprefix("东城").removesuffix("队"),
            m.away.name.removeprefix("东城").removesuffix("队"),
        )
        league_services.result_enter(actor=SYSTEM, match=m, score=league_services.Score(*_score(h, a)))
    league_services.league_confirm(actor=SYSTEM, stage=league)
    league_services.knockout_start(actor=SYSTEM, stage=knockout)
    first = Match.objects.filter(stage=knockout, round=1).order_by("position").first()
    if first is not None:
        league_services.result_enter(actor=SYSTEM, match=first, score=league_services.Score(2, 1))
    return "五人制足球赛 football league: 10支队伍 新建 new（东城区）"
