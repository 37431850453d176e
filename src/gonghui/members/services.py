"""Writes to the member register: enrol or apply, approve, transfer, retain, leave, reinstate, reveal.

Each function is one atomic action that checks the actor's scope, keeps M4 (one live membership per
person, backed by a partial unique index), writes the membership's timeline and the audit log together.
Lapsing (M7) is materialised by whichever action next touches the membership, inside its transaction.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, fields

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.audit import Action, acting_user, audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound, validated
from gonghui.core.models import AuditCategory
from gonghui.core.paths import ancestor_paths, is_within
from gonghui.core.scope import SYSTEM
from gonghui.orgs.models import Employer, Org
from gonghui.orgs.services import require

from . import transitions
from .audit import MemberAudit
from .hooks import memberships_changed
from .identity import DocType, parse_document, parse_mobile
from .models import (
    LIVE_STATUSES,
    Channel,
    EventKind,
    LeaveReason,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    Transfer,
    TransferStatus,
    lapse_cutoff,
    lapse_date,
    lapsed_q,
)
from .selectors import live_membership


@dataclass
class PersonData:
    """What a form, the API or a roster row says about a person (M9)."""

    full_name: str
    id_number: str
    doc_type: str = DocType.RIC
    mobile: str = ""
    gender: str = ""
    birth_date: dt.date | None = None
    ethnicity: str = "汉族"
    education: str = ""
    residence: str = ""
    employment_status: str = "employed"
    skill_level: str = ""
    is_migrant: bool = False
    is_new_form: bool = False
    priority_group: str = ""
    is_hardship: bool = False
    is_model_worker: bool = False


PLAIN_PERSON_FIELDS = [
    f.name for f in fields(PersonData) if f.name not in ("id_number", "doc_type", "mobile")
]


def _today() -> dt.date:
    return timezone.localdate()  # Beijing's date (TIME_ZONE), not the server's


def _label(person: Person) -> str:
    return f"{person.full_name}（{person.id_masked}）"


def _event(
    membership: Membership,
    kind: str,
    *,
    actor,
    from_status: str,
    org: Org | None = None,
    other_org: Org | None = None,
    reason: str = "",
    on_date: dt.date | None = None,
    leave_reason: str = "",
) -> MembershipEvent:
    return MembershipEvent.objects.create(
        membership=membership,
        org=org or membership.org,
        kind=kind,
        on_date=on_date or _today(),
        from_status=from_status,
        to_status=membership.status,
        other_org=other_org,
        reason=reason[:500],
        leave_reason=leave_reason,
        actor=acting_user(actor),
        actor_username=actor.get_username() if getattr(actor, "is_authenticated", False) else "",
    )


def _audit(actor, action: Action, membership: Membership, *, before: str, reason: str = "", **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        org=membership.org,
        target=membership,
        target_label=_label(membership.person),
        before={"status": before},
        after={"status": membership.status, **extra},
        reason=reason,
    )


def _require_reason(reason: str, what: str | transitions.Action) -> str:
    reason = (reason or "").strip()
    if not reason:
        what = what.reason_label if isinstance(what, transitions.Action) else what
        raise DomainError("reason_required", f"请填写{what}", fields={"reason": "必填"})
    return reason


def _locked(membership: Membership) -> Membership:
    """Lock the membership and materialise a lapse due by today (M7) before anything else looks at it."""
    m = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("person", "org")
        .get(pk=membership.pk)
    )
    today = _today()
    if m.status_on(today) != m.status:
        before = m.status
        m.status = MembershipStatus.LEFT
        m.leave_reason = LeaveReason.LAPSED
        assert m.dues_paid_until is not None  # only a dues record can lapse
        m.ended_on = lapse_date(m.dues_paid_until)
        m.save(update_fields=["status", "leave_reason", "ended_on", "updated_at"])
        _event(m, EventKind.LAPSED, actor=SYSTEM, from_status=before, on_date=m.ended_on)
        _audit(None, MemberAudit.LAPSE, m, before=before, reason=str(LeaveReason.LAPSED.label))
    return m


def lapse_if_due(membership: Membership) -> Membership:
    """Record a lapse due by today (M7), for set-wise writers such as the roster import (in their transaction)."""
    return _locked(membership)


def _check_union(union: Org) -> None:
    if not union.holds_members:
        raise DomainError(
            "not_a_union",
            f"“{union.name}”是{union.get_level_display()}，会员应加入基层工会、联合工会或街道（乡镇）工会",
            fields={"union": "请选择基层工会、联合工会或街道（乡镇）工会"},
        )
    if union.is_dissolved:
        raise DomainError(
            "union_dissolved", f"“{union.name}”已撤销，不能接收会员", fields={"union": "已撤销"}
        )


def number_prefix(union: Org) -> str:
    """Member numbers start with the district code of the union or its nearest ancestor that has one."""
    if union.district_code:
        return union.district_code
    code = (
        Org.objects.filter(path__in=ancestor_paths(union.path, include_self=False))
        .exclude(district_code="")
        .order_by("-depth")
        .values_list("district_code", flat=True)
        .first()
    )
    return code or "110000"


def _activate(m: Membership, join_date: dt.date | None) -> None:
    m.status = MembershipStatus.ACTIVE
    m.join_date = join_date or m.join_date or _today()
    if not m.number:
        m.number = f"{number_prefix(m.org)}{m.pk:010d}"


# ---- people -------------------------------------------------------------------------------------------


def _person_upsert(data: PersonData) -> Person:
    """Find the person by document hash, or create them; fill in what the register does not know yet."""
    doc = parse_document(data.doc_type, data.id_number)
    mobile = parse_mobile(data.mobile) if data.mobile else ""
    full_name = (data.full_name or "").strip()
    if not full_name:
        raise DomainError("name_required", "请填写姓名", fields={"full_name": "必填"})
    id_hash = Person.id_lookup(doc.doc_type, doc.number)
    person = Person.objects.filter(id_hash=id_hash).first()
    if person is None:
        person = Person(full_name=full_name)
        person.set_document(doc.doc_type, doc.number)
        person.set_mobile(mobile)
        for name in PLAIN_PERSON_FIELDS:
            value = getattr(data, name)
            if value not in (None, ""):
                setattr(person, name, value.strip() if isinstance(value, str) else value)
        person.full_name = full_name
        if doc.birth_date:
            person.birth_date, person.gender = doc.birth_date, doc.gender
        if not person.gender:
            raise DomainError("gender_required", "请选择性别", fields={"gender": "必填"})
        if not person.is_new_form:
            person.priority_group = ""
        validated(person, exclude=["id_cipher", "id_hash", "id_masked", "mobile_cipher", "mobile_hash"])
        try:
            with transaction.atomic():
                person.save()
        except IntegrityError:
            # Registered a moment ago by a concurrent request: use that record.
            person = Person.objects.get(id_hash=id_hash)
        else:
            return person
    if person.full_name != full_name:
        raise Conflict(
            "name_mismatch",
            "该证件号码已登记，但姓名与登记信息不一致，请核对",
            fields={"full_name": "与已登记姓名不一致"},
        )
    if mobile and person.mobile_hash != Person.mobile_lookup(mobile):
        person.set_mobile(mobile)
        person.save(update_fields=["mobile_cipher", "mobile_hash", "mobile_masked", "updated_at"])
    return person


def _live_membership(person: Person) -> Membership | None:
    """`live_membership` today, locked, for a writer; the person row must be locked. A lapsed membership it passes
    over has its lapse recorded (M7), or M4's unique index would still count the row as live."""
    today = _today()
    live = live_membership(person, today)
    if live is not None:
        return _locked(live)
    for lapsed in Membership.objects.filter(lapsed_q(today), person=person):
        _locked(lapsed)
    return None


