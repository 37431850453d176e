"""Organisation pages: the lazily expanding tree, a node's page, and a form for each operation."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.core.access import LOGIN, access
from gonghui.core.errors import DomainError
from gonghui.core.exports import Audited, Background, export_response
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.modules import org_figures
from gonghui.core.scope import has_perm

from . import selectors, services
from .audit import OrgAudit
from .exports import export_filename, subtree_rows, subtree_workbook
from .forms import (
    DissolveForm,
    EmployerChangeForm,
    EmployerCloseForm,
    EmployerForm,
    MoveForm,
    OrgCreateForm,
    OrgForm,
    PlaceForm,
)
from .lists import EMPLOYERS, HISTORY, ORGS, PLACES
from .models import Coverage, EmployerStatus, Level, Org, PlaceKind, Status


def _org(request, org_id: int, perm: str = "org.view") -> Org:
    return selectors.org_get(actor=request.user, pk=org_id, perm=perm)


def _can(request, org: Org) -> dict[str, bool]:
    return {
        "manage": has_perm(request.user, "org.manage", org),
        "employers": has_perm(request.user, "employer.manage", org),
    }


@access(LOGIN)
def tree(request):
    """The tree browser, starting from the top of the actor's scope."""
    roots = selectors.root_orgs_for(actor=request.user)
    nodes = [(root, selectors.children_of(actor=request.user, org=root)) for root in roots]
    return render(request, "orgs/tree.html", {"nodes": nodes})


@access("org.view")
def children(request, org_id: int):
    """One node's children, for lazy expansion; without HTMX the node's own page lists them."""
    org = _org(request, org_id)
    if not request.htmx:
        return redirect("orgs:detail", org_id=org.pk)
    return render(
        request, "orgs/_children.html", {"children": selectors.children_of(actor=request.user, org=org)}
    )


@access("org.view")
def search(request):
    """Organisations found by name, level and status, sorted and exported like every list."""
    listing = Listing(request, ORGS)
    if listing.exporting:
        return listing.export()
    template = "orgs/search.html#results" if request.htmx else "orgs/search.html"
    context = {
        "q": request.GET.get("q", "").strip(),
        "level": request.GET.get("level", ""),
        "status": request.GET.get("status", ""),
        "levels": Level.choices,
        "statuses": Status.choices,
        "listing": listing,
    }
    return render(request, template, context)


@access("org.view")
def detail(request, org_id: int):
    org = _org(request, org_id)
    kids = selectors.children_of(actor=request.user, org=org)
    return render(
        request,
        "orgs/detail.html",
        {
            "org": org,
            "children": kids,
            "counts": selectors.org_counts(org=org),
            "crumbs": selectors.breadcrumbs(actor=request.user, org=org),
            "employers": selectors.employers_for(actor=request.user, org=org)[:10],
            "places": selectors.places_for(actor=request.user, org=org)[:10],
            "history": selectors.org_history(org=org)[:5],
            "can": _can(request, org),
            "figures": org_figures(request.user, org),
        },
    )


@access("org.view")
def history(request, org_id: int):
    org = _org(request, org_id)
    return render(
        request,
        "orgs/history.html",
        {
            "org": org,
            "listing": Listing(request, HISTORY, fixed={"org": org.pk}),
            "crumbs": selectors.breadcrumbs(actor=request.user, org=org),
        },
    )


