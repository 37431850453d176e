"""The demo's honours: 通州区's 2024 national and capital labour awards exactly as report 000-2 counts them
("1家单位荣获全国五一劳动奖状，1人荣获全国五一劳动奖章；3家单位荣获首都劳动奖状，5个车间班组荣获北京市工人先锋号，13人荣获
首都劳动奖章"), spread over 通州's streets so that each street counts only its own. Running it again adds nothing.

The units, teams and people are the demo's own (the report names none of them)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import reported
from gonghui.demo.loader import demo_org

from . import round_selectors as rs
from . import round_services as rounds
from .models import AwardType, Honour, Round
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
def load() -> str:
    streets = [demo_org(name) for name in STREETS]
    if Honour.objects.in_subtree(streets[0].parent).filter(year=YEAR).exists():
        return f"已有 present；{load_round()}"
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
    made = f"评选表彰 honours: {len(HONOURS)} 新建 new（通州区{YEAR}年）"
    return f"{made}；{load_round()}"


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


def load_round() -> str:
    root = demo_org("北京市总工会")
    year = timezone.localdate().year
    name = f"{year}年首都劳动奖和北京市工人先锋号"
    if Round.objects.filter(org=root, name=name).exists():
        return "评选 round: 已有 present"
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
