"""Join codes, outreach events and the worker's join flow (DOMAIN M2, M3, M4, W1).

Staff services take the acting user and check scope like every other service. The public ones act as the system
(actor None) on behalf of a worker who proved they hold the mobile (SMS code) and gave consent; every write a
submission makes happens in one transaction, so a refused or failed submission leaves nothing behind.
"""

import datetime as dt
import hmac
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from gonghui.core import personal
from gonghui.core.audit import acting_user, audit_record
from gonghui.core.backdating import check_happened_on
from gonghui.core.errors import Conflict, DomainError, NotFound, validated
from gonghui.core.paths import is_within, subtree_q
from gonghui.core.scope import SYSTEM
from gonghui.members.identity import DocType, parse_document, parse_mobile
from gonghui.members.models import (
    LIVE_STATUSES,
    Channel,
    Membership,
    MembershipStatus,
    Person,
    PriorityGroup,
)
from gonghui.members.selectors import live_membership
from gonghui.members.services import PersonData, membership_enrol, transfer_request
from gonghui.orgs.models import Employer, Org
from gonghui.orgs.services import require

from . import limits
from .audit import OutreachAudit
from .models import Consent, JoinCode, JoinRecord, JoinScan, OutreachEvent, SmsCode, SmsPurpose
from .sms import sender

NOTICE_VERSION = "2026-11"
SMS_TTL = dt.timedelta(minutes=5)
SMS_MAX_ATTEMPTS = 5
SMS_PURPOSE = "outreach.SmsCode"

# Platforms riders, couriers and drivers name as their employer (offered in the employer field)
PLATFORMS = (
    "美团",
    "饿了么",
    "顺丰速运",
    "京东物流",
    "中国邮政",
    "中通快递",
    "圆通速递",
    "韵达快递",
    "申通快递",
    "极兔速递",
    "闪送",
    "达达快送",
    "滴滴出行",
    "曹操出行",
    "货拉拉",
    "满帮",
)


# ---- staff: events and codes ---------------------------------------------------------------------------------


def _check_union(union: Org) -> None:
    if not union.holds_members or union.is_dissolved:
        raise DomainError(
            "not_a_union",
            f"“{union.name}”不能接收会员：入会二维码只能属于基层工会、联合工会或街道（乡镇）工会",
            fields={"union": "请选择基层工会、联合工会或街道（乡镇）工会"},
        )


@transaction.atomic
def event_create(
    *,
    actor,
    union: Org,
    name: str,
    place: str = "",
    on_date: dt.date | None = None,
    staff_present: str = "",
    gift: str = "",
) -> OutreachEvent:
    require(actor, "member.manage", union)
    event = OutreachEvent(
        org=union,
        name=name.strip(),
        place=place.strip(),
        on_date=on_date or timezone.localdate(),
        staff_present=staff_present.strip(),
        gift=gift.strip(),
        created_by=acting_user(actor),
    )
    if not event.name:
        raise DomainError("name_required", "请填写活动名称", fields={"name": "必填"})
    validated(event)
    event.save()
    audit_record(
        actor=actor, action=OutreachAudit.EVENT_CREATE, org=union, target=event, target_label=event.name
    )
    return event


@transaction.atomic
def code_create(
    *,
    actor,
    union: Org,
    label: str,
    event: OutreachEvent | None = None,
    auto_approve: bool = False,
    expires_at: dt.datetime | None = None,
) -> JoinCode:
    """A join code for `union` (M3: base union, joint union or street federation), optionally for an event."""
    require(actor, "member.manage", union)
    union = Org.objects.get(pk=union.pk)
    _check_union(union)
    if event is not None and not (
        is_within(event.org_path, union.path) or is_within(union.path, event.org_path)
    ):
        raise DomainError("event_outside", "该活动不属于本工会或其上级", fields={"event": "不在范围内"})
    if expires_at is not None and expires_at <= timezone.now():
        raise DomainError("expired", "有效期应晚于现在", fields={"expires_at": "应晚于现在"})
    code = JoinCode(
        org=union,
        label=label.strip() or (event.name if event else union.name),
        event=event,
        auto_approve=auto_approve,
        expires_at=expires_at,
        created_by=acting_user(actor),
    )
    validated(code, exclude=["token"])
    code.save()
    audit_record(
        actor=actor,
        action=OutreachAudit.CODE_CREATE,
        org=union,
        target=code,
        target_label=code.label,
        after={"auto_approve": auto_approve, "event": event.name if event else ""},
    )
    return code


