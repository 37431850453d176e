"""Writing activities (DOMAIN W6, S5): the activity with its sessions, participating organisations and groups;
registration (open or by invitation, alone or as a family, with places and a first-come waiting list); check-in by
e-card or list; attendance per session; the people reached; photos; voiding an activity recorded in error; and
the activity kinds, which the city's administrators manage.

When it happened (issue 16 §4): an activity is counted on the day it started (`starts_on`), whenever it was recorded
(`created_at`); staff recording one further back than core.backdating's window give a reason, which is audited.
Members register themselves until the sign-up deadline, and check-in is taken inside the check-in window.

Every registration, cancellation and check-in of an activity locks the activity's row first (select_for_update),
so places are counted by one writer at a time: two workers taking the last place of a group cannot both get it,
and a cancellation hands its place to the first on the waiting list exactly once.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from gonghui.core import modules, personal
from gonghui.core.audit import Action, acting_user, audit_record
from gonghui.core.backdating import check_happened_on
from gonghui.core.errors import Conflict, DomainError, NotFound, validated
from gonghui.core.paths import is_within
from gonghui.core.scope import SYSTEM
from gonghui.core.uploads import photo_discard, photo_store
from gonghui.members.cards import card_check
from gonghui.members.models import Membership, MembershipStatus, Person
from gonghui.members.selectors import live_membership
from gonghui.orgs.models import Level, Org, Place, Status
from gonghui.orgs.services import require

from .audit import ActivityAudit
from .models import (
    Activity,
    ActivityKind,
    Approx,
    Attendance,
    Channel,
    CheckInVia,
    Group,
    Participant,
    Photo,
    Registration,
    RegistrationMode,
    RegistrationStatus,
    Session,
    Speaker,
)

WRITE = "work.edit"
# Members who may take part: those a card check accepts (members.cards.card_check)
TAKING_PART = (MembershipStatus.ACTIVE, MembershipStatus.RETAINED, MembershipStatus.IN_TRANSFER)
TAKES_PLACE = RegistrationStatus.REGISTERED
# Names repeat across the city (unique only among siblings), so co-organisers are named by id, from the actor's tree
CO_ORGANISER_UNKNOWN = "协办单位：未找到编号为 {} 的工会组织（只能选择您管辖范围内的工会组织）"


@dataclass
class ParticipantData:
    name: str
    org: Org | None = None
    attendees: int | None = None


@dataclass
class GroupData:
    name: str
    capacity: int | None = None


@dataclass
class SessionData:
    topic: str
    on_date: dt.date | None = None


@dataclass
class ActivityData:
    """What staff say about an activity (the form and the API fill it)."""

    org: Org
    kind: ActivityKind
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    place: Place | None = None
    place_text: str = ""
    co_organisers: list[Org] = field(default_factory=list)
    target_groups: list[str] = field(default_factory=list)
    leaders: str = ""
    summary: str = ""
    outcomes: list[str] = field(default_factory=list)
    registration: str = RegistrationMode.NONE
    family: bool = False
    max_party_size: int = 1
    capacity: int | None = None
    completion_sessions: int | None = None
    participants: list[ParticipantData] = field(default_factory=list)
    groups: list[GroupData] = field(default_factory=list)
    sessions: list[SessionData] = field(default_factory=list)
    starts_at_time: dt.time | None = None
    ends_at_time: dt.time | None = None
    signup_deadline: dt.datetime | None = None
    checkin_opens_at: dt.datetime | None = None
    checkin_closes_at: dt.datetime | None = None
    participant_orgs_count: int | None = None  # "20余家": 20, when not all are named
    participant_orgs_approx: str = Approx.EXACT
    backdate_reason: str = ""  # why an activity long past is recorded only now (core.backdating)
    link: str = ""  # the record of another module it belongs to ("awards.round:12"), named by that module


SCALARS = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "place_text",
    "target_groups",
    "leaders",
    "summary",
    "outcomes",
    "registration",
    "family",
    "max_party_size",
    "capacity",
    "completion_sessions",
    "starts_at_time",
    "ends_at_time",
    "signup_deadline",
    "checkin_opens_at",
    "checkin_closes_at",
    "participant_orgs_count",
    "participant_orgs_approx",
    "link",
)


def _words(items: list[str]) -> list[str]:
    """Stripped, non-empty, each once, in the order given."""
    return list(dict.fromkeys(s.strip() for s in items if s and s.strip()))


def _moment(value: dt.datetime | None) -> str | None:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else None


def _snapshot(activity: Activity) -> dict:
    return {
        "org": activity.org.name,
        "kind": activity.kind.name,
        "title": activity.title,
        "starts_on": activity.starts_on.isoformat(),
        "ends_on": activity.ends_on.isoformat() if activity.ends_on else None,
        "place": activity.place_label,
        "registration": activity.registration,
        "capacity": activity.capacity,
        "co_organisers": [
            f"{name}（编号 {pk}）" for pk, name in activity.co_organisers.values_list("pk", "name")
        ],
        "participants": list(activity.participants.values_list("name", flat=True)),
        "groups": [f"{g.name}:{g.capacity}" for g in activity.groups.all()],
        "sessions": list(activity.sessions.values_list("topic", flat=True)),
        "outcomes": activity.outcomes,
        "starts_at_time": f"{activity.starts_at_time:%H:%M}" if activity.starts_at_time else None,
        "ends_at_time": f"{activity.ends_at_time:%H:%M}" if activity.ends_at_time else None,
        "signup_deadline": _moment(activity.signup_deadline),
        "checkin_opens_at": _moment(activity.checkin_opens_at),
        "checkin_closes_at": _moment(activity.checkin_closes_at),
        "participant_orgs": activity.participant_orgs_label or None,
        "link": activity.link or None,
    }


def co_organisers_allowed(actor) -> QuerySet[Org]:
    """The organisations `actor` may name as co-organisers: the live ones in the subtrees they may see. A
    co-organiser's staff see the activity, so naming one outside the actor's tree would show it to strangers."""
    return Org.objects.restrict(actor, "view").exclude(status=Status.DISSOLVED)


def co_organisers_unknown(ids: set[int], field: str = "co_organisers") -> DomainError:
    """The refusal of organisations the actor may not name (unknown or outside their tree look alike)."""
    listed = "、".join(str(pk) for pk in sorted(ids))
    return DomainError(
        "co_organisers", CO_ORGANISER_UNKNOWN.format(listed), fields={field: "只能选择您管辖范围内的工会组织"}
    )


def _check_co_organisers(actor, data: ActivityData, activity: Activity | None) -> None:
    """New co-organisers come from the actor's tree; those the activity already has may stay."""
    if actor is SYSTEM:
        return
    kept = set(activity.co_organisers.values_list("pk", flat=True)) if activity is not None else set()
    new = {o.pk for o in data.co_organisers} - kept
    found = set(co_organisers_allowed(actor).filter(pk__in=new).values_list("pk", flat=True))
    if new - found:
        raise co_organisers_unknown(new - found)


