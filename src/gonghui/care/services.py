"""Writes of care campaigns (W2): create a campaign, hand part of it down the tree, buy supplies, bundle them,
and record each hand-out where it happens. Each function is one atomic action with its audit row."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from gonghui.core import personal
from gonghui.core.audit import acting_user, audit_record
from gonghui.core.backdating import check_happened_on
from gonghui.core.errors import Conflict, DomainError, validated
from gonghui.core.numbers import thousands
from gonghui.core.paths import is_within
from gonghui.core.uploads import photo_store
from gonghui.members.cards import card_check
from gonghui.orgs.models import Employer, Org, Place
from gonghui.orgs.services import require

from .audit import CareAudit
from .models import (
    Campaign,
    CampaignKind,
    CampaignUnit,
    Distribution,
    DistributionLine,
    MoveKind,
    Package,
    PackageLine,
    PersonReceipt,
    RecipientKind,
    Stock,
    StockMove,
    SupplyItem,
)

PERM = "work.edit"


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _lines(lines: dict[SupplyItem, int] | None) -> dict[SupplyItem, int]:
    """Drop empty lines; refuse negative ones, naming the item."""
    kept: dict[SupplyItem, int] = {}
    for item, qty in (lines or {}).items():
        if qty is None or qty == 0:
            continue
        if qty < 0:
            raise DomainError(
                "quantity", f"{item.name}的数量不能为负数", fields={f"item_{item.pk}": "须为正数"}
            )
        kept[item] = int(qty)
    return kept


@transaction.atomic
def campaign_create(
    *,
    actor,
    org: Org,
    kind: CampaignKind,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    budget: Decimal | int = 0,
    target_employers: int = 0,
    target_workers: int = 0,
    target_groups: list[str] | None = None,
    allow_repeat: bool = False,
    description: str = "",
) -> Campaign:
    """A campaign run by `org` for its subtree (W2); the root unit carries its budget and targets."""
    require(actor, PERM, org)
    campaign = Campaign(
        org=org,
        kind=kind,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        target_groups=[g.strip() for g in target_groups or [] if g.strip()],
        allow_repeat=allow_repeat,
        description=description.strip(),
        created_by=acting_user(actor),
    )
    if not campaign.name:
        raise DomainError("name_required", "请填写活动名称", fields={"name": "必填"})
    if ends_on < starts_on:
        raise DomainError("dates", "结束日期不能早于开始日期", fields={"ends_on": "早于开始日期"})
    validated(campaign)
    campaign.save()
    root = CampaignUnit(
        campaign=campaign,
        org=org,
        budget=_money(budget),
        target_employers=target_employers,
        target_workers=target_workers,
    )
    validated(root, exclude=["campaign"])
    root.save()
    audit_record(
        actor=actor,
        action=CareAudit.CAMPAIGN_CREATE,
        org=org,
        target=campaign,
        after={
            "budget": str(root.budget),
            "target_employers": target_employers,
            "target_workers": target_workers,
            "target_groups": campaign.target_groups,
        },
    )
    return campaign


@transaction.atomic
def campaign_update(
    *,
    actor,
    campaign: Campaign,
    name: str,
    kind: CampaignKind,
    starts_on: dt.date,
    ends_on: dt.date,
    budget: Decimal | int,
    target_employers: int,
    target_workers: int,
    target_groups: list[str],
    allow_repeat: bool,
    description: str = "",
) -> Campaign:
    """Change a campaign and its root unit's budget and targets. The budget cannot fall below what was already
    given to the children and spent; the period must still hold every hand-out recorded."""
    require(actor, PERM, campaign.org)
    root = CampaignUnit.objects.select_for_update().get(campaign=campaign, parent__isnull=True)
    before = {
        "name": campaign.name,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "budget": str(root.budget),
        "target_employers": root.target_employers,
        "target_workers": root.target_workers,
        "target_groups": campaign.target_groups,
        "allow_repeat": campaign.allow_repeat,
    }
    if ends_on < starts_on:
        raise DomainError("dates", "结束日期不能早于开始日期", fields={"ends_on": "早于开始日期"})
    handed = [
        timezone.localtime(d).date() for d in campaign.distributions.values_list("handed_at", flat=True)
    ]
    if handed and (min(handed) < starts_on or max(handed) > ends_on):
        raise DomainError(
            "dates",
            f"已有发放记录在{min(handed)}至{max(handed)}之间，活动期间须包含这些日期",
            fields={"starts_on": "须包含已有发放"},
        )
    if (
        campaign.allow_repeat
        and not allow_repeat
        and PersonReceipt.objects.filter(campaign=campaign, seq__gt=1).exists()
    ):
        raise DomainError(
            "allow_repeat", "已有职工重复领取，不能改为每人限领一次", fields={"allow_repeat": "已有重复领取"}
        )
    campaign.name, campaign.kind, campaign.starts_on, campaign.ends_on = (
        name.strip(),
        kind,
        starts_on,
        ends_on,
    )
    campaign.target_groups = [g.strip() for g in target_groups if g.strip()]
    campaign.allow_repeat, campaign.description = allow_repeat, description.strip()
    if not campaign.name:
        raise DomainError("name_required", "请填写活动名称", fields={"name": "必填"})
    validated(campaign)
    campaign.save()
    root.budget, root.target_employers, root.target_workers = _money(budget), target_employers, target_workers
    validated(root, exclude=["campaign", "parent"])
    root.save()
    _check_budget(root)
    audit_record(
        actor=actor,
        action=CareAudit.CAMPAIGN_UPDATE,
        org=campaign.org,
        target=campaign,
        before=before,
        after={
            "name": campaign.name,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "budget": str(root.budget),
            "target_employers": target_employers,
            "target_workers": target_workers,
            "target_groups": campaign.target_groups,
            "allow_repeat": allow_repeat,
        },
    )
    return campaign


def _children_budget(unit: CampaignUnit, *, excluding: CampaignUnit | None = None) -> Decimal:
    rows = unit.children.all()
    if excluding is not None:
        rows = rows.exclude(pk=excluding.pk)
    return _money(rows.aggregate(total=Sum("budget"))["total"])


def unit_purchases(unit: CampaignUnit) -> Decimal:
    """What the unit itself spent buying supplies."""
    total = (
        StockMove.objects.filter(unit=unit, kind=MoveKind.PURCHASE)
        .annotate(cost=F("quantity") * F("unit_price"))
        .aggregate(total=Sum("cost"))["total"]
    )
    return _money(total)


def _check_budget(unit: CampaignUnit) -> None:
    """A unit's budget covers what it gives its children plus what it buys itself."""
    committed = _children_budget(unit) + unit_purchases(unit)
    if committed > unit.budget:
        raise DomainError(
            "over_budget",
            f"超出{unit.org.display_name}的预算：预算 {thousands(unit.budget)} 元，"
            f"已下拨与采购合计 {thousands(committed)} 元",
            fields={"budget": "超出预算"},
        )