def already_member_error(person: Person, existing: Membership, union: Org) -> Conflict:
    """M4: the clear Chinese refusal naming the union that holds the membership."""
    if existing.org_id == union.pk:
        message = (
            f"{person.full_name}已是“{union.name}”的会员（{existing.get_status_display()}），无需重复入会"
        )
    else:
        message = (
            f"{person.full_name}已是“{existing.org.name}”的会员（{existing.get_status_display()}），"
            "一人只能有一个会籍；如已调换工作，请办理转会"
        )
    return Conflict(
        "already_member",
        message,
        fields={"id_number": f"已在“{existing.org.name}”入会"},
    )


@transaction.atomic
def membership_enrol(
    *,
    actor,
    union: Org,
    person_data: PersonData | None = None,
    person: Person | None = None,
    channel: str = Channel.STAFF,
    approve: bool = True,
    employer: Employer | None = None,
    employer_name: str = "",
    join_date: dt.date | None = None,
    reason: str = "",
) -> Membership:
    """Enrol a person (staff entry, approve=True) or record their application (approve=False) (M2, M3).

    The person is found by document hash or registered; their row is locked so that concurrent enrolments
    of one person queue up, and the partial unique index is the last word (M4) if anything slips past.
    """
    require(actor, "member.manage", union)
    union = Org.objects.get(pk=union.pk)
    _check_union(union)
    if channel not in Channel.values:
        raise DomainError("bad_channel", "入会渠道无效", fields={"channel": "无效"})
    if (
        employer is not None
        and not is_within(employer.org_path, union.path)
        and employer.union_id != union.pk
    ):
        # an employer of this union's area, or the one whose union this is
        raise DomainError(
            "employer_outside",
            f"“{employer.name}”不在“{union.name}”的范围内",
            fields={"employer": "不在范围内"},
        )
    if person is None:
        if person_data is None:
            raise DomainError("person_required", "请填写会员信息")
        person = _person_upsert(person_data)
    person = Person.objects.select_for_update().get(pk=person.pk)
    existing = _live_membership(person)
    if existing is not None:
        raise already_member_error(person, existing, union)
    today = _today()
    m = Membership(
        person=person,
        org=union,
        employer=employer,
        employer_name=(employer.name if employer else employer_name.strip())[:200],
        channel=channel,
        applied_on=join_date or today,
    )
    try:
        with transaction.atomic():
            m.save()
            if approve:
                _activate(m, join_date)
                m.save()
    except IntegrityError as exc:
        existing = (
            Membership.objects.filter(person=person, status__in=LIVE_STATUSES).select_related("org").first()
        )
        if existing is None:
            raise
        raise already_member_error(person, existing, union) from exc
    kind = EventKind.ENROLLED if approve else EventKind.APPLIED
    _event(m, kind, actor=actor, from_status="", reason=reason, on_date=m.join_date or m.applied_on)
    memberships_changed.send(ids=[m.pk])
    audit_record(
        actor=actor,
        action=MemberAudit.ENROL if approve else MemberAudit.APPLY,
        org=union,
        target=m,
        target_label=_label(person),
        after={"status": m.status, "union": union.name, "channel": m.channel, "number": m.number},
        reason=reason,
    )
    return m


