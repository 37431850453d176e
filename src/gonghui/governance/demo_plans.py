"""The plans part of the governance demo (issue 20 §6, rule G3): 交通运输工会's 2026 year plan from its plenary
(002-1), 中铁六局's industrial-worker reform plan in six parts with 丰桥公司 and 广州公司 reporting on their items
(001-4), and 通州's ten-action 建功立业行动方案 (000-2). Idempotent: a plan already there (by node and title) is left
as it is; the two branch unions are created under 中铁六局工会 only if the demo world lacks them."""

import datetime as dt

from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Level, Org, Status

from . import plans_services as services
from .models import Plan, PlanKind

TRANSPORT = "北京市交通运输工会"
CREC = "中铁六局工会"
TONGZHOU = "通州区总工会"
BRANCHES = ("丰桥公司分工会", "广州公司分工会")

TRANSPORT_PLAN = "北京市交通运输工会2026年工作要点"
TRANSPORT_ITEMS: tuple[tuple, ...] = (
    # label, title, target, due (month, day), weight, [(month, day, percent, text)]
    (
        "1",
        "组建交通运输行业创新工作室联盟",
        "联盟成员单位不少于20家，年内开展联合攻关5项",
        (6, 30),
        2,
        [(3, 20, 40, "联盟章程已起草，12家单位确认加入"), (6, 25, 100, "联盟成立大会召开，成员单位21家")],
    ),
    (
        "2",
        "举办交通运输行业职工技能竞赛",
        "设公交驾驶、轨道检修等6个工种，参赛职工3,000人次",
        (10, 31),
        3,
        [(5, 15, 30, "竞赛方案印发，6个工种报名启动"), (9, 10, 70, "4个工种完成决赛")],
    ),
    (
        "3",
        "制定工匠学院建设标准",
        "形成行业工匠学院建设标准（试行）",
        (9, 30),
        None,
        [(4, 28, 20, "完成8家企业调研")],
    ),
    (
        "4",
        "开展新八级工职业技能等级制度研究",
        "形成研究报告并提出试点建议",
        (11, 30),
        None,
        [(6, 12, 50, "课题组完成问卷调查，回收有效问卷1,260份")],
    ),
    ("5", "推动网约车司机、货车司机入会", "新发展司机会员1,500人", (12, 31), 2, []),
)

CREC_PLAN = "中铁六局产业工人队伍建设改革专项行动方案"
CREC_PARTS = (
    ("一", "加强思想政治引领"),
    ("二", "提升技能素质"),
    ("三", "畅通发展通道"),
    ("四", "保障合法权益"),
    ("五", "创新工作载体"),
    ("六", "强化组织保障"),
)
CREC_ITEMS: tuple[tuple, ...] = (
    # part, label, title, owner (0 丰桥, 1 广州, 2 both), due, [(owner index, month, day, percent, text)]
    (
        "一",
        "1",
        "开展“大国工匠进项目”宣讲",
        2,
        (6, 30),
        [(0, 4, 10, 100, "宣讲8场，覆盖一线职工1,100人"), (1, 4, 18, 60, "完成宣讲5场")],
    ),
    ("二", "1", "建设项目部职工培训基地", 0, (9, 30), [(0, 5, 20, 60, "丰台站改项目部培训基地投入使用")]),
    ("二", "2", "开展盾构、桥梁技能比武", 1, (10, 31), [(1, 6, 5, 40, "广州地铁项目完成初赛")]),
    (
        "三",
        "1",
        "推行技能等级与岗位薪酬挂钩",
        2,
        (12, 31),
        [(0, 6, 10, 30, "制定技能津贴办法（征求意见稿）")],
    ),
    ("四", "1", "劳务派遣人员同工同酬专项检查", 1, (8, 31), [(1, 5, 30, 50, "检查项目部6个")]),
    (
        "五",
        "1",
        "创建劳模和工匠人才创新工作室",
        0,
        (11, 30),
        [(0, 6, 18, 70, "丰桥公司创新工作室挂牌，立项课题3项")],
    ),
    (
        "六",
        "1",
        "建立改革工作月调度制度",
        2,
        (3, 31),
        [(0, 3, 28, 100, "月调度会已召开"), (1, 3, 30, 100, "已建立")],
    ),
)

TONGZHOU_PLAN = "通州区职工建功立业行动方案"
TONGZHOU_ACTIONS = (
    "劳动竞赛助力城市副中心建设行动",
    "首都劳动奖和工人先锋号选树行动",
    "职工技能提升行动",
    "职工创新工作室建设行动",
    "劳模工匠进企业行动",
    "新就业形态劳动者建功行动",
    "职工合理化建议征集行动",
    "安康杯竞赛行动",
    "女职工建功立业行动",
    "建功立业宣传展示行动",
)


