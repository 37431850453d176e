"""Members' requests (DOMAIN §6 V4): receiving one (a member on the phone, or staff logging a call or a visit),
routing it to the right union, each step from acknowledgement to closing, and the daily escalation of the ones
past a deadline to the node above. Every step is a dated, audited service with its actor and text."""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gonghui.core import personal
from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditCategory
from gonghui.core.scope import SYSTEM, in_scope
from gonghui.core.uploads import photo_store
from gonghui.core.workdays import working_days_from
from gonghui.members.models import Person
from gonghui.members.selectors import live_membership
from gonghui.orgs.models import Employer, Org

from .models.requests import (
    ACKNOWLEDGE_DAYS,
    ANSWER_DAYS,
    PHOTOS_MAX,
    PURPOSE,
    RequestCategory,
    RequestChannel,
    RequestState,
    RequestStep,
    ServiceRequest,
    overdue_q,
)
from .requests_audit import RequestsAudit

WRITE = "work.edit"
DESCRIPTION_MAX = 2000
TEXT_MAX = 2000
MOBILE = re.compile(r"1[3-9]\d{9}")
NUMBER_PREFIX = "诉"


def deadlines(received_on: dt.date) -> tuple[dt.date, dt.date]:
    """rule V4: acknowledge within ACKNOWLEDGE_DAYS and answer within ANSWER_DAYS working days, counted from the
    day after the day of receipt (a request received on Friday evening is acknowledged by Monday)."""
    start = received_on + dt.timedelta(days=1)
    return working_days_from(start, ACKNOWLEDGE_DAYS), working_days_from(start, ANSWER_DAYS)


def route(*, person: Person | None, employer: Employer | None, logging_org: Org | None, on: dt.date) -> Org:
    """rule V4: the member's own union (their live membership's union); else, for a call from someone who is not
    a member, the union that covers the employer named; else the street federation where that employer is
    registered; else the node logging it."""
    if person is not None:
        membership = live_membership(person, on)
        if membership is not None:
            return membership.org
    if employer is not None:
        if employer.union_id is not None:
            return employer.union
        return employer.org
    if logging_org is None:
        raise DomainError("org", "请选择登记单位", fields={"org": "必填"})
    return logging_org


def _day(on: dt.date | None) -> dt.date:
    """The day a step is taken: today, or a past day the demo (or a backfill) names; never a future one."""
    today = timezone.localdate()
    if on is not None and on > today:
        raise DomainError("on", "日期不能晚于今天")
    return on or today


def _number(year: int) -> str:
    prefix = f"{NUMBER_PREFIX}{year}-"
    last = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{seq:06d}"


