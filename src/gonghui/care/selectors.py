"""Reads of care campaigns: which campaigns an actor sees, and each unit's progress against its targets (S5).

A campaign is visible to a cadre when one of its units lies in their subtree; they see that unit and what lies
below it, never their siblings' figures. A unit's figures count everything recorded in its org's subtree.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.paths import is_within, scope_q
from gonghui.orgs.models import Employer, Place

from .models import (
    Campaign,
    CampaignUnit,
    Distribution,
    DistributionLine,
    MoveKind,
    PersonReceipt,
    Stock,
    StockMove,
    SupplyItem,
)


def units_for(*, actor, perm: str = "org.view") -> QuerySet[CampaignUnit]:
    return CampaignUnit.objects.restrict(actor, perm)


def campaigns_for(
    *, actor, year: int | None = None, kind: int | None = None, search: str = ""
) -> QuerySet[Campaign]:
    rows = Campaign.objects.filter(pk__in=units_for(actor=actor).values("campaign_id")).select_related(
        "kind", "org"
    )
    if year:
        rows = rows.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    if kind:
        rows = rows.filter(kind_id=kind)
    if search:
        rows = rows.filter(Q(name__icontains=search) | Q(org__name__icontains=search))
    return rows


def top_unit(*, actor, campaign: Campaign, perm: str = "org.view") -> CampaignUnit:
    """The highest unit of the campaign inside the actor's subtrees (their own view of it); 404 when none."""
    unit = units_for(actor=actor, perm=perm).filter(campaign=campaign).order_by("org_path").first()
    if unit is None:
        raise NotFound()
    return unit


def campaign_get(*, actor, pk: int) -> Campaign:
    campaign = Campaign.objects.select_related("kind", "org").filter(pk=pk).first()
    if campaign is None:
        raise NotFound()
    top_unit(actor=actor, campaign=campaign)
    return campaign


def unit_get(*, actor, pk: int, perm: str = "org.view") -> CampaignUnit:
    unit = (
        units_for(actor=actor, perm=perm)
        .select_related("campaign__kind", "campaign__org", "org", "parent__org")
        .filter(pk=pk)
        .first()
    )
    if unit is None:
        raise NotFound()
    return unit


def places_under(unit: CampaignUnit) -> QuerySet[Place]:
    """The places recorded in the unit's subtree, where its hand-outs may happen (the unit was reached in scope)."""
    return Place.objects.in_subtree(unit.org)


def employers_under(unit: CampaignUnit) -> QuerySet[Employer]:
    """The employers recorded in the unit's subtree, whom its hand-outs may visit (the unit was reached in scope)."""
    return Employer.objects.in_subtree(unit.org)


@dataclass
class Progress:
    """One unit's figures: everything recorded in its org's subtree."""

    unit: CampaignUnit
    workers: int = 0
    employers: int = 0
    distributions: int = 0
    spent: Decimal = Decimal("0.00")
    handed: dict[int, int] = field(default_factory=dict)  # item id → quantity handed out
    stock: dict[int, int] = field(default_factory=dict)  # item id → quantity held in the subtree

    @property
    def target_workers(self) -> int:
        return self.unit.target_workers

    @property
    def target_employers(self) -> int:
        return self.unit.target_employers

    @property
    def budget(self) -> Decimal:
        return self.unit.budget

    @staticmethod
    def _share(done, target) -> float | None:
        return round(100 * float(done) / float(target), 1) if target else None

    @property
    def workers_pct(self) -> float | None:
        return self._share(self.workers, self.target_workers)

    @property
    def employers_pct(self) -> float | None:
        return self._share(self.employers, self.target_employers)

    @property
    def spent_pct(self) -> float | None:
        return self._share(self.spent, self.budget)


def _subtree(units: list[CampaignUnit]) -> Q:
    return scope_q("org_path", [u.org_path for u in units])