def membership_apply(**kwargs) -> Membership:
    """An application waiting for the union's approval (M2)."""
    return membership_enrol(approve=False, **kwargs)


@transaction.atomic
def membership_approve(*, actor, membership: Membership, reason: str = "") -> Membership:
    m = _locked(membership)
    require(actor, "member.manage", m.org)
    transitions.require_allowed(m, transitions.APPROVE)
    before = m.status
    _activate(m, _today())
    m.save()
    _event(m, EventKind.APPROVED, actor=actor, from_status=before, reason=reason)
    memberships_changed.send(ids=[m.pk])
    _audit(actor, MemberAudit.APPROVE, m, before=before, reason=reason, number=m.number)
    return m


@transaction.atomic
def membership_reject(*, actor, membership: Membership, reason: str) -> Membership:
    reason = _require_reason(reason, transitions.REJECT)
    m = _locked(membership)
    require(actor, "member.manage", m.org)
    transitions.require_allowed(m, transitions.REJECT)
    before = m.status
    m.status = MembershipStatus.REJECTED
    m.ended_on = _today()
    m.save()
    _event(m, EventKind.REJECTED, actor=actor, from_status=before, reason=reason)
    _audit(actor, MemberAudit.REJECT, m, before=before, reason=reason)
    return m


@transaction.atomic
def memberships_decide(*, actor, memberships: Iterable[Membership], approve: bool, reason: str = "") -> int:
    """Approve or reject many applications at once: all of them, or (on any refusal) none."""
    done = 0
    for m in memberships:
        try:
            if approve:
                membership_approve(actor=actor, membership=m, reason=reason)
            else:
                membership_reject(actor=actor, membership=m, reason=reason)
        except DomainError as exc:
            exc.message = f"{m.person.full_name}：{exc.message}"  # say whose application refused
            exc.args = (exc.message,)
            raise
        done += 1
    return done


