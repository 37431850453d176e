"""The care API: campaigns the caller sees, a unit's progress, and recording a hand-out where it happens."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus

from gonghui.core.access import access
from gonghui.core.api import Count, Id, Moment, Year, reads, writes
from gonghui.core.errors import DomainError

from . import selectors, services
from .models import Package, RecipientKind, SupplyItem

router = Router(tags=["关爱活动 care"])


class CampaignOut(Schema):
    id: int
    name: str
    kind: str = Field(..., alias="kind.name")
    org_id: int
    starts_on: dt.date
    ends_on: dt.date
    target_groups: list[str]
    allow_repeat: bool


class ProgressOut(Schema):
    unit_id: int
    org_id: int
    org_name: str
    workers: int
    target_workers: int
    employers: int
    target_employers: int
    spent: Decimal
    budget: Decimal
    distributions: int
    stock: dict[str, int] = Field(..., description="剩余库存，按物资名称")
    handed: dict[str, int] = Field(..., description="已发放数量，按物资名称")


class UnitOut(ProgressOut):
    children: list[ProgressOut]


class LineIn(Schema):
    item_id: Id
    quantity: Count


class DistributionIn(Schema):
    recipient_kind: RecipientKind
    recipient_name: str = ""
    place_id: Id | None = None
    employer_id: Id | None = None
    card: str = Field("", description="发给个人时：电子会员证上的会员码")
    package_id: Id | None = None
    packages: Count = 0
    lines: list[LineIn] = []
    people_covered: Count = 0
    handed_out_by: str
    handed_at: Moment | None = None
    backdate_reason: str = Field("", description="补录原因：发放时间早于补录期限时必填")
    note: str = ""


class DistributionOut(Schema):
    id: int
    unit_id: int
    recipient_kind: str
    recipient_name: str
    people_covered: int
    handed_at: dt.datetime


def _progress(p: selectors.Progress, names: dict[int, str]) -> dict:
    return {
        "unit_id": p.unit.pk,
        "org_id": p.unit.org_id,
        "org_name": p.unit.org.name,
        "workers": p.workers,
        "target_workers": p.target_workers,
        "employers": p.employers,
        "target_employers": p.target_employers,
        "spent": p.spent,
        "budget": p.budget,
        "distributions": p.distributions,
        "stock": {names[i]: n for i, n in p.stock.items()},
        "handed": {names[i]: n for i, n in p.handed.items()},
    }


@router.get("/campaigns", response=reads(list[CampaignOut]))
@access("org.view")
def list_campaigns(request: HttpRequest, year: Year | None = None, search: str = ""):
    return list(selectors.campaigns_for(actor=request.user, year=year, search=search)[:500])


@router.get("/units/{unit_id}", response=reads(UnitOut))
@access("org.view")
def unit_progress(request: HttpRequest, unit_id: Id):
    unit = selectors.unit_get(actor=request.user, pk=unit_id)
    figures = selectors.progress_many([unit, *selectors.child_units(unit)])
    names = dict(SupplyItem.objects.values_list("id", "name"))
    return {**_progress(figures[0], names), "children": [_progress(p, names) for p in figures[1:]]}


def _in_subtree(rows, pk: int | None, unit, label: str):
    if pk is None:
        return None
    found = rows.filter(pk=pk).first()
    if found is None:
        raise DomainError("not_found", f"{label}不在{unit.org.name}的范围内", fields={label: "不存在"})
    return found


@router.post("/units/{unit_id}/distributions", response=writes(DistributionOut, 201))
@access(services.PERM)
def record_distribution(request: HttpRequest, unit_id: Id, payload: DistributionIn):
    unit = selectors.unit_get(actor=request.user, pk=unit_id, perm=services.PERM)
    package = Package.objects.filter(campaign=unit.campaign, pk=payload.package_id).first()
    if payload.package_id and package is None:
        raise DomainError("package", "本次活动没有这个礼包", fields={"package_id": "不存在"})
    items = SupplyItem.objects.in_bulk([line.item_id for line in payload.lines])
    if len(items) != len({line.item_id for line in payload.lines}):
        raise DomainError("item", "物资不存在", fields={"lines": "物资不存在"})
    recipient = services.Recipient.of(
        kind=payload.recipient_kind,
        name=payload.recipient_name,
        place=_in_subtree(selectors.places_under(unit), payload.place_id, unit, "服务阵地"),
        employer=_in_subtree(selectors.employers_under(unit), payload.employer_id, unit, "用人单位"),
        card=payload.card,
    )
    distribution = services.distribution_record(
        actor=request.user,
        unit=unit,
        recipient=recipient,
        people_covered=payload.people_covered,
        handed_out_by=payload.handed_out_by,
        package=package,
        packages=payload.packages,
        lines={items[line.item_id]: line.quantity for line in payload.lines},
        handed_at=payload.handed_at,
        backdate_reason=payload.backdate_reason,
        note=payload.note,
    )
    return HttpStatus(201, distribution)
