"""The pipeline part's figures for a subtree and period, and the reads its pages make (R1, W1, issue 21 §1 and §4).

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers; shares in floored ‰),
`sentence` quotes them as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label,
count, url)]` lists what waits for the cadres of a subtree, scoped with the actor."""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.paths import ancestor_paths
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Coverage, Employer, EmployerStatus, Level, Org

from .models import STAGE_ORDER, EventContact, Opinion, OutreachEvent, Stage, Target, Visit

FIGURES: tuple[str, ...] = (
    "employers_visited",
    "visits",
    "outreach_events",
    "opinions",
    "opinions_answered",
    "targets_none",
    "targets_visited",
    "targets_preparing",
    "targets_formed",
    "conversion_permille",
    "median_days_to_union",
)
DUE_DAYS = 7  # a next step due within a week shows as due on the worklist
# employers by headcount (O3: from 25 members a base union forms a committee)
SIZES = {
    "small": ("25人以下", Q(employer__headcount__lt=25)),
    "medium": ("25至99人", Q(employer__headcount__gte=25, employer__headcount__lt=100)),
    "large": ("100至499人", Q(employer__headcount__gte=100, employer__headcount__lt=500)),
    "huge": ("500人及以上", Q(employer__headcount__gte=500)),
}


def lower_median(values: list[int]) -> int:
    """The lower median of whole numbers (an even count takes the smaller middle one), 0 when there are none."""
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2] if ordered else 0


def employers_visited(org: Org, start: dt.date, end: dt.date) -> int:
    """Employers of the subtree with a visit or an event contact in the period (the dashboards' work figure)."""
    visits = Visit.objects.in_subtree(org).filter(on__range=(start, end))
    contacts = EventContact.objects.in_subtree(org).filter(event__on__range=(start, end))
    return visits.order_by().values("target_id").union(contacts.order_by().values("target_id")).count()


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """For the subtree of `org`: employers visited (a visit or an event contact in the period), visits, events and
    opinions of the period (answered by its end), targets by stage now, the share of targets first contacted in
    the period that have a union now (‰, floored), and the lower median of days from first contact to union of
    the targets whose union was formed in the period."""
    visits = Visit.objects.in_subtree(org).filter(on__range=(start, end))
    opinions = Opinion.objects.in_subtree(org).filter(on__range=(start, end))
    targets = Target.objects.in_subtree(org)
    stages = dict(targets.order_by().values_list("stage").annotate(n=Count("id")))
    first = targets.filter(first_contact_on__range=(start, end))
    contacted = first.count()
    converted = first.filter(stage=Stage.FORMED).count()
    days = [
        (formed - contact).days
        for formed, contact in targets.filter(
            formed_on__range=(start, end), first_contact_on__isnull=False
        ).values_list("formed_on", "first_contact_on")
    ]
    return {
        "employers_visited": employers_visited(org, start, end),
        "visits": visits.count(),
        "outreach_events": OutreachEvent.objects.in_subtree(org).filter(on__range=(start, end)).count(),
        "opinions": opinions.count(),
        "opinions_answered": opinions.filter(answered_on__lte=end).count(),
        **{f"targets_{stage}": stages.get(stage, 0) for stage in Stage.values},
        "conversion_permille": converted * 1000 // contacted if contacted else 0,
        "median_days_to_union": lower_median(days),
    }


def sentence(fig: dict[str, int]) -> str:
    """ "走访未建会企业120家，开展摆摊设点、沟通会3次，收集职工意见建议12条": the parts that happened."""
    parts = []
    if fig.get("employers_visited"):
        parts.append(f"走访未建会企业{thousands(fig['employers_visited'])}家")
    if fig.get("outreach_events"):
        parts.append(f"开展摆摊设点、沟通会{thousands(fig['outreach_events'])}次")
    if fig.get("opinions"):
        parts.append(f"收集职工意见建议{thousands(fig['opinions'])}条")
    return "，".join(parts)


def overdue_targets(actor, org: Org, today: dt.date) -> QuerySet[Target]:
    """Targets of the subtree, not yet with a union, whose next step's day has passed."""
    return (
        Target.objects.restrict(actor, "view")
        .in_subtree(org)
        .exclude(stage=Stage.FORMED)
        .filter(next_step_on__lt=today)
    )


def open_opinions(actor, org: Org) -> QuerySet[Opinion]:
    return Opinion.objects.restrict(actor, "view").in_subtree(org).filter(answered_on__isnull=True)


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    if not in_scope(actor, "org.view", org):
        return []
    rows = []
    if n := overdue_targets(actor, org, timezone.localdate()).count():
        rows.append(("建会目标下一步已逾期", n, f"{reverse('organising:targets')}?org={org.pk}&overdue=on"))
    if n := open_opinions(actor, org).count():
        rows.append(("职工意见建议待答复", n, f"{reverse('organising:opinions')}?org={org.pk}&state=open"))
    return rows


