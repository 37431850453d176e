"""Reading activities: lists in the actor's subtree with their figures, one activity's groups, people, sessions and
training completion, the people reached with how they were counted (S5), and what a signed-in member may join."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone

from gonghui.core import modules
from gonghui.core.errors import NotFound
from gonghui.core.paths import ancestor_paths
from gonghui.core.scope import has_perm
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import Org, Status

from .models import (
    Activity,
    ActivityKind,
    Attendance,
    Group,
    Participant,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Session,
    Speaker,
)
from .services import (
    TAKING_PART,
    WRITE,
    ParticipantData,
    co_organisers_allowed,
    member_may_join,
)

VOIDED_ONLY, VOIDED_TOO = "only", "all"
PEOPLE = "member.view"  # names of registrants and attendance lists (names only, never ID numbers or phones)
CHECKED_IN = "签到"
ATTENDED = "各场次签到累计"


def _sum(qs: QuerySet, column: str) -> Subquery:
    """A per-activity sum as a subquery: several of them on one list never multiply each other's rows."""
    return Subquery(
        qs.filter(activity=OuterRef("pk")).values("activity").annotate(s=Sum(column)).values("s")[:1],
        output_field=IntegerField(),
    )


def with_figures(qs: QuerySet[Activity]) -> QuerySet[Activity]:
    """Each activity with its registered count, people checked in, session attendance and participating
    organisations, in the same query."""
    registrations = Registration.objects.filter(status=RegistrationStatus.REGISTERED)
    attended = Subquery(
        Attendance.objects.filter(session__activity=OuterRef("pk"))
        .values("session__activity")
        .annotate(s=Sum("registration__party_size"))
        .values("s")[:1],
        output_field=IntegerField(),
    )
    participants = Subquery(
        Participant.objects.filter(activity=OuterRef("pk"))
        .values("activity")
        .annotate(n=Count("id"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    zero = Value(0)
    return qs.annotate(
        n_registered=Coalesce(
            Subquery(
                registrations.filter(activity=OuterRef("pk"))
                .values("activity")
                .annotate(n=Count("id"))
                .values("n")[:1],
                output_field=IntegerField(),
            ),
            zero,
        ),
        n_people=Coalesce(_sum(registrations, "party_size"), zero),
        n_checked_in=Coalesce(_sum(registrations.filter(checked_in_at__isnull=False), "party_size"), zero),
        n_attended=Coalesce(attended, zero),
        n_participants=Coalesce(participants, zero),
    )


def activities_for(
    *,
    actor,
    kind: str = "",
    org: Org | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
    voided: str = "",
) -> QuerySet[Activity]:
    """Activities the actor may see (organised or co-organised in their subtrees), filtered, with figures.
    Voided activities are left out unless asked for (`voided`: "only", or "all" for both)."""
    qs = Activity.objects.restrict(actor, "view").select_related("org", "kind", "place")
    if voided == VOIDED_ONLY:
        qs = qs.filter(voided_at__isnull=False)
    elif voided != VOIDED_TOO:
        qs = qs.standing()
    if kind:
        qs = qs.filter(kind__code=kind)
    if org is not None:
        qs = qs.in_subtree(org)
    if date_from is not None:
        qs = qs.filter(Q(ends_on__gte=date_from) | Q(ends_on__isnull=True, starts_on__gte=date_from))
    if date_to is not None:
        qs = qs.filter(starts_on__lte=date_to)
    term = search.strip()
    if term:
        qs = qs.filter(
            Q(title__icontains=term)
            | Q(place_text__icontains=term)
            | Q(place__name__icontains=term)
            | Q(summary__icontains=term)
        )
    return with_figures(qs)


def activity_get(*, actor, pk, perm: str = "org.view") -> Activity:
    activity = with_figures(
        Activity.objects.restrict(actor, perm).select_related("org", "kind", "place")
    ).filter(pk=pk)
    found = activity.first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound("未找到该活动")
    return found


def co_organiser_choices(*, actor, activity: Activity | None = None) -> QuerySet[Org]:
    """What the form offers as co-organisers: the live organisations of the actor's tree, with their parents
    (to tell namesakes apart), and the ones `activity` already has."""
    qs = co_organisers_allowed(actor)
    if activity is not None:
        qs = qs | Org.objects.filter(pk__in=activity.co_organisers.values("pk"))
    return qs.select_related("parent").order_by("path")


def kinds() -> QuerySet[ActivityKind]:
    return ActivityKind.objects.filter(is_active=True)


def kinds_in_use() -> QuerySet[ActivityKind]:
    """Every kind, offered or not, with how many activities use it (kinds are the city's, not any node's: the
    page showing them is for the city's administrators, services.kinds_admin_org)."""
    used = Activity.objects.filter(kind=OuterRef("pk")).values("kind").annotate(n=Count("id")).values("n")[:1]
    return ActivityKind.objects.annotate(
        n_activities=Coalesce(Subquery(used, output_field=IntegerField()), Value(0))
    ).order_by("sort", "id")


def can_see_people(actor, activity: Activity) -> bool:
    return Activity.objects.restrict(actor, PEOPLE).filter(pk=activity.pk).exists()


def can_edit(actor, activity: Activity) -> bool:
    return has_perm(actor, WRITE, activity.org)


# ---- people reached (S5) -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """人次 with the way it was counted: from check-ins, from each session's attendance, or entered."""

    count: int
    source: str

    @property
    def label(self) -> str:
        return f"{self.count}人次（{self.source}）"

    @property
    def counted_by_check_in(self) -> bool:
        return self.source in (CHECKED_IN, ATTENDED)


def reach_of(activity: Activity) -> Reach:
    """The figure to quote: one entered (with its method) wins; else attendance summed over sessions, where
    sessions were taken; else people checked in (a family counts each person who came)."""
    if activity.reach_counted is not None:
        return Reach(activity.reach_counted, activity.reach_method)
    return recorded_reach(activity)


def recorded_reach(activity: Activity) -> Reach:
    attended = getattr(activity, "n_attended", None)
    checked_in = getattr(activity, "n_checked_in", None)
    if attended is None or checked_in is None:
        fresh: Any = with_figures(Activity.objects.filter(pk=activity.pk)).get()  # annotations are untyped
        attended, checked_in = fresh.n_attended, fresh.n_checked_in
    return Reach(attended, ATTENDED) if attended else Reach(checked_in, CHECKED_IN)


# ---- groups, participants, people ----------------------------------------------------------------------------


@dataclass
class GroupFill:
    group: Group | None  # None: registrations without a group
    registered: int
    people: int
    waitlisted: int

    @property
    def name(self) -> str:
        return self.group.name if self.group else "未分组"

    @property
    def capacity(self) -> int | None:
        return self.group.capacity if self.group else None

    @property
    def percent(self) -> int:
        cap = self.capacity
        return min(100, round(100 * self.registered / cap)) if cap else 0

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.registered >= self.capacity


def group_fill(activity: Activity) -> list[GroupFill]:
    """Each group's places taken, people coming (family members included) and waiting list."""
    registered = Q(registrations__status=RegistrationStatus.REGISTERED)
    groups = Group.objects.filter(activity=activity).annotate(
        n_registered=Count("registrations", filter=registered),
        n_people=Coalesce(Sum("registrations__party_size", filter=registered), 0),
        n_waitlisted=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)),
    )
    rows = [GroupFill(g, g.n_registered, g.n_people, g.n_waitlisted) for g in groups]
    loose = Registration.objects.filter(activity=activity, group__isnull=True).aggregate(
        registered=Count("id", filter=Q(status=RegistrationStatus.REGISTERED)),
        people=Coalesce(Sum("party_size", filter=Q(status=RegistrationStatus.REGISTERED)), 0),
        waitlisted=Count("id", filter=Q(status=RegistrationStatus.WAITLISTED)),
    )
    if rows and (loose["registered"] or loose["waitlisted"]):
        rows.append(GroupFill(None, loose["registered"], loose["people"], loose["waitlisted"]))
    return rows


def participants_of(activity: Activity) -> QuerySet[Participant]:
    return Participant.objects.filter(activity=activity).select_related("org")


def participants_from_lines(lines: list[str]) -> list[ParticipantData]:
    """Participating organisations typed one a line (“北京师范大学工会 12” with the number attending, optional);
    a name that is exactly one live registered union links to it, any other is kept as named."""
    entries: list[ParticipantData] = []
    for line in lines:
        text = line.strip()
        if not text:
            continue
        name, _, count = text.rpartition(" ")
        if not (name.strip() and count.strip().isdigit()):
            name, count = text, ""
        entries.append(ParticipantData(name=name.strip(), attendees=int(count) if count else None))
    names = [e.name for e in entries]
    found: dict[str, list[Org]] = defaultdict(list)
    for org in Org.objects.filter(name__in=names).exclude(status=Status.DISSOLVED):
        found[org.name].append(org)
    for e in entries:
        if len(found[e.name]) == 1:
            e.org = found[e.name][0]
    return entries


STATUS_ORDER = (
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.INVITED,
    RegistrationStatus.CANCELLED,
)


def registrations_of(activity: Activity, *, status: str = "") -> QuerySet[Registration]:
    """The activity's registrations for a page or export (the caller checked can_see_people): names, union or
    unit, group, party, status; never an ID number or a phone."""
    qs = Registration.objects.filter(activity=activity).select_related("person", "union", "group")
    if status:
        qs = qs.filter(status=status)
    # the people coming first, then those waiting, then the invited, and the cancelled last
    order = Case(
        *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)), default=Value(len(STATUS_ORDER))
    )
    return qs.order_by(order, "group__sort", "queued_at", "id")