def _check_data(actor, data: ActivityData, activity: Activity | None = None) -> None:
    if not data.title.strip():
        raise DomainError("title_required", "请填写活动名称", fields={"title": "必填"})
    _check_co_organisers(actor, data, activity)
    if (
        data.place is not None
        and actor is not SYSTEM
        and not Place.objects.restrict(actor, "view").filter(pk=data.place.pk).exists()
    ):
        raise NotFound("未找到该服务阵地")
    if not data.family and data.max_party_size != 1:
        data.max_party_size = 1
    if data.family and data.max_party_size < 2:
        raise DomainError(
            "party_size", "按家庭报名时，每户最多人数应至少为 2", fields={"max_party_size": "至少为 2"}
        )
    names = [g.name.strip() for g in data.groups]
    if len(set(names)) != len(names) or not all(names):
        raise DomainError("groups", "小组名称不能为空或重复", fields={"groups": "小组名称不能为空或重复"})
    topics = [s.topic.strip() for s in data.sessions]
    if len(set(topics)) != len(topics) or not all(topics):
        raise DomainError(
            "sessions", "专题/环节不能为空或重复", fields={"sessions": "专题/环节不能为空或重复"}
        )
    _check_times(data)
    _check_orgs_count(data)
    _check_link(actor, data, activity)
    if data.completion_sessions is not None and data.completion_sessions > len(topics):
        raise DomainError(
            "completion",
            f"结业要求的出勤场次（{data.completion_sessions}）超过了场次数（{len(topics)}）",
            fields={"completion_sessions": "超过场次数"},
        )


def _check_link(actor, data: ActivityData, activity: Activity | None) -> None:
    """A link names a record the module owning it knows and the actor may see (kept as it was when unchanged)."""
    data.link = data.link.strip()
    if not data.link or (activity is not None and data.link == activity.link):
        return
    if not modules.ask("link_label", actor, data.link):
        raise DomainError("link", "关联的记录不存在或您无权查看", fields={"link": "关联记录无效"})


def _check_times(data: ActivityData) -> None:
    one_day = data.ends_on is None or data.ends_on == data.starts_on
    if one_day and data.starts_at_time and data.ends_at_time and data.ends_at_time <= data.starts_at_time:
        raise DomainError("times", "结束时间应晚于开始时间", fields={"ends_at_time": "应晚于开始时间"})
    opens, closes = data.checkin_opens_at, data.checkin_closes_at
    if opens and closes and closes <= opens:
        raise DomainError(
            "checkin_window",
            "签到截止时间应晚于签到开始时间",
            fields={"checkin_closes_at": "应晚于签到开始时间"},
        )


def _check_orgs_count(data: ActivityData) -> None:
    """ "20余家企业": the count may exceed the organisations named, never fall short of them."""
    if data.participant_orgs_count is None:
        if data.participant_orgs_approx:
            raise DomainError(
                "orgs_count", "请填写参加单位数", fields={"participant_orgs_count": "请填写参加单位数"}
            )
        return
    named = len({(e.org.name if e.org is not None else e.name).strip() for e in data.participants} - {""})
    if data.participant_orgs_count < named:
        message = f"参加单位数（{data.participant_orgs_count}）少于已列出的参加单位（{named} 家）"
        raise DomainError("orgs_count", message, fields={"participant_orgs_count": message})


