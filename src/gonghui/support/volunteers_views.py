"""The volunteers part's pages (V2): the teams with filters and export, a new team, one team with its members,
events and each volunteer's hours this year; a service event recorded (services by type, volunteers' hours,
enterprises) or corrected or voided; one event with the activities recorded for it; the events with filters and
export."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope

from . import volunteers_selectors as selectors
from . import volunteers_services as services
from .volunteers_forms import (
    EventFilterForm,
    EventForm,
    LeaveForm,
    MemberForm,
    TeamFilterForm,
    TeamForm,
    VoidForm,
)
from .volunteers_lists import EVENTS, TEAMS

WRITE = services.WRITE


@access("org.view")
def teams(request):
    form = TeamFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, TEAMS)
    if listing.exporting:
        return listing.export()
    return render(request, "support/volunteers/teams.html", {"form": form, "listing": listing})


@access(WRITE)
def team_new(request):
    form = TeamForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已新建志愿服务队“{team.name}”")
            return redirect("support:team", team.pk)
    return render(request, "support/volunteers/team_form.html", {"form": form, "team": None})


@access(WRITE)
def team_edit(request, pk: int):
    team = selectors.team_get(actor=request.user, pk=pk, perm="manage")
    form = TeamForm(request.POST or None, actor=request.user, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(actor=request.user, team=team, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已保存志愿服务队“{team.name}”")
            return redirect("support:team", team.pk)
    return render(request, "support/volunteers/team_form.html", {"form": form, "team": team})


def _year(request) -> int:
    typed = request.GET.get("year", "")
    return int(typed) if typed.isdigit() and 2000 <= int(typed) <= 2100 else timezone.localdate().year


def _team_page(request, team, member_form=None, status=200):
    year = _year(request)
    hours = selectors.hours_by_volunteer(actor=request.user, team=team, year=year)
    members = list(team.members.order_by("left_on", "name", "pk"))
    return render(
        request,
        "support/volunteers/team.html",
        {
            "team": team,
            "year": year,
            "members": members,
            "events": selectors.team_events(actor=request.user, team=team)[:100],
            "hours": [(r, services.hours_text(r.minutes)) for r in hours],
            "total_hours": services.hours_text(sum(r.minutes for r in hours)),
            "can_edit": in_scope(request.user, WRITE, team),
            "member_form": member_form or MemberForm(),
            "leave_form": LeaveForm(initial={"left_on": timezone.localdate()}),
        },
        status=status,
    )


@access("org.view")
def team(request, pk: int):
    return _team_page(request, selectors.team_get(actor=request.user, pk=pk))


@access(WRITE)
@require_POST
def member_add(request, pk: int):
    team = selectors.team_get(actor=request.user, pk=pk, perm="manage")
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            member = services.member_add(actor=request.user, team=team, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{member.name}已加入“{team.name}”")
            return redirect("support:team", team.pk)
    return _team_page(request, team, member_form=form)


@access(WRITE)
@require_POST
def member_leave(request, pk: int, member: int):
    team = selectors.team_get(actor=request.user, pk=pk, perm="manage")
    found = selectors.member_get(actor=request.user, team=team, pk=member)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"{found.name}：请填写退出日期")
    else:
        try:
            services.member_leave(actor=request.user, member=found, left_on=form.cleaned_data["left_on"])
        except DomainError as exc:
            messages.error(request, f"{found.name}：{exc.message}")
        else:
            messages.success(request, f"{found.name}已退出“{team.name}”")
    return redirect("support:team", team.pk)


@access(WRITE)
def event_new(request, pk: int):
    team = selectors.team_get(actor=request.user, pk=pk, perm="manage")
    form = EventForm(request.POST or None, actor=request.user, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_record(actor=request.user, team=team, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已记录志愿服务活动“{event.title}”")
            return redirect("support:event", event.pk)
    return render(request, "support/volunteers/event_form.html", {"form": form, "team": team, "event": None})


@access(WRITE)
def event_edit(request, pk: int):
    event = selectors.event_get(actor=request.user, pk=pk, perm="manage")
    form = EventForm(request.POST or None, actor=request.user, team=event.team, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已保存志愿服务活动“{event.title}”")
            return redirect("support:event", event.pk)
    return render(
        request, "support/volunteers/event_form.html", {"form": form, "team": event.team, "event": event}
    )


def _event_page(request, event, void_form=None, status=200):
    volunteers = list(event.volunteers.select_related("member").order_by("member__name", "pk"))
    return render(
        request,
        "support/volunteers/event.html",
        {
            "event": event,
            "services": selectors.services_of(event),
            "service_total": sum(n for _, n in selectors.services_of(event)),
            "volunteers": [(v, services.hours_text(v.minutes)) for v in volunteers],
            "total_hours": services.hours_text(sum(v.minutes for v in volunteers)),
            "enterprises": list(event.enterprises.all()),
            "unnamed": max(event.enterprises_total - len(event.enterprises.all()), 0),
            "activities": selectors.activities(request.user, event),
            "can_edit": in_scope(request.user, WRITE, event.team),
            "void_form": void_form or VoidForm(),
        },
        status=status,
    )


@access("org.view")
def event(request, pk: int):
    return _event_page(request, selectors.event_get(actor=request.user, pk=pk))


@access(WRITE)
@require_POST
def event_void(request, pk: int):
    found = selectors.event_get(actor=request.user, pk=pk, perm="manage")
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            services.event_void(actor=request.user, event=found, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已作废志愿服务活动“{found.title}”，不再计入统计")
            return redirect("support:team", found.team_id)
    return _event_page(request, found, void_form=form)


@access("org.view")
def events(request):
    form = EventFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, EVENTS)
    if listing.exporting:
        return listing.export()
    return render(request, "support/volunteers/events.html", {"form": form, "listing": listing})
