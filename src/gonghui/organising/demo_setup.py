"""The setup part's demo (issue 21 §5, rule O3, R1): four of 朝阳's street federations organising over the past
two years. Employers found without a union (on the register from two years back) set up their unions and the
district approves them month by month, most holding their founding assembly a few weeks later; one application
waits for approval, one was returned, one group is still preparing; two small employers join a joint union of
their street. So 建会率 of 东湖, 常营, 金盏 and 望京 and of 朝阳 rises month by month.

Idempotent: an employer already on the register under its street is left as it is. The services act as SYSTEM,
as the other demo steps do (the demo accounts are created after the modules' steps)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.core.scope import SYSTEM
from gonghui.demo.loader import demo_org
from gonghui.orgs.models import Employer, FormedChannel, Industry, Level, Org, Status

from . import services, setup_services

STREETS = ("东湖街道总工会", "常营地区总工会", "金盏地区总工会", "望京街道总工会")
DONGHU, CHANGYING, JINZHAN, WANGJING = STREETS

VISIT, STALL, PLATFORM = FormedChannel.VISIT, FormedChannel.STALL, FormedChannel.PLATFORM
CHAIRS = [
    "王建华",
    "李秀梅",
    "张立新",
    "刘红霞",
    "陈志强",
    "杨丽娟",
    "赵国庆",
    "黄晓燕",
    "周文斌",
    "吴春梅",
    "徐海峰",
    "孙亚楠",
    "胡振东",
    "朱玉兰",
]
GROUP = "{chair}（行政负责人）筹建组组长\n办公室主任 负责会员登记\n一线职工代表 二人"

# (street, employer, industry, headcount, channel, what happened, months before now it was decided or happened)
# approved: the district approved it that month; a founding assembly followed three weeks later, except for the
# approvals of the last two months, which still wait for theirs.
ORGANISED: tuple[tuple[str, str, str, int, str, str, int], ...] = (
    (DONGHU, "北京湖光餐饮管理有限公司", Industry.H, 86, VISIT, "approved", 22),
    (CHANGYING, "北京常营万象商业管理有限公司", Industry.L, 140, VISIT, "approved", 21),
    (JINZHAN, "北京金盏绿源农业科技有限公司", Industry.A, 45, VISIT, "approved", 19),
    (WANGJING, "北京阜通数智科技有限公司", Industry.I, 260, PLATFORM, "approved", 18),
    (DONGHU, "北京利泽物业服务有限公司", Industry.K, 120, STALL, "approved", 16),
    (CHANGYING, "北京常营中路汽车维修服务有限公司", Industry.O, 32, STALL, "approved", 14),
    (WANGJING, "北京望京街文化传媒有限公司", Industry.R, 58, VISIT, "approved", 13),
    (DONGHU, "北京望京东路医药连锁有限公司", Industry.F, 75, VISIT, "approved", 11),
    (JINZHAN, "北京东苇建筑工程有限公司", Industry.E, 310, PLATFORM, "approved", 10),
    (CHANGYING, "北京朝阳北路超市连锁有限公司", Industry.F, 96, STALL, "approved", 8),
    (DONGHU, "北京湖光中街家政服务有限公司", Industry.O, 40, PLATFORM, "approved", 7),
    (WANGJING, "北京阜通东大街人力资源服务有限公司", Industry.L, 66, VISIT, "approved", 5),
    (DONGHU, "北京利泽中街保安服务有限公司", Industry.L, 150, STALL, "approved", 4),
    (CHANGYING, "北京常营环卫服务有限公司", Industry.N, 210, VISIT, "approved", 3),
    (JINZHAN, "北京金盏路食品有限公司", Industry.C, 88, VISIT, "approved", 2),
    (DONGHU, "北京望京东路酒店管理有限公司", Industry.H, 130, VISIT, "approved", 1),
    (DONGHU, "北京湖光信息技术有限公司", Industry.I, 55, VISIT, "waiting", 0),
    (CHANGYING, "北京常营中路印刷有限公司", Industry.C, 38, STALL, "returned", 0),
    (JINZHAN, "北京金盏供应链管理有限公司", Industry.G, 70, VISIT, "draft", 0),
    (DONGHU, "北京利泽快递服务有限公司", Industry.G, 18, PLATFORM, "joint", 9),
    (CHANGYING, "北京常营鲜花配送服务有限公司", Industry.G, 12, STALL, "joint", 3),
)
JOINT_UNIONS = {DONGHU: "东湖街道新就业形态劳动者联合工会", CHANGYING: "常营地区联合工会"}
RETURN_REASON = "拟建工会名称与营业执照登记的单位名称不一致，请核对后重新申请"


def months_back(today: dt.date, n: int, day: int) -> dt.date:
    """The `day`th of the month `n` months before today's (never after today)."""
    y, m = divmod(today.year * 12 + today.month - 1 - n, 12)
    return min(dt.date(y, m + 1, min(day, 28)), today)