def _backdate_reason(actor, data: ActivityData, before: dt.date | None = None) -> str:
    """An activity staff record after the day it started is counted on that day (its `starts_on`); one further
    back than the window needs a reason for its audit row (core.backdating). Planned activities lie ahead, so
    only a start before today is checked, and on a change only a moved start. The system (the demo loader,
    commands) records the reports' past activities without one."""
    if actor is SYSTEM or data.starts_on >= timezone.localdate() or data.starts_on == before:
        return ""
    return check_happened_on(
        data.starts_on,
        reason=data.backdate_reason,
        label="开始日期",
        field="starts_on",
        reason_field="backdate_reason",
    )


def _not_voided(activity: Activity) -> None:
    if activity.voided_at is not None:
        raise Conflict("voided", f"该活动已作废（{activity.void_reason}），不能再报名、签到或修改")


@transaction.atomic
def activity_create(*, actor, data: ActivityData) -> Activity:
    """Record an activity organised by `data.org` (work.edit there)."""
    require(actor, WRITE, data.org)
    _check_data(actor, data)
    reason = _backdate_reason(actor, data)
    activity = Activity(org=data.org, created_by=acting_user(actor))
    _apply(activity, data)
    activity.save()
    _set_related(activity, data)
    _recheck(actor, activity)
    audit_record(
        actor=actor,
        action=ActivityAudit.CREATE,
        org=activity.org,
        target=activity,
        target_label=activity.title,
        after=_snapshot(activity),
        reason=reason,
    )
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, data: ActivityData) -> Activity:
    """Change an activity (its organiser too: work.edit on the old and the new organiser)."""
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("org", "kind", "place")
        .get(pk=activity.pk)
    )
    require(actor, WRITE, activity.org)
    require(actor, WRITE, data.org)
    _not_voided(activity)
    _check_data(actor, data, activity)
    reason = _backdate_reason(actor, data, before=activity.starts_on)
    before = _snapshot(activity)
    activity.org = data.org
    _apply(activity, data)
    activity.save()
    _set_related(activity, data)
    _recheck(actor, activity)
    _promote(activity)  # more places than before: the waiting list moves up
    after = _snapshot(activity)
    changed = [k for k in after if after[k] != before[k]]
    if changed:
        audit_record(
            actor=actor,
            action=ActivityAudit.UPDATE,
            org=activity.org,
            target=activity,
            target_label=activity.title,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
            reason=reason,
        )
    return activity


@transaction.atomic
def activity_void(*, actor, activity: Activity, reason: str) -> Activity:
    """Void an activity recorded in error (permission as editing it): it stays, marked with who voided it, when
    and why, and stops counting (work figures, dashboards), leaves members' sign-up pages and takes no more
    registrations or check-ins. Like a hand-out voided (care.distribution_void)."""
    activity = Activity.objects.select_for_update(of=("self",)).select_related("org").get(pk=activity.pk)
    require(actor, WRITE, activity.org)
    if activity.voided_at is not None:
        raise Conflict("voided", "该活动已作废", fields={"reason": "已作废"})
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("reason", "请填写作废原因", fields={"reason": "必填"})
    activity.voided_at, activity.voided_by, activity.void_reason = (
        timezone.now(),
        acting_user(actor),
        reason[:200],
    )
    activity.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=ActivityAudit.VOID,
        org=activity.org,
        target=activity,
        target_label=activity.title,
        reason=activity.void_reason,
    )
    return activity


def _apply(activity: Activity, data: ActivityData) -> None:
    for name in SCALARS:
        setattr(activity, name, getattr(data, name))
    activity.title = activity.title.strip()
    activity.place_text = activity.place_text.strip()
    activity.leaders = activity.leaders.strip()
    activity.target_groups = _words(data.target_groups)
    activity.outcomes = _words(data.outcomes)
    validated(activity, exclude=["org_path"])


def _recheck(actor, activity: Activity) -> None:
    """The written activity is still the actor's to change (CONVENTIONS: re-check scope after a write)."""
    if actor is not SYSTEM and not Activity.objects.restrict(actor, WRITE).filter(pk=activity.pk).exists():
        raise NotFound()


def _set_related(activity: Activity, data: ActivityData) -> None:
    activity.co_organisers.set([o for o in data.co_organisers if o.pk != activity.org_id])
    _set_participants(activity, data.participants)
    _set_groups(activity, data.groups)
    _set_sessions(activity, data.sessions)


def _set_participants(activity: Activity, entries: list[ParticipantData]) -> None:
    activity.participants.all().delete()
    seen: set[str] = set()
    rows = []
    for e in entries:
        name = (e.org.name if e.org is not None else e.name).strip()
        if not name or name in seen:
            continue
        seen.add(name)
        rows.append(Participant(activity=activity, org=e.org, name=name[:200], attendees=e.attendees))
    Participant.objects.bulk_create(rows)


