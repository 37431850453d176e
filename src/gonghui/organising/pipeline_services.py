"""Writing the organising pipeline (R1, W1): a visit to a target, an outreach event (a stall or 沟通会) and the
employers contacted there (a shop found on the spot is registered and opened as a target), and workers' opinions
with their answer. Each service checks employer.manage on the node it writes under, validates, writes and leaves
its audit row in one transaction; a contact moves its target to 已走访 through `services.advance`, never by hand."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max

from gonghui.core.audit import acting_user, audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound, validated
from gonghui.core.paths import is_within
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Coverage, Employer, EmployerStatus, FormedChannel, Org

from . import services
from .models import EventContact, Opinion, OutreachEvent, Stage, Target, Visit
from .models.pipeline import EventKind, OpinionCategory, Outcome, VisitKind
from .pipeline_audit import PipelineAudit

MANAGE = "employer.manage"


# ---- checks every write shares -------------------------------------------------------------------------------------


def _past(day: dt.date | None, field: str, label: str) -> dt.date:
    """A day the work happened on: given, and not later than today."""
    if day is None:
        raise DomainError("date_required", f"请填写{label}", fields={field: "必填"})
    if day > services.today():
        raise DomainError("future_date", f"{label}不能晚于今天", fields={field: "不能晚于今天"})
    return day


def _choice(value: str, choices, field: str, label: str) -> str:
    if value not in choices.values:
        raise DomainError(f"bad_{field}", f"请选择{label}", fields={field: "无效"})
    return value


def _required(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise DomainError(f"{field}_required", f"请填写{label}", fields={field: "必填"})
    return value


def _next_step(next_step: str, next_step_on: dt.date | None, since: dt.date, label: str) -> str:
    """The next step agreed and its day: a day needs a step, and comes no earlier than the contact."""
    next_step = (next_step or "").strip()
    if next_step_on is not None and not next_step:
        raise DomainError(
            "next_step_required", "填写了下一步日期，请写明下一步工作", fields={"next_step": "必填"}
        )
    if next_step_on is not None and next_step_on < since:
        raise DomainError(
            "next_step_early", f"下一步日期不能早于{label}", fields={"next_step_on": f"不能早于{label}"}
        )
    return next_step


def _locked(target: Target) -> Target:
    return Target.objects.select_for_update(of=("self",)).select_related("org", "employer").get(pk=target.pk)


def _open_for_contact(target: Target) -> None:
    if target.stage == Stage.FORMED:
        raise Conflict("already_formed", f"“{target.employer.name}”已建会，不再登记建会走访")


def _follow(target: Target, on: dt.date, next_step: str, next_step_on: dt.date | None) -> None:
    """The target's next step is that of its latest contact (a visit or an event): a contact recorded late, dated
    before another, leaves it as it is."""
    latest_visit = Visit.objects.filter(target=target).aggregate(d=Max("on"))["d"]
    latest_event = EventContact.objects.filter(target=target).aggregate(d=Max("event__on"))["d"]
    latest = max(d for d in (latest_visit, latest_event, on) if d is not None)
    if on < latest:
        return
    target.next_step, target.next_step_on = next_step, next_step_on
    target.save(update_fields=["next_step", "next_step_on", "updated_at"])


def _opinion(*, org: Org, on: dt.date, category: str, text: str, event=None, visit=None) -> Opinion:
    opinion = Opinion(
        org=org,
        event=event,
        visit=visit,
        on=on,
        category=_choice(category, OpinionCategory, "category", "意见建议类别"),
        text=_required(text, "text", "意见建议内容"),
    )
    validated(opinion, exclude=["org_path"])
    opinion.save()
    return opinion


def _shown(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# ---- visits ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def visit_record(
    *,
    actor,
    target: Target,
    on: dt.date | None,
    visitors: str,
    outcome: str,
    kind: str = VisitKind.VISIT,
    met: str = "",
    said: str = "",
    next_step: str = "",
    next_step_on: dt.date | None = None,
    opinions: Sequence[tuple[str, str]] = (),
) -> Visit:
    """Record a visit, 沟通会 or call to a target (R1): who went, when, whom they met, what was said, the outcome
    and the next step. The target moves to 已走访 (first contact kept) and takes the visit's next step when it is
    the latest contact; opinions the workers gave are kept with it, (category, text) each."""
    target = _locked(target)
    if not in_scope(actor, MANAGE, target.org):
        raise NotFound("未找到该建会目标")
    _open_for_contact(target)
    visit = Visit(
        org=target.org,
        target=target,
        kind=_choice(kind, VisitKind, "kind", "走访方式"),
        on=_past(on, "on", "走访日期"),
        visitors=_required(visitors, "visitors", "走访人员"),
        recorded_by=acting_user(actor),
        met=(met or "").strip(),
        said=(said or "").strip(),
        outcome=_choice(outcome, Outcome, "outcome", "走访结果"),
        next_step_on=next_step_on,
    )
    visit.next_step = _next_step(next_step, next_step_on, visit.on, "走访日期")
    validated(visit, exclude=["org_path"])
    visit.save()
    services.advance(target, Stage.VISITED, on=visit.on)
    _follow(target, visit.on, visit.next_step, visit.next_step_on)
    kept = [
        _opinion(org=target.org, visit=visit, on=visit.on, category=c, text=t)
        for c, t in opinions
        if (t or "").strip()
    ]
    audit_record(
        actor=actor,
        action=PipelineAudit.VISIT_RECORD,
        org=target.org,
        target=visit,
        target_label=f"{target.employer.name} {visit.on:%Y-%m-%d}",
        after={
            "employer": target.employer.name,
            "kind": visit.kind,
            "on": visit.on.isoformat(),
            "visitors": visit.visitors,
            "met": visit.met,
            "outcome": visit.outcome,
            "next_step": visit.next_step,
            "next_step_on": _shown(visit.next_step_on),
            "stage": target.get_stage_display(),
            "opinions": len(kept),
        },
    )
    return visit


# ---- outreach events ------------------------------------------------------------------------------------------------


@transaction.atomic
def event_create(
    *,
    actor,
    org: Org,
    title: str,
    on: dt.date | None,
    kind: str = EventKind.STALL,
    place: str = "",
    note: str = "",
) -> OutreachEvent:
    """A stall or 沟通会 held by `org` (000-4), where several employers are contacted at once."""
    if not in_scope(actor, MANAGE, org):
        raise NotFound("未找到该组织")
    event = OutreachEvent(
        org=org,
        kind=_choice(kind, EventKind, "kind", "活动形式"),
        title=_required(title, "title", "活动名称"),
        on=_past(on, "on", "活动日期"),
        place=(place or "").strip(),
        note=(note or "").strip(),
        created_by=acting_user(actor),
    )
    validated(event, exclude=["org_path"])
    event.save()
    audit_record(
        actor=actor,
        action=PipelineAudit.EVENT_CREATE,
        org=org,
        target=event,
        after={"kind": event.kind, "title": event.title, "on": event.on.isoformat(), "place": event.place},
    )
    return event


def _contacted(actor, event: OutreachEvent, *, target, employer, new_employer, org, channel: str) -> Target:
    """The target an event contact is about: one given, the target of an employer given (opened when it is not
    one yet), or a shop found on the spot, registered as 未建会 from the event's day and opened as a target."""
    if sum(x is not None for x in (target, employer, new_employer)) != 1:
        raise DomainError(
            "employer_required", "请选择联系的单位，或登记一家新单位", fields={"employer": "必选其一"}
        )
    if target is not None:
        if not is_within(target.org_path, event.org.path):
            raise NotFound("未找到该建会目标")
        return target
    if employer is not None:
        if not is_within(employer.org_path, event.org.path):
            raise NotFound("未找到该用人单位")
        found = Target.objects.filter(employer=employer).first()
        return found or services.target_open(actor=actor, employer=employer, channel=channel)
    where = org or event.org
    if not is_within(where.path, event.org.path):
        raise DomainError(
            "bad_org", "新单位须登记在活动所在组织或其下级", fields={"org": "不在活动所在组织范围内"}
        )
    fields = {k: v.strip() if isinstance(v, str) else v for k, v in new_employer.items()}
    fields["name"] = _required(fields.get("name", ""), "name", "新单位名称")
    if Employer.objects.filter(org=where, name=fields["name"]).exists():
        raise Conflict(
            "employer_known",
            f"“{fields['name']}”已登记，请从已登记的单位中选择",
            fields={"name": "已登记"},
        )
    return services.target_register(
        actor=actor, org=where, employer_fields=fields, on_date=event.on, channel=channel
    )