def _form_page(request, org: Org, form, title: str, action, template: str = "orgs/form.html", extra=None):
    """Run a service from a valid form; a refusal is shown on the form and nothing is written."""
    if request.method == "POST" and form.is_valid():
        try:
            result = action(form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{title}：已完成")
            return redirect("orgs:detail", org_id=result.pk if isinstance(result, Org) else org.pk)
    context = {
        "org": org,
        "form": form,
        "title": title,
        "crumbs": selectors.breadcrumbs(actor=request.user, org=org),
        **(extra or {}),
    }
    return render(request, template, context)


@access("org.manage")
def create(request, org_id: int):
    parent = _org(request, org_id, "org.manage")
    form = OrgCreateForm(request.POST or None, parent=parent)

    def run(data):
        fields = {
            k: v for k, v in data.items() if k not in ("name", "level", "reason") and v not in (None, "")
        }
        return services.org_create(
            actor=request.user,
            parent=parent,
            name=data["name"],
            level=data["level"],
            reason=data.get("reason", ""),
            **fields,
        )

    return _form_page(request, parent, form, f"在“{parent.name}”下新建组织", run)


@access("org.manage")
def edit(request, org_id: int):
    org = _org(request, org_id, "org.manage")
    form = OrgForm(request.POST or None, instance=_org(request, org_id, "org.manage"))  # the form's own copy

    def run(data):
        changes = {k: v for k, v in data.items() if k != "reason"}
        return services.org_update(actor=request.user, org=org, reason=data.get("reason", ""), **changes)

    return _form_page(request, org, form, f"修改“{org.name}”", run)


@access("org.manage")
def move(request, org_id: int):
    org = _org(request, org_id, "org.manage")
    q = request.GET.get("q", "").strip()
    targets = selectors.move_targets(actor=request.user, org=org, search=q)
    if request.method == "POST":
        # Validate against every eligible target, not only the ones the last search showed.
        form = MoveForm(request.POST, targets=selectors.move_targets(actor=request.user, org=org, limit=None))
    else:
        form = MoveForm(targets=targets)
    if request.htmx and request.method == "GET":
        return render(request, "orgs/move.html#targets", {"form": form, "q": q, "org": org})

    def run(data):
        return services.org_move(
            actor=request.user, org=org, new_parent=data["new_parent"], reason=data["reason"]
        )

    return _form_page(request, org, form, f"迁移“{org.name}”", run, template="orgs/move.html", extra={"q": q})


@access("org.manage")
def dissolve(request, org_id: int):
    org = _org(request, org_id, "org.manage")
    form = DissolveForm(request.POST or None)

    def run(data):
        return services.org_dissolve(
            actor=request.user, org=org, reason=data["reason"], on_date=data["on_date"]
        )

    return _form_page(request, org, form, f"撤销“{org.name}”", run)


@access("org.view")
def export(request, org_id: int):
    """The subtree as .xlsx: at once when small, otherwise as a background job with a progress bar."""
    org = _org(request, org_id)
    return export_response(
        request,
        rows=subtree_rows(actor=request.user, org=org),
        build=lambda chunk: subtree_workbook(org, chunk),
        filename=export_filename(org),
        org=org,
        audit=Audited(OrgAudit.EXPORT, target=org),
        background=Background("org.export", f"导出“{org.name}”组织名册"),
    )


def _subtree_list(request, org_id: int, spec, template: str, **extra):
    """A list of what lies in a node's subtree (its employers, its places), with the node's crumbs and rights."""
    org = _org(request, org_id)
    listing = Listing(request, spec, fixed={"org": org.pk})
    if listing.exporting:
        return listing.export(org=org)
    context = {
        "org": org,
        "listing": listing,
        "q": request.GET.get("q", "").strip(),
        "crumbs": selectors.breadcrumbs(actor=request.user, org=org),
        "can": _can(request, org),
        **extra,
    }
    return render(request, template, context)


@access("org.view")
def employers(request, org_id: int):
    return _subtree_list(
        request,
        org_id,
        EMPLOYERS,
        "orgs/employers.html",
        coverage=request.GET.get("coverage", ""),
        coverages=Coverage.choices,
    )


@access("org.view")
def places(request, org_id: int):
    """The service stations, rest stops and other places of a subtree."""
    return _subtree_list(
        request,
        org_id,
        PLACES,
        "orgs/places.html",
        kind=request.GET.get("kind", ""),
        open=request.GET.get("open", ""),
        kinds=PlaceKind.choices,
    )


@access("employer.manage")
def employer_new(request, org_id: int):
    org = _org(request, org_id, "employer.manage")
    unions = (
        selectors.orgs_for(actor=request.user, subtree=org)
        .filter(level__in=[Level.BASE, Level.JOINT])
        .exclude(status="dissolved")
        .order_by("name")
    )
    form = EmployerForm(request.POST or None, unions=unions, initial={"district_code": org.district_code})

    def run(data):
        fields = {k: v for k, v in data.items() if k != "union"}
        services.employer_create(actor=request.user, org=org, union=data["union"], **fields)
        return org

    return _form_page(request, org, form, f"在“{org.name}”登记用人单位", run)


@access("employer.manage")
def place_new(request, org_id: int):
    org = _org(request, org_id, "employer.manage")
    form = PlaceForm(
        request.POST or None, initial={"district_code": org.district_code, "kind": PlaceKind.REST_STATION}
    )

    def run(data):
        fields = {k: v for k, v in data.items() if k != "facilities_text"}
        services.place_create(actor=request.user, org=org, facilities=form.facilities(), **fields)
        return org

    return _form_page(request, org, form, f"在“{org.name}”登记服务阵地", run)


def _unions_for(request, org: Org):
    return (
        selectors.orgs_for(actor=request.user, subtree=org)
        .filter(level__in=[Level.BASE, Level.JOINT])
        .exclude(status="dissolved")
        .order_by("name")
    )


@access("org.view")
def employer(request, employer_id: int):
    """An employer and its dated history (rule R1); who may manage it changes it as of a day, or closes it."""
    e = selectors.employer_get(actor=request.user, pk=employer_id)
    may = has_perm(request.user, "employer.manage", e.org) and e.status == EmployerStatus.ACTIVE
    today = timezone.localdate()
    change = EmployerChangeForm(
        initial={"union": e.union_id, "ownership": e.ownership, "headcount": e.headcount, "on_date": today},
        unions=_unions_for(request, e.org),
        prefix="change",
    )
    close = EmployerCloseForm(initial={"on_date": today}, prefix="close")
    if request.method == "POST" and may:
        which = request.POST.get("action")
        try:
            if which == "change":
                change = EmployerChangeForm(request.POST, unions=_unions_for(request, e.org), prefix="change")
                if change.is_valid():
                    d = change.cleaned_data
                    services.employer_update(
                        actor=request.user,
                        employer=e,
                        union=d["union"],
                        on_date=d["on_date"],
                        channel=d["channel"],
                        ownership=d["ownership"],
                        headcount=d["headcount"],
                    )
                    messages.success(request, f"“{e.name}”的变更已记录，自 {d['on_date']:%Y-%m-%d} 起生效")
                    return redirect("orgs:employer", employer_id=e.pk)
            elif which == "close":
                close = EmployerCloseForm(request.POST, prefix="close")
                if close.is_valid():
                    d = close.cleaned_data
                    services.employer_close(
                        actor=request.user, employer=e, reason=d["reason"], on_date=d["on_date"]
                    )
                    messages.success(request, f"“{e.name}”已注销")
                    return redirect("orgs:employer", employer_id=e.pk)
        except DomainError as exc:
            add_domain_error(change if which == "change" else close, exc)
    return render(
        request,
        "orgs/employer.html",
        {
            "e": e,
            "org": e.org,
            "periods": selectors.employer_periods(actor=request.user, employer=e),
            "may": may,
            "change": change,
            "close": close,
            "crumbs": selectors.breadcrumbs(actor=request.user, org=e.org),
        },
    )