@transaction.atomic
def code_close(*, actor, code: JoinCode) -> JoinCode:
    code = JoinCode.objects.select_for_update().get(pk=code.pk)
    require(actor, "member.manage", code.org)
    if code.closed_at is None:
        code.closed_at = timezone.now()
        code.save(update_fields=["closed_at"])
        _code_forget(code.token)
        transaction.on_commit(lambda: _code_forget(code.token))
        audit_record(
            actor=actor, action=OutreachAudit.CODE_CLOSE, org=code.org, target=code, target_label=code.label
        )
    return code


@transaction.atomic
def gift_hand_out(*, actor, record: JoinRecord) -> JoinRecord:
    """入会有礼: the event's gift handed to the worker who joined (once)."""
    record = (
        JoinRecord.objects.select_for_update(of=("self",))
        .select_related("event", "membership__person")
        .get(pk=record.pk)
    )
    require(actor, "member.manage", record.org)
    if record.event is None or not record.event.gift:
        raise DomainError("no_gift", "该入会记录没有入会礼品")
    if record.gift_given_at is not None:
        raise Conflict("gift_given", f"{record.membership.person.full_name}的入会礼品已发放")
    record.gift_given_at = timezone.now()
    record.gift_given_by = acting_user(actor)
    record.save(update_fields=["gift_given_at", "gift_given_by"])
    audit_record(
        actor=actor,
        action=OutreachAudit.GIFT,
        org=record.org,
        target=record.membership,
        target_label=f"{record.event.gift} → {personal.mask(record.membership.person.full_name)}",
    )
    return record


# ---- public: the code, SMS, the join ------------------------------------------------------------------------


# Every step of a join reads its code (with the union and the event) to draw the page: a process keeps what it read
# for CODE_CACHE_SECONDS. Closing a code forgets it here at once and in the other server processes within that
# time; the submission itself re-reads the code in its transaction, so a closed code never files anything.
CODE_CACHE_SECONDS = 30
CODE_CACHE_SIZE = 1000
_open_codes: dict[str, tuple[float, JoinCode]] = {}


def _code_forget(token: str) -> None:
    _open_codes.pop(token, None)


def code_open(token: str) -> JoinCode:
    """The code behind a scanned URL; a closed or expired code says so in words a worker understands."""
    token = token.strip().lower()
    now = time.monotonic()
    kept = _open_codes.get(token)
    if kept is not None and kept[0] > now:
        code = kept[1]
    else:
        found = JoinCode.objects.select_related("org", "event").filter(token=token).first()
        if found is None:  # unknown tokens are not kept: guessing cannot fill the memory
            raise NotFound("二维码无效：请向工会工作人员确认")
        if len(_open_codes) >= CODE_CACHE_SIZE:
            _open_codes.clear()
        _open_codes[token] = (now + CODE_CACHE_SECONDS, found)
        code = found
    if not code.is_open():
        raise DomainError(
            "code_closed", f"该入会二维码已停用（{code.org.name}），请向工会工作人员索取新的二维码"
        )
    return code


def scan_record(code: JoinCode) -> None:
    JoinScan.objects.create(code=code)


def _code_digest(mobile: str, purpose: str, code: str) -> str:
    return personal.lookup_hash(f"{purpose}:{mobile}:{code}", purpose=SMS_PURPOSE)


def sms_send(*, mobile_raw: str, purpose: str, address: str) -> str:
    """Send a six-digit code to the mobile (rate limited per number and per address). Returns the number."""
    mobile = parse_mobile(mobile_raw)
    mobile_hash = Person.mobile_lookup(mobile)
    limits.hit("sms-address", address, limits.SMS_PER_ADDRESS, "发送验证码过于频繁，请稍后再试")
    limits.hit("sms-mobile", mobile_hash, limits.SMS_PER_MOBILE, "验证码已发送，请 1 分钟后再重新获取")
    limits.hit(
        "sms-mobile-day", mobile_hash, limits.SMS_PER_MOBILE_DAY, "该手机号今天获取验证码次数过多，请明天再试"
    )
    code = f"{secrets.randbelow(1_000_000):06d}"
    now = timezone.now()
    SmsCode.objects.create(
        mobile_hash=mobile_hash,
        purpose=purpose,
        code_digest=_code_digest(mobile, purpose, code),
        created_at=now,
        expires_at=now + SMS_TTL,
    )
    label = "入会" if purpose == SmsPurpose.JOIN else "登录"
    sender().send(mobile, f"【工会】您的{label}验证码是 {code}，5 分钟内有效。如非本人操作，请忽略。")
    return mobile


