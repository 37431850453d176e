"""The demo's competitions from the reports: 东城's "五月的鲜花" song contest (001-1: 86家单位的2500余名干部职工组成71支
队伍). Running it again adds nothing. The units' names are the district's departments and streets, and the base
unions the demo world has under 东城; the teams and their sizes are the demo's own (the report gives the totals)."""

import datetime as dt

from django.db import transaction

from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import last_year
from gonghui.demo.loader import demo_org
from gonghui.orgs.models import Level, Org

from . import services
from .models import Competition, CompetitionKind, EntrantKind, Format

SONG_001_1 = "“颂歌献给党 劳动创未来”五月的鲜花歌咏比赛"
SONG_UNITS, SONG_PEOPLE, SONG_TEAMS = 86, 2536, 71  # "86家单位的2500余名干部职工组成71支队伍"
JOINT_TEAMS = SONG_UNITS - SONG_TEAMS  # 15 联队 of two units each: 区委办、区委研究室联队 and the like
DEPARTMENTS = (
    "区委办",
    "区委研究室",
    "区政府办",
    "区政府研究室",
    "区外联办",
    "区发展改革委",
    "区教委",
    "区科信局",
    "区民政局",
    "区司法局",
    "区财政局",
    "区人力社保局",
    "区住房城市建设委",
    "区城市管理委",
    "区水务局",
    "区商务局",
    "区文化和旅游局",
    "区卫生健康委",
    "区退役军人局",
    "区应急局",
    "区市场监管局",
    "区统计局",
    "区医保局",
    "区园林绿化局",
    "区体育局",
    "区国资委",
    "区审计局",
    "区信访办",
    "区政务服务局",
    "区档案馆",
)
STREETS = (
    "东华门街道",
    "景山街道",
    "交道口街道",
    "安定门街道",
    "北新桥街道",
    "东四街道",
    "朝阳门街道",
    "建国门街道",
    "东直门街道",
    "和平里街道",
    "前门街道",
    "崇文门外街道",
    "东花市街道",
    "龙潭街道",
    "体育馆路街道",
    "天坛街道",
    "永定门外街道",
)


def _song_units(dongcheng: Org) -> list[services.UnitData]:
    units = [services.UnitData(name=f"东城{d}") for d in DEPARTMENTS]
    units += [services.UnitData(name=f"东城区{s}") for s in STREETS]
    bases = Org.objects.in_subtree(dongcheng).filter(level=Level.BASE).order_by("path")
    units += [services.UnitData(union=o) for o in bases[: SONG_UNITS - len(units)]]
    n = 1
    while len(units) < SONG_UNITS:
        units.append(services.UnitData(name=f"东城区属企业第{n}工会"))
        n += 1
    return units


@transaction.atomic
def load_song_001_1() -> str:
    dongcheng = demo_org("东城区总工会")
    if Competition.objects.filter(org=dongcheng, name=SONG_001_1).exists():
        return "已有 present"
    competition = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=dongcheng,
            kind=CompetitionKind.CULTURE,
            name=SONG_001_1,
            starts_on=last_year(dt.date(2024, 3, 15)),
            ends_on=last_year(dt.date(2024, 6, 20)),
            entrant_kind=EntrantKind.TEAM,
            description="东城区总工会、区直机关工委联合举办；展演活动集中展示比赛成果。",
            stages=[services.StageData("歌咏比赛", Format.JUDGED)],
            backdate_reason="演示数据：据报道补录（001-1）",
        ),
    )
    group = competition.groups.get()
    units = _song_units(dongcheng)
    per_team, extra = divmod(SONG_PEOPLE, SONG_TEAMS)
    teams = []
    for i in range(SONG_TEAMS):
        if i < JOINT_TEAMS:
            pair = units[2 * i : 2 * i + 2]
            name = "、".join(u.label for u in pair) + "联队"
        else:
            pair = [units[JOINT_TEAMS + i]]
            name = f"{pair[0].label}合唱队"
        teams.append(
            services.EntrantData(
                group=group,
                name=name,
                units=pair,
                people=per_team + (1 if i < extra else 0),
                number=f"{i + 1:03d}",
            )
        )
    services.entrants_add_many(
        actor=SYSTEM,
        competition=competition,
        rows=list(enumerate(teams, start=2)),
        source="演示数据（001-1）",
    )
    return f"歌咏比赛 song contest: {SONG_TEAMS}支队伍 新建 new（东城区）"


def load() -> str:
    """The module's demo step (core.modules): what `gonghui demo` prints for it."""
    from .demo_judged import load_zongzi_002_5
    from .demo_league import load_football
    from .demo_photo import load_photo_000_3, load_sports_000_3

    made = [
        load_song_001_1(),
        load_zongzi_002_5(),
        load_sports_000_3(),
        load_photo_000_3(),
        load_football(),
    ]
    return "已有 present" if all(m == "已有 present" for m in made) else "；".join(made)
