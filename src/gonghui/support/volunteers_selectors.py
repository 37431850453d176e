"""The figures of volunteer teams and their services (V2):
for a subtree and period, as `selectors.summary` adds them up.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor).

Also here: the reads of the pages (teams and events the actor may see), the answer to the "link_label" question
for an activity linked to a service event, and the activities linked to an event."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse

from gonghui.core import modules
from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.orgs.models import Org

from .models.volunteers import (
    EventService,
    EventVolunteer,
    ServiceEvent,
    ServiceType,
    TeamMember,
    VolunteerTeam,
)

FIGURES = (
    "volunteer_teams",
    "volunteer_events",
    "volunteer_services",
    "volunteer_served",
    "volunteer_hours",
)
# the services by type, added to the figures so the sentence can name the main ones ("理发、义诊等")
TYPE_KEYS = {t.value: f"volunteer_services_{t.value}" for t in ServiceType}
LINK_PREFIX = "support.event"
ACTIVITY_KIND = "volunteer"  # the activities' kind code for 志愿服务 (activities/migrations/0002_kinds.py)


def _events_in(org: Org, start: dt.date, end: dt.date) -> QuerySet:
    return ServiceEvent.objects.in_subtree(org).filter(voided_at__isnull=True, date__gte=start, date__lte=end)


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """V2: active teams of the subtree; the period's standing events, their services (项次), the people served
    (人次) and, counted apart from those, the volunteers' hours (whole hours of all minutes together)."""
    events = _events_in(org, start, end)
    by_type = dict(
        EventService.objects.filter(event__in=events.values("pk"))
        .values_list("kind")
        .annotate(n=Sum("count"))
        .values_list("kind", "n")
    )
    minutes = (
        EventVolunteer.objects.filter(event__in=events.values("pk")).aggregate(m=Sum("minutes"))["m"] or 0
    )
    fig = {
        "volunteer_teams": VolunteerTeam.objects.in_subtree(org).filter(is_active=True).count(),
        "volunteer_events": events.count(),
        "volunteer_services": sum(by_type.values()),
        "volunteer_served": events.aggregate(n=Sum("people_served"))["n"] or 0,
        "volunteer_hours": minutes // 60,
    }
    fig |= {key: by_type.get(kind, 0) for kind, key in TYPE_KEYS.items()}
    return fig


def _main_types(fig: dict[str, int]) -> str:
    """The two services given most (in the types' order on a tie), "等" when there were more kinds."""
    given = [(fig.get(key, 0), i, ServiceType(kind).label) for i, (kind, key) in enumerate(TYPE_KEYS.items())]
    given = sorted((g for g in given if g[0] > 0), key=lambda g: (-g[0], g[1]))
    names = "、".join(label for _, _, label in given[:2])
    return names + ("等" if len(given) > 2 else "")


def sentence(fig: dict[str, int]) -> str:
    """As reports write it, only the parts above zero: "志愿服务队3支开展志愿服务6次，提供理发、义诊等服务420项次，
    服务职工群众1,200人次，志愿服务时长96小时"."""
    if not fig["volunteer_events"]:
        return ""  # the teams alone are no news: a year without a service says nothing
    head = ""
    if fig["volunteer_teams"]:
        head += f"志愿服务队{thousands(fig['volunteer_teams'])}支"
    if fig["volunteer_events"]:
        head += f"开展志愿服务{thousands(fig['volunteer_events'])}次"
    parts = [head] if head else []
    if fig["volunteer_services"]:
        parts.append(f"提供{_main_types(fig)}服务{thousands(fig['volunteer_services'])}项次")
    if fig["volunteer_served"]:
        parts.append(f"服务职工群众{thousands(fig['volunteer_served'])}人次")
    if fig["volunteer_hours"]:
        parts.append(f"志愿服务时长{thousands(fig['volunteer_hours'])}小时")
    return "，".join(parts)


# ---- reads for the pages -------------------------------------------------------------------------------------------


def teams_for(*, actor, org: Org | None = None, active: bool | None = None, search: str = "") -> QuerySet:
    rows = VolunteerTeam.objects.restrict(actor, "view").select_related("org")
    if org is not None:
        rows = rows.in_subtree(org)
    if active is not None:
        rows = rows.filter(is_active=active)
    if search:
        rows = rows.filter(
            Q(name__icontains=search) | Q(leader_name__icontains=search) | Q(skills__icontains=search)
        )
    return rows