def sms_check(*, mobile: str, purpose: str, code: str, address: str) -> None:
    """Accept the latest unused code sent to the mobile for this purpose, once.

    A wrong try is counted against the code (dead after SMS_MAX_ATTEMPTS) in the cache, which no rollback
    undoes, and recorded on the row in a transaction that ends before the refusal is raised (raised inside it,
    the refusal rolled its own count back and left guessing unlimited). Wrong tries are also counted per address
    and per mobile per day.
    """
    mobile_hash = Person.mobile_lookup(mobile)
    code = (code or "").strip()
    limits.guesses_allowed(address=address, mobile_hash=mobile_hash)
    refusal: DomainError | None = None
    with transaction.atomic():
        sent = (
            SmsCode.objects.select_for_update()
            .filter(
                mobile_hash=mobile_hash, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now()
            )
            .order_by("-created_at")
            .first()
        )
        if sent is None:
            refusal = DomainError(
                "sms_expired", "验证码已过期或未获取，请重新获取", fields={"sms_code": "请重新获取"}
            )
        elif max(sent.attempts, limits.code_tries(sent.pk)) >= SMS_MAX_ATTEMPTS:
            refusal = DomainError(
                "sms_locked", "验证码错误次数过多，已失效，请重新获取", fields={"sms_code": "请重新获取"}
            )
        elif not hmac.compare_digest(sent.code_digest, _code_digest(mobile, purpose, code)):
            sent.attempts = max(sent.attempts + 1, limits.code_tried(sent.pk, SMS_TTL))
            sent.save(update_fields=["attempts"])
            left = SMS_MAX_ATTEMPTS - sent.attempts
            refusal = DomainError(
                "sms_wrong",
                f"验证码不正确（还可尝试 {left} 次）" if left else "验证码不正确，已失效，请重新获取",
                fields={"sms_code": "验证码不正确"},
            )
        else:
            sent.used_at = timezone.now()
            sent.save(update_fields=["used_at"])
    if refusal is not None:
        limits.failed(address)
        if refusal.code == "sms_wrong":
            limits.guessed(address=address, mobile_hash=mobile_hash)
        raise refusal


@dataclass
class JoinData:
    full_name: str
    id_number: str
    mobile: str
    employer: str = ""
    group: str = ""  # a PriorityGroup value, or "" for other workers
    agreed_at: dt.datetime | None = None
    id_number_agreed_at: dt.datetime | None = None


@dataclass
class JoinOutcome:
    person: Person
    record: JoinRecord | None = None  # what the submission recorded
    elsewhere: Membership | None = None  # active in another union: offer a transfer request instead
    already_here: Membership | None = None


def employers_of(union: Org) -> QuerySet[Employer]:
    """The employers a worker joining `union` may name: those in its area, and the one whose union it is."""
    return Employer.objects.filter(subtree_q("org_path", union.path) | Q(union=union))


def _employer(union: Org, name: str) -> Employer | None:
    name = name.strip()
    return employers_of(union).filter(name=name).order_by("id").first() if name else None


# Where a worker whose registration cannot go on through this phone is sent: the national trade-union hotline
# reaches every federation, so the page never has to name one.
CANNOT_CONTINUE = (
    "该登记无法在此继续办理。如您已是工会会员且更换了手机号码，请联系所在单位工会或拨打职工服务热线 12351，"
    "由工会工作人员核实后为您更换手机号码。"
)


class IdentityRefused(Conflict):
    """The ID number typed is registered to someone whose mobile is not the one just verified."""

    def __init__(self) -> None:
        super().__init__("cannot_continue", CANNOT_CONTINUE)


