"""Recognition pages: the honours register of a subtree with its counts and sentence, recording an honour, and
withdrawing one."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import has_perm
from gonghui.orgs.models import Org

from . import registry_selectors, selectors, services
from .forms import HonourFilter, HonourForm
from .lists import HONOURS
from .report import place_name


@access("org.view")
def index(request):
    form = HonourFilter(request.GET or None, actor=request.user)
    listing = Listing(request, HONOURS)
    if listing.exporting:
        return listing.export()
    filters = form.filters()
    year = filters["year"] or timezone.localdate().year
    org = filters["org"] or Org.objects.restrict(request.user, "view").order_by("path").first()
    lines = selectors.summary(org, year) if org is not None else []
    lectures = registry_selectors.lectures_of_year(org, year) if org is not None else None
    return render(
        request,
        "awards/index.html",
        {
            "form": form,
            "listing": listing,
            "summary_org": org,
            "summary_year": year,
            "lines": lines,
            "lectures": lectures,
            "sentence": f"{place_name(org)}{selectors.sentence(lines)}" if lines and org else "",
            "can_record": has_perm(request.user, "work.edit"),
        },
    )


def _orgs(user):
    return (
        Org.objects.restrict(user, "work.edit")
        .exclude(status="dissolved")
        .exclude(level="branch")
        .order_by("path")
    )


@access("work.edit")
def record(request):
    orgs = _orgs(request.user)
    first = orgs.first()
    form = HonourForm(
        request.POST or None,
        orgs=orgs,
        types=selectors.types_for(org=first) if first else selectors.types_for(),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            honour = services.honour_record(actor=request.user, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记：{honour}")
            return redirect("awards:index")
    return render(request, "awards/record.html", {"form": form})


@access("work.edit")
@require_POST
def withdraw(request, pk: int):
    honour = selectors.honour_get(actor=request.user, pk=pk, perm="record")
    try:
        services.honour_withdraw(actor=request.user, honour=honour, reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已撤销：{honour}")
    return redirect("awards:index")