def _set_groups(activity: Activity, entries: list[GroupData]) -> None:
    existing = {g.name: g for g in activity.groups.all()}
    wanted = {e.name.strip(): e for e in entries}
    gone = [g for name, g in existing.items() if name not in wanted]
    used = Registration.objects.filter(group__in=gone).values_list("group__name", flat=True).distinct()
    if used:
        names = "、".join(sorted(used))
        raise Conflict(
            "group_in_use", f"小组“{names}”已有报名，不能删除", fields={"groups": "已有报名的小组不能删除"}
        )
    Group.objects.filter(pk__in=[g.pk for g in gone]).delete()
    for sort, (name, e) in enumerate(wanted.items()):
        group = existing.get(name) or Group(activity=activity, name=name)
        group.capacity, group.sort = e.capacity, sort
        group.save()


def _set_sessions(activity: Activity, entries: list[SessionData]) -> None:
    existing = {s.topic: s for s in activity.sessions.all()}
    wanted = [SessionData(topic=e.topic.strip(), on_date=e.on_date) for e in entries]
    gone = [s for topic, s in existing.items() if topic not in {e.topic for e in wanted}]
    if Attendance.objects.filter(session__in=gone).exists():
        raise Conflict(
            "session_in_use", "已有出勤记录的场次不能删除", fields={"sessions": "已有出勤记录的场次不能删除"}
        )
    Session.objects.filter(pk__in=[s.pk for s in gone]).delete()
    # two steps so reordering never meets the (activity, order) unique constraint half-way
    kept = [existing[e.topic] for e in wanted if e.topic in existing]
    for i, s in enumerate(kept):
        Session.objects.filter(pk=s.pk).update(order=1000 + i)
    for order, e in enumerate(wanted, start=1):
        session = existing.get(e.topic) or Session(activity=activity, topic=e.topic)
        session.order, session.on_date = order, e.on_date
        session.save()


# ---- registration -------------------------------------------------------------------------------------------


def _locked(activity: Activity) -> Activity:
    """The activity's row locked for the rest of the transaction: one writer counts its places at a time."""
    return Activity.objects.select_for_update().select_related("org").get(pk=activity.pk)


def _audit(actor, action: Action, activity: Activity, registration: Registration, note: str, **extra) -> None:
    """One audit entry about one person's registration, naming them by surname only."""
    audit_record(
        actor=actor,
        action=action,
        org=activity.org,
        target=registration,
        target_label=f"{activity.title}：{personal.mask_name(registration.name)}{note}",
        **extra,
    )


def _full(activity: Activity, group: Group | None) -> bool:
    taken = Registration.objects.filter(activity=activity, status=TAKES_PLACE)
    if (
        group is not None
        and group.capacity is not None
        and taken.filter(group=group).count() >= group.capacity
    ):
        return True
    return activity.capacity is not None and taken.count() >= activity.capacity


def _check_choice(activity: Activity, group: Group | None, party_size: int) -> None:
    has_groups = activity.groups.exists()
    if has_groups and group is None:
        raise DomainError("group_required", "请选择小组", fields={"group": "请选择小组"})
    if group is not None and group.activity_id != activity.pk:
        raise DomainError("group_other", "所选小组不属于本活动", fields={"group": "请重新选择"})
    if activity.family:
        if not 1 <= party_size <= activity.max_party_size:
            raise DomainError(
                "party_size",
                f"参加人数应为 1 至 {activity.max_party_size} 人",
                fields={"party_size": f"1 至 {activity.max_party_size} 人"},
            )
    elif party_size != 1:
        raise DomainError("party_size", "本活动按个人报名，参加人数应为 1", fields={"party_size": "应为 1"})


def _taking_part(person: Person) -> Membership:
    membership = live_membership(person, timezone.localdate())
    if membership is None or membership.status not in TAKING_PART:
        raise DomainError(
            "not_member", "该人员没有有效会籍，不能以会员身份报名", fields={"member": "没有有效会籍"}
        )
    return membership


def _enter(
    activity: Activity,
    registration: Registration,
    *,
    group: Group | None,
    party_size: int,
    family_note: str,
    invite: bool = False,
) -> Registration:
    """Put a (new or earlier cancelled or invited) registration in the queue: a place if one is free, else the
    end of the waiting list (first come, first served)."""
    _check_choice(activity, group, party_size)
    registration.group = group
    registration.party_size = party_size
    registration.family_note = family_note.strip()[:100]
    registration.queued_at = timezone.now()
    registration.checked_in_at, registration.checked_in_via = None, ""
    if invite:
        registration.status = RegistrationStatus.INVITED
    else:
        full = _full(activity, group)
        registration.status = RegistrationStatus.WAITLISTED if full else RegistrationStatus.REGISTERED
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the unique constraint is the last word (one registration per person)
        raise Conflict("registered", "该会员已报名本活动") from exc
    return registration