def _day(year: int, month: int, day: int) -> dt.date:
    """A fixed demo day, never after today (a report cannot be dated in the future)."""
    return min(dt.date(year, month, day), timezone.localdate())


def _branch(parent: Org, name: str) -> Org:
    found = Org.objects.exclude(status=Status.DISSOLVED).filter(parent=parent, name=name).first()
    if found is not None:
        return found
    return org_services.org_create(
        actor=SYSTEM,
        parent=parent,
        name=name,
        level=Level.BRANCH,
        reason="演示：中铁六局产业工人改革专项行动",
    )


def _plan(org: Org, kind: str, title: str, year: int, start: dt.date, end: dt.date) -> Plan:
    return services.plan_create(
        actor=SYSTEM,
        data=services.PlanData(org=org, kind=kind, title=title, year=year, starts_on=start, ends_on=end),
    )


def _report(item, unit: Org, year: int, month: int, day: int, percent: int, text: str) -> None:
    on = _day(year, month, day)
    if on < dt.date(year, month, day):
        return  # the demo runs on a day before this report: it has not happened yet
    services.progress_report(
        actor=SYSTEM,
        item=item,
        unit=unit,
        data=services.ReportData(reported_on=on, text=text, percent=percent, evidence=f"{unit.name}报送材料"),
    )


def _transport() -> bool:
    org = demo_org(TRANSPORT)
    if Plan.objects.filter(org=org, title=TRANSPORT_PLAN).exists():
        return False
    plan = _plan(org, PlanKind.YEAR, TRANSPORT_PLAN, 2026, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    made = []
    for label, title, target, (m, d), weight, reports in TRANSPORT_ITEMS:
        item = services.item_add(
            actor=SYSTEM,
            plan=plan,
            data=services.ItemData(
                label=label,
                title=title,
                target=target,
                starts_on=dt.date(2026, 2, 1),
                due_on=dt.date(2026, m, d),
                weight=weight,
            ),
            owners=[org],
        )
        made.append((item, reports))
    services.plan_publish(actor=SYSTEM, plan=plan)
    for item, reports in made:
        for rm, rd, percent, text in reports:
            _report(item, org, 2026, rm, rd, percent, text)
    return True


def _crec() -> bool:
    org = demo_org(CREC)
    if Plan.objects.filter(org=org, title=CREC_PLAN).exists():
        return False
    units = [_branch(org, name) for name in BRANCHES]
    plan = _plan(org, PlanKind.SPECIAL, CREC_PLAN, 2026, dt.date(2026, 3, 1), dt.date(2026, 12, 31))
    parts = {
        label: services.item_add(actor=SYSTEM, plan=plan, data=services.ItemData(label=label, title=title))
        for label, title in CREC_PARTS
    }
    made = []
    for part, label, title, owner, (m, d), reports in CREC_ITEMS:
        owners = units if owner == 2 else [units[owner]]
        item = services.item_add(
            actor=SYSTEM,
            plan=plan,
            data=services.ItemData(label=label, title=title, parent=parts[part], due_on=dt.date(2026, m, d)),
            owners=owners,
        )
        made.append((item, reports))
    services.plan_publish(actor=SYSTEM, plan=plan)
    for item, reports in made:
        for who, m, d, percent, text in reports:
            _report(item, units[who], 2026, m, d, percent, text)
    return True


def _tongzhou() -> bool:
    org = demo_org(TONGZHOU)
    if Plan.objects.filter(org=org, title=TONGZHOU_PLAN).exists():
        return False
    streets = list(
        Org.objects.filter(parent=org, level=Level.STREET)
        .exclude(status=Status.DISSOLVED)
        .order_by("path")[:4]
    )
    plan = _plan(org, PlanKind.ACTION, TONGZHOU_PLAN, 2025, dt.date(2025, 5, 1), dt.date(2026, 12, 31))
    made = []
    for n, title in enumerate(TONGZHOU_ACTIONS, start=1):
        owners = [org, streets[n % len(streets)]] if streets else [org]
        item = services.item_add(
            actor=SYSTEM,
            plan=plan,
            data=services.ItemData(
                label=str(n), title=title, starts_on=dt.date(2025, 5, 1), due_on=dt.date(2026, 6 + n % 6, 30)
            ),
            owners=owners,
        )
        made.append(item)
    services.plan_publish(actor=SYSTEM, plan=plan)
    for n, item in enumerate(made, start=1):
        for unit in item.owners.all():
            _report(item, unit, 2025, 12, 15, min(100, 30 + 7 * n), "年度推进情况已报送")
    return True


def load() -> str:
    made = [
        name for name, fn in (("交通运输工会", _transport), ("中铁六局", _crec), ("通州", _tongzhou)) if fn()
    ]
    if not made:
        return "工作计划：已有 present"
    return f"工作计划：{'、'.join(made)}的工作计划已载入（事项、责任单位和进展）"