# ---- transfers (M5) -----------------------------------------------------------------------------------


def _transfer_target(union: Org, from_org: Org) -> Org:
    union = Org.objects.get(pk=union.pk)
    _check_union(union)
    if union.pk == from_org.pk:
        raise DomainError(
            "same_union", f"会员已在“{union.name}”，无需转会", fields={"to_union": "与原工会相同"}
        )
    return union


@transaction.atomic
def transfer_start(
    *, actor, membership: Membership, to_union: Org, to_employer: Employer | None = None, reason: str = ""
) -> Transfer:
    """The old union records the transfer-out; the member is "in transfer" and still counted once, there."""
    m = _locked(membership)
    require(actor, "member.manage", m.org)
    transitions.require_allowed(m, transitions.TRANSFER)
    to_union = _transfer_target(to_union, m.org)
    before = m.status
    m.status = MembershipStatus.IN_TRANSFER
    m.save(update_fields=["status", "updated_at"])
    t = Transfer(
        membership=m,
        from_org=m.org,
        to_org=to_union,
        to_employer=to_employer,
        status=TransferStatus.PENDING,
        reason=reason.strip(),
        started_by=acting_user(actor),
    )
    _save_transfer(t)
    _event(m, EventKind.TRANSFER_STARTED, actor=actor, from_status=before, other_org=to_union, reason=reason)
    _audit(actor, MemberAudit.TRANSFER_START, m, before=before, reason=reason, to_union=to_union.name)
    return t


def _save_transfer(t: Transfer) -> None:
    try:
        with transaction.atomic():
            t.save()
    except IntegrityError as exc:
        raise Conflict("transfer_open", "该会员已有办理中的转会，请先处理") from exc


@transaction.atomic
def transfer_request(
    *, actor, membership: Membership, to_union: Org, to_employer: Employer | None = None, reason: str = ""
) -> Transfer:
    """The new union asks for a member active elsewhere (the only path offered when M4 refuses a join)."""
    require(actor, "member.manage", to_union)
    m = _locked(membership)
    transitions.require_allowed(m, transitions.TRANSFER_REQUEST)
    to_union = _transfer_target(to_union, m.org)
    t = Transfer(
        membership=m,
        from_org=m.org,
        to_org=to_union,
        to_employer=to_employer,
        status=TransferStatus.REQUESTED,
        reason=reason.strip(),
        started_by=acting_user(actor),
    )
    _save_transfer(t)
    _event(
        m,
        EventKind.TRANSFER_REQUESTED,
        actor=actor,
        from_status=m.status,
        org=to_union,
        other_org=m.org,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=MemberAudit.TRANSFER_REQUEST,
        org=to_union,
        target=m,
        target_label=_label(m.person),
        after={"from_union": m.org.name, "to_union": to_union.name},
        reason=reason,
    )
    return t


