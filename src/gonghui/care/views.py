"""Pages of care campaigns: the list, a new campaign, each unit's progress with its charts, and the forms to buy,
bundle, hand down and hand out supplies; the ledger as Excel."""

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.exports import Audited, Background, export_response
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.numbers import thousands
from gonghui.core.paths import is_within
from gonghui.core.scope import has_perm
from gonghui.core.uploads import photo_response
from gonghui.orgs.models import Org, Status

from . import selectors, services
from .audit import CareAudit
from .exports import ledger_filename, ledger_workbook
from .forms import (
    TARGET_GROUPS,
    AllocateForm,
    CampaignFilter,
    CampaignForm,
    DistributeForm,
    PackageForm,
    ReceiveForm,
)
from .lists import HAND_OUTS
from .models import Distribution, RecipientKind, SupplyItem

EDIT = services.PERM


def _orgs_in_scope(user, perm: str):
    return Org.objects.restrict(user, perm).exclude(status=Status.DISSOLVED).select_related("parent")


@access("org.view")
def index(request):
    form = CampaignFilter(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    campaigns = list(
        selectors.campaigns_for(
            actor=request.user,
            year=data.get("year"),
            kind=data["kind"].pk if data.get("kind") else None,
            search=(data.get("q") or "").strip(),
        )[:200]
    )
    tops = {
        u.campaign_id: u
        for u in selectors.units_for(actor=request.user)
        .filter(campaign__in=campaigns)
        .select_related("org")
        .order_by("-org_path")
    }  # the last one written per campaign is the highest unit: an ancestor's path sorts before its descendants'
    figures = selectors.progress_many([tops[c.pk] for c in campaigns])
    rows = list(zip(campaigns, figures, strict=True))
    return render(
        request,
        "care/index.html",
        {"form": form, "rows": rows, "can_create": has_perm(request.user, EDIT)},
    )


@access(EDIT)
def campaign_new(request):
    orgs = _orgs_in_scope(request.user, EDIT)
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        orgs=orgs,
        initial={"starts_on": today, "ends_on": today + dt.timedelta(days=30), "org": request.user.org},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("other_groups")
        data["target_groups"] = form.groups()
        try:
            campaign = services.campaign_create(actor=request.user, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已创建“{campaign.name}”。下一步：采购入库、设置礼包、下拨到下级组织")
            return redirect("care:unit", campaign.units.get(parent=None).pk)
    return render(request, "care/campaign_new.html", {"form": form})


@access(EDIT)
def campaign_edit(request, pk: int):
    found = selectors.campaign_get(actor=request.user, pk=pk)
    if not has_perm(request.user, EDIT, found.org):
        raise Http404
    root = found.units.get(parent__isnull=True)
    known = [g for g in found.target_groups if g in TARGET_GROUPS]
    initial = {
        "org": found.org,
        "kind": found.kind,
        "name": found.name,
        "starts_on": found.starts_on,
        "ends_on": found.ends_on,
        "budget": root.budget,
        "target_employers": root.target_employers,
        "target_workers": root.target_workers,
        "target_groups": known,
        "other_groups": "，".join(g for g in found.target_groups if g not in known),
        "allow_repeat": found.allow_repeat,
        "description": found.description,
    }
    form = CampaignForm(
        request.POST or None,
        orgs=Org.objects.restrict(request.user, EDIT).filter(pk=found.org_id),
        initial=initial,
    )
    form.fields["org"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("other_groups")
        data.pop("org")
        data["target_groups"] = form.groups()
        try:
            services.campaign_update(actor=request.user, campaign=found, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("care:unit", root.pk)
    return render(request, "care/campaign_new.html", {"form": form, "campaign": found})


@access("org.view")
def campaign(request, pk: int):
    found = selectors.campaign_get(actor=request.user, pk=pk)
    return redirect("care:unit", selectors.top_unit(actor=request.user, campaign=found).pk)


def _chart_data(campaign, unit, progress, children, catalogue) -> dict:
    days = selectors.coverage_by_day(campaign, unit)
    return {
        "children": {
            "names": [p.unit.org.display_name for p in children],
            "workers": [p.workers for p in children],
            "targets": [p.target_workers for p in children],
            "urls": [reverse("care:unit", args=[p.unit.pk]) for p in children],
        },
        "days": {
            "days": [d.strftime("%m-%d") for d, _, _ in days],
            "people": [n for _, n, _ in days],
            "total": [t for _, _, t in days],
            "target": progress.target_workers,
        },
        "stock": {
            "names": [i.name for i in catalogue],
            "handed": [progress.handed.get(i.pk, 0) for i in catalogue],
            "left": [progress.stock.get(i.pk, 0) for i in catalogue],
        },
    }


@access("org.view")
def unit(request, pk: int):
    unit = selectors.unit_get(actor=request.user, pk=pk)
    campaign = unit.campaign
    children_units = selectors.child_units(unit)
    figures = selectors.progress_many([unit, *children_units])
    progress, children = figures[0], figures[1:]
    catalogue = selectors.items_of(campaign)
    search, kind = request.GET.get("q", "").strip(), request.GET.get("kind", "")
    listing = Listing(request, HAND_OUTS, fixed={"unit": unit.pk})
    if listing.exporting:
        return listing.export(org=unit.org)
    top = selectors.top_unit(actor=request.user, campaign=campaign)
    crumbs, cursor = [], unit
    while cursor is not None and is_within(cursor.org_path, top.org_path):
        crumbs.insert(0, cursor)
        cursor = cursor.parent
    return render(
        request,
        "care/unit.html",
        {
            "campaign": campaign,
            "unit": unit,
            "p": progress,
            "children": children,
            "catalogue": [(i, progress.handed.get(i.pk, 0), progress.stock.get(i.pk, 0)) for i in catalogue],
            "packages": campaign.packages.prefetch_related("lines__item"),
            "listing": listing,
            "voided": request.GET.get("voided", ""),
            "receipts": selectors.receipts_of(campaign, unit),
            "kinds": RecipientKind.choices,
            "q": search,
            "kind": kind,
            "crumbs": crumbs,
            "can_edit": has_perm(request.user, EDIT, unit.org),
            "can_package": has_perm(request.user, EDIT, campaign.org),
            "charts": _chart_data(campaign, unit, progress, children, catalogue),
            "chart_col": "col-xl-4 col-lg-6" if children else "col-lg-6",
        },
    )


def _edit_unit(request, pk: int):
    return selectors.unit_get(actor=request.user, pk=pk, perm=EDIT)


@access(EDIT)
def receive(request, pk: int):
    unit = _edit_unit(request, pk)
    form = ReceiveForm(
        request.POST or None,
        catalogue=_catalogue(),
        initial={"received_at": timezone.localtime().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                lines = {}
                for item, quantity, price in form.purchases():
                    if item is None:
                        item = services.supply_item_add(
                            actor=request.user, name=data["new_item"], unit=data["new_unit"]
                        )
                    lines[item] = (quantity, price)
                services.stock_receive(
                    actor=request.user,
                    unit=unit,
                    lines=lines,
                    supplier=data["supplier"],
                    at=data["received_at"],
                    backdate_reason=data["backdate_reason"],
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            bought = "、".join(f"{item.name}{thousands(qty)}{item.unit}" for item, (qty, _) in lines.items())
            messages.success(request, f"已入库：{bought}")
            return redirect("care:unit", unit.pk)
    return render(request, "care/receive.html", {"form": form, "unit": unit, "title": "采购入库"})


def _catalogue() -> list[SupplyItem]:
    return list(SupplyItem.objects.order_by("id"))


@access(EDIT)
def package_new(request, pk: int):
    unit = _edit_unit(request, pk)
    campaign = unit.campaign
    if not has_perm(request.user, EDIT, campaign.org):
        raise Http404
    form = PackageForm(request.POST or None, catalogue=_catalogue())
    if request.method == "POST" and form.is_valid():
        try:
            package = services.package_create(
                actor=request.user, campaign=campaign, name=form.cleaned_data["name"], lines=form.lines()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已设置礼包“{package.name}”")
            return redirect("care:unit", unit.pk)
    return render(request, "care/form.html", {"form": form, "unit": unit, "title": "设置礼包", "items": True})


@access(EDIT)
def allocate(request, pk: int):
    unit = _edit_unit(request, pk)
    below = _orgs_in_scope(request.user, "org.view").subtree(unit.org).exclude(pk=unit.org_id)
    form = AllocateForm(
        request.POST or None,
        catalogue=selectors.items_held(unit),
        orgs=below.order_by("path"),
        packages=unit.campaign.packages.all(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = services.unit_allocate(
                actor=request.user,
                parent=unit,
                org=data["org"],
                target_employers=data["target_employers"],
                target_workers=data["target_workers"],
                budget=data["budget"],
                package=data["package"],
                packages=data["packages"] or 0,
                lines=form.lines(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已下拨到{child.org.name}")
            return redirect("care:unit", unit.pk)
    return render(
        request, "care/form.html", {"form": form, "unit": unit, "title": "下拨到下级组织", "items": True}
    )


@access(EDIT)
def distribute(request, pk: int):
    unit = _edit_unit(request, pk)
    form = DistributeForm(
        request.POST or None,
        request.FILES or None,
        catalogue=selectors.items_held(unit),
        places=selectors.places_under(unit).order_by("name"),
        employers=selectors.employers_under(unit).order_by("name"),
        packages=unit.campaign.packages.all(),
        initial={
            "handed_at": timezone.localtime().replace(second=0, microsecond=0),
            "handed_out_by": getattr(request.user, "full_name", "") or request.user.get_username(),
            # from the card check page: the worker just scanned
            **(
                {"recipient_kind": RecipientKind.PERSON, "card": request.GET["card"]}
                if "card" in request.GET
                else {}
            ),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recipient = services.Recipient.of(
                kind=data["recipient_kind"],
                name=data["recipient_name"],
                place=data["place"],
                employer=data["employer"],
                card=data["card"],
            )
            services.distribution_record(
                actor=request.user,
                unit=unit,
                recipient=recipient,
                people_covered=data["people_covered"] or 0,
                handed_out_by=data["handed_out_by"],
                package=data["package"],
                packages=data["packages"] or 0,
                lines=form.lines(),
                handed_at=data["handed_at"],
                photo=data["photo"],
                note=data["note"],
                backdate_reason=data["backdate_reason"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                f"已登记发放：{recipient.name or recipient.place or recipient.employer or '职工个人'}",
            )
            return redirect("care:unit", unit.pk)
    return render(
        request,
        "care/form.html",
        {"form": form, "unit": unit, "title": "登记发放", "items": True, "upload": True},
    )


@access("org.view")
def ledger(request, pk: int):
    """The unit's ledger as .xlsx: at once when small, otherwise as a background job with a progress bar."""
    unit = selectors.unit_get(actor=request.user, pk=pk)
    campaign = unit.campaign
    return export_response(
        request,
        rows=selectors.ledger_of(campaign, unit),
        build=lambda chunk: ledger_workbook(unit, chunk),
        filename=ledger_filename(unit),
        org=unit.org,
        audit=Audited(
            CareAudit.LEDGER_EXPORT, target=campaign, target_label=f"{campaign.name} · {unit.org.name}"
        ),
        background=Background(
            "care.ledger", f"导出“{campaign.name}”{unit.org.display_name}物资台账", params={"unit": unit.pk}
        ),
    )


@access(EDIT)
@require_POST
def distribution_void(request, pk: int):
    distribution = Distribution.objects.restrict(request.user, EDIT).filter(pk=pk).first()
    if distribution is None:
        raise Http404
    try:
        services.distribution_void(
            actor=request.user, distribution=distribution, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已撤销发放：{distribution.recipient_name}，物资已退回库存")
    return redirect("care:unit", distribution.unit_id)


@access("org.view")
def photo(request, pk: int):
    distribution = Distribution.objects.restrict(request.user, "view").filter(pk=pk).exclude(photo="").first()
    if distribution is None:
        raise Http404
    return photo_response(distribution.photo)


# ---- what care adds to shared pages (core.modules) ---------------------------------------------------------


def received_panel(request, person):
    """On the member's e-card page: the supplies they received."""
    received = selectors.received_by(person)
    return ("care/panels/received.html", {"received": received}) if received else None


def hand_out_panel(request, check, code: str):
    """On the staff card check page, for a valid member: the campaigns the staff member may hand out from today."""
    units = selectors.units_handing_out(actor=request.user, on=timezone.localdate())
    return ("care/panels/hand_out.html", {"units": units, "code": code}) if units else None