def team_get(*, actor, pk, perm: str = "view") -> VolunteerTeam:
    found = VolunteerTeam.objects.restrict(actor, perm).select_related("org").filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该志愿服务队")
    return found


def member_get(*, actor, team: VolunteerTeam, pk, perm: str = "manage") -> TeamMember:
    found = TeamMember.objects.restrict(actor, perm).filter(team=team, pk=pk).first()
    if found is None:
        raise NotFound("未找到该志愿者")
    return found


def events_for(
    *,
    actor,
    org: Org | None = None,
    year: int | None = None,
    kind: str = "",
    team: VolunteerTeam | None = None,
    search: str = "",
) -> QuerySet:
    """The standing events the actor may see (voided ones left out), filtered."""
    rows = ServiceEvent.objects.restrict(actor, "view").filter(voided_at__isnull=True)
    rows = rows.select_related("team", "team__org")
    if org is not None:
        rows = rows.in_subtree(org)
    if year:
        rows = rows.filter(date__year=year)
    if kind:
        rows = rows.filter(pk__in=EventService.objects.filter(kind=kind, count__gt=0).values("event"))
    if team is not None:
        rows = rows.filter(team=team)
    if search:
        rows = rows.filter(Q(title__icontains=search) | Q(place_text__icontains=search))
    return rows


def event_get(*, actor, pk, perm: str = "view") -> ServiceEvent:
    found = (
        ServiceEvent.objects.restrict(actor, perm).select_related("team", "team__org").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该志愿服务活动")
    return found


def team_events(*, actor, team: VolunteerTeam) -> QuerySet:
    return events_for(actor=actor, team=team).prefetch_related("services")


@dataclass(frozen=True)
class HoursRow:
    member: TeamMember
    events: int
    minutes: int


def hours_by_volunteer(*, actor, team: VolunteerTeam, year: int) -> list[HoursRow]:
    """Each volunteer's events and minutes of service in the year (standing events only), most hours first."""
    rows = (
        EventVolunteer.objects.restrict(actor, "view")
        .filter(event__team=team, event__voided_at__isnull=True, event__date__year=year)
        .values("member")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    totals = {r["member"]: r["minutes"] for r in rows}
    counts: dict[int, int] = {}
    for v in (
        EventVolunteer.objects.restrict(actor, "view")
        .filter(event__team=team, event__voided_at__isnull=True, event__date__year=year)
        .values_list("member", flat=True)
    ):
        counts[v] = counts.get(v, 0) + 1
    members = {m.pk: m for m in team.members.filter(pk__in=list(totals))}
    out = [HoursRow(members[pk], counts.get(pk, 0), minutes) for pk, minutes in totals.items()]
    return sorted(out, key=lambda r: (-r.minutes, r.member.name, r.member.pk))


def services_of(event: ServiceEvent) -> list[tuple[str, int]]:
    """(label, count) of an event's services, in the types' order."""
    counts = {s.kind: s.count for s in event.services.all()}
    return [(t.label, counts[t.value]) for t in ServiceType if counts.get(t.value)]


# ---- links with activities -----------------------------------------------------------------------------------------


def event_key(event: ServiceEvent) -> str:
    return f"{LINK_PREFIX}:{event.pk}"


def link_label(actor, key: str) -> tuple[str, str] | None:
    """Answer to "link_label": the service event a key names ("support.event:12"), if the actor may see it."""
    kind, _, pk = key.partition(":")
    if kind != LINK_PREFIX or not pk.isdigit():
        return None
    event = (
        ServiceEvent.objects.restrict(actor, "view")
        .select_related("team")
        .filter(pk=int(pk), voided_at__isnull=True)
        .first()
    )
    if event is None:
        return None
    return (f"{event.title}（{event.team.name}志愿服务）", reverse("support:event", args=[event.pk]))


def activities(actor, event: ServiceEvent) -> modules.LinkedRecords:
    """The activities recorded for an event (linked to it), and where to record one."""
    return modules.linked_records(actor, event_key(event), title=event.title, kind=ACTIVITY_KIND)