def progress_many(units: list[CampaignUnit]) -> list[Progress]:
    """Progress of several units, of one campaign or many, in a fixed number of queries whatever the number of
    units, campaigns or hand-outs."""
    result = [Progress(unit) for unit in units]
    if not units:
        return result
    campaigns = {u.campaign_id for u in units}

    def owner(campaign: int, path: str) -> list[Progress]:
        return [p for p in result if p.unit.campaign_id == campaign and is_within(path, p.unit.org_path)]

    hand_outs = Distribution.objects.standing().filter(_subtree(units), campaign__in=campaigns)
    for campaign, path, n, people in (
        hand_outs.values("campaign_id", "org_path")
        .annotate(n=Count("id"), people=Sum("people_covered"))
        .values_list("campaign_id", "org_path", "n", "people")
    ):
        for p in owner(campaign, path):
            p.distributions += n
            p.workers += people or 0
    employers: dict[int, set[int]] = defaultdict(set)
    for campaign, path, employer in (
        hand_outs.filter(employer__isnull=False)
        .values_list("campaign_id", "org_path", "employer_id")
        .distinct()
    ):
        for p in owner(campaign, path):
            employers[id(p)].add(employer)
    moves = StockMove.objects.filter(_subtree(units), campaign__in=campaigns)
    purchases = (
        moves.filter(kind=MoveKind.PURCHASE)
        .values("campaign_id", "org_path")
        .annotate(cost=Sum(F("quantity") * F("unit_price")))
        .values_list("campaign_id", "org_path", "cost")
    )
    for campaign, path, cost in purchases:
        for p in owner(campaign, path):
            p.spent += Decimal(cost or 0)
    handed = (
        moves.filter(kind__in=(MoveKind.HAND_OUT, MoveKind.HAND_OUT_VOID))
        .values("campaign_id", "org_path", "item_id")
        .annotate(n=Sum("quantity"))
        .values_list("campaign_id", "org_path", "item_id", "n")
    )
    for campaign, path, item, n in handed:
        for p in owner(campaign, path):
            p.handed[item] = p.handed.get(item, 0) - n
    stock = (
        Stock.objects.filter(
            scope_q("unit__org_path", [u.org_path for u in units]), unit__campaign__in=campaigns
        )
        .values("unit__campaign_id", "unit__org_path", "item_id")
        .annotate(n=Sum("quantity"))
        .values_list("unit__campaign_id", "unit__org_path", "item_id", "n")
    )
    for campaign, path, item, n in stock:
        for p in owner(campaign, path):
            p.stock[item] = p.stock.get(item, 0) + n
    for p in result:
        p.employers = len(employers[id(p)])
        p.spent = p.spent.quantize(Decimal("0.01"))
    return result


def progress(unit: CampaignUnit) -> Progress:
    return progress_many([unit])[0]


def child_units(unit: CampaignUnit) -> list[CampaignUnit]:
    return list(unit.children.select_related("org").order_by("org_path"))


def items_of(campaign: Campaign) -> list[SupplyItem]:
    """Every item the campaign has moved, in catalogue order."""
    ids = StockMove.objects.filter(campaign=campaign).values("item_id")
    return list(SupplyItem.objects.filter(pk__in=ids).order_by("id"))


def items_held(unit: CampaignUnit) -> list[SupplyItem]:
    """The items the unit itself holds a stock of (what it can hand down or hand out), in catalogue order."""
    return list(
        SupplyItem.objects.filter(pk__in=Stock.objects.filter(unit=unit).values("item_id")).order_by("id")
    )