@transaction.atomic
def event_contact_add(
    *,
    actor,
    event: OutreachEvent,
    outcome: str,
    target: Target | None = None,
    employer: Employer | None = None,
    new_employer: dict | None = None,
    org: Org | None = None,
    met: str = "",
    next_step: str = "",
    next_step_on: dt.date | None = None,
) -> EventContact:
    """An employer contacted at the event (000-4: 联系各门店、企业负责人，沟通建会事宜): an existing target, an
    employer without a union (opened as a target), or a new shop registered on the spot (`new_employer`: name,
    headcount, address …, under `org` or the event's node). The target moves to 已走访 on the event's day; a new
    one is reached through the event's channel (a stall's: 摆摊设点)."""
    event = OutreachEvent.objects.select_for_update().select_related("org").get(pk=event.pk)
    if not in_scope(actor, MANAGE, event.org):
        raise NotFound("未找到该活动")
    outcome = _choice(outcome, Outcome, "outcome", "联系结果")
    next_step = _next_step(next_step, next_step_on, event.on, "活动日期")
    channel = FormedChannel.STALL if event.kind == EventKind.STALL else FormedChannel.VISIT
    if employer is not None and (
        employer.coverage != Coverage.NONE or employer.status != EmployerStatus.ACTIVE
    ):
        raise Conflict(
            "already_covered", f"“{employer.name}”已建会或已注销", fields={"employer": "已建会或已注销"}
        )
    target = _locked(
        _contacted(
            actor,
            event,
            target=target,
            employer=employer,
            new_employer=new_employer,
            org=org,
            channel=channel,
        )
    )
    _open_for_contact(target)
    if EventContact.objects.filter(event=event, target=target).exists():
        raise Conflict(
            "already_contacted", f"“{target.employer.name}”已登记在本次活动中", fields={"employer": "已登记"}
        )
    contact = EventContact(
        org=target.org,
        event=event,
        target=target,
        met=(met or "").strip(),
        outcome=outcome,
        next_step=next_step,
        next_step_on=next_step_on,
    )
    validated(contact, exclude=["org_path"])
    contact.save()
    services.advance(target, Stage.VISITED, on=event.on)
    _follow(target, event.on, next_step, next_step_on)
    audit_record(
        actor=actor,
        action=PipelineAudit.CONTACT_ADD,
        org=target.org,
        target=contact,
        after={
            "event": event.title,
            "employer": target.employer.name,
            "met": contact.met,
            "outcome": contact.outcome,
            "next_step": contact.next_step,
            "next_step_on": _shown(contact.next_step_on),
            "stage": target.get_stage_display(),
        },
    )
    return contact