def _locked_transfer(transfer: Transfer) -> Transfer:
    return (
        Transfer.objects.select_for_update(of=("self",))
        .select_related("from_org", "to_org")
        .get(pk=transfer.pk)
    )


def _complete(t: Transfer, m: Membership, *, actor, reason: str) -> None:
    before = m.status
    from_org = m.org
    m.org = t.to_org
    m.status = MembershipStatus.ACTIVE
    if t.to_employer_id:
        m.employer_id = t.to_employer_id
        m.employer_name = t.to_employer.name if t.to_employer else ""
    m.save()  # join date and member number are kept (M5)
    t.status = TransferStatus.ACCEPTED
    t.decided_by = acting_user(actor)
    t.decided_at = timezone.now()
    t.decision_reason = reason.strip()
    t.save()
    _event(m, EventKind.TRANSFER_ACCEPTED, actor=actor, from_status=before, other_org=from_org, reason=reason)
    memberships_changed.send(ids=[m.pk])
    _audit(actor, MemberAudit.TRANSFER_ACCEPT, m, before=before, reason=reason, from_union=from_org.name)


@transaction.atomic
def transfer_accept(*, actor, transfer: Transfer, reason: str = "") -> Transfer:
    """The new union accepts a transfer the old union started: the membership moves, once."""
    t = _locked_transfer(transfer)
    require(actor, "member.manage", t.to_org)
    if t.status != TransferStatus.PENDING:
        raise Conflict("transfer_closed", f"该转会不在待接收状态（{t.get_status_display()}）")
    m = _locked(t.membership)
    _complete(t, m, actor=actor, reason=reason)
    return t


@transaction.atomic
def transfer_release(*, actor, transfer: Transfer, reason: str = "") -> Transfer:
    """The old union consents to a transfer the new union asked for: it records the transfer-out and, the
    new union having asked, the membership moves at once."""
    t = _locked_transfer(transfer)
    require(actor, "member.manage", t.from_org)
    if t.status != TransferStatus.REQUESTED:
        raise Conflict("transfer_closed", f"该转会不在待转出方同意状态（{t.get_status_display()}）")
    m = _locked(t.membership)
    transitions.require_allowed(m, transitions.TRANSFER_REQUEST)
    _event(
        m, EventKind.TRANSFER_STARTED, actor=actor, from_status=m.status, other_org=t.to_org, reason=reason
    )
    _complete(t, m, actor=actor, reason=reason)
    return t


@transaction.atomic
def transfer_reject(*, actor, transfer: Transfer, reason: str) -> Transfer:
    """The side that must act says no: the new union refuses a transfer-in, or the old union a request."""
    reason = _require_reason(reason, "拒绝的原因")
    t = _locked_transfer(transfer)
    deciding = t.to_org if t.status == TransferStatus.PENDING else t.from_org
    require(actor, "member.manage", deciding)
    if not t.is_open:
        raise Conflict("transfer_closed", f"该转会已结束（{t.get_status_display()}）")
    return _close(
        t,
        TransferStatus.REJECTED,
        EventKind.TRANSFER_REJECTED,
        MemberAudit.TRANSFER_REJECTED,
        actor=actor,
        reason=reason,
        at=deciding,
    )


@transaction.atomic
def transfer_cancel(*, actor, transfer: Transfer, reason: str = "") -> Transfer:
    """The side that started it withdraws it."""
    t = _locked_transfer(transfer)
    starting = t.from_org if t.status == TransferStatus.PENDING else t.to_org
    require(actor, "member.manage", starting)
    if not t.is_open:
        raise Conflict("transfer_closed", f"该转会已结束（{t.get_status_display()}）")
    return _close(
        t,
        TransferStatus.CANCELLED,
        EventKind.TRANSFER_CANCELLED,
        MemberAudit.TRANSFER_CANCELLED,
        actor=actor,
        reason=reason,
        at=starting,
    )


