"""The figures of lawyers and professionals, their pairings with service stations and rota, consultations and materials, dispute screening (V1):
for a subtree and period, as `selectors.summary` adds them up; and the reads the stations part's pages make.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.orgs.models import Org, Place

from .models import (
    Consultation,
    Material,
    Pairing,
    Provider,
    Risk,
    ScreeningVisit,
    Shift,
    Topic,
)
from .models.base import LAWYER_KINDS
from .models.stations import SERIOUS_LEVELS

FIGURES = (
    "providers",
    "lawyers",
    "stations_paired",
    "pairings",
    "consultations",
    "materials",
    "screening_visits",
    "risks_found",
)
EXTRA = ("screened_employers",)  # distinct employers visited: the sentence's 走访排查用人单位N家
DUTY_DAYS = 14  # a station's page and the API show today's duty and the next 14 days


def _overlapping(qs: QuerySet[Pairing], start: dt.date, end: dt.date) -> QuerySet[Pairing]:
    """Pairings whose dates overlap the period: begun by its end and not ended before its start."""
    return qs.filter(starts_on__lte=end).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """rule V1: providers and lawyers on the register now; pairings and stations paired over the period;
    consultations, materials (份), visits and risks found in the period; all of the subtree."""
    providers = Provider.objects.in_subtree(org).filter(is_active=True)
    pairings = _overlapping(Pairing.objects.in_subtree(org), start, end)
    consultations = Consultation.objects.in_subtree(org).filter(date__range=(start, end))
    visits = ScreeningVisit.objects.in_subtree(org).filter(date__range=(start, end))
    return {
        "providers": providers.count(),
        "lawyers": providers.filter(kind__in=LAWYER_KINDS).count(),
        "stations_paired": pairings.values("place").distinct().count(),
        "pairings": pairings.count(),
        "consultations": consultations.count(),
        "materials": Material.objects.filter(consultation__in=consultations.values("pk")).aggregate(
            n=Sum("quantity")
        )["n"]
        or 0,
        "screening_visits": visits.count(),
        "screened_employers": visits.values("employer").distinct().count(),
        "risks_found": Risk.objects.filter(visit__in=visits.values("pk")).count(),
    }


def sentence(fig: dict[str, int]) -> str:
    """ "律师对接服务站12家，接待法律咨询35次，发放宣传材料500份，走访排查用人单位8家、发现风险隐患3项": the parts
    that happened."""
    parts = []
    if fig.get("stations_paired"):
        parts.append(f"律师对接服务站{thousands(fig['stations_paired'])}家")
    if fig.get("consultations"):
        parts.append(f"接待法律咨询{thousands(fig['consultations'])}次")
    if fig.get("materials"):
        parts.append(f"发放宣传材料{thousands(fig['materials'])}份")
    screening = []
    visited = fig.get("screened_employers", fig.get("screening_visits", 0))
    if visited:
        screening.append(f"走访排查用人单位{thousands(visited)}家")
    if fig.get("risks_found"):
        screening.append(f"发现风险隐患{thousands(fig['risks_found'])}项")
    if screening:
        parts.append("、".join(screening))
    return "，".join(parts)


def consultations_by_topic(org: Org, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """consultations by topic: (label, count), in the order a report lists them, only those above zero"""
    counted = dict(
        Consultation.objects.in_subtree(org)
        .filter(date__range=(start, end))
        .order_by()
        .values("topic")
        .annotate(n=Count("id"))
        .values_list("topic", "n")
    )
    return [(label, counted[value]) for value, label in Topic.choices if counted.get(value)]


def open_risks(actor, org: Org) -> QuerySet[Risk]:
    """Risks of 较大 or 重大 level not yet resolved, in the subtree, that the actor sees."""
    return (
        Risk.objects.restrict(actor, "view")
        .in_subtree(org)
        .filter(level__in=SERIOUS_LEVELS, resolved_on__isnull=True)
    )


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    n = open_risks(actor, org).count()
    if not n:
        return []
    return [("较大以上风险隐患待化解", n, f"{reverse('support:screenings')}?open=1&org={org.pk}")]


# ---- the pages' reads ---------------------------------------------------------------------------------------------


def _get(qs: QuerySet, pk, message: str):
    found = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound(message)
    return found


def providers_for(
    *, actor, org: Org | None = None, kind: str = "", active: str = "", search: str = ""
) -> QuerySet[Provider]:
    qs = Provider.objects.restrict(actor, "view").select_related("org")
    if org is not None:
        qs = qs.in_subtree(org)
    if kind:
        qs = qs.filter(kind=kind)
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    if term := search.strip():
        qs = qs.filter(Q(name__icontains=term) | Q(firm__icontains=term) | Q(licence__icontains=term))
    return qs


def provider_get(*, actor, pk, perm: str = "view") -> Provider:
    return _get(Provider.objects.restrict(actor, perm).select_related("org"), pk, "未找到该服务专业人员")


def pairing_get(*, actor, pk, perm: str = "view") -> Pairing:
    return _get(
        Pairing.objects.restrict(actor, perm).select_related("provider__org", "place"), pk, "未找到该对接"
    )


def shift_get(*, actor, pk, perm: str = "view") -> Shift:
    return _get(
        Shift.objects.restrict(actor, perm).select_related("pairing__provider__org", "pairing__place"),
        pk,
        "未找到该值班安排",
    )


def places_for(actor, org: Org | None = None) -> QuerySet[Place]:
    qs = Place.objects.restrict(actor, "view").select_related("org")
    return qs.in_subtree(org) if org is not None else qs


def place_get(*, actor, pk) -> Place:
    return _get(places_for(actor), pk, "未找到该服务站")


def upcoming_shifts(provider: Provider, today: dt.date) -> QuerySet[Shift]:
    return (
        Shift.objects.filter(pairing__provider=provider, date__gte=today)
        .select_related("pairing__place")
        .order_by("date", "starts_at", "id")
    )


@dataclass(frozen=True)
class DutyDay:
    date: dt.date
    shifts: list[Shift]


def station_pairings(actor, place: Place, today: dt.date) -> QuerySet[Pairing]:
    """Who is paired with the station now or later, among the pairings the actor sees."""
    return (
        Pairing.objects.restrict(actor, "view")
        .filter(place=place)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("provider")
        .order_by("starts_on", "id")
    )


def duty(actor, place: Place, today: dt.date, days: int = DUTY_DAYS) -> list[DutyDay]:
    """Who is on duty at the station each day from today through the next `days` days (V1)."""
    last = today + dt.timedelta(days=days)
    shifts = list(
        Shift.objects.restrict(actor, "view")
        .filter(pairing__place=place, date__range=(today, last))
        .select_related("pairing__provider")
        .order_by("date", "starts_at", "id")
    )
    return [
        DutyDay(today + dt.timedelta(days=i), [s for s in shifts if s.date == today + dt.timedelta(days=i)])
        for i in range(days + 1)
    ]


def consultations_for(
    *,
    actor,
    org: Org | None = None,
    topic: str = "",
    channel: str = "",
    year: int | None = None,
    place: Place | None = None,
    search: str = "",
) -> QuerySet[Consultation]:
    qs = Consultation.objects.restrict(actor, "view").select_related(
        "org", "place", "provider", "membership__person"
    )
    if org is not None:
        qs = qs.in_subtree(org)
    if topic:
        qs = qs.filter(topic=topic)
    if channel:
        qs = qs.filter(channel=channel)
    if year:
        qs = qs.filter(date__year=year)
    if place is not None:
        qs = qs.filter(place=place)
    if term := search.strip():
        # never the summary (encrypted) nor a name: the referral, the station, the lawyer, a member number
        qs = qs.filter(
            Q(referral__icontains=term)
            | Q(place__name__icontains=term)
            | Q(provider__name__icontains=term)
            | Q(membership__number=term)
        )
    return qs


def consultation_get(*, actor, pk, perm: str = "view") -> Consultation:
    return _get(
        Consultation.objects.restrict(actor, perm).select_related(
            "org", "place", "provider", "membership__person", "membership__org"
        ),
        pk,
        "未找到该咨询记录",
    )


def screenings_for(
    *, actor, org: Org | None = None, year: int | None = None, open_only: bool = False, search: str = ""
) -> QuerySet[ScreeningVisit]:
    qs = (
        ScreeningVisit.objects.restrict(actor, "view")
        .select_related("org", "employer")
        .annotate(risk_count=Count("risks"))
    )
    if org is not None:
        qs = qs.in_subtree(org)
    if year:
        qs = qs.filter(date__year=year)
    if open_only:
        qs = qs.filter(
            pk__in=Risk.objects.filter(level__in=SERIOUS_LEVELS, resolved_on__isnull=True).values("visit")
        )
    if term := search.strip():
        qs = qs.filter(Q(employer__name__icontains=term) | Q(visitors__icontains=term))
    return qs


def screening_get(*, actor, pk, perm: str = "view") -> ScreeningVisit:
    return _get(
        ScreeningVisit.objects.restrict(actor, perm).select_related("org", "employer"), pk, "未找到该走访记录"
    )


def risk_get(visit: ScreeningVisit, pk) -> Risk:
    return _get(visit.risks.all(), pk, "未找到该风险隐患")