def _locked(unit: CampaignUnit) -> CampaignUnit:
    """The unit's row, locked until the transaction ends, read afresh. Whatever checks a unit's budget holds this
    lock first (W2: spend stays within the budget): without it two parallel allocations or purchases each see
    the other's spend missing and both commit. Units are locked parent before child, the one order everywhere."""
    return (
        CampaignUnit.objects.select_for_update(of=("self",)).select_related("org", "campaign").get(pk=unit.pk)
    )


def _take(unit: CampaignUnit, lines: dict[SupplyItem, int]) -> None:
    """Take stock from a unit, all lines or none. The conditional UPDATE is what keeps stock from going negative
    when hand-outs run in parallel: the second of two racing takes re-reads the row and finds too little."""
    for item, qty in sorted(lines.items(), key=lambda kv: kv[0].pk):  # one lock order: no deadlocks
        taken = Stock.objects.filter(unit=unit, item=item, quantity__gte=qty).update(
            quantity=F("quantity") - qty
        )
        if not taken:
            left = Stock.objects.filter(unit=unit, item=item).values_list("quantity", flat=True).first() or 0
            raise Conflict(
                "out_of_stock",
                f"库存不足：{unit.org.display_name}的{item.name}剩余 {thousands(left)} {item.unit}，"
                f"需要 {thousands(qty)} {item.unit}",
                fields={f"item_{item.pk}": f"剩余 {left}"},
            )


def _put(unit: CampaignUnit, item: SupplyItem, qty: int) -> None:
    stock, created = Stock.objects.get_or_create(unit=unit, item=item, defaults={"quantity": qty})
    if not created:
        Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + qty)


def _move(unit: CampaignUnit, item: SupplyItem, kind: str, qty: int, actor, at=None, **extra) -> StockMove:
    return StockMove.objects.create(
        org=unit.org,
        campaign=unit.campaign,
        unit=unit,
        item=item,
        kind=kind,
        quantity=qty,
        at=at or timezone.now(),
        by=acting_user(actor),
        **extra,
    )