def _close(t: Transfer, status: str, kind: str, action: Action, *, actor, reason: str, at: Org) -> Transfer:
    m = _locked(t.membership)
    before = m.status
    if m.status == MembershipStatus.IN_TRANSFER:
        m.status = MembershipStatus.ACTIVE
        m.save(update_fields=["status", "updated_at"])
    t.status = status
    t.decided_by = acting_user(actor)
    t.decided_at = timezone.now()
    t.decision_reason = reason.strip()
    t.save()
    other = t.to_org if at.pk == t.from_org_id else t.from_org
    _event(m, kind, actor=actor, from_status=before, org=at, other_org=other, reason=reason)
    audit_record(
        actor=actor,
        action=action,
        org=at,
        target=m,
        target_label=_label(m.person),
        after={"from_union": t.from_org.name, "to_union": t.to_org.name, "transfer": t.status},
        reason=reason,
    )
    return t


# ---- retaining, leaving, reinstating (M6, M7) ---------------------------------------------------------


def _change_status(
    membership: Membership,
    *,
    actor,
    transition: transitions.Action,
    to: str,
    kind: str,
    action: Action,
    reason: str,
    leave_reason: str = "",
    check=None,
) -> Membership:
    m = _locked(membership)
    require(actor, "member.manage", m.org)
    transitions.require_allowed(m, transition)
    if check is not None:
        check(m)
    before = m.status
    m.status = to
    m.leave_reason = leave_reason
    m.ended_on = _today() if to in (MembershipStatus.LEFT, MembershipStatus.EXPELLED) else None
    m.save()
    _event(m, kind, actor=actor, from_status=before, reason=reason, leave_reason=leave_reason)
    memberships_changed.send(ids=[m.pk])
    _audit(actor, action, m, before=before, reason=reason)
    return m


@transaction.atomic
def membership_retain(*, actor, membership: Membership, reason: str) -> Membership:
    """M6: retired or unemployed members keep their membership without dues."""
    return _change_status(
        membership,
        actor=actor,
        transition=transitions.RETAIN,
        to=MembershipStatus.RETAINED,
        kind=EventKind.RETAINED,
        action=MemberAudit.RETAIN,
        reason=_require_reason(reason, transitions.RETAIN),
    )


@transaction.atomic
def membership_leave(
    *, actor, membership: Membership, reason: str, leave_reason: str = LeaveReason.VOLUNTARY
) -> Membership:
    """M7: leaving is a status change with a reason, never a deletion."""
    if leave_reason not in LeaveReason.values or leave_reason == LeaveReason.LAPSED:
        raise DomainError("bad_reason", "请选择退会原因", fields={"leave_reason": "无效"})
    return _change_status(
        membership,
        actor=actor,
        transition=transitions.LEAVE,
        to=MembershipStatus.LEFT,
        kind=EventKind.LEFT,
        action=MemberAudit.LEAVE,
        reason=_require_reason(reason, transitions.LEAVE),
        leave_reason=leave_reason,
    )


@transaction.atomic
def membership_expel(*, actor, membership: Membership, reason: str) -> Membership:
    """M7: expulsion only after a criminal penalty; the reason names it."""
    return _change_status(
        membership,
        actor=actor,
        transition=transitions.EXPEL,
        to=MembershipStatus.EXPELLED,
        kind=EventKind.EXPELLED,
        action=MemberAudit.EXPEL,
        reason=_require_reason(reason, transitions.EXPEL),
    )