# ---- workers' opinions ----------------------------------------------------------------------------------------------


@transaction.atomic
def opinion_add(
    *,
    actor,
    on: dt.date | None,
    category: str,
    text: str,
    org: Org | None = None,
    event: OutreachEvent | None = None,
    visit: Visit | None = None,
) -> Opinion:
    """An opinion or request workers gave (意见建议), at an event, on a visit, or to the node `org` otherwise."""
    if event is not None and visit is not None:
        raise DomainError("one_source", "意见建议只能来自一次活动或一次走访")
    source = event or visit
    where = source.org if source is not None else org
    if where is None:
        raise DomainError("org_required", "请选择登记单位", fields={"org": "必填"})
    if not in_scope(actor, MANAGE, where):
        raise NotFound("未找到该组织")
    day = _past(on, "on", "收集日期")
    if source is not None and day < source.on:
        raise DomainError(
            "early", "收集日期不能早于活动或走访的日期", fields={"on": "不能早于活动或走访的日期"}
        )
    opinion = _opinion(org=where, on=day, category=category, text=text, event=event, visit=visit)
    audit_record(
        actor=actor,
        action=PipelineAudit.OPINION_ADD,
        org=where,
        target=opinion,
        after={
            "on": opinion.on.isoformat(),
            "category": opinion.category,
            "text": opinion.text,
            "event": event.title if event else None,
        },
    )
    return opinion


@transaction.atomic
def opinion_answer(*, actor, opinion: Opinion, answer: str, answered_on: dt.date | None = None) -> Opinion:
    """Answer an opinion (or correct the answer): what the union did or said, on which day, by whom."""
    opinion = Opinion.objects.select_for_update().select_related("org").get(pk=opinion.pk)
    if not in_scope(actor, MANAGE, opinion.org):
        raise NotFound("未找到该意见建议")
    answer = _required(answer, "answer", "答复内容")
    day = _past(answered_on or services.today(), "answered_on", "答复日期")
    if day < opinion.on:
        raise DomainError("early", "答复日期不能早于收集日期", fields={"answered_on": "不能早于收集日期"})
    before = {"answer": opinion.answer, "answered_on": _shown(opinion.answered_on)}
    opinion.answer, opinion.answered_on, opinion.answered_by = answer, day, acting_user(actor)
    validated(opinion, exclude=["org_path"])
    opinion.save(update_fields=["answer", "answered_on", "answered_by"])
    audit_record(
        actor=actor,
        action=PipelineAudit.OPINION_ANSWER,
        org=opinion.org,
        target=opinion,
        before=before if before["answer"] else None,
        after={"answer": opinion.answer, "answered_on": day.isoformat()},
    )
    return opinion