def _existing(activity: Activity, person: Person) -> Registration | None:
    return Registration.objects.select_for_update().filter(activity=activity, person=person).first()


@transaction.atomic
def registration_add(
    *,
    actor,
    activity: Activity,
    person: Person | None = None,
    guest_name: str = "",
    guest_unit: str = "",
    group: Group | None = None,
    party_size: int = 1,
    family_note: str = "",
    invite: bool = False,
) -> Registration:
    """Staff register (or invite) a member, or name someone not in the register (a cadre from another system)."""
    activity = _locked(activity)
    require(actor, WRITE, activity.org)
    _not_voided(activity)
    if person is None:
        if not guest_name.strip():
            raise DomainError("name_required", "请选择会员或填写姓名", fields={"guest_name": "必填"})
        if invite:
            raise DomainError("invite_member", "只能邀请会员（被邀请人在手机上确认报名）")
        registration = Registration(
            activity=activity, guest_name=guest_name.strip()[:50], guest_unit=guest_unit.strip()[:200]
        )
    else:
        membership = _taking_part(person)
        registration = _existing(activity, person) or Registration(activity=activity, person=person)
        if registration.pk and registration.status not in (
            RegistrationStatus.CANCELLED,
            RegistrationStatus.INVITED,
        ):
            raise Conflict(
                "registered",
                f"{person.full_name}已报名本活动（{registration.get_status_display()}）",
                fields={"member": "已报名"},
            )
        if registration.pk and registration.status == RegistrationStatus.INVITED and invite:
            raise Conflict("invited", f"已邀请{person.full_name}", fields={"member": "已邀请"})
        registration.union = membership.org
    registration.channel = Channel.STAFF
    registration = _enter(
        activity, registration, group=group, party_size=party_size, family_note=family_note, invite=invite
    )
    action = ActivityAudit.INVITE if invite else ActivityAudit.REGISTER
    _audit(actor, action, activity, registration, f"（{registration.get_status_display()}）")
    return registration


def member_may_join(activity: Activity, membership: Membership) -> bool:
    """A member takes part in activities organised (or co-organised) by their union or a union above it."""
    paths = [activity.org_path, *activity.co_organisers.values_list("path", flat=True)]
    return any(is_within(membership.org_path, p) for p in paths)


@transaction.atomic
def registration_self(
    *,
    person: Person,
    activity: Activity,
    group: Group | None = None,
    party_size: int = 1,
    family_note: str = "",
) -> Registration:
    """A signed-in member registers on their phone (open registration, or accepting an invitation)."""
    activity = _locked(activity)
    membership = _taking_part(person)
    if not member_may_join(activity, membership) or activity.voided_at is not None:
        raise NotFound("未找到该活动")
    if (activity.ends_on or activity.starts_on) < timezone.localdate():
        raise DomainError("ended", "活动已结束，不能报名")
    if activity.signup_deadline is not None and timezone.now() > activity.signup_deadline:
        raise DomainError("deadline", f"报名已于 {_moment(activity.signup_deadline)} 截止，不能再报名")
    registration = _existing(activity, person)
    invited = registration is not None and registration.status == RegistrationStatus.INVITED
    if activity.registration == RegistrationMode.NONE:
        raise DomainError("no_registration", "本活动无需报名，请直接到现场参加")
    if activity.registration == RegistrationMode.INVITATION and not invited:
        raise DomainError("invitation_only", "本活动为邀请报名，您未收到邀请")
    if registration is not None and not invited and registration.status != RegistrationStatus.CANCELLED:
        raise Conflict("registered", f"您已报名（{registration.get_status_display()}）")
    registration = registration or Registration(activity=activity, person=person)
    registration.union = membership.org
    registration.channel = Channel.SELF
    registration = _enter(activity, registration, group=group, party_size=party_size, family_note=family_note)
    note = f"（{registration.get_status_display()}）"
    _audit(
        None,
        ActivityAudit.REGISTER_SELF,
        activity,
        registration,
        note,
        actor_username=f"会员 {personal.mask_name(person.full_name)}",
    )
    return registration


@transaction.atomic
def registration_cancel(
    *, actor, registration: Registration, person: Person | None = None
) -> list[Registration]:
    """Cancel a registration (staff, or the member themself with `person`). Its place goes to the first on the
    waiting list who fits (FIFO). Returns the registrations promoted."""
    activity = _locked(registration.activity)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if person is not None:
        if registration.person_id != person.pk:
            raise NotFound()
    else:
        require(actor, WRITE, activity.org)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    if registration.checked_in_at is not None or registration.attendance.exists():
        raise Conflict("checked_in", "已签到的报名不能取消，请先撤销签到")
    before = registration.get_status_display()
    registration.status = RegistrationStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    by = "" if person is None else f"会员 {personal.mask_name(person.full_name)}"
    _audit(actor, ActivityAudit.CANCEL, activity, registration, f"（原{before}）", actor_username=by)
    return _promote(activity)


