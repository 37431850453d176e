"""The pipeline part's pages (R1, W1): the targets of a subtree (filters, Excel), one target with its timeline and
the forms to follow it up and record a visit, a new target, my worklist, the board of streets by stage, events
(stalls and 沟通会) with the employers contacted and the opinions collected there, and the opinions to answer."""

import datetime as dt

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope

from . import pipeline_selectors as selectors
from . import pipeline_services as pipeline
from . import services, setup_selectors
from .models import Stage
from .pipeline_forms import (
    AnswerForm,
    BoardForm,
    ContactForm,
    EmployerSearchForm,
    EventFilterForm,
    EventForm,
    NewEmployerForm,
    OpinionFilterForm,
    OpinionForm,
    OpinionNewForm,
    TargetEditForm,
    TargetFilterForm,
    TargetOpenForm,
    VisitForm,
)
from .pipeline_lists import EVENTS, OPINIONS, TARGETS, UNTARGETED, WORKLIST

MANAGE = pipeline.MANAGE


def _due(listing, today) -> list[dict]:
    """Each target of a page with how its next step stands: overdue, due within a week, or neither."""
    soon = today + dt.timedelta(days=selectors.DUE_DAYS)
    rows = []
    for t in listing:
        when = t.next_step_on
        state = ""
        if when is not None and t.stage != Stage.FORMED:
            state = "overdue" if when < today else "due" if when <= soon else ""
        rows.append({"t": t, "state": state})
    return rows


# ---- targets ------------------------------------------------------------------------------------------------------


@access("org.view")
def targets(request):
    form = TargetFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, TARGETS)
    if listing.exporting:
        return listing.export()
    context = {"form": form, "listing": listing, "rows": _due(listing, timezone.localdate())}
    return render(request, "organising/pipeline/targets.html", context)


def _target_page(request, target, *, edit_form=None, visit_form=None):
    editable = in_scope(request.user, MANAGE, target.org) and target.stage != Stage.FORMED
    context = {
        "target": target,
        "timeline": selectors.timeline(target),
        "opinions": selectors.target_opinions(target),
        "panel": setup_selectors.target_panel(request.user, target),
        "editable": editable,
        "manage": in_scope(request.user, MANAGE, target.org),
        "edit_form": edit_form or TargetEditForm(actor=request.user, target=target),
        "visit_form": visit_form or VisitForm(),
        "overdue": target.next_step_on is not None
        and target.stage != Stage.FORMED
        and target.next_step_on < timezone.localdate(),
    }
    return render(request, "organising/pipeline/target.html", context)


@access("org.view")
def target(request, pk: int):
    return _target_page(request, selectors.target_get(actor=request.user, pk=pk))