def _joint_union(street: Org) -> Org | None:
    name = JOINT_UNIONS.get(street.name)
    if name is None:
        return None
    return street.children.filter(name=name, level=Level.JOINT).exclude(status=Status.DISSOLVED).first()


@transaction.atomic
def _organise(today: dt.date, i: int, row: tuple) -> bool:
    street_name, name, industry, headcount, channel, outcome, back = row
    street = demo_org(street_name)
    if Employer.objects.filter(org=street, name=name).exists():
        return False
    joint = _joint_union(street) if outcome == "joint" else None
    if outcome == "joint" and joint is None:
        return False  # the demo world has no joint union there: nothing to join
    target = services.target_register(
        actor=SYSTEM,
        org=street,
        employer_fields={"name": name, "industry": industry, "headcount": headcount},
        on_date=months_back(today, 24, 1),
        channel=channel,
        next_step="" if outcome in ("approved", "joint") else "跟进建会申请",
    )
    day = 6 + (i * 5) % 20  # spread over the month
    if joint is not None:
        setup_services.joint_cover(
            actor=SYSTEM,
            target=target,
            joint_union=joint,
            on_date=months_back(today, back, day),
            note="会员不足25人，经协商加入联合工会",
        )
        return True
    decided = months_back(today, back, day)
    if outcome in ("waiting", "returned", "draft"):
        decided = today - dt.timedelta(days=4 + i % 5)
    chair = CHAIRS[i % len(CHAIRS)]
    setup = setup_services.setup_start(
        actor=SYSTEM,
        target=target,
        union_name=f"{name}工会",
        members_expected=max(1, headcount * 4 // 5),
        preparatory_group=GROUP.format(chair=chair),
        on_date=decided - dt.timedelta(days=45),
    )
    if outcome == "draft":
        return True
    setup = setup_services.setup_submit(actor=SYSTEM, setup=setup, on_date=decided - dt.timedelta(days=20))
    if outcome == "waiting":
        return True
    if outcome == "returned":
        setup_services.setup_return(actor=SYSTEM, setup=setup, note=RETURN_REASON, on_date=decided)
        return True
    setup = setup_services.setup_approve(actor=SYSTEM, setup=setup, on_date=decided, note="同意组建")
    founding = decided + dt.timedelta(days=21)
    if back >= 3 and founding <= today:  # the latest approvals still wait for their founding assembly
        members = setup.members_expected
        setup_services.setup_found(
            actor=SYSTEM,
            setup=setup,
            founding_on=founding,
            first_chair=chair,
            committee_size=1 if members < 25 else (3 if members < 100 else 5),
            term_years=5 if i % 3 else 3,
        )
    return True


def load() -> str:
    today = timezone.localdate()
    made = sum(_organise(today, i, row) for i, row in enumerate(ORGANISED))
    if not made:
        return "筹建审批：已有 present"
    return f"筹建审批：{made}家单位（{len(STREETS)}个街道，近两年按月批复）"