@transaction.atomic
def supply_item_add(*, actor, name: str, unit: str) -> SupplyItem:
    """An item new to the shared catalogue (or the one already there under that name)."""
    if not name.strip() or not unit.strip():
        raise DomainError("new_item", "请填写新增物资的名称和计量单位", fields={"new_item": "必填"})
    item, created = SupplyItem.objects.get_or_create(name=name.strip(), defaults={"unit": unit.strip()})
    if created:
        audit_record(actor=actor, action=CareAudit.ITEM_CREATE, target=item)
    return item


@transaction.atomic
def stock_receive(
    *,
    actor,
    unit: CampaignUnit,
    lines: dict[SupplyItem, tuple[int, Decimal | int | str]],
    supplier: str = "",
    at: dt.datetime | None = None,
    backdate_reason: str = "",
) -> list[StockMove]:
    """Supplies bought by a unit ({item: (quantity, unit price)}) come into its stock, all or none; their cost
    counts against its budget. `at` is when they were received (default now), kept apart from when the receipt
    was recorded; received further back than the back-dating window needs a reason, put on the audit row
    (issue 16 §4)."""
    require(actor, PERM, unit.org)
    if not lines:
        raise DomainError("lines", "请至少填写一种物资的入库数量", fields={"lines": "未填写"})
    at = at or timezone.now()
    reason = check_happened_on(
        at, reason=backdate_reason, label="入库时间", field="received_at", reason_field="backdate_reason"
    )
    unit = _locked(unit)
    moves = []
    ordered = sorted(lines.items(), key=lambda kv: kv[0].pk)  # stock rows in one order: no deadlocks
    for item, (quantity, unit_price) in ordered:
        if quantity is None or quantity <= 0:
            raise DomainError(
                "quantity", f"{item.name}的入库数量须大于 0", fields={f"item_{item.pk}": "须大于 0"}
            )
        price = _money(unit_price)
        if price < 0:
            raise DomainError(
                "unit_price", f"{item.name}的单价不能为负数", fields={f"price_{item.pk}": "不能为负数"}
            )
        moves.append(
            _move(
                unit,
                item,
                MoveKind.PURCHASE,
                quantity,
                actor,
                at=at,
                unit_price=price,
                supplier=supplier.strip(),
            )
        )
        _put(unit, item, quantity)
    _check_budget(unit)
    audit_record(
        actor=actor,
        action=CareAudit.STOCK_RECEIVE,
        org=unit.org,
        target=unit.campaign,
        target_label=f"{unit.campaign.name}：采购入库 {len(moves)} 种物资",
        after={
            "received_at": timezone.localtime(at).strftime("%Y-%m-%d %H:%M"),
            **{m.item.name: {"quantity": m.quantity, "unit_price": str(m.unit_price)} for m in moves},
        },
        reason=reason,
    )
    return moves


@transaction.atomic
def package_create(*, actor, campaign: Campaign, name: str, lines: dict[SupplyItem, int]) -> Package:
    """A named bundle of items (e.g. the six-item 清凉包 of 001-6)."""
    require(actor, PERM, campaign.org)
    kept = _lines(lines)
    if not name.strip():
        raise DomainError("name_required", "请填写礼包名称", fields={"name": "必填"})
    if not kept:
        raise DomainError("lines", "礼包至少要有一种物资", fields={"lines": "至少一种物资"})
    package = Package(campaign=campaign, name=name.strip())
    validated(package)
    package.save()
    PackageLine.objects.bulk_create(
        [PackageLine(package=package, item=item, quantity=qty) for item, qty in kept.items()]
    )
    audit_record(
        actor=actor,
        action=CareAudit.PACKAGE_CREATE,
        org=campaign.org,
        target=campaign,
        target_label=f"{campaign.name}：{package.name}",
        after={item.name: qty for item, qty in kept.items()},
    )
    return package


def package_lines(package: Package, count: int) -> dict[SupplyItem, int]:
    return {line.item: line.quantity * count for line in package.lines.select_related("item")}


def _merge(*parts: dict[SupplyItem, int]) -> dict[SupplyItem, int]:
    """The lines added up, in item order: stock rows are always touched in one order, so no deadlocks."""
    total: Counter = Counter()
    for part in parts:
        total.update(part)
    return dict(sorted(total.items(), key=lambda kv: kv[0].pk))