def _promote(activity: Activity) -> list[Registration]:
    """Give free places to the waiting list in the order people registered; the caller holds the activity's lock."""
    waiting = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(activity=activity, status=RegistrationStatus.WAITLISTED)
        .select_related("group")
        .order_by("queued_at", "id")
    )
    if not waiting:
        return []
    taken = Registration.objects.filter(activity=activity, status=TAKES_PLACE)
    total = taken.count()
    by_group = dict(taken.values_list("group").annotate(n=Count("id")).order_by())
    promoted = []
    for r in waiting:
        if activity.capacity is not None and total >= activity.capacity:
            break
        g = r.group
        if g is not None and g.capacity is not None and by_group.get(g.pk, 0) >= g.capacity:
            continue
        r.status = RegistrationStatus.REGISTERED
        r.save(update_fields=["status", "updated_at"])
        total += 1
        by_group[r.group_id] = by_group.get(r.group_id, 0) + 1
        promoted.append(r)
        _audit(None, ActivityAudit.PROMOTE, activity, r, " 由候补转为已报名")
    return promoted


# ---- check-in and attendance ----------------------------------------------------------------------------------


@dataclass
class CheckIn:
    registration: Registration
    already: bool
    message: str


def check_in_window(activity: Activity) -> str:
    """The check-in window as the door staff read it ("" when check-in is open at any time)."""
    opens, closes = _moment(activity.checkin_opens_at), _moment(activity.checkin_closes_at)
    if opens and closes:
        return f"{opens} 至 {closes}"
    if opens:
        return f"{opens} 起"
    return f"{closes} 前" if closes else ""


def _check_window(activity: Activity) -> None:
    """Check-in is taken only inside the activity's window, when it has one."""
    _not_voided(activity)
    now = timezone.now()
    early = activity.checkin_opens_at is not None and now < activity.checkin_opens_at
    late = activity.checkin_closes_at is not None and now > activity.checkin_closes_at
    if early or late:
        message = f"{'签到尚未开始' if early else '签到已结束'}：签到时间为 {check_in_window(activity)}"
        raise DomainError("checkin_window", message, fields={"code": message})


def _check_in(registration: Registration, via: str) -> bool:
    if registration.checked_in_at is not None:
        return False
    registration.checked_in_at = timezone.now()
    registration.checked_in_via = via
    registration.save(update_fields=["checked_in_at", "checked_in_via", "updated_at"])
    return True


def _attend(session: Session, registration: Registration, via: str) -> bool:
    _, created = Attendance.objects.get_or_create(
        session=session, registration=registration, defaults={"via": via}
    )
    return created


@transaction.atomic
def check_in_card(*, actor, activity: Activity, code_text: str, session: Session | None = None) -> CheckIn:
    """Check in the member whose e-card was scanned (or its code typed). A member not registered is taken as a
    walk-in when the activity needs no registration, or has open registration with a place free; with
    `session`, their attendance of that session is recorded too."""
    activity = _locked(activity)
    require(actor, WRITE, activity.org)
    if session is not None and session.activity_id != activity.pk:
        raise NotFound()
    _check_window(activity)
    result = card_check(code_text)
    if not result.valid or result.membership is None:
        raise DomainError("card_invalid", result.message, fields={"code": result.message})
    membership = result.membership
    person = membership.person
    who = result.masked_name
    registration = _existing(activity, person)
    if registration is None or registration.status in (
        RegistrationStatus.CANCELLED,
        RegistrationStatus.INVITED,
    ):
        invited = registration is not None and registration.status == RegistrationStatus.INVITED
        if activity.registration == RegistrationMode.INVITATION and not invited:
            raise DomainError("not_invited", f"{who}未受邀参加本活动", fields={"code": "未受邀"})
        if activity.registration != RegistrationMode.NONE and _full(activity, None):
            raise DomainError("full", f"{who}未报名，且本活动名额已满", fields={"code": "名额已满"})
        if activity.groups.exists():
            raise DomainError(
                "not_registered", f"{who}未报名本活动的小组，请先报名", fields={"code": "未报名"}
            )
        registration = registration or Registration(activity=activity, person=person)
        registration.union = membership.org
        if not invited:
            registration.channel = Channel.WALK_IN
        registration = _enter(activity, registration, group=None, party_size=1, family_note="")
    if registration.status == RegistrationStatus.WAITLISTED:
        raise DomainError("waitlisted", f"{who}在候补名单中，尚未获得名额", fields={"code": "候补中"})
    new = _check_in(registration, CheckInVia.CARD)
    if session is not None:  # at a session, what counts is this session's attendance
        new = _attend(session, registration, CheckInVia.CARD)
    if not new:
        when = (
            timezone.localtime(registration.checked_in_at).strftime("%H:%M")
            if registration.checked_in_at
            else ""
        )
        where = f"“{session.topic}”" if session is not None else ""
        return CheckIn(registration, True, f"{who}已签到{where}（{when}），无需重复签到")
    _audit(
        actor,
        ActivityAudit.CHECKIN,
        activity,
        registration,
        f"（扫会员码{'，' + session.topic if session else ''}）",
    )
    party = f"，一行 {registration.party_size} 人" if registration.party_size > 1 else ""
    group = f"，{registration.group.name}组" if registration.group_id and registration.group else ""
    return CheckIn(registration, False, f"{who}签到成功{group}{party}")