@access(MANAGE)
@require_POST
def target_edit(request, pk: int):
    found = selectors.target_get(actor=request.user, pk=pk, perm="manage")
    form = TargetEditForm(request.POST, actor=request.user, target=found)
    if form.is_valid():
        try:
            services.target_update(actor=request.user, target=found, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("organising:target", found.pk)
    return _target_page(request, found, edit_form=form)


@access(MANAGE)
@require_POST
def target_visit(request, pk: int):
    found = selectors.target_get(actor=request.user, pk=pk, perm="manage")
    form = VisitForm(request.POST)
    if form.is_valid():
        try:
            pipeline.visit_record(actor=request.user, target=found, **form.for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已登记走访")
            return redirect("organising:target", found.pk)
    return _target_page(request, found, visit_form=form)


@access(MANAGE)
def target_new(request):
    search = EmployerSearchForm(request.GET or None, actor=request.user)
    listing = Listing(request, UNTARGETED)
    new_form = NewEmployerForm(actor=request.user)
    if request.method == "POST" and request.POST.get("mode") == "open":
        form = TargetOpenForm(request.POST)
        if form.is_valid():
            employer = selectors.employer_get(actor=request.user, pk=form.cleaned_data["employer"])
            try:
                opened = services.target_open(actor=request.user, employer=employer)
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已将“{employer.name}”列为建会目标")
                return redirect("organising:target", opened.pk)
    elif request.method == "POST":
        new_form = NewEmployerForm(request.POST, actor=request.user)
        if new_form.is_valid():
            employer_fields, fields = new_form.split()
            try:
                opened = services.target_register(
                    actor=request.user,
                    org=new_form.cleaned_data["org"],
                    employer_fields=employer_fields,
                    **fields,
                )
            except DomainError as exc:
                add_domain_error(new_form, exc)
            else:
                messages.success(request, f"已登记“{opened.employer.name}”并列为建会目标")
                return redirect("organising:target", opened.pk)
    context = {"search": search, "listing": listing, "new_form": new_form}
    return render(request, "organising/pipeline/target_new.html", context)


@access("org.view")
def worklist(request):
    today = timezone.localdate()
    _, mine = selectors.worklist_for(actor=request.user, today=today)
    listing = Listing(request, WORKLIST)
    context = {"listing": listing, "rows": _due(listing, today), "mine": mine}
    return render(request, "organising/pipeline/worklist.html", context)


@access("org.view")
def board(request):
    form = BoardForm(request.GET or None, actor=request.user)
    org = form.values().get("org") or selectors.subtree_root(request.user)
    if org is None:
        raise Http404
    if not form.is_bound:
        form = BoardForm(initial={"org": org.pk}, actor=request.user)
    rows = selectors.board(request.user, org)
    stages = Stage.choices
    chart = {
        "streets": [r.org.short_name or r.org.name for r in rows],
        "series": [
            {"name": label, "data": [r.counts.get(value, 0) for r in rows]} for value, label in stages
        ],
    }
    totals = [(value, label, sum(r.counts.get(value, 0) for r in rows)) for value, label in stages]
    context = {
        "form": form,
        "org": org,
        "rows": rows,
        "chart": chart,
        "totals": totals,
        "total": sum(r.total for r in rows),
        "untargeted": sum(r.untargeted for r in rows),
    }
    return render(request, "organising/pipeline/board.html", context)


# ---- events -------------------------------------------------------------------------------------------------------


@access("org.view")
def events(request):
    form = EventFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, EVENTS)
    if listing.exporting:
        return listing.export()
    return render(request, "organising/pipeline/events.html", {"form": form, "listing": listing})


@access(MANAGE)
def event_new(request):
    form = EventForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = pipeline.event_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记“{event.title}”")
            return redirect("organising:event", event.pk)
    return render(request, "organising/pipeline/event_new.html", {"form": form})


def _event_page(request, event, *, contact_form=None, opinion_form=None):
    editable = in_scope(request.user, MANAGE, event.org)
    context = {
        "event": event,
        "contacts": selectors.event_contacts(event),
        "opinions": selectors.event_opinions(event),
        "editable": editable,
        "contact_form": contact_form or (ContactForm(actor=request.user, event=event) if editable else None),
        "opinion_form": opinion_form or OpinionForm(day=event.on),
    }
    return render(request, "organising/pipeline/event.html", context)


@access("org.view")
def event(request, pk: int):
    return _event_page(request, selectors.event_get(actor=request.user, pk=pk))


@access(MANAGE)
@require_POST
def event_contact(request, pk: int):
    found = selectors.event_get(actor=request.user, pk=pk, perm="manage")
    form = ContactForm(request.POST, actor=request.user, event=found)
    if form.is_valid():
        try:
            contact = pipeline.event_contact_add(actor=request.user, event=found, **form.for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记联系“{contact.target.employer.name}”")
            return redirect("organising:event", found.pk)
    return _event_page(request, found, contact_form=form)


@access(MANAGE)
@require_POST
def event_opinion(request, pk: int):
    found = selectors.event_get(actor=request.user, pk=pk, perm="manage")
    form = OpinionForm(request.POST, day=found.on)
    if form.is_valid():
        try:
            pipeline.opinion_add(actor=request.user, event=found, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已登记意见建议")
            return redirect("organising:event", found.pk)
    return _event_page(request, found, opinion_form=form)


# ---- opinions -----------------------------------------------------------------------------------------------------


def _opinions_page(request, answer_forms=None):
    form = OpinionFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, OPINIONS)
    if listing.exporting:
        return listing.export()
    answer_forms = answer_forms or {}
    rows = [
        {
            "o": o,
            "editable": in_scope(request.user, MANAGE, o.org),
            "form": answer_forms.get(o.pk) or AnswerForm(opinion=o),
        }
        for o in listing
    ]
    return render(
        request, "organising/pipeline/opinions.html", {"form": form, "listing": listing, "rows": rows}
    )


@access("org.view")
def opinions(request):
    return _opinions_page(request)


@access(MANAGE)
def opinion_new(request):
    form = OpinionNewForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            pipeline.opinion_add(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已登记意见建议")
            return redirect("organising:opinions")
    return render(request, "organising/pipeline/opinion_new.html", {"form": form})


@access(MANAGE)
@require_POST
def opinion_answer(request, pk: int):
    found = selectors.opinion_get(actor=request.user, pk=pk, perm="manage")
    form = AnswerForm(request.POST, opinion=found)
    if form.is_valid():
        try:
            pipeline.opinion_answer(actor=request.user, opinion=found, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已答复")
            return redirect("organising:opinions")
    return _opinions_page(request, answer_forms={found.pk: form})