# ---- training: attendance per session and completion --------------------------------------------------------


@dataclass
class TraineeRow:
    registration: Registration
    cells: list[tuple[Session, bool]]  # each session, and whether they attended it

    @property
    def present(self) -> list[bool]:
        return [p for _, p in self.cells]

    @property
    def attended(self) -> int:
        return sum(self.present)


@dataclass
class Training:
    sessions: list[Session]
    rows: list[TraineeRow]
    required: int  # sessions a trainee must attend to complete the course
    rule: str

    def completed(self, row: TraineeRow) -> bool:
        return self.required > 0 and row.attended >= self.required

    @property
    def completed_count(self) -> int:
        return sum(1 for r in self.rows if self.completed(r))

    @property
    def per_session(self) -> list[int]:
        return [sum(r.present[i] for r in self.rows) for i in range(len(self.sessions))]


def training(activity: Activity) -> Training:
    """Who attended which session, and who completed: attended every session, or the minimum the activity
    sets (W6). Three queries whatever the number of trainees."""
    sessions = list(activity.sessions.all())
    regs = list(registrations_of(activity, status=RegistrationStatus.REGISTERED))
    marks = set(
        Attendance.objects.filter(session__activity=activity).values_list("registration_id", "session_id")
    )
    rows = [TraineeRow(r, [(s, (r.pk, s.pk) in marks) for s in sessions]) for r in regs]
    n = len(sessions)
    required = activity.completion_sessions if activity.completion_sessions is not None else n
    rule = f"参加全部 {n} 场" if required == n else f"参加至少 {required} 场（共 {n} 场）"
    return Training(sessions, rows, required, rule)