@transaction.atomic
def check_in_tick(*, actor, registration: Registration, present: bool = True) -> Registration:
    """Tick (or untick) a name on the list."""
    activity = _locked(registration.activity)
    require(actor, WRITE, activity.org)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.REGISTERED:
        raise DomainError(
            "not_registered", f"{registration.name}的报名状态为{registration.get_status_display()}，不能签到"
        )
    if present:
        _check_window(activity)
        changed = _check_in(registration, CheckInVia.LIST)
    else:
        changed = registration.checked_in_at is not None
        registration.checked_in_at, registration.checked_in_via = None, ""
        registration.save(update_fields=["checked_in_at", "checked_in_via", "updated_at"])
    if changed:
        action = ActivityAudit.CHECKIN if present else ActivityAudit.CHECKIN_UNDO
        _audit(actor, action, activity, registration, f"（名单{'签到' if present else '撤销签到'}）")
    return registration


@transaction.atomic
def attendance_mark(*, actor, session: Session, registration: Registration, present: bool) -> bool:
    """Record whether a registered person attended one session. Returns whether anything changed."""
    activity = _locked(session.activity)
    require(actor, WRITE, activity.org)
    if registration.activity_id != activity.pk:
        raise NotFound()
    if registration.status != RegistrationStatus.REGISTERED:
        raise DomainError("not_registered", f"{registration.name}未获得名额，不能记出勤")
    if present:
        changed = _attend(session, registration, CheckInVia.LIST)
    else:
        changed = Attendance.objects.filter(session=session, registration=registration).delete()[0] > 0
    if changed:
        _audit(
            actor,
            ActivityAudit.ATTENDANCE,
            activity,
            registration,
            f"·{session.topic}{'出勤' if present else '缺勤'}",
        )
    return changed


# ---- people reached, photos ---------------------------------------------------------------------------------


@transaction.atomic
def reach_set(*, actor, activity: Activity, count: int | None, method: str = "") -> Activity:
    """S5: people reached (人次) counted otherwise than by check-in (on site, online, by the host), saying how.
    `count=None` goes back to the figure from check-ins."""
    activity = _locked(activity)
    require(actor, WRITE, activity.org)
    method = method.strip()
    if count is not None and count < 0:
        raise DomainError("reach", "人次不能为负数", fields={"reach_counted": "不能为负数"})
    if count is not None and not method:
        raise DomainError(
            "reach_method", "请填写人次的统计方式，如“现场统计”", fields={"reach_method": "必填"}
        )
    before = {"count": activity.reach_counted, "method": activity.reach_method}
    activity.reach_counted, activity.reach_method = count, method if count is not None else ""
    activity.save(update_fields=["reach_counted", "reach_method", "updated_at"])
    audit_record(
        actor=actor,
        action=ActivityAudit.REACH,
        org=activity.org,
        target=activity,
        target_label=activity.title,
        before=before,
        after={"count": activity.reach_counted, "method": activity.reach_method},
    )
    return activity


@transaction.atomic
def photo_add(*, actor, activity: Activity, upload, caption: str = "") -> Photo:
    activity = Activity.objects.select_related("org").get(pk=activity.pk)
    require(actor, WRITE, activity.org)
    stored = photo_store(upload, folder=f"activities/{activity.pk}")
    photo = Photo.objects.create(
        activity=activity, file=stored, caption=caption.strip()[:200], uploaded_by=acting_user(actor)
    )
    audit_record(
        actor=actor,
        action=ActivityAudit.PHOTO,
        org=activity.org,
        target=photo,
        target_label=f"{activity.title}：{photo.caption or '照片'}",
    )
    return photo


@transaction.atomic
def photo_remove(*, actor, photo: Photo) -> None:
    """Take a photo off an activity (a wrong or unsuitable picture); the file goes once this commits."""
    activity = photo.activity
    require(actor, WRITE, activity.org)
    audit_record(
        actor=actor,
        action=ActivityAudit.PHOTO_REMOVE,
        org=activity.org,
        target=photo,
        target_label=f"{activity.title}：{photo.caption or '照片'}",
    )
    stored = photo.file
    photo.delete()
    photo_discard(stored)


# ---- activity kinds (data, managed by the city federation's administrators) -----------------------------------

KIND_ADMIN = "org.manage"  # held on the city node: the city federation's administrators


def kinds_admin_org(actor) -> Org | None:
    """The city-level node on which `actor` administers (org.manage), where activity kinds are managed; None for
    anyone else (a district's administrator included: kinds are shared by the whole city)."""
    cities = Org.objects.filter(level=Level.CITY).order_by("path")
    if actor is SYSTEM:
        return cities.first()
    return Org.objects.restrict(actor, KIND_ADMIN).filter(level=Level.CITY).order_by("path").first()


