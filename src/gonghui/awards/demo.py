"""The demo's honours: 通州区's 2024 national and capital labour awards exactly as report 000-2 counts them
("1家单位荣获全国五一劳动奖状，1人荣获全国五一劳动奖章；3家单位荣获首都劳动奖状，5个车间班组荣获北京市工人先锋号，13人荣获
首都劳动奖章"), spread over 通州's streets so that each street counts only its own. Running it again adds nothing.

The units, teams and people are the demo's own (the report names none of them)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.core import modules
from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import reported
from gonghui.demo.loader import demo_org
from gonghui.members.models import Person
from gonghui.members.selectors import live_membership

from . import round_selectors as rs
from . import round_services as rounds
from .models import AwardType, Honour, ModelWorker, Round, Team, TeamKind
from .registry_services import team_create, team_member_add, visit_record
from .services import honour_record

YEAR = 2024
STREETS = ("北苑街道总工会", "中仓街道总工会", "新华街道总工会", "梨园镇总工会")

# (award type code, street index, unit, team, person, position)
HONOURS = [
    ("national-labour-certificate", 3, "北京城市副中心投资建设集团有限公司", "", "", ""),
    ("national-labour-medal", 0, "北京通州区环境卫生服务中心", "", "李建国", "环卫班组长"),
    ("capital-labour-certificate", 1, "北京中仓物流有限公司", "", "", ""),
    ("capital-labour-certificate", 2, "北京新华印刷有限公司", "", "", ""),
    ("capital-labour-certificate", 3, "北京梨园供热有限公司", "", "", ""),
    ("capital-pioneer", 0, "北京北苑公交客运有限公司", "第一车队", "", ""),
    ("capital-pioneer", 1, "北京中仓物流有限公司", "分拣中心甲班", "", ""),
    ("capital-pioneer", 2, "北京新华印刷有限公司", "装订车间", "", ""),
    ("capital-pioneer", 3, "北京梨园供热有限公司", "检修班", "", ""),
    ("capital-pioneer", 3, "北京城市副中心投资建设集团有限公司", "第三项目部", "", ""),
    *[
        ("capital-labour-medal", i % 4, unit, "", name, position)
        for i, (unit, name, position) in enumerate(
            [
                ("北京北苑公交客运有限公司", "王秀兰", "驾驶员"),
                ("北京中仓物流有限公司", "张志强", "分拣员"),
                ("北京新华印刷有限公司", "刘桂英", "装订工"),
                ("北京梨园供热有限公司", "陈永刚", "检修工"),
                ("北京通州区环境卫生服务中心", "杨建华", "环卫工"),
                ("北京中仓物流有限公司", "赵丽娟", "快递员"),
                ("北京新华印刷有限公司", "孙德明", "机长"),
                ("北京城市副中心投资建设集团有限公司", "周海涛", "项目经理"),
                ("北京北苑公交客运有限公司", "吴小燕", "乘务员"),
                ("北京中仓物流有限公司", "郑国栋", "叉车司机"),
                ("北京新华印刷有限公司", "冯淑珍", "质检员"),
                ("北京梨园供热有限公司", "何卫东", "锅炉工"),
                ("北京通州区环境卫生服务中心", "韩春梅", "保洁员"),
            ]
        )
    ],
]


@transaction.atomic
def load_honours() -> str:
    streets = [demo_org(name) for name in STREETS]
    if Honour.objects.in_subtree(streets[0].parent).filter(year=YEAR).exists():
        return "已有 present"
    types = {t.code: t for t in AwardType.objects.all()}
    for code, street, unit, team, person, position in HONOURS:
        honour_record(
            actor=SYSTEM,
            org=streets[street],
            award_type=types[code],
            year=YEAR,
            unit_name=unit,
            team_name=team,
            person_name=person,
            position=position,
        )
    return f"评选表彰 honours: {len(HONOURS)} 新建 new（通州区{YEAR}年）"


# ---- 002-3: 北京排水集团's "劳模榜样宣讲团" and its care of model workers (rule A6) ---------------------------------

DRAINAGE_UNION = "北京排水集团工会"
DRAINAGE = "北京城市排水集团有限责任公司"
LECTURE_TEAM = "北京排水集团“劳模榜样宣讲团”"
# (award type code, year, name, position, role in the team); the people are the demo's own (the report names none)
DRAINAGE_WORKERS = [
    ("national-model-worker", 2020, "王建军", "管网运营分公司养护班班长", "团长"),
    ("capital-model-worker", 2015, "李文博", "高碑店再生水厂工艺工程师", ""),
    ("capital-model-worker", 2020, "刘海燕", "水质监测中心主任", ""),
    ("capital-model-worker", 2025, "张立新", "排水抢险大队队长", ""),
]
# (day, visited, who visited, what was given): the care mechanism of 002-3
DRAINAGE_VISITS = [
    (dt.date(2025, 9, 28), "王建军", "北京排水集团工会主席", "节日慰问品一份、慰问信"),
    (dt.date(2026, 1, 20), "李文博", "北京排水集团工会副主席、管网运营分公司工会主席", "春节慰问金1000元"),
]


@transaction.atomic
def load_registry() -> str:
    union = demo_org(DRAINAGE_UNION)
    if Team.objects.filter(org=union, name=LECTURE_TEAM).exists():
        return "已有 present"
    types = {t.code: t for t in AwardType.objects.filter(model_worker=True)}
    workers = {}
    for code, year, name, position, _role in DRAINAGE_WORKERS:
        honour_record(
            actor=SYSTEM,
            org=union,
            award_type=types[code],
            year=year,
            unit_name=DRAINAGE,
            person_name=name,
            position=position,
        )
        workers[name] = ModelWorker.objects.get(person__isnull=True, name=name, unit_name=DRAINAGE)
    founded = dt.date(2025, 11, 20)
    team = team_create(
        actor=SYSTEM,
        org=union,
        kind=TeamKind.LECTURE,
        name=LECTURE_TEAM,
        founded_on=founded,
        note="首批成员涵盖全国劳动模范、北京市劳动模范（SCENARIOS 002-3）",
    )
    for _code, _year, name, _position, role in DRAINAGE_WORKERS:
        team_member_add(actor=SYSTEM, team=team, worker=workers[name], joined_on=founded, role=role)
    for day, name, visitors, given in DRAINAGE_VISITS:
        visit_record(
            actor=SYSTEM,
            worker=workers[name],
            visited_on=day,
            visitors=visitors,
            given=given,
            backdate_reason="演示数据：劳模关心慰问机制（002-3）",
        )
    return f"劳模宣讲团 lecture team: {len(DRAINAGE_WORKERS)}位劳模、{len(DRAINAGE_VISITS)}次慰问 新建 new（北京排水集团）"


# ---- 002-2: the six model-worker speakers at 政法卫生文化工会's lecture (rule A6) ------------------------------------

LECTURE_ORG = "北京市政法卫生文化工会"
# the titles the demo gives the lecture's speakers, in the order they spoke: (award type code, year)
SPEAKER_HONOURS = [
    ("national-model-worker", 2020),
    ("capital-model-worker", 2015),
    ("capital-advanced-worker", 2020),
    ("capital-model-worker", 2020),
    ("capital-advanced-worker", 2025),
    ("capital-model-worker", 2025),
]


@transaction.atomic
def load_speakers() -> str:
    """Enter the speakers of the industry union's lecture (recorded by the activities' demo step) in the
    model-worker registry, each under their own union, so that "6位劳模先进代表" is counted from the records. Asked
    through the module contract: nothing here imports the activities."""
    org = demo_org(LECTURE_ORG)
    today = timezone.localdate()
    spoken = [
        s for answer in modules.ask("speakers", org, dt.date(today.year - 3, 1, 1), today) for s in answer
    ]
    people = [s.person_id for s in spoken if s.person_id]
    if not people or ModelWorker.objects.filter(person_id__in=people).exists():
        return "已有 present"
    types = {t.code: t for t in AwardType.objects.filter(model_worker=True)}
    entered = 0
    for person in Person.objects.filter(pk__in=people).order_by("pk"):
        membership = live_membership(person, today)
        if membership is None:
            continue
        code, year = SPEAKER_HONOURS[entered % len(SPEAKER_HONOURS)]
        honour_record(
            actor=SYSTEM,
            org=membership.org,
            award_type=types[code],
            year=year,
            person=person,
            unit_name=membership.org.name.removesuffix("工会"),
        )
        entered += 1
    return f"劳模宣讲 lecture speakers: {entered}位劳模先进 新建 new（{LECTURE_ORG}）"


# This year's capital-award round, in progress (DOMAIN §6 A2-A4): opened by the city with its totals, split over the
# districts by their members, and 朝阳's list as it is being assembled, breaking the 产业工人 floor (1 of 4, 25%).
ROUND_TOTALS = [
    ("capital-labour-certificate", "regular", 40),
    ("capital-labour-medal", "regular", 120),
    ("capital-labour-medal", "separate", 20),
    ("capital-pioneer", "regular", 80),
]
# (name, unit, position, categories, deeds)
CHAOYANG_LIST = [
    (
        "刘志刚",
        "北京市朝阳区环境卫生服务中心",
        "环卫班班长",
        ["industrial", "frontline"],
        "扎根一线二十年，带领班组完成重大活动环境保障",
    ),
    ("陈晓敏", "北京朝阳医院", "护士长", ["woman", "frontline"], "疫情期间带领护理团队连续奋战"),
    ("王建军", "北京朝阳城市发展集团有限公司", "总经理", ["head"], "带领企业完成重点民生工程"),
    ("马丽", "北京望京科技园有限公司", "软件工程师", ["woman", "skilled"], "主持研发智慧园区管理平台"),
]


@transaction.atomic
def load_round() -> str:
    root = demo_org("北京市总工会")
    year = timezone.localdate().year
    name = f"{year}年首都劳动奖和北京市工人先锋号"
    if Round.objects.filter(org=root, name=name).exists():
        return "已有 present"
    types = {t.code: t for t in AwardType.objects.all()}
    opened = reported(dt.date(2024, 6, 3))
    round = rounds.round_open(
        actor=SYSTEM,
        org=root,
        name=name,
        year=year,
        totals={(types[code], stream): n for code, stream, n in ROUND_TOTALS},
        on=opened,
    )
    children = rs.children_of(root)
    parts = rs.proposal(rs.lines_of(round, root), children, "members")
    rounds.quotas_set(actor=SYSTEM, round=round, org=root, parts=parts)
    chaoyang = demo_org("朝阳区总工会")
    for person, unit, position, categories, deeds in CHAOYANG_LIST:
        rounds.nomination_add(
            actor=SYSTEM,
            round=round,
            org=chaoyang,
            award_type=types["capital-labour-medal"],
            unit_name=unit,
            person_name=person,
            position=position,
            categories=categories,
            deeds=deeds,
            below_reason="首次推荐",
        )
    return f"评选 round: {name}，名额分配到{len(children)}个下级组织，朝阳区推荐{len(CHAOYANG_LIST)}人"


def load() -> str:
    """The 000-2 honours, 002-3's lecture team, and this year's round in progress. Running it again adds nothing."""
    made = [load_honours(), load_registry(), load_speakers(), load_round()]
    return "已有 present" if all(m == "已有 present" for m in made) else "；".join(made)