# ---- charts --------------------------------------------------------------------------------------------------


def kinds_by_month(qs: QuerySet[Activity]) -> dict:
    """Activities per kind per month of the filtered list (for a stacked bar chart)."""
    rows = (
        qs.order_by()
        .annotate(month=TruncMonth("starts_on"))
        .values("month", "kind__name")
        .annotate(n=Count("id"))
        .order_by("month")
    )
    months: list[str] = []
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        label = r["month"].strftime("%Y-%m")
        if label not in months:
            months.append(label)
        counts[r["kind__name"]][label] = r["n"]
    return {
        "months": months,
        "series": [{"name": k, "data": [v.get(m, 0) for m in months]} for k, v in counts.items()],
    }


# ---- the member's phone pages -------------------------------------------------------------------------------


def member_membership(person: Person) -> Membership | None:
    return Membership.objects.filter(person=person, status__in=TAKING_PART).select_related("org").first()


@dataclass
class MemberView:
    membership: Membership | None
    open: list[Activity] = field(default_factory=list)
    mine: list[Registration] = field(default_factory=list)


def for_member(person: Person) -> MemberView:
    """What a signed-in member sees: activities with registration organised by their union or a union above it
    that have not ended, and their own registrations."""
    membership = member_membership(person)
    mine = list(
        Registration.objects.filter(person=person)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("activity__kind", "activity__org", "group")
        .order_by("-activity__starts_on")[:50]
    )
    if membership is None:
        return MemberView(None, [], mine)
    above = ancestor_paths(membership.org_path)
    today = timezone.localdate()
    open_ = (
        Activity.objects.filter(Q(org_path__in=above) | Q(co_organisers__path__in=above))
        .standing()
        .filter(registration=RegistrationMode.OPEN)
        .filter(Q(ends_on__gte=today) | Q(ends_on__isnull=True, starts_on__gte=today))
        .exclude(pk__in=[r.activity_id for r in mine])
        .select_related("kind", "org")
        .distinct()
        .order_by("starts_on", "id")[:50]
    )
    return MemberView(membership, list(open_), mine)


