"""The stations part's pages (V1): providers (list, new, edit, one provider with its pairings and rota), a
station's duty, consultations (list, new, one consultation with its summary, a full view that is audited) and
dispute screening (list, new visit, one visit with its risks and their follow-up)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope

from . import stations_selectors as selectors
from . import stations_services as services
from .stations_forms import (
    ConsultationFilterForm,
    ConsultationForm,
    FollowUpForm,
    PairingForm,
    PatternForm,
    ProviderFilterForm,
    ProviderForm,
    RetireForm,
    RiskForm,
    ScreeningFilterForm,
    ScreeningForm,
    ShiftForm,
)
from .stations_lists import CONSULTATIONS, PROVIDERS, SCREENINGS

WRITE = services.WRITE


# ---- providers ----------------------------------------------------------------------------------------------------


@access("org.view")
def providers(request):
    form = ProviderFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, PROVIDERS)
    if listing.exporting:
        return listing.export()
    return render(request, "support/stations/providers.html", {"form": form, "listing": listing})


@access(WRITE)
def provider_new(request):
    form = ProviderForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            provider = services.provider_register(actor=request.user, **d)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记{provider.name}")
            return redirect("support:provider", provider.pk)
    return render(request, "support/stations/provider_form.html", {"form": form, "provider": None})


@access(WRITE)
def provider_edit(request, pk: int):
    provider = selectors.provider_get(actor=request.user, pk=pk, perm="manage")
    initial = {k: getattr(provider, k) for k in services.PROVIDER_FIELDS}
    form = ProviderForm(request.POST or None, initial=initial, actor=request.user, provider=provider)
    if request.method == "POST" and form.is_valid():
        try:
            services.provider_update(actor=request.user, provider=provider, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("support:provider", provider.pk)
    return render(request, "support/stations/provider_form.html", {"form": form, "provider": provider})


def _provider_page(request, provider, *, pairing_form=None, shift_forms=None):
    editable = in_scope(request.user, WRITE, provider.org) and provider.is_active
    today = timezone.localdate()
    pairings = list(provider.pairings.select_related("place").order_by("-starts_on", "-id"))
    shift_forms = shift_forms or {}
    rows = [
        {
            "pairing": p,
            "current": p.ends_on is None or p.ends_on >= today,
            "shift_form": shift_forms.get(("shift", p.pk)) or ShiftForm(prefix=f"s{p.pk}"),
            "pattern_form": shift_forms.get(("pattern", p.pk)) or PatternForm(prefix=f"w{p.pk}"),
        }
        for p in pairings
    ]
    context = {
        "provider": provider,
        "pairings": rows,
        "shifts": selectors.upcoming_shifts(provider, today)[:60],
        "editable": editable,
        "pairing_form": pairing_form
        or (PairingForm(actor=request.user, provider=provider) if editable else None),
        "retire_form": RetireForm(),
    }
    return render(request, "support/stations/provider.html", context)


@access("org.view")
def provider(request, pk: int):
    return _provider_page(request, selectors.provider_get(actor=request.user, pk=pk))


@access(WRITE)
@require_POST
def provider_retire(request, pk: int):
    provider = selectors.provider_get(actor=request.user, pk=pk, perm="manage")
    form = RetireForm(request.POST)
    form.is_valid()
    try:
        services.provider_retire(
            actor=request.user, provider=provider, reason=form.cleaned_data.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"{provider.name}已退出")
    return redirect("support:provider", provider.pk)


@access(WRITE)
@require_POST
def pairing_new(request, pk: int):
    provider = selectors.provider_get(actor=request.user, pk=pk, perm="manage")
    form = PairingForm(request.POST, actor=request.user, provider=provider)
    if form.is_valid():
        try:
            services.pairing_create(actor=request.user, provider=provider, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已对接“{form.cleaned_data['place'].name}”")
            return redirect("support:provider", provider.pk)
    return _provider_page(request, provider, pairing_form=form)


@access(WRITE)
@require_POST
def shift_add(request, pk: int):
    pairing = selectors.pairing_get(actor=request.user, pk=pk, perm="manage")
    form = ShiftForm(request.POST, prefix=f"s{pairing.pk}")
    if form.is_valid():
        try:
            services.shift_add(actor=request.user, pairing=pairing, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已排班")
            return redirect("support:provider", pairing.provider_id)
    return _provider_page(request, pairing.provider, shift_forms={("shift", pairing.pk): form})


@access(WRITE)
@require_POST
def shift_pattern(request, pk: int):
    pairing = selectors.pairing_get(actor=request.user, pk=pk, perm="manage")
    form = PatternForm(request.POST, prefix=f"w{pairing.pk}")
    if form.is_valid():
        try:
            made = services.shifts_by_pattern(actor=request.user, pairing=pairing, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已按周排班{len(made)}次")
            return redirect("support:provider", pairing.provider_id)
    return _provider_page(request, pairing.provider, shift_forms={("pattern", pairing.pk): form})


@access(WRITE)
@require_POST
def shift_remove(request, pk: int):
    shift = selectors.shift_get(actor=request.user, pk=pk, perm="manage")
    provider_id = shift.pairing.provider_id
    try:
        services.shift_remove(actor=request.user, shift=shift)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已取消该班次")
    return redirect("support:provider", provider_id)


@access("org.view")
def station(request, pk: int):
    place = selectors.place_get(actor=request.user, pk=pk)
    today = timezone.localdate()
    days = selectors.duty(request.user, place, today)
    context = {
        "place": place,
        "today": days[0],
        "days": days[1:],
        "pairings": selectors.station_pairings(request.user, place, today),
    }
    return render(request, "support/stations/station.html", context)


# ---- consultations ------------------------------------------------------------------------------------------------


@access("org.view")
def consultations(request):
    form = ConsultationFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, CONSULTATIONS)
    if listing.exporting:
        return listing.export()
    return render(
        request,
        "support/stations/consultations.html",
        {"form": form, "listing": listing, "rows": [(c, services.worker_label(c)) for c in listing]},
    )


@access(WRITE)
def consultation_new(request):
    initial = {"date": timezone.localdate()}
    form = ConsultationForm(request.POST or None, initial=initial, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            c = services.consultation_record(actor=request.user, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已登记法律咨询")
            return redirect("support:consultation", c.pk)
    return render(request, "support/stations/consultation_new.html", {"form": form})


@access("org.view")
def consultation(request, pk: int):
    c = selectors.consultation_get(actor=request.user, pk=pk)
    # the summary is a legal fact about a person: for those who may see members' data, each view audited
    may_read = in_scope(request.user, "member.view", c.org)
    summary = (
        services.consultation_summary(actor=request.user, consultation=c, request=request) if may_read else ""
    )
    context = {
        "c": c,
        "worker": services.worker_label(c),
        "may_read": may_read,
        "summary": summary,
        "materials": c.materials.all(),
    }
    return render(request, "support/stations/consultation.html", context)


# ---- dispute screening --------------------------------------------------------------------------------------------


@access("org.view")
def screenings(request):
    form = ScreeningFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, SCREENINGS)
    return render(request, "support/stations/screenings.html", {"form": form, "listing": listing})


@access(WRITE)
def screening_new(request):
    form = ScreeningForm(request.POST or None, initial={"date": timezone.localdate()}, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.screening_record(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已登记走访")
            return redirect("support:screening", visit.pk)
    return render(request, "support/stations/screening_new.html", {"form": form})


def _screening_page(request, visit, *, risk_form=None, follow_forms=None):
    editable = in_scope(request.user, WRITE, visit.org)
    follow_forms = follow_forms or {}
    risks = [
        (
            r,
            follow_forms.get(r.pk)
            or FollowUpForm(prefix=f"f{r.pk}", initial={"risk": r.pk, "follow_up": r.follow_up}),
        )
        for r in visit.risks.all()
    ]
    context = {
        "visit": visit,
        "risks": risks,
        "editable": editable,
        "risk_form": risk_form or RiskForm(),
    }
    return render(request, "support/stations/screening.html", context)


@access("org.view")
def screening(request, pk: int):
    return _screening_page(request, selectors.screening_get(actor=request.user, pk=pk))


@access(WRITE)
@require_POST
def risk_add(request, pk: int):
    visit = selectors.screening_get(actor=request.user, pk=pk, perm="manage")
    form = RiskForm(request.POST)
    if form.is_valid():
        try:
            services.risk_add(actor=request.user, visit=visit, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已登记风险隐患")
            return redirect("support:screening", visit.pk)
    return _screening_page(request, visit, risk_form=form)


@access(WRITE)
@require_POST
def risk_follow_up(request, pk: int, risk: int):
    visit = selectors.screening_get(actor=request.user, pk=pk, perm="manage")
    found = selectors.risk_get(visit, risk)
    form = FollowUpForm(request.POST, prefix=f"f{found.pk}")
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.risk_follow_up(
                actor=request.user, risk=found, follow_up=d["follow_up"], resolved_on=d["resolved_on"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已记录跟进情况")
            return redirect("support:screening", visit.pk)
    return _screening_page(request, visit, follow_forms={found.pk: form})
