"""The legal-aid cases' pages (V1): the list with deadline badges and its masked export, intake, and a case's page
with its parties, the conflict check's result and its clearance, the lawyer, the timeline and the outcome. Names
are masked and the facts never shown, except on the audited full view (`case_reveal`)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.personal import mask_name
from gonghui.core.scope import has_perm, in_scope
from gonghui.orgs.models import Employer

from . import cases_selectors as sel
from . import cases_services as services
from .cases_forms import (
    AssignForm,
    CaseFilterForm,
    CaseForm,
    ClearForm,
    CloseForm,
    EventForm,
    PartyForm,
    RevealForm,
)
from .cases_lists import CASES
from .models.cases import CaseStatus, PartyKind, PartySide

WRITE = "work.edit"


@access("org.view")
def cases(request):
    form = CaseFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, CASES)
    if listing.exporting:
        return listing.export()
    soon, overdue = sel.deadline_counts(sel.cases_for(actor=request.user))
    today = timezone.localdate()
    rows = [
        {"case": c, "applicant": mask_name(c.applicant_name), "due": sel.deadline_state(c, today)}
        for c in listing.rows
    ]
    return render(
        request,
        "support/cases/index.html",
        {"form": form, "listing": listing, "rows": rows, "soon": soon, "overdue": overdue},
    )


def _opposing(d: dict) -> list[services.PartyData]:
    found = []
    org_name = d["opposing_org"].strip() or d["employer_name"].strip()
    if org_name:
        found.append(services.PartyData(PartySide.OPPOSING, PartyKind.ORGANISATION, org_name))
    if d["opposing_person"].strip():
        found.append(
            services.PartyData(
                PartySide.OPPOSING, PartyKind.PERSON, d["opposing_person"], id_number=d["opposing_id_number"]
            )
        )
    return found


@access(WRITE)
def case_new(request):
    form = CaseForm(request.POST or None, actor=request.user, initial={"intake_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        employer = (
            Employer.objects.restrict(request.user, "view").filter(name=d["employer_name"].strip()).first()
            if d["employer_name"].strip()
            else None
        )
        data = services.CaseData(
            org=d["org"],
            intake_date=d["intake_date"],
            claim_kind=d["claim_kind"],
            facts=d["facts"],
            member_number=d["member_number"],
            doc_type=d["doc_type"],
            id_number=d["id_number"],
            applicant_name=d["applicant_name"],
            employer_name=d["employer_name"],
            employer=employer,
            is_migrant=d["is_migrant"],
            is_low_income=d["is_low_income"],
            eligibility_override=d["eligibility_override"],
            opposing=_opposing(d),
        )
        try:
            case = services.case_open(actor=request.user, data=data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if case.conflict_blocking:
                messages.warning(request, f"已受理，案件编号{case.number}；发现利益冲突，请审查")
            else:
                messages.success(request, f"已受理，案件编号{case.number}")
            return redirect("support:case", case.pk)
    return render(request, "support/cases/new.html", {"form": form})


@access("org.view")
def case(request, pk: int):
    found = sel.case_get(actor=request.user, pk=pk)
    editable = in_scope(request.user, WRITE, found.org) and found.status == CaseStatus.OPEN
    today = timezone.localdate()
    lawyers = services.lawyers_for(request.user, found) if editable else []
    return render(
        request,
        "support/cases/detail.html",
        {
            "case": found,
            "applicant": mask_name(found.applicant_name),
            "parties": sel.parties_shown(found),
            "hits": sel.conflicts_shown(request.user, found),
            "events": list(found.events.all()),
            "due": sel.deadline_state(found, today),
            "editable": editable,
            "can_reveal": has_perm(request.user, "member.reveal", found.org),
            "party_form": PartyForm(),
            "clear_form": ClearForm(),
            "assign_form": AssignForm(lawyers=lawyers, initial={"on_date": today}),
            "event_form": EventForm(initial={"on_date": today}),
            "close_form": CloseForm(initial={"closed_on": today}),
            "reveal_form": RevealForm(),
        },
    )


def _editable(request, pk):
    return sel.case_get(actor=request.user, pk=pk, perm="manage")


def _act(request, form, call, done: str):
    """Run a service from a posted form; its refusal, or the form's first error, as a message."""
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}：{errors[0]}" if label else errors[0])
        return
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)


@access(WRITE)
@require_POST
def case_party_add(request, pk: int):
    found = _editable(request, pk)
    _act(
        request,
        PartyForm(request.POST),
        lambda d: services.party_add(
            actor=request.user,
            case=found,
            data=services.PartyData(d["side"], d["kind"], d["name"], id_number=d["id_number"]),
        ),
        "已增加当事人，利益冲突已重新审查",
    )
    return redirect("support:case", found.pk)


@access(WRITE)
@require_POST
def case_party_remove(request, pk: int, party: int):
    found = _editable(request, pk)
    try:
        services.party_remove(actor=request.user, case=found, party_id=party)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已删除当事人，利益冲突已重新审查")
    return redirect("support:case", found.pk)


@access(WRITE)
@require_POST
def case_clear(request, pk: int):
    found = _editable(request, pk)
    _act(
        request,
        ClearForm(request.POST),
        lambda d: services.conflict_clear(actor=request.user, case=found, reason=d["reason"]),
        "利益冲突已排除",
    )
    return redirect("support:case", found.pk)


@access(WRITE)
@require_POST
def case_assign(request, pk: int):
    found = _editable(request, pk)
    form = AssignForm(request.POST, lawyers=services.lawyers_for(request.user, found))
    _act(
        request,
        form,
        lambda d: services.lawyer_assign(
            actor=request.user,
            case=found,
            provider_id=d["lawyer"],
            on_date=d["on_date"],
            deadline=d["deadline"],
        ),
        "已指派承办律师",
    )
    return redirect("support:case", found.pk)


@access(WRITE)
@require_POST
def case_event(request, pk: int):
    found = _editable(request, pk)
    _act(
        request,
        EventForm(request.POST),
        lambda d: services.event_add(
            actor=request.user,
            case=found,
            kind=d["kind"],
            on_date=d["on_date"],
            deadline=d["deadline"],
            note=d["note"],
        ),
        "已记录办理进程",
    )
    return redirect("support:case", found.pk)


@access(WRITE)
@require_POST
def case_close(request, pk: int):
    found = _editable(request, pk)
    _act(
        request,
        CloseForm(request.POST),
        lambda d: services.case_close(
            actor=request.user,
            case=found,
            result=d["result"],
            closed_on=d["closed_on"],
            recovered_yuan=d["recovered_yuan"],
            people_covered=d["people_covered"],
            note=d["note"],
        ),
        "已结案",
    )
    return redirect("support:case", found.pk)


@access("member.reveal")
@require_POST
def case_reveal(request, pk: int):
    """The facts and the applicant's full document number, once, audited (needs member.reveal on the case's node)."""
    found = sel.case_get(actor=request.user, pk=pk, perm="reveal")
    form = RevealForm(request.POST)
    shown: dict = {}
    _act(
        request,
        form,
        lambda d: shown.update(
            services.case_reveal(actor=request.user, case=found, reason=d["reason"], request=request)
        ),
        "已查看完整信息，本次查看已记录",
    )
    if not shown:
        return redirect("support:case", found.pk)
    response = render(request, "support/cases/reveal.html", {"case": found, "shown": shown})
    response.gonghui_reveals = True  # type: ignore[attr-defined]  # the audited full view (I3)
    return response
