"""Pages of the model-worker registry (rule A6) and of honours entered from a list: upload a 名单, see its rows and
errors, record it; the registry with its filters and export, a model worker's page with honours, visits and care
receipts; lecture teams and studios; the honours a registered person holds."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.modules import panels
from gonghui.core.scope import has_perm, in_scope
from gonghui.members.models import Person

from . import intake, registry_selectors, registry_services, selectors
from .models import HonourList
from .registry_forms import (
    ListUploadForm,
    TeamForm,
    TeamMemberForm,
    VisitForm,
    WorkerEditForm,
    WorkerFilter,
)
from .registry_lists import WORKERS
from .views import _orgs

OWN_PANELS = "awards/"  # this module's own e-card panel is not repeated on its staff pages


# ---- honours from a 名单 ------------------------------------------------------------------------------------------


@access("work.edit")
def list_upload(request):
    orgs = _orgs(request.user)
    initial = {}  # the year and the award type apply to rows without their own 年度 or 荣誉 column
    for key in ("org", "award_type", "year"):
        if request.GET.get(key, "").isdigit():
            initial[key] = request.GET[key]
    form = ListUploadForm(
        request.POST or None, request.FILES or None, orgs=orgs, types=selectors.types_for(), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            honour_list = intake.list_check(
                actor=request.user,
                org=data["org"],
                filename=upload.name,
                content=upload.read(),
                award_type=data["award_type"],
                year=data["year"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("awards:list_preview", pk=honour_list.pk)
    return render(request, "awards/registry/list_upload.html", {"form": form})


def _honour_list(request, pk: int) -> HonourList:
    found = HonourList.objects.restrict(request.user, "record").select_related("org", "award_type")
    honour_list = found.filter(pk=pk).first()
    if honour_list is None:
        raise Http404
    return honour_list


@access("work.edit")
def list_preview(request, pk: int):
    honour_list = _honour_list(request, pk)
    types = {t.pk: t for t in selectors.types_for(org=honour_list.org)}
    rows = [{**row, "type": types.get(row["award_type"])} for row in honour_list.rows]
    again = f"?org={honour_list.org_id}&year={honour_list.year or ''}&award_type={honour_list.award_type_id or ''}"
    return render(
        request,
        "awards/registry/list_preview.html",
        {"list": honour_list, "rows": rows, "errors": honour_list.errors, "again": again},
    )


@access("work.edit")
@require_POST
def list_apply(request, pk: int):
    honour_list = _honour_list(request, pk)
    try:
        recorded = intake.list_apply(actor=request.user, honour_list=honour_list)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("awards:list_preview", pk=pk)
    messages.success(request, f"已导入{len(recorded)}条荣誉（{honour_list.filename}）")
    return redirect(f"{reverse('awards:index')}?org={honour_list.org_id}")


# ---- the model-worker registry ----------------------------------------------------------------------------------


@access("org.view")
def workers(request):
    form = WorkerFilter(request.GET or None, actor=request.user)
    listing = Listing(request, WORKERS)
    if listing.exporting:
        return listing.export()
    filters = form.filters()
    levels = registry_selectors.by_level(
        registry_selectors.workers_for(actor=request.user, org=filters["org"])
    )
    return render(
        request, "awards/registry/workers.html", {"form": form, "listing": listing, "levels": levels}
    )


@access("org.view")
def worker(request, pk: int):
    mw = registry_selectors.worker_get(actor=request.user, pk=pk)
    others = []
    if mw.person is not None:  # care receipts and the like, as other modules tell them (core.modules)
        # a panel carrying nothing of the person (a link to the worker's own pages) has no place here
        others = [
            (template, context)
            for template, context in panels("member_panels", request, mw.person)
            if context and not template.startswith(OWN_PANELS)
        ]
    return render(
        request,
        "awards/registry/worker.html",
        {
            "mw": mw,
            "honours": registry_selectors.worker_honours(actor=request.user, worker=mw),
            "visits": registry_selectors.visits_of(mw),
            "teams": mw.teams.all(),
            "panels": others,
            "can_edit": in_scope(request.user, "work.edit", mw.org),
        },
    )


@access("work.edit")
def worker_edit(request, pk: int):
    mw = registry_selectors.worker_get(actor=request.user, pk=pk, perm="record")
    initial = {"allowance": mw.allowance, "contact": mw.contact, "status": mw.status, "note": mw.note}
    form = WorkerEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            registry_services.model_worker_edit(actor=request.user, worker=mw, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已保存：{mw.name}")
            return redirect("awards:worker", pk=mw.pk)
    return render(
        request, "awards/registry/worker_form.html", {"mw": mw, "form": form, "title": "修改劳模信息"}
    )


@access("work.edit")
def visit_new(request, pk: int):
    mw = registry_selectors.worker_get(actor=request.user, pk=pk, perm="record")
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            registry_services.visit_record(actor=request.user, worker=mw, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记对{mw.name}的慰问")
            return redirect("awards:worker", pk=mw.pk)
    return render(request, "awards/registry/worker_form.html", {"mw": mw, "form": form, "title": "登记慰问"})


# ---- lecture teams and innovation studios -----------------------------------------------------------------------


@access("org.view")
def teams(request):
    kind = request.GET.get("kind", "")
    return render(
        request,
        "awards/registry/teams.html",
        {
            "teams": registry_selectors.teams_for(actor=request.user, kind=kind),
            "kind": kind,
            "can_edit": has_perm(request.user, "work.edit"),
        },
    )


@access("work.edit")
def team_new(request):
    form = TeamForm(request.POST or None, orgs=_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            team = registry_services.team_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已新建：{team.name}")
            return redirect("awards:team", pk=team.pk)
    return render(request, "awards/registry/team_new.html", {"form": form})


def _member_form(request, team, data=None):
    workers_seen = registry_selectors.workers_for(actor=request.user).exclude(teams=team).order_by("name")
    return TeamMemberForm(data, workers=workers_seen, initial={"joined_on": timezone.localdate()})


@access("org.view")
def team(request, pk: int, form=None):
    found = registry_selectors.team_get(actor=request.user, pk=pk)
    can_edit = in_scope(request.user, "work.edit", found.org)
    return render(
        request,
        "awards/registry/team.html",
        {
            "team": found,
            "groups": registry_selectors.team_members(found),
            "can_edit": can_edit,
            "form": form or (_member_form(request, found) if can_edit else None),
        },
    )


@access("work.edit")
@require_POST
def team_join(request, pk: int):
    found = registry_selectors.team_get(actor=request.user, pk=pk, perm="record")
    form = _member_form(request, found, request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            registry_services.team_member_add(
                actor=request.user,
                team=found,
                worker=data["model_worker"],
                joined_on=data["joined_on"],
                role=data["role"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['model_worker'].name}已加入{found.name}")
            return redirect("awards:team", pk=found.pk)
    return team(request, pk, form=form)


# ---- the honours a registered person holds ----------------------------------------------------------------------


@access("org.view")
def person(request, pk: int):
    """A registered person's honours as the staff member sees them; none in the actor's subtree reads as missing."""
    found = Person.objects.filter(pk=pk).first()
    honours = list(selectors.honours_of_person(actor=request.user, person=found)) if found else []
    if not honours:
        raise Http404
    worker = registry_selectors.workers_for(actor=request.user).filter(person=found).first()
    return render(
        request,
        "awards/registry/person.html",
        {"person": found, "honours": honours, "worker": worker},
    )