def coverage_by_day(campaign: Campaign, unit: CampaignUnit) -> list[tuple[dt.date, int, int]]:
    """(day, people covered that day, running total) over the campaign's hand-outs in the unit's subtree."""
    rows = (
        Distribution.objects.standing()
        .filter(_subtree([unit]), campaign=campaign)
        .annotate(day=TruncDate("handed_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(people=Sum("people_covered"))
        .order_by("day")
    )
    running, out = 0, []
    for row in rows:
        running += row["people"] or 0
        out.append((row["day"], row["people"] or 0, running))
    return out


def distributions_of(
    campaign: Campaign, unit: CampaignUnit, *, search: str = "", kind: str = ""
) -> QuerySet[Distribution]:
    rows = (
        Distribution.objects.filter(_subtree([unit]), campaign=campaign)
        .select_related("org", "employer", "place", "package")
        .prefetch_related("lines__item")
    )
    if kind:
        rows = rows.filter(recipient_kind=kind)
    if search:
        rows = rows.filter(
            Q(recipient_name__icontains=search)
            | Q(handed_out_by__icontains=search)
            | Q(org__name__icontains=search)
        )
    return rows


def ledger_of(campaign: Campaign, unit: CampaignUnit) -> QuerySet[StockMove]:
    return (
        StockMove.objects.filter(_subtree([unit]), campaign=campaign)
        .select_related("org", "item", "counterpart__org", "distribution", "by")
        .order_by("at", "id")
    )


def receipts_of(campaign: Campaign, unit: CampaignUnit, limit: int = 20) -> list[StockMove]:
    """The latest purchases received in the unit's subtree, with when they were received and when recorded."""
    rows = (
        StockMove.objects.filter(_subtree([unit]), campaign=campaign, kind=MoveKind.PURCHASE)
        .select_related("org", "item")
        .order_by("-at", "-id")
    )
    return list(rows[:limit])


def scope_units(*, actor, campaign: Campaign, perm: str) -> list[CampaignUnit]:
    """The campaign's units where the actor may act with `perm` (for the forms' choices)."""
    rows = CampaignUnit.objects.restrict(actor, perm).filter(campaign=campaign).select_related("org")
    return list(rows.order_by("org_path"))


def received_by(person) -> list[tuple[str, str, dt.datetime]]:
    """What a worker received in care campaigns, for their own phone page: (campaign, "冰袖 1副", when)."""
    rows = list(
        PersonReceipt.objects.filter(person=person)
        .select_related("campaign", "item", "distribution")
        .order_by("-distribution__handed_at", "item_id")[:50]
    )
    quantities = {
        (line.distribution_id, line.item_id): line.quantity
        for line in DistributionLine.objects.filter(distribution__in={r.distribution_id for r in rows})
    }
    return [
        (
            r.campaign.name,
            f"{r.item.name} {quantities.get((r.distribution_id, r.item_id), 1)}{r.item.unit}",
            r.distribution.handed_at,
        )
        for r in rows
    ]


@dataclass
class CareFigures:
    """S5 of care for a subtree and a period. Supplies are never added across items of different units (issue 16
    §4): the figures count hand-outs and people, and `supplies` lists each item in its own unit."""

    workers: int = 0
    employers: int = 0
    hand_outs: int = 0
    supplies: list[tuple[str, str, int]] = field(default_factory=list)  # (item, unit, quantity)


def _hand_outs_in(org, start: dt.date, end: dt.date) -> QuerySet[Distribution]:
    """Standing hand-outs of the subtree counted on the day they happened (`handed_at`), not the day they were
    recorded (issue 16 §4)."""
    return (
        Distribution.objects.standing()
        .in_subtree(org)
        .filter(handed_at__date__gte=start, handed_at__date__lte=end)
    )


def supplies_of(hand_outs: QuerySet[Distribution]) -> list[tuple[str, str, int]]:
    """(item, unit, quantity) handed out, per item in its own unit, in catalogue order: items of one name and unit
    add up, never items of different units."""
    rows = (
        DistributionLine.objects.filter(distribution__in=hand_outs)
        .values("item__name", "item__unit")
        .annotate(n=Sum("quantity"), first=Min("item_id"))
        .order_by("first")
    )
    return [(r["item__name"], r["item__unit"], r["n"]) for r in rows if r["n"]]


def supplies_text(supplies: list[tuple[str, str, int]]) -> str:
    """西瓜10,000斤、杯子15个、雨伞15把: each item in its own unit, amounts thousands separated."""
    return "、".join(f"{name}{thousands(n)}{unit}" for name, unit, n in supplies)


def care_in(org, start: dt.date, end: dt.date) -> CareFigures:
    """S5 for a subtree and a period: people covered, employers visited, hand-outs made and what they handed out
    (per item), by hand-outs recorded in the subtree, whichever campaign they belong to."""
    hand_outs = _hand_outs_in(org, start, end)
    totals = hand_outs.aggregate(
        workers=Sum("people_covered"), employers=Count("employer", distinct=True), n=Count("id")
    )
    return CareFigures(
        totals["workers"] or 0, totals["employers"] or 0, totals["n"] or 0, supplies_of(hand_outs)
    )


def work_figures(org, start: dt.date, end: dt.date) -> dict[str, int]:
    """The module's work figures (core.modules, S5) for the dashboards and the report sentence."""
    hand_outs = _hand_outs_in(org, start, end)
    totals = hand_outs.aggregate(
        workers=Sum("people_covered"), employers=Count("employer", distinct=True), n=Count("id")
    )
    return {"workers": totals["workers"] or 0, "employers": totals["employers"] or 0, "handouts": totals["n"]}


def work_details(org, start: dt.date, end: dt.date) -> str:
    """The supplies handed out, item by item in their own units, for the report sentence: 发放西瓜10,000斤、杯子15个."""
    text = supplies_text(supplies_of(_hand_outs_in(org, start, end)))
    return f"发放{text}" if text else ""


def work_links(org, start: dt.date, end: dt.date) -> dict[str, str]:
    return {"workers": reverse("care:index"), "handouts": reverse("care:index")}


def units_handing_out(*, actor, on: dt.date) -> list[CampaignUnit]:
    """The campaign units where the actor may hand out today: in their subtrees, the campaign running, stock
    left. Offered on the card check page, so a scanned worker can be given their package straight away."""
    rows = (
        CampaignUnit.objects.restrict(actor, "work.edit")
        .filter(campaign__starts_on__lte=on, campaign__ends_on__gte=on, stock__quantity__gt=0)
        .select_related("campaign", "org")
        .distinct()
        .order_by("campaign__starts_on", "org_path")
    )
    return list(rows[:20])