@transaction.atomic
def unit_allocate(
    *,
    actor,
    parent: CampaignUnit,
    org: Org,
    target_employers: int = 0,
    target_workers: int = 0,
    budget: Decimal | int = 0,
    package: Package | None = None,
    packages: int = 0,
    lines: dict[SupplyItem, int] | None = None,
) -> CampaignUnit:
    """Bring a node of the parent unit's subtree into the campaign, or add to what it was given: targets and
    budget are set, supplies (whole packages and single items) move from the parent's stock to the child's."""
    require(actor, PERM, parent.org)
    parent = _locked(parent)
    if org.pk == parent.org_id or not is_within(org.path, parent.org.path):
        raise DomainError(
            "not_below", f"{org.name}不在{parent.org.name}的下级组织中", fields={"org": "须为下级组织"}
        )
    unit = CampaignUnit.objects.filter(campaign=parent.campaign, org=org).first()
    before = None
    if unit is None:
        unit = CampaignUnit(campaign=parent.campaign, org=org, parent=parent)
    elif unit.parent_id != parent.pk:
        raise DomainError(
            "other_parent",
            f"{org.name}已由其他单位下拨，请在该单位处调整",
            fields={"org": "已由其他单位下拨"},
        )
    else:
        unit = _locked(unit)  # after its parent: the one lock order
        before = {"budget": str(unit.budget), "target_workers": unit.target_workers}
    unit.target_employers, unit.target_workers, unit.budget = target_employers, target_workers, _money(budget)
    validated(unit, exclude=["campaign", "parent"])
    unit.save()
    _check_budget(parent)
    if before is not None:
        _check_budget(unit)  # a lowered budget still covers what the unit has handed down and bought (W2)
    moving = _merge(package_lines(package, packages) if package and packages else {}, _lines(lines))
    _take(parent, moving)
    for item, qty in moving.items():
        _put(unit, item, qty)
        _move(parent, item, MoveKind.ALLOCATE_OUT, -qty, actor, counterpart=unit)
        _move(unit, item, MoveKind.ALLOCATE_IN, qty, actor, counterpart=parent)
    audit_record(
        actor=actor,
        action=CareAudit.UNIT_ALLOCATE,
        org=parent.org,
        target=parent.campaign,
        target_label=f"{parent.campaign.name}：下拨{org.name}",
        before=before,
        after={
            "org": org.name,
            "budget": str(unit.budget),
            "target_employers": target_employers,
            "target_workers": target_workers,
            "supplies": {item.name: qty for item, qty in moving.items()},
        },
    )
    return unit


@dataclass
class Recipient:
    """Who received a hand-out: an employer, a site (a registered place or a named one), a team, or a person."""

    kind: str
    name: str = ""
    employer: Employer | None = None
    place: Place | None = None
    person: object | None = None

    @classmethod
    def of(cls, *, kind: str, name: str = "", place=None, employer=None, card: str = "") -> "Recipient":
        """The recipient a form or an API call describes; a person is found by scanning their e-member card."""
        if kind == RecipientKind.PERSON:
            check = card_check(card)
            if not check.valid or check.membership is None:
                raise DomainError("card", check.message, fields={"card": check.message})
            return cls(kind=kind, person=check.membership.person)
        return cls(
            kind=kind, name=name, place=place, employer=employer if kind == RecipientKind.EMPLOYER else None
        )


