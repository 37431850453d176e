"""The demo's care campaigns (SCENARIOS 000-3, 001-5, 001-6; DOMAIN W2), recorded through the care services as
the reports tell them, on the reports' own dates in 2024.

- 001-5: 朝阳区总工会's 夏送清凉 with district funds for its named groups; the district chair's two stops (the Meituan
  riders' centre and the district sanitation centre); all levels mobilised, so 东湖 and 常营 get targets and packages.
- 000-3: 东湖街道总工会 hands its share to the riders at the Meituan riders' centre.
- 001-6: 经开区总工会's month-long 夏送清凉 with the six-item package: targets of 100+ companies and 20,000+ outdoor
  workers; the first stops at two companies and a sanitation fleet's yard reached 1,000+ workers.

Running it again adds nothing.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.care import services
from gonghui.care.models import Campaign, CampaignKind, Package, RecipientKind, SupplyItem
from gonghui.core.scope import SYSTEM
from gonghui.demo.dates import lasting, reported
from gonghui.demo.loader import demo_org
from gonghui.demo.world import ZONE
from gonghui.orgs.models import Employer, Place

SIX = {"防晒脖套": 12, "冰袖": 8, "防滑手套": 6, "防晒霜": 25, "防暑降温茶": 18, "急救包": 30}
CHAOYANG_PACK = {"防暑降温茶": 18, "藿香正气水": 9, "防晒霜": 25, "冰袖": 8, "矿泉水": 30}

CHAOYANG = "2024年朝阳区“夏送清凉”慰问活动"
ZONE_CAMPAIGN = "2024年经开区“夏送清凉”慰问活动"
# the reports' days lie up to two months back: recorded after the fact, as the back-dating rule asks (issue 16 §4)
DEMO_REASON = "演示数据：按工作报道的日期补录"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _item(name: str) -> SupplyItem:
    return SupplyItem.objects.get(name=name)


def _stocked(
    campaign: Campaign, prices: dict[str, int], count: int, package_name: str, supplier: str
) -> Package:
    root = campaign.units.get(parent=None)
    services.stock_receive(
        actor=SYSTEM,
        unit=root,
        lines={_item(name): (count, price) for name, price in prices.items()},
        supplier=supplier,
        at=_at(campaign.starts_on, 9),
        backdate_reason=DEMO_REASON,
    )
    return services.package_create(
        actor=SYSTEM, campaign=campaign, name=package_name, lines={_item(n): 1 for n in prices}
    )


def _hand_out(
    unit, recipient, people: int, package: Package, by: str, at: dt.datetime, note: str = ""
) -> None:
    services.distribution_record(
        actor=SYSTEM,
        unit=unit,
        recipient=recipient,
        people_covered=people,
        handed_out_by=by,
        package=package,
        packages=people,
        handed_at=at,
        note=note,
        backdate_reason=DEMO_REASON,
    )


def _chaoyang() -> None:
    kind = CampaignKind.objects.get(name="夏送清凉")
    campaign = services.campaign_create(
        actor=SYSTEM,
        org=demo_org("朝阳区总工会"),
        kind=kind,
        name=CHAOYANG,
        starts_on=reported(dt.date(2024, 6, 17)),
        ends_on=lasting(reported(dt.date(2024, 6, 17)), dt.date(2024, 6, 17), dt.date(2024, 8, 31)),
        budget=600_000,
        target_employers=200,
        target_workers=5_000,
        target_groups=[
            "环卫工人",
            "医护人员",
            "公安干警",
            "消防救援人员",
            "快递员、外卖配送员",
            "户外劳动者",
        ],
        description="区总工会投入专项资金采购防暑降温物资，走访慰问一线环卫职工、医护人员、公安干警、消防官兵、"
        "新就业形态劳动者特别是户外劳动者，并动员全区各级工会开展形式多样的“夏送清凉”慰问活动。",
    )
    package = _stocked(campaign, CHAOYANG_PACK, 4_000, "清凉慰问包", "北京朝阳劳保用品有限公司")
    root = campaign.units.get(parent=None)
    rider_centre = Place.objects.get(name="美团骑手党群服务中心")
    sanitation = Employer.objects.get(name="北京市朝阳区环境卫生服务中心")
    first_day = reported(dt.date(2024, 6, 19))
    _hand_out(
        root,
        services.Recipient(kind=RecipientKind.SITE, place=rider_centre),
        60,
        package,
        "张克斌（区人大常委会副主任、区总工会主席）",
        _at(first_day, 9, 30),
        "区总工会主席带队看望慰问外卖小哥",
    )
    _hand_out(
        root,
        services.Recipient(kind=RecipientKind.EMPLOYER, employer=sanitation),
        150,
        package,
        "张克斌（区人大常委会副主任、区总工会主席）",
        _at(first_day, 11),
        "看望慰问一线环卫职工",
    )
    donghu = services.unit_allocate(
        actor=SYSTEM,
        parent=root,
        org=demo_org("东湖街道总工会"),
        target_employers=20,
        target_workers=600,
        budget=0,
        package=package,
        packages=600,
    )
    services.unit_allocate(
        actor=SYSTEM,
        parent=root,
        org=demo_org("常营地区总工会"),
        target_employers=15,
        target_workers=400,
        package=package,
        packages=400,
    )
    # 000-3: the street federation's own visit to the riders' centre
    _hand_out(
        donghu,
        services.Recipient(kind=RecipientKind.SITE, place=rider_centre),
        118,
        package,
        "赵子鹏（东湖街道总工会）",
        _at(reported(dt.date(2024, 6, 26)), 15),
        "慰问配送一线的外卖小哥，慰问品逐一发放到“小哥”手中",
    )


def _zone() -> None:
    kind = CampaignKind.objects.get(name="夏送清凉")
    campaign = services.campaign_create(
        actor=SYSTEM,
        org=demo_org(ZONE),
        kind=kind,
        name=ZONE_CAMPAIGN,
        starts_on=reported(dt.date(2024, 7, 8)),
        ends_on=lasting(reported(dt.date(2024, 7, 8)), dt.date(2024, 7, 8), dt.date(2024, 8, 7)),
        budget=2_000_000,
        target_employers=100,
        target_workers=20_000,
        target_groups=["户外劳动者", "环卫工人", "保安员", "快递员、外卖配送员"],
        description="活动持续一个月，陆续走进区内百余家企业，慰问2万余名户外一线劳动者。每份“清凉”物资包含"
        "防晒脖套和冰袖、防滑手套、防晒霜、防暑降温茶及急救包。",
    )
    package = _stocked(campaign, SIX, 5_000, "“清凉”物资包", "北京亦庄劳动防护用品有限公司")
    root = campaign.units.get(parent=None)
    chair = "安春玲（经开区总工会主席）"
    first = reported(dt.date(2024, 7, 9))
    stops = (
        (
            "北京盛世华人供应链管理有限公司",
            "",
            520,
            _at(first, 9, 30),
            "座谈交流，走进企业厂房将慰问物资送到职工手中",
        ),
        ("北京安艺达保安服务有限公司", "", 226, _at(first, 11), "第一站：与企业负责人、职工代表座谈"),
        (
            "北京新浩环卫服务有限公司",
            "北京新浩环卫服务有限公司车队驻地",
            310,
            _at(first, 15),
            "将慰问物资送到一线环卫职工手中",
        ),
    )
    for employer, name, people, at, note in stops:
        recipient = services.Recipient(
            kind=RecipientKind.EMPLOYER, employer=Employer.objects.get(name=employer), name=name
        )
        _hand_out(root, recipient, people, package, chair, at, note)


@transaction.atomic
def load_care() -> int:
    """The demo campaigns; returns how many were recorded now (0 when present)."""
    made = 0
    for name, load in ((CHAOYANG, _chaoyang), (ZONE_CAMPAIGN, _zone)):
        if not Campaign.objects.filter(name=name).exists():
            load()
            made += 1
    return made


def load() -> str:
    """The module's demo step (core.modules): what `gonghui demo` prints for it."""
    return f"关爱活动 campaigns recorded: {load_care()}"
