"""The evaluations part of the governance demo (issue 20 §6; rule G4): 朝阳区总工会's 2025 evaluation of three of its
streets (东湖, 常营, 望京) on a scheme of 3 categories and 7 indicators using every scoring method; each street's
self-assessment with evidence, the group's site visits and scores, locked and published; 东湖 earns a bonus."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org

from . import evaluations_services as services
from .evaluations_tree import parse
from .models import EvaluationRound, EvaluationScheme, RoundStatus

SCHEME = "街道工会年度工作考核方案"
ROUND = "2025年度街道工会工作考核"
TREE = """组织建设 40
- 新建会率 | 达标 | 20 | 达标线=90 未达标得分=8
- 会员实名制入会人数 | 比较 | 20
维权服务 35
- 劳动争议调处 | 扣分 | 20 | 每次扣分=4 最低分=8
- 困难职工帮扶户数 | 比较 | 15
工作创新 25
- 工作台账规范 | 达标 | 25 | 达标线=95 未达标得分=15
- 创新工作获市级表彰 | 加分 | 0 | 上限=3
- 被通报批评 | 减分 | 0 | 上限=5
- 重大安全生产责任事故 | 否决 | 0 | 否决方式=清零"""
STREETS = ("东湖街道总工会", "常营地区总工会", "望京街道总工会")
# the value each street claims, then the group's value where it differs (hundredths)
CLAIMS = {
    "东湖街道总工会": {
        "新建会率": 9400,
        "会员实名制入会人数": 128600,
        "劳动争议调处": 100,
        "困难职工帮扶户数": 4200,
        "工作台账规范": 9800,
        "创新工作获市级表彰": 300,
        "被通报批评": 0,
        "重大安全生产责任事故": 0,
    },
    "常营地区总工会": {
        "新建会率": 9100,
        "会员实名制入会人数": 97300,
        "劳动争议调处": 200,
        "困难职工帮扶户数": 5100,
        "工作台账规范": 9600,
        "创新工作获市级表彰": 0,
        "被通报批评": 0,
        "重大安全生产责任事故": 0,
    },
    "望京街道总工会": {
        "新建会率": 9000,
        "会员实名制入会人数": 112000,
        "劳动争议调处": 0,
        "困难职工帮扶户数": 3600,
        "工作台账规范": 9700,
        "创新工作获市级表彰": 0,
        "被通报批评": 100,
        "重大安全生产责任事故": 0,
    },
}
REVIEWED = {
    "常营地区总工会": {
        "新建会率": (8800, "实地抽查2家企业未建会，核减"),
        "工作台账规范": (9300, "台账缺第三季度记录"),
    },
    "望京街道总工会": {"劳动争议调处": (100, "区仲裁院转来1件未及时调处")},
}
VISITS = {
    "东湖街道总工会": dt.date(2025, 12, 9),
    "常营地区总工会": dt.date(2025, 12, 10),
    "望京街道总工会": dt.date(2025, 12, 11),
}
GROUP = "刘建国、陈丽华、孙志强"


def load() -> str:
    district = demo_org("朝阳区总工会")
    if EvaluationRound.objects.filter(org=district, name=ROUND).exists():
        return f"考核评比：已有“{ROUND}”"
    scheme = EvaluationScheme.objects.filter(org=district, name=SCHEME).first() or services.scheme_create(
        actor=SYSTEM,
        org=district,
        name=SCHEME,
        categories=parse(TREE),
        note="演示数据：朝阳区总工会对街道工会的年度考核",
    )
    streets = [demo_org(name) for name in STREETS]
    rnd = services.round_create(actor=SYSTEM, scheme=scheme, name=ROUND, year=2025, units=streets)
    ids = {i.name: i.pk for i in scheme.indicators.all()}
    units = {u.org.name: u for u in rnd.units.select_related("org")}
    for name, claims in CLAIMS.items():
        services.self_assess(
            actor=SYSTEM,
            unit=units[name],
            values={ids[k]: (v, "见年度工作总结及台账", f"{k}佐证材料.pdf") for k, v in claims.items()},
        )
    rnd = services.advance(actor=SYSTEM, rnd=rnd, to=RoundStatus.REVIEW)
    for name, unit in units.items():
        scores = {ids[k]: v for k, v in REVIEWED.get(name, {}).items()}
        confirmed = {ids[k]: (v, "核实无误") for k, v in CLAIMS[name].items() if ids[k] not in scores}
        services.score(
            actor=SYSTEM,
            unit=unit,
            values=confirmed | scores,
            visit=(VISITS[name], GROUP, "查阅台账，走访基层工会2家"),
        )
    rnd = services.advance(actor=SYSTEM, rnd=rnd, to=RoundStatus.LOCKED)
    services.advance(actor=SYSTEM, rnd=rnd, to=RoundStatus.PUBLISHED)
    return f"考核评比：{ROUND}，考核{len(streets)}个街道工会，已公布排名"
