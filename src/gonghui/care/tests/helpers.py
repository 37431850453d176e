"""A campaign as 001-5 and 001-6 describe one: 朝阳's 夏送清凉 with the six-item package, bought and ready."""

import datetime as dt

from django.utils import timezone

from gonghui.care import services
from gonghui.care.models import CampaignKind, RecipientKind, SupplyItem
from gonghui.core.scope import SYSTEM

SIX = ("防晒脖套", "冰袖", "防滑手套", "防晒霜", "防暑降温茶", "急救包")
PRICES = {"防晒脖套": 12, "冰袖": 8, "防滑手套": 6, "防晒霜": 25, "防暑降温茶": 18, "急救包": 30}


def items(*names: str) -> list[SupplyItem]:
    return [SupplyItem.objects.get(name=n) for n in names]


def summer_campaign(world, *, actor=SYSTEM, stock: int = 100, budget: int = 100_000, **extra):
    today = timezone.localdate()
    campaign = services.campaign_create(
        actor=actor,
        org=world.chaoyang,
        kind=CampaignKind.objects.get(name="夏送清凉"),
        name=f"{today.year}年夏送清凉",
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=25),
        budget=budget,
        target_employers=100,
        target_workers=20_000,
        target_groups=["环卫工人", "快递员、外卖配送员"],
        **extra,
    )
    root = campaign.units.get()
    if stock:
        lines = {item: (stock, PRICES[item.name]) for item in items(*SIX)}
        services.stock_receive(actor=actor, unit=root, lines=lines)
    package = services.package_create(
        actor=actor, campaign=campaign, name="清凉包", lines={item: 1 for item in items(*SIX)}
    )
    return campaign, root, package


def to_team(unit, package, packages: int, *, team: str = "环卫一队", people: int | None = None, **extra):
    """A hand-out of `packages` packages to a team, one package a person unless `people` says otherwise."""
    return services.distribution_record(
        actor=SYSTEM,
        unit=unit,
        recipient=services.Recipient(kind=RecipientKind.TEAM, name=team),
        people_covered=packages if people is None else people,
        handed_out_by="张克斌",
        package=package,
        packages=packages,
        **extra,
    )