# ---- the pages' reads ---------------------------------------------------------------------------------------------


def _get(qs: QuerySet, pk, message: str):
    found = qs.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound(message)
    return found


def _ranked(qs: QuerySet[Target], today: dt.date) -> QuerySet[Target]:
    """Targets with what their lists sort by: the stage's place in R1's order, and whether a next step is dated
    (`undated` 0 first: dated steps in date order, the overdue first, then those without a day)."""
    return qs.annotate(
        stage_rank=Case(
            *[When(stage=s, then=Value(i)) for s, i in STAGE_ORDER.items()], output_field=IntegerField()
        ),
        undated=Case(
            When(next_step_on__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
    )


def targets_for(
    *,
    actor,
    org: Org | None = None,
    stage: str = "",
    priority: str = "",
    owner=None,
    size: str = "",
    overdue: bool = False,
    search: str = "",
    today: dt.date | None = None,
) -> QuerySet[Target]:
    today = today or timezone.localdate()
    qs = Target.objects.restrict(actor, "view").select_related("org", "employer", "owner")
    if org is not None:
        qs = qs.in_subtree(org)
    if stage:
        qs = qs.filter(stage=stage)
    if priority:
        qs = qs.filter(priority=priority)
    if owner is not None:
        qs = qs.filter(owner=owner)
    if size in SIZES:
        qs = qs.filter(SIZES[size][1])
    if overdue:
        qs = qs.exclude(stage=Stage.FORMED).filter(next_step_on__lt=today)
    if term := search.strip():
        qs = qs.filter(Q(employer__name__icontains=term) | Q(employer__uscc=term.upper()))
    return _ranked(qs, today)


def target_get(*, actor, pk, perm: str = "view") -> Target:
    return _get(
        Target.objects.restrict(actor, perm).select_related("org", "employer", "owner"),
        pk,
        "未找到该建会目标",
    )


def worklist_for(*, actor, today: dt.date | None = None) -> tuple[QuerySet[Target], bool]:
    """我的建会工作: the targets the actor follows, not yet with a union, dated next steps first (the overdue at
    the top); for one who follows none, the overdue targets of the subtrees they see. True when they are theirs."""
    today = today or timezone.localdate()
    seen = Target.objects.restrict(actor, "view").select_related("org", "employer", "owner")
    mine = seen.filter(owner=actor).exclude(stage=Stage.FORMED) if getattr(actor, "pk", None) else seen.none()
    if mine.exists():
        return _ranked(mine, today), True
    return _ranked(seen.exclude(stage=Stage.FORMED).filter(next_step_on__lt=today), today), False


@dataclass(frozen=True)
class Entry:
    """One contact on a target's timeline: a visit, or the target's contact at an event."""

    on: dt.date
    kind: str
    visit: Visit | None = None
    contact: EventContact | None = None


def timeline(target: Target) -> list[Entry]:
    """The target's visits and event contacts, the latest first (the target was reached through `restrict`)."""
    entries = [
        Entry(v.on, v.get_kind_display(), visit=v)
        for v in target.visits.select_related("recorded_by").prefetch_related("opinions")
    ]
    entries += [
        Entry(c.event.on, c.event.get_kind_display(), contact=c)
        for c in target.event_contacts.select_related("event")
    ]
    return sorted(entries, key=lambda e: (e.on, e.visit.pk if e.visit else 0), reverse=True)


def target_opinions(target: Target) -> QuerySet[Opinion]:
    """Opinions workers gave on the target's visits."""
    return Opinion.objects.filter(visit__target=target).select_related("visit", "answered_by")


def owner_choices(actor, org: Org):
    """Who may follow a target of `org`: active staff of the node or a node above it who may see it."""
    if not in_scope(actor, "org.view", org):
        return get_user_model().objects.none()
    staff = get_user_model().objects.filter(org_path__in=ancestor_paths(org.path), is_active=True)
    return (
        get_user_model()
        .objects.filter(pk__in=[u.pk for u in staff if in_scope(u, "org.view", org)])
        .order_by("org_path", "username")
    )


def owners_seen(actor):
    """The staff following targets the actor sees (the list's filter)."""
    owners = Target.objects.restrict(actor, "view").exclude(owner=None).values("owner")
    return get_user_model().objects.filter(pk__in=owners).order_by("username")


def untargeted_employers(*, actor, org: Org | None = None, search: str = "") -> QuerySet[Employer]:
    """Employers without a union, still active, not yet organising targets, that the actor may open as one."""
    qs = (
        Employer.objects.restrict(actor, "manage")
        .filter(coverage=Coverage.NONE, status=EmployerStatus.ACTIVE, organising_target__isnull=True)
        .select_related("org")
    )
    if org is not None:
        qs = qs.in_subtree(org)
    if term := search.strip():
        qs = qs.filter(Q(name__icontains=term) | Q(uscc=term.upper()))
    return qs


def employer_get(*, actor, pk) -> Employer:
    return _get(untargeted_employers(actor=actor), pk, "未找到该用人单位")


def contact_employers(actor, event: OutreachEvent) -> QuerySet[Employer]:
    """Employers of the event's subtree that may be contacted there: without a union and active."""
    return (
        Employer.objects.restrict(actor, "manage")
        .in_subtree(event.org)
        .filter(coverage=Coverage.NONE, status=EmployerStatus.ACTIVE)
        .order_by("name")
    )


def federations(actor, org: Org, perm: str = "view") -> QuerySet[Org]:
    """The federations (not base unions) of the subtree the actor sees: where employers and targets are kept."""
    return (
        Org.objects.restrict(actor, perm)
        .in_subtree(org)
        .exclude(level__in=(Level.BASE, Level.BRANCH, Level.JOINT))
        .order_by("path")
    )


@dataclass
class BoardRow:
    org: Org
    counts: dict[str, int] = field(default_factory=dict)
    untargeted: int = 0  # employers without a union there not yet opened as targets

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[str, str, int]]:
        return [(value, str(label), self.counts.get(value, 0)) for value, label in Stage.choices]


def board(actor, org: Org) -> list[BoardRow]:
    """The map as a board (no map tiles on an intranet): each street of the subtree, and any other node where
    targets are kept, with its targets counted by stage now and the employers without a union not yet opened."""
    counted = (
        Target.objects.restrict(actor, "view")
        .in_subtree(org)
        .order_by()
        .values_list("org_id", "stage")
        .annotate(n=Count("id"))
    )
    by_org: dict[int, dict[str, int]] = {}
    for org_id, stage, n in counted:
        by_org.setdefault(org_id, {})[stage] = n
    waiting = dict(
        Employer.objects.restrict(actor, "view")
        .in_subtree(org)
        .filter(coverage=Coverage.NONE, status=EmployerStatus.ACTIVE, organising_target__isnull=True)
        .order_by()
        .values_list("org_id")
        .annotate(n=Count("id"))
    )
    nodes = (
        Org.objects.restrict(actor, "view")
        .in_subtree(org)
        .filter(Q(level__in=(Level.STREET, Level.ZONE)) | Q(pk__in=[*by_org, *waiting]))
        .order_by("path")
    )
    return [BoardRow(node, by_org.get(node.pk, {}), waiting.get(node.pk, 0)) for node in nodes]


def events_for(
    *, actor, org: Org | None = None, kind: str = "", year: int | None = None, search: str = ""
) -> QuerySet[OutreachEvent]:
    qs = (
        OutreachEvent.objects.restrict(actor, "view")
        .select_related("org")
        .annotate(n_contacts=Count("contacts", distinct=True), n_opinions=Count("opinions", distinct=True))
    )
    if org is not None:
        qs = qs.in_subtree(org)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(on__year=year)
    if term := search.strip():
        qs = qs.filter(Q(title__icontains=term) | Q(place__icontains=term))
    return qs


def event_get(*, actor, pk, perm: str = "view") -> OutreachEvent:
    return _get(OutreachEvent.objects.restrict(actor, perm).select_related("org"), pk, "未找到该活动")


def event_contacts(event: OutreachEvent) -> QuerySet[EventContact]:
    return event.contacts.select_related("target__employer", "target__org").order_by("id")


def event_opinions(event: OutreachEvent) -> QuerySet[Opinion]:
    return event.opinions.select_related("answered_by").order_by("id")


def opinions_for(
    *,
    actor,
    org: Org | None = None,
    category: str = "",
    state: str = "",
    year: int | None = None,
    search: str = "",
) -> QuerySet[Opinion]:
    qs = Opinion.objects.restrict(actor, "view").select_related(
        "org", "event", "visit__target__employer", "answered_by"
    )
    if org is not None:
        qs = qs.in_subtree(org)
    if category:
        qs = qs.filter(category=category)
    if state == "open":
        qs = qs.filter(answered_on__isnull=True)
    elif state == "answered":
        qs = qs.filter(answered_on__isnull=False)
    if year:
        qs = qs.filter(on__year=year)
    if term := search.strip():
        qs = qs.filter(Q(text__icontains=term) | Q(answer__icontains=term))
    return qs


def opinion_get(*, actor, pk, perm: str = "view") -> Opinion:
    return _get(Opinion.objects.restrict(actor, perm).select_related("org"), pk, "未找到该意见建议")


def subtree_root(actor) -> Org | None:
    """The highest node the actor sees: where the pages start when no node is chosen."""
    return Org.objects.restrict(actor, "view").order_by("depth", "path").first()