def _kinds_admin(actor) -> Org:
    org = kinds_admin_org(actor)
    if org is None:
        raise NotFound()
    return org


def _kind_snapshot(kind: ActivityKind) -> dict:
    return {"name": kind.name, "sort": kind.sort, "is_active": kind.is_active}


def _kind_name(name: str, kind: ActivityKind | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("name", "请填写活动类型名称", fields={"name": "必填"})
    taken = ActivityKind.objects.filter(name=name)
    if kind is not None:
        taken = taken.exclude(pk=kind.pk)
    if taken.exists():
        raise Conflict("name_taken", f"已有活动类型“{name}”", fields={"name": "已有同名类型"})
    return name


@transaction.atomic
def kind_create(*, actor, name: str, sort: int = 0) -> ActivityKind:
    """Add an activity kind staff may choose (no release needed: kinds are data)."""
    org = _kinds_admin(actor)
    kind = ActivityKind(name=_kind_name(name), sort=sort)
    kind.code = f"kind-{(ActivityKind.objects.order_by('-pk').values_list('pk', flat=True).first() or 0) + 1}"
    while ActivityKind.objects.filter(code=kind.code).exists():
        kind.code += "-1"
    validated(kind)
    kind.save()
    audit_record(
        actor=actor,
        action=ActivityAudit.KIND_CREATE,
        org=org,
        target=kind,
        target_label=kind.name,
        after=_kind_snapshot(kind),
    )
    return kind


@transaction.atomic
def kind_update(
    *, actor, kind: ActivityKind, name: str, sort: int, is_active: bool | None = None
) -> ActivityKind:
    """Rename or reorder a kind, or (is_active=False) stop offering it for new activities: those recorded with it
    keep it."""
    org = _kinds_admin(actor)
    kind = ActivityKind.objects.select_for_update().get(pk=kind.pk)
    before = _kind_snapshot(kind)
    kind.name, kind.sort = _kind_name(name, kind), sort
    if is_active is not None:
        kind.is_active = is_active
    validated(kind)
    kind.save()
    after = _kind_snapshot(kind)
    changed = [k for k in after if after[k] != before[k]]
    if changed:
        audit_record(
            actor=actor,
            action=ActivityAudit.KIND_UPDATE,
            org=org,
            target=kind,
            target_label=kind.name,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return kind


def kind_in_use(kind: ActivityKind) -> int:
    """How many activities (voided ones too) were recorded with `kind`."""
    return Activity.objects.filter(kind=kind).count()


@transaction.atomic
def kind_delete(*, actor, kind: ActivityKind) -> None:
    """Delete a kind added by mistake; one any activity was recorded with is refused (stop offering it instead)."""
    org = _kinds_admin(actor)
    kind = ActivityKind.objects.select_for_update().get(pk=kind.pk)
    used = kind_in_use(kind)
    if used:
        raise Conflict(
            "kind_in_use",
            f"已有 {used} 项活动使用“{kind.name}”，不能删除；可改为停用，停用后不再供新活动选用",
        )
    audit_record(
        actor=actor,
        action=ActivityAudit.KIND_DELETE,
        org=org,
        target=kind,
        target_label=kind.name,
        before=_kind_snapshot(kind),
    )
    kind.delete()


# ---- speakers ------------------------------------------------------------------------------------------------


@transaction.atomic
def speaker_add(
    *, actor, activity: Activity, name: str, person: Person | None = None, note: str = "", topic: str = ""
) -> Speaker:
    """Add who spoke at an activity: by name, and the registered person where the actor found one (by member
    number, in their scope), so what the speaker is known as comes from the records (rule A6)."""
    activity = _locked(activity)
    require(actor, WRITE, activity.org)
    _not_voided(activity)
    name = (person.full_name if person else name).strip()  # a member is named as the register names them
    if not name:
        raise DomainError("name_required", "请填写主讲人姓名", fields={"name": "必填"})
    if person is not None and activity.speakers.filter(person=person).exists():
        raise Conflict("speaker_twice", f"{name}已在本活动的主讲人中", fields={"number": "已添加"})
    order = (activity.speakers.aggregate(m=Max("order"))["m"] or 0) + 1
    speaker = Speaker(
        activity=activity, order=order, name=name, person=person, note=note.strip(), topic=topic.strip()
    )
    validated(speaker)
    speaker.save()
    audit_record(
        actor=actor,
        action=ActivityAudit.SPEAKER_ADD,
        org=activity.org,
        target=activity,
        target_label=activity.title,
        after={"name": name, "registered": person is not None},
    )
    return speaker


@transaction.atomic
def speaker_remove(*, actor, speaker: Speaker) -> None:
    activity = _locked(speaker.activity)
    require(actor, WRITE, activity.org)
    _not_voided(activity)
    audit_record(
        actor=actor,
        action=ActivityAudit.SPEAKER_REMOVE,
        org=activity.org,
        target=activity,
        target_label=activity.title,
        before={"name": speaker.name},
    )
    speaker.delete()