def activity_for_member(person: Person, pk: int) -> tuple[Activity, Registration | None]:
    """One activity a member may see (one they may join, or one they registered for), with their registration."""
    activity = Activity.objects.select_related("kind", "org", "place").filter(pk=pk).first()
    if activity is None:
        raise NotFound("未找到该活动")
    registration = (
        Registration.objects.filter(activity=activity, person=person).select_related("group").first()
    )
    membership = member_membership(person)
    if registration is None and (
        activity.voided_at is not None
        or membership is None
        or activity.registration != RegistrationMode.OPEN
        or not member_may_join(activity, membership)
    ):
        raise NotFound("未找到该活动")
    return activity, registration


def signup_closed(activity: Activity) -> bool:
    """Whether the sign-up deadline has passed (members may no longer register themselves)."""
    return activity.signup_deadline is not None and timezone.now() > activity.signup_deadline


def registration_get(*, actor, pk, perm: str = WRITE) -> Registration:
    """A registration of an activity the actor may see with `perm` (anything else is missing)."""
    found = (
        Registration.objects.filter(pk=pk, activity__in=Activity.objects.restrict(actor, perm))
        .select_related("activity", "person", "union", "group")
        .first()
    )
    if found is None:
        raise NotFound("未找到该报名")
    return found


def work_figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """The module's work figures (core.modules, S5) for the dashboards and the report sentence."""
    activities, reach = reach_in(org, start, end)
    return {"activities": activities, "reach": reach}


def work_links(org: Org, start: dt.date, end: dt.date) -> dict[str, str]:
    """The activities list filtered to the same subtree and period (its node filter reaches three levels)."""
    query = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    if org.depth <= 3:
        query = {"org": str(org.pk), **query}
    return {"activities": f"{reverse('activities:index')}?{urlencode(query)}"}


def reach_in(org: Org, start: dt.date, end: dt.date) -> tuple[int, int]:
    """S5 for a subtree and a period: (activities started in it, people reached by them, 人次), every activity
    counted the way its own page counts it (an entered figure, else attendance, else check-ins)."""
    rows = with_figures(
        # counted on the day it happened (starts_on), not the day it was recorded; a voided one not at all
        Activity.objects.in_subtree(org).standing().filter(starts_on__gte=start, starts_on__lte=end)
    )
    reached = [reach_of(a).count for a in rows.only("id", "reach_counted", "reach_method")]
    return len(reached), sum(reached)


# ---- speakers and links: what activities answer other modules (core.modules.ask) ------------------------------


@dataclass(frozen=True)
class SpeakerRow:
    speaker: Speaker
    marks: list[str]  # what the person is known as, from the modules that know (a model worker: rule A6)


def speakers_of(activity: Activity) -> list[SpeakerRow]:
    speakers = list(activity.speakers.all())
    marks = modules.ask_merged("person_marks", [s.person_id for s in speakers if s.person_id])
    return [SpeakerRow(s, marks.get(s.person_id, []) if s.person_id else []) for s in speakers]


def speakers(org: Org, start: dt.date, end: dt.date) -> list[modules.Speaker]:
    """Answer to "speakers": who spoke at the standing activities of a subtree that started in the period."""
    rows = (
        Speaker.objects.filter(
            activity__in=Activity.objects.in_subtree(org)
            .standing()
            .filter(starts_on__gte=start, starts_on__lte=end)
        )
        .select_related("activity")
        .order_by("activity__starts_on", "activity_id", "order")
    )
    return [
        modules.Speaker(
            activity_id=s.activity_id,
            title=s.activity.title,
            on=s.activity.starts_on,
            url=reverse("activities:detail", args=[s.activity_id]),
            name=s.name,
            person_id=s.person_id,
        )
        for s in rows
    ]


def linked(actor, key: str) -> list[modules.Linked]:
    """Answer to "linked": the standing activities the actor may see that belong to the record `key`."""
    rows = (
        Activity.objects.restrict(actor, "org.view").standing().filter(link=key).order_by("starts_on", "pk")
    )
    return [
        modules.Linked(
            label=a.title,
            on=a.starts_on,
            url=reverse("activities:detail", args=[a.pk]),
            note=a.place_label,
        )
        for a in rows.select_related("place")
    ]


def new_linked(key: str, *, title: str, kind: str) -> str:
    """Answer to "new_linked": the new-activity form, filled in with the link, the title and the kind."""
    return f"{reverse('activities:new')}?{urlencode({'link': key, 'title': title, 'kind': kind})}"


def link_label(activity: Activity, actor) -> tuple[str, str] | None:
    """What the activity's link names, as its owner module tells it to this actor (None: unknown or unseen)."""
    if not activity.link:
        return None
    answers = modules.ask("link_label", actor, activity.link)
    return answers[0] if answers else None
