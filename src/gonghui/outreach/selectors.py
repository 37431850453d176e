"""What staff see of joining: events and codes in their subtree, and each event's figures by hour."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncHour
from django.utils import timezone

from gonghui.core.errors import NotFound
from gonghui.members.models import EventKind

from .models import JoinCode, JoinRecord, JoinScan, OutreachEvent


def events_for(*, actor, search: str = "", union=None) -> QuerySet[OutreachEvent]:
    qs = OutreachEvent.objects.restrict(actor, "view").select_related("org")
    if union is not None:
        qs = qs.in_subtree(union)
    if search.strip():
        qs = qs.filter(Q(name__icontains=search.strip()) | Q(place__icontains=search.strip()))
    return qs


def codes_for(*, actor, event: OutreachEvent | None = None, union=None) -> QuerySet[JoinCode]:
    qs = JoinCode.objects.restrict(actor, "view").select_related("org", "event")
    if event is not None:
        qs = qs.filter(event=event)
    if union is not None:
        qs = qs.in_subtree(union)
    return qs.annotate(n_scans=Count("scans", distinct=True), n_joins=Count("joins", distinct=True))


def event_get(*, actor, pk: int) -> OutreachEvent:
    event = OutreachEvent.objects.restrict(actor, "view").select_related("org").filter(pk=pk).first()
    if event is None:
        raise NotFound()
    return event


def code_get(*, actor, pk: int, perm: str = "member.view") -> JoinCode:
    code = JoinCode.objects.restrict(actor, perm).select_related("org", "event").filter(pk=pk).first()
    if code is None:
        raise NotFound()
    return code


def record_get(*, actor, pk: int, perm: str = "member.manage") -> JoinRecord:
    record = JoinRecord.objects.restrict(actor, perm).filter(pk=pk).first()
    if record is None:
        raise NotFound()
    return record


def own_join_record(*, person, pk) -> JoinRecord | None:
    """A worker's own join, for the page that follows it on their phone (found by their membership, not by scope)."""
    records = JoinRecord.objects.select_related("membership__org", "code", "event")
    return records.filter(pk=pk, membership__person=person).first()


@dataclass
class Figures:
    scans: int = 0
    joins: int = 0  # submissions that became an application, a membership or a transfer request
    approvals: int = 0  # of those, approved (on the spot or later)
    gifts: int = 0


@dataclass
class EventStats:
    totals: Figures
    by_hour: list[tuple[dt.datetime, Figures]] = field(default_factory=list)

    @property
    def peak(self) -> int:
        return max([f.scans for _, f in self.by_hour] + [f.joins for _, f in self.by_hour] + [1])


def _hourly(qs, column: str) -> dict[dt.datetime, int]:
    rows = qs.annotate(hour=TruncHour(column, tzinfo=timezone.get_current_timezone())).values("hour")
    return {r["hour"]: r["n"] for r in rows.annotate(n=Count("id")).order_by("hour")}


APPROVED_AT = "membership__events__created_at"  # when an application among the records was approved


def _approvals(records: QuerySet[JoinRecord]) -> tuple[QuerySet[JoinRecord], QuerySet[JoinRecord]]:
    """Joins approved: on the spot (automatic approval, counted when joined), and applications approved later
    (counted when approved, APPROVED_AT, from the membership's timeline)."""
    on_the_spot = records.filter(outcome=JoinRecord.Outcome.JOINED)
    later = records.filter(outcome=JoinRecord.Outcome.APPLIED, membership__events__kind=EventKind.APPROVED)
    return on_the_spot, later


def code_stats(code: JoinCode) -> EventStats:
    return event_stats(codes=JoinCode.objects.filter(pk=code.pk))


def event_stats(event: OutreachEvent | None = None, *, codes: QuerySet[JoinCode] | None = None) -> EventStats:
    """Scans, joins, approvals and gifts of an event's codes (or of the given codes), by hour."""
    if codes is None:
        codes = JoinCode.objects.filter(event=event)
    records = JoinRecord.objects.filter(code__in=codes)
    scans = _hourly(JoinScan.objects.filter(code__in=codes), "at")
    joins = _hourly(records, "at")
    on_the_spot, later = _approvals(records)
    approved_on_spot = _hourly(on_the_spot, "at")
    approved_later = _hourly(later, APPROVED_AT)
    gifts = _hourly(records.filter(gift_given_at__isnull=False), "gift_given_at")
    hours: dict[dt.datetime, Figures] = defaultdict(Figures)
    for hour, n in scans.items():
        hours[hour].scans += n
    for hour, n in joins.items():
        hours[hour].joins += n
    for source in (approved_on_spot, approved_later):
        for hour, n in source.items():
            hours[hour].approvals += n
    for hour, n in gifts.items():
        hours[hour].gifts += n
    totals = Figures(
        scans=sum(f.scans for f in hours.values()),
        joins=sum(f.joins for f in hours.values()),
        approvals=sum(f.approvals for f in hours.values()),
        gifts=sum(f.gifts for f in hours.values()),
    )
    return EventStats(totals, sorted(hours.items()))


def event_figures(events: QuerySet[OutreachEvent]) -> dict[int, Figures]:
    """Each event's totals (scans, joins, approvals, gifts), in a fixed number of queries however many events
    there are; `events` is a queryset (the filtered list), read as a subquery."""
    ids = events.order_by().values("pk")
    figures: dict[int, Figures] = defaultdict(Figures)

    def per_event(qs, key: str) -> dict[int, int]:
        return {r[key]: r["n"] for r in qs.values(key).annotate(n=Count("id")).order_by()}

    records = JoinRecord.objects.filter(event_id__in=ids)
    for event_id, n in per_event(JoinScan.objects.filter(code__event_id__in=ids), "code__event_id").items():
        figures[event_id].scans = n
    for event_id, n in per_event(records, "event_id").items():
        figures[event_id].joins = n
    on_the_spot, later = _approvals(records)
    for event_id, n in per_event(on_the_spot, "event_id").items():
        figures[event_id].approvals += n
    for event_id, n in per_event(later, "event_id").items():
        figures[event_id].approvals += n
    for event_id, n in per_event(records.filter(gift_given_at__isnull=False), "event_id").items():
        figures[event_id].gifts = n
    return figures


def figures_total(figures: Iterable[Figures]) -> Figures:
    total = Figures()
    for f in figures:
        total.scans += f.scans
        total.joins += f.joins
        total.approvals += f.approvals
        total.gifts += f.gifts
    return total


def joins_of(*, codes: QuerySet[JoinCode]) -> QuerySet[JoinRecord]:
    return (
        JoinRecord.objects.filter(code__in=codes)
        .select_related("membership__person", "membership", "code", "event")
        .order_by("-at")
    )