@transaction.atomic
def membership_reinstate(*, actor, membership: Membership, reason: str) -> Membership:
    """Back to active: from retained, or after leaving (lapsed dues included) if no other live membership."""
    reason = _require_reason(reason, transitions.REINSTATE)

    # Lock the person first, in the same order as enrolment does, so the two cannot deadlock.
    Person.objects.select_for_update().get(pk=membership.person_id)

    def no_other_live(m: Membership) -> None:
        other = _live_membership(m.person)
        if other is not None and other.pk != m.pk:
            raise already_member_error(m.person, other, m.org)

    m = _change_status(
        membership,
        actor=actor,
        transition=transitions.REINSTATE,
        to=MembershipStatus.ACTIVE,
        kind=EventKind.REINSTATED,
        action=MemberAudit.REINSTATE,
        reason=reason,
        check=no_other_live,
    )
    if m.dues_paid_until and m.dues_paid_until < lapse_cutoff(_today()):
        m.dues_paid_until = _today()  # reinstating restarts the dues clock, or the member would lapse again
        m.save(update_fields=["dues_paid_until", "updated_at"])
        memberships_changed.send(ids=[m.pk])
    return m


@transaction.atomic
def membership_record_dues(*, actor, membership: Membership, paid_until: dt.date) -> Membership:
    """M8: dues paid up to a month; this is what keeps an active membership from lapsing (M7)."""
    m = _locked(membership)
    require(actor, "member.manage", m.org)
    transitions.require_allowed(m, transitions.DUES)
    before = m.dues_paid_until
    m.dues_paid_until = max(paid_until, before) if before else paid_until
    m.save(update_fields=["dues_paid_until", "updated_at"])
    memberships_changed.send(ids=[m.pk])  # the lapse date moves (M7)
    audit_record(
        actor=actor,
        action=MemberAudit.DUES,
        org=m.org,
        target=m,
        target_label=_label(m.person),
        before={"dues_paid_until": before.isoformat() if before else None},
        after={"dues_paid_until": m.dues_paid_until.isoformat()},
    )
    return m


@transaction.atomic
def person_mobile_change(*, actor, membership: Membership, mobile: str, reason: str) -> Person:
    """Staff confirm a member's new mobile (a worker whose number changed cannot prove it on the phone pages:
    those sign in only the person registered with the verified number). Masked numbers in the audit record."""
    reason = _require_reason(reason, transitions.MOBILE)
    number = parse_mobile(mobile, field="mobile")
    m = Membership.objects.select_related("org").get(pk=membership.pk)
    require(actor, "member.manage", m.org)
    person = Person.objects.select_for_update().get(pk=m.person_id)
    if person.mobile_hash == Person.mobile_lookup(number):
        raise DomainError("same_mobile", "新手机号码与登记的号码相同", fields={"mobile": "与原号码相同"})
    before = person.mobile_masked
    person.set_mobile(number)
    person.save(update_fields=["mobile_cipher", "mobile_hash", "mobile_masked", "updated_at"])
    audit_record(
        actor=actor,
        action=MemberAudit.MOBILE_CHANGE,
        org=m.org,
        target=person,
        target_label=_label(person),
        before={"mobile": before},
        after={"mobile": person.mobile_masked},
        reason=reason,
    )
    return person


# ---- seeing personal data in full (I3) ----------------------------------------------------------------


@transaction.atomic
def person_reveal(*, actor, membership: Membership, reason: str, request=None) -> dict[str, str]:
    """The full document number and mobile, for someone holding member.reveal on the member's union.

    Asks for a reason and leaves an audit record (who, whose, when, why) in the same transaction.
    """
    reason = _require_reason(reason, "查看完整信息的事由")
    if len(reason) < 4:
        raise DomainError(
            "reason_short", "请具体说明查看完整信息的事由（至少4个字）", fields={"reason": "过短"}
        )
    m = Membership.objects.select_related("person", "org").get(pk=membership.pk)
    if actor is SYSTEM or not getattr(actor, "is_authenticated", False):
        raise NotFound()
    require(actor, "member.reveal", m.org)
    person = m.person
    audit_record(
        actor=actor,
        action=MemberAudit.REVEAL,
        category=AuditCategory.ACCESS,
        org=m.org,
        target=person,
        target_label=_label(person),
        reason=reason,
        request=request,
    )
    return {"id_number": person.reveal_document(), "mobile": person.reveal_mobile()}
