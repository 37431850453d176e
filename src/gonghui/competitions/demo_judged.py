"""The demo's judged contest: 常营's zongzi-wrapping skill contest of report 002-5 (“奋斗时代 匠心常营”职工技能竞赛
（包四角粽子）at 劲松职高常营校区: 80 entrants, one judge, the criteria 用料配比 and 四角成型速度, 一等奖1名、二等奖2名、
三等奖3名). The entrants' names are the demo's own, each from a union of 常营's subtree; the marks are drawn from a
seeded generator, the first seed whose marks put no tie on a prize boundary. Running it again adds nothing."""

import datetime as dt
import random

from django.db import transaction

from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import last_year
from gonghui.demo.loader import demo_org
from gonghui.orgs.models import Org

from . import judged_services, services
from .models import Competition, CompetitionKind, CriterionKind, Format

ZONGZI_002_5 = "“奋斗时代 匠心常营”职工技能竞赛（包四角粽子）"
ENTRANTS = 80
TIERS = (("一等奖", 1), ("二等奖", 2), ("三等奖", 3))
SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "秀英桂兰玉梅淑珍丽娟红霞丽华海燕建国志强春生金凤雪梅晓东德明凤英建华国庆美玲文静"


def _names(rng: random.Random) -> list[str]:
    names: list[str] = []
    while len(names) < ENTRANTS:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in names:
            names.append(name)
    return names


def _marks(seed: int) -> list[tuple[int, int]]:
    """(用料配比, 四角成型速度) in hundredths for each entrant: marks in tenths from 30 to 50 each."""
    rng = random.Random(seed)
    return [(rng.randint(300, 500) * 10, rng.randint(300, 500) * 10) for _ in range(ENTRANTS)]


def marks_without_boundary_ties() -> list[tuple[int, int]]:
    """The marks of the first seed whose totals separate ranks 1|2, 3|4 and 6|7 (the prize boundaries)."""
    seed = 2024
    while True:
        marks = _marks(seed)
        totals = sorted((a + b for a, b in marks), reverse=True)
        if all(totals[b - 1] > totals[b] for b in (1, 3, 6)):
            return marks
        seed += 1


@transaction.atomic
def load_zongzi_002_5() -> str:
    changying = demo_org("常营地区总工会")
    if Competition.objects.filter(org=changying, name=ZONGZI_002_5).exists():
        return "已有 present"
    day = last_year(dt.date(2024, 6, 5))
    competition = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=changying,
            kind=CompetitionKind.SKILL,
            name=ZONGZI_002_5,
            starts_on=day,
            ends_on=day,
            place_text="劲松职高常营校区",
            description="端午节前夕，常营地区总工会举办包四角粽子技能竞赛，80名职工参赛。",
            tiers=[services.TierData(name, count) for name, count in TIERS],
            stages=[services.StageData("决赛", Format.JUDGED, starts_on=day)],
            backdate_reason="演示数据：据报道补录（002-5）",
        ),
    )
    group = competition.groups.get()
    unions = list(Org.objects.in_subtree(changying).exclude(pk=changying.pk).order_by("path")) or [changying]
    rng = random.Random(5)
    rows = [
        services.EntrantData(
            group=group,
            name=name,
            units=[services.UnitData(union=unions[i % len(unions)])],
            number=f"{i + 1:02d}",
        )
        for i, name in enumerate(_names(rng))
    ]
    entrants = services.entrants_add_many(
        actor=SYSTEM, competition=competition, rows=list(enumerate(rows, start=2)), source="演示数据（002-5）"
    )
    stage = competition.stages.get()
    ratio = judged_services.criterion_add(
        actor=SYSTEM, stage=stage, name="用料配比", max_points=5000, kind=CriterionKind.JUDGED
    )
    speed = judged_services.criterion_add(
        actor=SYSTEM, stage=stage, name="四角成型速度", max_points=5000, kind=CriterionKind.MEASURED
    )
    judge = judged_services.judge_add(
        actor=SYSTEM,
        stage=stage,
        group=group,
        name="牛京刚",
        title="第一届“朝阳工匠”、劲松职业高中中餐烹饪专业主任",
        unit="劲松职业高中",
    )
    judged_services.judged_start(actor=SYSTEM, stage=stage)
    stage.refresh_from_db()
    for entrant, (a, b) in zip(entrants, marks_without_boundary_ties(), strict=True):
        judged_services.scores_save(judge=judge, entrant=entrant, typed={ratio.pk: _text(a)})
        judged_services.measure_save(actor=SYSTEM, stage=stage, entrant=entrant, typed={speed.pk: _text(b)})
    judged_services.judged_confirm(actor=SYSTEM, stage=stage)
    services.results_publish(actor=SYSTEM, competition=competition)
    return f"包粽子技能竞赛 zongzi contest: {ENTRANTS}名选手 新建 new（常营）"


def _text(points: int) -> str:
    whole, part = divmod(points, 100)
    return f"{whole}.{part:02d}"