def join_check(*, code: JoinCode, data: JoinData) -> tuple[PersonData, Membership | None]:
    """Check what a worker typed; returns the person's data and their live membership, if any."""
    errors: dict[str, str] = {}
    if not data.agreed_at or not data.id_number_agreed_at:
        raise DomainError("consent_required", "请先阅读并同意个人信息处理规则")
    name = data.full_name.strip()
    if not name:
        errors["full_name"] = "请填写姓名"
    elif len(name) > 50:
        errors["full_name"] = "姓名不能超过50个字"
    if data.group and data.group not in PriorityGroup.values:
        errors["group"] = "请选择职业类别"
    try:
        doc = parse_document(DocType.RIC, data.id_number, field="id_number")
    except DomainError as exc:
        errors["id_number"] = exc.message
        doc = None
    if errors:
        raise DomainError("invalid", "；".join(errors.values()), fields=errors)
    assert doc is not None
    person_data = PersonData(
        full_name=name,
        id_number=doc.number,
        mobile=data.mobile,
        is_new_form=bool(data.group),
        priority_group=data.group,
    )
    person = Person.objects.filter(id_hash=Person.id_lookup(doc.doc_type, doc.number)).first()
    live = None
    if person is not None:
        # A verified mobile speaks only for the person registered with it: anyone else's name and ID number
        # get the same words, naming no union and no number, whether or where that person is a member.
        if not person.mobile_hash or person.mobile_hash != Person.mobile_lookup(data.mobile):
            raise IdentityRefused()
        if person.full_name != name:
            raise Conflict(
                "name_mismatch",
                "姓名与登记信息不一致，请核对后重新填写或联系工会工作人员",
                fields={"full_name": "与登记信息不一致"},
            )
        live = live_membership(person, timezone.localdate())  # lapsed (M7): joining records the lapse
    if live is not None and live.org_id != code.org_id:
        if live.status == MembershipStatus.PENDING:
            raise Conflict(
                "pending_elsewhere",
                f"您已向“{live.org.name}”提交入会申请，正在等待审批，请勿重复申请",
            )
        if live.status == MembershipStatus.IN_TRANSFER:
            raise Conflict("in_transfer", f"您在“{live.org.name}”的会籍正在办理转会，请等待办理完成")
    return person_data, live


@transaction.atomic
def join_submit(*, code: JoinCode, data: JoinData) -> JoinOutcome:
    """Record a worker's join through a code (the SMS code was checked before): an application in the union's
    queue, or, if the code approves automatically, a membership. A worker active in another union is not
    enrolled: the outcome offers a transfer request (M4, M5)."""
    code = JoinCode.objects.select_related("org", "event").get(pk=code.pk)
    if not code.is_open():
        raise DomainError("code_closed", "该入会二维码已停用，请向工会工作人员索取新的二维码")
    person_data, live = join_check(code=code, data=data)
    if live is not None:
        person = live.person
        if live.org_id == code.org_id:
            return JoinOutcome(person=person, already_here=live)
        return JoinOutcome(person=person, elsewhere=live)
    employer = _employer(code.org, data.employer)
    membership = membership_enrol(
        actor=SYSTEM,
        union=code.org,
        person_data=person_data,
        channel=Channel.OUTREACH if code.event_id else Channel.SCAN,
        approve=code.auto_approve,
        employer=employer,
        employer_name=data.employer.strip()[:200],
        reason=f"扫码入会：{code.label}"[:500],
    )
    person = membership.person
    _consent(person, code, data)
    record = JoinRecord.objects.create(
        org=code.org,
        code=code,
        event=code.event,
        membership=membership,
        outcome=JoinRecord.Outcome.JOINED if code.auto_approve else JoinRecord.Outcome.APPLIED,
    )
    return JoinOutcome(person=person, record=record)


