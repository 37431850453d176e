"""The registry part's pages (O4, R2): the certificates, one certificate with its changes and the forms to record a
change, re-register it or cancel the registration, registering a new certificate, the reminders (due soon or
overdue) and the base unions that qualify without a certificate. Lists filter and export to Excel."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope

from . import registry_selectors as selectors
from . import registry_services as services
from .models import LegalPersonStatus
from .models.registry import REREGISTER_WITHIN_DAYS
from .registry_forms import (
    CancelForm,
    ChangeForm,
    MissingFilterForm,
    RegisterForm,
    RegistryFilterForm,
    ReminderFilterForm,
    ReregisterForm,
)
from .registry_lists import CERTIFICATES, MISSING, REMINDERS

WRITE = "org.manage"


@access("org.view")
def registry(request):
    form = RegistryFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, CERTIFICATES)
    if listing.exporting:
        return listing.export()
    return render(request, "organising/registry/index.html", {"form": form, "listing": listing})


@access("org.view")
def reminders(request):
    form = ReminderFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, REMINDERS)
    if listing.exporting:
        return listing.export()
    return render(
        request,
        "organising/registry/reminders.html",
        {"form": form, "listing": listing, "days": REREGISTER_WITHIN_DAYS, "today": timezone.localdate()},
    )


@access("org.view")
def missing(request):
    form = MissingFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, MISSING)
    if listing.exporting:
        return listing.export()
    return render(request, "organising/registry/missing.html", {"form": form, "listing": listing})


@access(WRITE)
def legal_person_new(request):
    initial = {}
    union = selectors.registrable_unions(actor=request.user).filter(pk=_int(request.GET.get("union"))).first()
    if union is not None:
        initial = {"union": union.pk, "uscc": union.uscc, "representative": union.committee_chair}
    form = RegisterForm(request.POST or None, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lp = services.legal_person_register(
                actor=request.user, union=form.cleaned_data["union"], data=form.data_for_service()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记“{lp.name}”的工会法人资格证书")
            return redirect("organising:legal_person", lp.pk)
    return render(request, "organising/registry/new.html", {"form": form})


def _int(value) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _page(request, pk, *, change_form=None, reregister_form=None, cancel_form=None, status=200):
    lp = selectors.legal_person_get(actor=request.user, pk=pk)
    editable = lp.status == LegalPersonStatus.VALID and in_scope(request.user, "manage", lp)
    changes = selectors.changes_of(actor=request.user, legal_person=lp)
    today = timezone.localdate()
    return render(
        request,
        "organising/registry/detail.html",
        {
            "lp": lp,
            "changes": changes,
            "pending": [c for c in changes if c.pending],
            "editable": editable,
            "change_form": change_form or ChangeForm(),
            "reregister_form": reregister_form,
            "cancel_form": cancel_form or CancelForm(initial={"cancelled_on": today}),
            "today": today,
            "days": REREGISTER_WITHIN_DAYS,
        },
        status=status,
    )


@access("org.view")
def legal_person(request, pk: int):
    return _page(request, pk)


@require_POST
@access(WRITE)
def legal_person_change(request, pk: int):
    lp = selectors.legal_person_get(actor=request.user, pk=pk, perm="manage")
    form = ChangeForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            change = services.legal_person_change(
                actor=request.user,
                legal_person=lp,
                field=d["field"],
                new_value=d["new_value"],
                changed_on=d["changed_on"],
                note=d["note"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request,
                f"已记录{change.get_field_display()}变更，请于{change.due_on:%Y年%m月%d日}前办理重新登记",
            )
            return redirect("organising:legal_person", lp.pk)
    return _page(request, pk, change_form=form)


@require_POST
@access(WRITE)
def legal_person_reregister(request, pk: int, change: int):
    lp = selectors.legal_person_get(actor=request.user, pk=pk, perm="manage")
    found = selectors.change_get(actor=request.user, legal_person=lp, pk=change)
    form = ReregisterForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.legal_person_reregister(
                actor=request.user,
                change=found,
                reregistered_on=d["reregistered_on"],
                certificate_no=d["certificate_no"],
                note=d["note"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{found.get_field_display()}变更已重新登记")
            return redirect("organising:legal_person", lp.pk)
    return _page(request, pk, reregister_form=form)


@require_POST
@access(WRITE)
def legal_person_cancel(request, pk: int):
    lp = selectors.legal_person_get(actor=request.user, pk=pk, perm="manage")
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.legal_person_cancel(
                actor=request.user,
                legal_person=lp,
                cancelled_on=form.cleaned_data["cancelled_on"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "工会法人资格已注销")
            return redirect("organising:legal_person", lp.pk)
    return _page(request, pk, cancel_form=form)