def _description(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError("description", "请填写诉求内容", fields={"description": "必填"})
    if len(text) > DESCRIPTION_MAX:
        raise DomainError("description", f"诉求内容不超过{DESCRIPTION_MAX}字", fields={"description": "过长"})
    return text


def _category(value: str) -> str:
    if value not in RequestCategory.values:
        raise DomainError("category", "请选择诉求类别", fields={"category": "必选"})
    return value


def _step(request: ServiceRequest, state: str, on: dt.date, actor, text: str = "", label: str = "") -> None:
    user = actor if getattr(actor, "is_authenticated", False) else None
    RequestStep.objects.create(
        request=request,
        state=state,
        on=on,
        actor=user,
        actor_label=label or (user.get_username() if user else "系统"),
        text=text,
    )


def _store_photos(photos) -> list[str]:
    photos = [p for p in (photos or []) if p]
    if len(photos) > PHOTOS_MAX:
        raise DomainError("photos", f"最多上传{PHOTOS_MAX}张照片", fields={"photos": "照片过多"})
    return [photo_store(p, folder="support/requests", field="photos") for p in photos]


def _create(*, channel, category, description, photos, org, received_on, actor, actor_label, **who):
    acknowledge_due, answer_due = deadlines(received_on)
    request = ServiceRequest.objects.create(
        number=_number(received_on.year),
        channel=channel,
        category=_category(category),
        description_cipher=personal.encrypt(_description(description), purpose=PURPOSE),
        photos=_store_photos(photos),
        org=org,
        received_on=received_on,
        acknowledge_due=acknowledge_due,
        answer_due=answer_due,
        **who,
    )
    _step(request, RequestState.RECEIVED, received_on, actor, label=actor_label)
    audit_record(
        actor=actor,
        action=RequestsAudit.RECEIVE,
        org=org,
        target=request,
        target_label=request.number,
        after={
            "number": request.number,
            "channel": request.get_channel_display(),
            "category": request.get_category_display(),
            "routed_to": org.name,
            "photos": len(request.photos),
        },
        actor_username=actor_label if actor is SYSTEM else "",
    )
    return request


def member_label(person: Person) -> str:
    return f"会员 {personal.mask_name(person.full_name)}"


@transaction.atomic
def request_submit(
    *, person: Person, category: str, description: str, photos=(), on: dt.date | None = None
) -> ServiceRequest:
    """A member's own request from their phone: routed to their own union (rule V4). Someone without a live
    membership has no union to reach here (the phone pages are for members). `on` is for the demo's past days."""
    today = _day(on)
    membership = live_membership(person, today)
    if membership is None:
        raise DomainError("membership", "您当前没有有效的会籍，请拨打12351职工服务热线")
    return _create(
        channel=RequestChannel.PHONE,
        category=category,
        description=description,
        photos=photos,
        org=membership.org,
        received_on=today,
        actor=SYSTEM,
        actor_label=member_label(person),
        person=person,
    )


@dataclass
class CallData:
    """A request staff log from a call or a visit: a member (by member number, found by the form) or someone
    who is not a member, with the employer they name."""

    channel: str
    category: str
    description: str
    logging_org: Org
    person: Person | None = None
    caller_name: str = ""
    caller_mobile: str = ""
    employer: Employer | None = None
    photos: list = field(default_factory=list)


@transaction.atomic
def request_log(*, actor, data: CallData, on: dt.date | None = None) -> ServiceRequest:
    if not in_scope(actor, WRITE, data.logging_org):
        raise DomainError("org", "您无权以该单位登记诉求", fields={"org": "超出管理范围"})
    if data.channel not in (RequestChannel.HOTLINE, RequestChannel.VISIT):
        raise DomainError("channel", "请选择热线或来访", fields={"channel": "必选"})
    today = _day(on)
    who: dict = {"logged_by": data.logging_org}
    if data.person is not None:
        who["person"] = data.person
    else:
        name = data.caller_name.strip()
        if not name:
            raise DomainError("caller_name", "请填写来电人姓名", fields={"caller_name": "必填"})
        mobile = re.sub(r"[\s-]", "", data.caller_mobile)
        if mobile and not MOBILE.fullmatch(mobile):
            raise DomainError(
                "caller_mobile", "联系电话应为11位手机号码", fields={"caller_mobile": "格式有误"}
            )
        who |= {
            "caller_masked": personal.mask_name(name),
            "caller_mobile_cipher": personal.encrypt(mobile, purpose=PURPOSE) if mobile else "",
            "caller_mobile_hash": personal.lookup_hash(mobile, purpose=PURPOSE) if mobile else "",
            "caller_mobile_masked": personal.mask(mobile) if mobile else "",
            "employer": data.employer,
        }
    org = route(person=data.person, employer=data.employer, logging_org=data.logging_org, on=today)
    return _create(
        channel=data.channel,
        category=data.category,
        description=data.description,
        photos=data.photos,
        org=org,
        received_on=today,
        actor=actor,
        actor_label="",
        **who,
    )


# ---- the steps (rule V4: received → acknowledged → in hand → answered → followed up → closed) -------------------

_STEPS = {
    # state reached: (states it may follow, the date field it sets, audit action)
    RequestState.ACKNOWLEDGED: ((RequestState.RECEIVED,), "acknowledged_on", RequestsAudit.ACKNOWLEDGE),
    RequestState.IN_HAND: ((RequestState.ACKNOWLEDGED,), "in_hand_on", RequestsAudit.TAKE),
    RequestState.ANSWERED: ((RequestState.IN_HAND,), "answered_on", RequestsAudit.ANSWER),
    RequestState.FOLLOWED_UP: ((RequestState.ANSWERED,), "followed_up_on", RequestsAudit.FOLLOW_UP),
    RequestState.CLOSED: ((RequestState.FOLLOWED_UP,), "closed_on", RequestsAudit.CLOSE),
}


@transaction.atomic
def request_step(
    *, actor, request: ServiceRequest, state: str, text: str = "", on: dt.date | None = None
) -> ServiceRequest:
    """Staff move a request one step on (the routed union's cadres, or anyone above it who manages it)."""
    request = ServiceRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if not in_scope(actor, "manage", request):
        raise DomainError("scope", "您无权办理该诉求")
    if state not in _STEPS:
        raise DomainError("state", "未知的办理步骤")
    follows, date_field, action = _STEPS[state]
    if request.state not in follows:
        raise Conflict(
            "state",
            f"诉求当前为“{request.get_state_display()}”，不能{RequestState(state).label}",
        )
    text = (text or "").strip()
    if len(text) > TEXT_MAX:
        raise DomainError("text", f"说明不超过{TEXT_MAX}字", fields={"text": "过长"})
    if state == RequestState.ANSWERED:
        if not text:
            raise DomainError("text", "请填写答复内容", fields={"text": "必填"})
        request.answer = text
    today = _day(on)
    if today < request.received_on:
        raise DomainError("on", "办理日期不能早于受理日期")
    before = request.get_state_display()
    request.state = state
    setattr(request, date_field, today)
    request.save()
    _step(request, state, today, actor, text)
    audit_record(
        actor=actor,
        action=action,
        org=request.org,
        target=request,
        target_label=request.number,
        before={"state": before},
        after={"state": request.get_state_display(), "text": text}
        if text
        else {"state": request.get_state_display()},
    )
    return request


@transaction.atomic
def request_rate(
    *, person: Person, request: ServiceRequest, rating: int, comment: str = "", on: dt.date | None = None
) -> ServiceRequest:
    """The member rates the answer (1–5) and so closes their request (rule V4)."""
    request = ServiceRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.person_id != person.pk:
        raise NotFound("未找到该诉求")
    if request.state not in (RequestState.ANSWERED, RequestState.FOLLOWED_UP):
        raise Conflict("state", "诉求答复后才能评价")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise DomainError("rating", "请选择1至5星的满意度", fields={"rating": "必选"})
    comment = (comment or "").strip()
    if len(comment) > 300:
        raise DomainError("comment", "评价不超过300字", fields={"comment": "过长"})
    today = _day(on)
    request.state = RequestState.CLOSED
    request.closed_on = today
    request.rating = rating
    request.rating_comment = comment
    request.save()
    label = member_label(person)
    _step(
        request,
        RequestState.CLOSED,
        today,
        None,
        f"满意度{rating}星" + (f"：{comment}" if comment else ""),
        label,
    )
    audit_record(
        actor=None,
        action=RequestsAudit.RATE,
        org=request.org,
        target=request,
        target_label=request.number,
        after={"rating": rating, "state": request.get_state_display()},
        actor_username=label,
    )
    return request


@transaction.atomic
def requests_escalate_overdue(today: dt.date) -> int:
    """rule V4: each request past a deadline on `today` without the step, not yet escalated, is escalated to the
    parent of the union it is routed to (which still handles it). Idempotent: a second run escalates nothing.
    Returns how many were escalated."""
    due = (
        ServiceRequest.objects.select_for_update(of=("self",))
        .filter(overdue_q(today), escalated_to__isnull=True)
        .exclude(org__parent__isnull=True)
        .select_related("org", "org__parent")
    )
    now = timezone.now()
    n = 0
    for request in due:
        request.escalated_to = request.org.parent
        request.escalated_at = now
        request.save(update_fields=["escalated_to", "escalated_at"])
        late = "确认" if request.acknowledge_due < today and request.acknowledged_on is None else "答复"
        due_on = request.acknowledge_due if late == "确认" else request.answer_due
        audit_record(
            actor=SYSTEM,
            action=RequestsAudit.ESCALATE,
            org=request.org,
            target=request,
            target_label=request.number,
            after={"escalated_to": request.escalated_to.name, "due": f"{late} {due_on:%Y-%m-%d}"},
            actor_username="系统",
        )
        n += 1
    return n


def request_read(*, actor, request: ServiceRequest, http_request=None) -> str:
    """The request's text as a cadre reads it on its page: legal facts, so each full view leaves an audit row."""
    if not in_scope(actor, "view", request):
        raise NotFound("未找到该诉求")
    audit_record(
        actor=actor,
        action=RequestsAudit.READ,
        category=AuditCategory.ACCESS,
        org=request.org,
        target=request,
        target_label=request.number,
        request=http_request,
    )
    return personal.decrypt(request.description_cipher, purpose=PURPOSE)