@transaction.atomic
def join_backfill(
    *,
    actor,
    code: JoinCode,
    full_name: str,
    id_number: str,
    mobile: str = "",
    employer: str = "",
    group: str = "",
    join_date: dt.date | None = None,
    backdate_reason: str = "",
) -> JoinRecord:
    """A join staff record after the fact from a stall's paper sign-up sheet (W1, S4): the member joins on the
    day of the stall's event (or the join date typed), not on the day it was recorded, so the statistics count it
    on that day. Further back than the back-dating window needs a reason, kept on the audit row (issue 16 §4)."""
    code = JoinCode.objects.select_related("org", "event").get(pk=code.pk)
    require(actor, "member.manage", code.org)
    day = join_date or (code.event.on_date if code.event else None)
    if day is None:
        raise DomainError("join_date", "请填写入会日期", fields={"join_date": "必填"})
    if code.event and day < code.event.on_date:
        raise DomainError(
            "join_date",
            f"入会日期不能早于活动日期（{code.event.on_date:%Y-%m-%d}）",
            fields={"join_date": "早于活动日期"},
        )
    reason = check_happened_on(
        day, reason=backdate_reason, label="入会日期", field="join_date", reason_field="backdate_reason"
    )
    name = full_name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["full_name"] = "请填写姓名"
    if group and group not in PriorityGroup.values:
        errors["group"] = "请选择职业类别"
    try:
        doc = parse_document(DocType.RIC, id_number, field="id_number")
    except DomainError as exc:
        errors["id_number"] = exc.message
    if mobile.strip():
        try:
            mobile = parse_mobile(mobile)
        except DomainError as exc:
            errors["mobile"] = exc.message
    if errors:
        raise DomainError("invalid", "；".join(errors.values()), fields=errors)
    membership = membership_enrol(
        actor=actor,
        union=code.org,
        person_data=PersonData(
            full_name=name[:50],
            id_number=doc.number,
            mobile=mobile.strip(),
            is_new_form=bool(group),
            priority_group=group,
        ),
        channel=Channel.OUTREACH if code.event_id else Channel.SCAN,
        approve=True,
        employer=_employer(code.org, employer),
        employer_name=employer.strip()[:200],
        join_date=day,
        reason=f"现场入会补录：{code.label}"[:500],
    )
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))  # the sheet gives the day, not the hour
    record = JoinRecord.objects.create(
        org=code.org,
        code=code,
        event=code.event,
        membership=membership,
        outcome=JoinRecord.Outcome.JOINED,
        at=noon,
    )
    audit_record(
        actor=actor,
        action=OutreachAudit.JOIN_BACKFILL,
        org=code.org,
        target=record,
        target_label=f"{code.label}：{personal.mask_name(name)}",
        after={"join_date": day.isoformat(), "code": code.label},
        reason=reason,
    )
    return record


def _consent(person: Person, code: JoinCode, data: JoinData) -> None:
    assert data.agreed_at and data.id_number_agreed_at
    Consent.objects.create(
        person=person,
        notice_version=NOTICE_VERSION,
        agreed_at=data.agreed_at,
        id_number_agreed_at=data.id_number_agreed_at,
        code=code,
    )


@transaction.atomic
def join_transfer(*, code: JoinCode, data: JoinData) -> JoinOutcome:
    """The worker active elsewhere asks to move their membership to the code's union (M5): a transfer request
    the old union releases."""
    code = JoinCode.objects.select_related("org", "event").get(pk=code.pk)
    _, live = join_check(code=code, data=data)
    if live is None or live.org_id == code.org_id:
        raise Conflict("no_transfer", "无需转会：请重新提交入会申请")
    transfer_request(
        actor=SYSTEM, membership=live, to_union=code.org, reason=f"扫码申请转入：{code.label}"[:500]
    )
    _consent(live.person, code, data)
    record = JoinRecord.objects.create(
        org=code.org, code=code, event=code.event, membership=live, outcome=JoinRecord.Outcome.TRANSFER
    )
    return JoinOutcome(person=live.person, record=record)


# ---- the member's own pages and card ------------------------------------------------------------------------


def member_login(*, mobile: str) -> Person:
    """The person whose mobile this is (after the SMS check): the one with a live membership, newest first."""
    mobile_hash = Person.mobile_lookup(mobile)
    person = (
        Person.objects.filter(mobile_hash=mobile_hash, memberships__status__in=LIVE_STATUSES)
        .order_by("-memberships__created_at")
        .first()
    )
    if person is None:
        raise DomainError(
            "not_member", "该手机号未登记会员，请先扫码入会或联系工会工作人员", fields={"mobile": "未登记"}
        )
    return person


def demo_sms_enabled() -> bool:
    return settings.GONGHUI_SMS_SENDER.endswith("DemoSender")