@transaction.atomic
def distribution_record(
    *,
    actor,
    unit: CampaignUnit,
    recipient: Recipient,
    people_covered: int,
    handed_out_by: str,
    package: Package | None = None,
    packages: int = 0,
    lines: dict[SupplyItem, int] | None = None,
    handed_at: dt.datetime | None = None,
    photo=None,
    note: str = "",
    backdate_reason: str = "",
) -> Distribution:
    """Record a hand-out where it happened; stock falls by what was handed out, never below zero, and a person
    receives each item at most once unless the campaign allows more (W2). `handed_at` is when it happened,
    counted on that day; `created_at` when it was recorded. A hand-out recorded further back than the
    back-dating window needs a reason, put on the audit row (issue 16 §4)."""
    require(actor, PERM, unit.org)
    campaign = unit.campaign
    handing = _merge(package_lines(package, packages) if package and packages else {}, _lines(lines))
    if not handing:
        raise DomainError("lines", "请填写发放的礼包份数或物资数量", fields={"packages": "未填写发放物资"})
    if recipient.kind == RecipientKind.PERSON:
        if recipient.person is None:
            raise DomainError("person", "请扫描或输入职工的电子会员证", fields={"card": "未识别职工"})
        people_covered = 1
    if people_covered is None or people_covered < 0:
        raise DomainError("people", "覆盖人数不能为负数", fields={"people_covered": "不能为负数"})
    name = recipient.name.strip() or str(recipient.employer or recipient.place or "")
    if recipient.kind == RecipientKind.PERSON:
        name = personal.mask_name(getattr(recipient.person, "full_name", ""))
    if not name:
        raise DomainError("recipient", "请填写发放对象", fields={"recipient_name": "必填"})
    if recipient.kind == RecipientKind.EMPLOYER and recipient.employer is None:
        raise DomainError("employer", "请选择用人单位", fields={"employer": "必填"})
    if not handed_out_by.strip():
        raise DomainError("handed_out_by", "请填写发放人", fields={"handed_out_by": "必填"})
    handed_at = handed_at or timezone.now()
    if not (campaign.starts_on <= timezone.localtime(handed_at).date() <= campaign.ends_on):
        raise DomainError(
            "outside_period",
            f"发放时间不在活动期间（{campaign.starts_on}至{campaign.ends_on}）",
            fields={"handed_at": "不在活动期间"},
        )
    reason = check_happened_on(
        handed_at, reason=backdate_reason, label="发放时间", field="handed_at", reason_field="backdate_reason"
    )
    _take(unit, handing)
    distribution = Distribution.objects.create(
        org=unit.org,
        campaign=campaign,
        unit=unit,
        recipient_kind=recipient.kind,
        employer=recipient.employer,
        place=recipient.place,
        recipient_name=name[:200],
        person=recipient.person,  # type: ignore[misc]
        package=package if packages else None,
        packages=packages if package else 0,
        people_covered=people_covered,
        handed_out_by=handed_out_by.strip(),
        handed_at=handed_at,
        note=note.strip(),
        photo=photo_store(photo, folder="care") if photo else "",
        recorded_by=acting_user(actor),
    )
    DistributionLine.objects.bulk_create(
        [
            DistributionLine(distribution=distribution, item=item, quantity=qty)
            for item, qty in handing.items()
        ]
    )
    for item, qty in handing.items():
        _move(unit, item, MoveKind.HAND_OUT, -qty, actor, at=handed_at, distribution=distribution)
    if recipient.person is not None:
        _receipts(campaign, distribution, recipient.person, handing)
    audit_record(
        actor=actor,
        action=CareAudit.DISTRIBUTION_RECORD,
        org=unit.org,
        target=distribution,
        target_label=f"{campaign.name}：{name}",
        after={
            "handed_at": timezone.localtime(handed_at).strftime("%Y-%m-%d %H:%M"),
            "people_covered": people_covered,
            "supplies": {i.name: q for i, q in handing.items()},
        },
        reason=reason,
    )
    return distribution


def _receipts(campaign: Campaign, distribution: Distribution, person, handing: dict[SupplyItem, int]) -> None:
    for item in handing:
        seq = 1
        if campaign.allow_repeat:
            seq += PersonReceipt.objects.filter(campaign=campaign, item=item, person=person).count()
        try:
            with transaction.atomic():
                PersonReceipt.objects.create(
                    campaign=campaign, item=item, person=person, seq=seq, distribution=distribution
                )
        except IntegrityError as exc:
            raise Conflict(
                "already_received",
                f"该职工已领取过本次活动的{item.name}，每人限领一次",
                fields={"card": "已领取"},
            ) from exc


@transaction.atomic
def distribution_void(*, actor, distribution: Distribution, reason: str) -> Distribution:
    """Undo a hand-out recorded in error: its supplies go back to the unit's stock through reversing ledger rows,
    the person (if any) may receive again, and the row stays, marked with who voided it, when and why."""
    require(actor, PERM, distribution.org)
    locked = Distribution.objects.select_for_update().select_related("unit__campaign").get(pk=distribution.pk)
    if locked.voided_at is not None:
        raise Conflict("voided", "该发放记录已撤销", fields={"reason": "已撤销"})
    if not reason.strip():
        raise DomainError("reason", "请填写撤销原因", fields={"reason": "必填"})
    for line in locked.lines.select_related("item"):
        _put(locked.unit, line.item, line.quantity)
        _move(locked.unit, line.item, MoveKind.HAND_OUT_VOID, line.quantity, actor, distribution=locked)
    PersonReceipt.objects.filter(distribution=locked).delete()
    locked.voided_at, locked.voided_by, locked.void_reason = (
        timezone.now(),
        acting_user(actor),
        reason.strip(),
    )
    locked.save(update_fields=["voided_at", "voided_by", "void_reason"])
    audit_record(
        actor=actor,
        action=CareAudit.DISTRIBUTION_VOID,
        org=locked.org,
        target=locked,
        target_label=f"{locked.campaign.name}：{locked.recipient_name}",
        reason=locked.void_reason,
    )
    return locked
