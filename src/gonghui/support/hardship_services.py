"""Every write of hardship aid (DOMAIN §6 V3, M10): the local line, a household's file with its separate consent,
the two reviews, aid granted, the annual re-review, expiry and withdrawal, and the member's 困难职工 flag.

Income and reasons are sensitive personal data (PIPL art. 28/29): nothing of them is saved before the person's
separate consent is recorded, they are stored encrypted, and no audit row ever carries them (only the band)."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from gonghui.core import personal
from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditCategory
from gonghui.core.paths import ancestor_paths
from gonghui.core.scope import SYSTEM, in_scope, is_system
from gonghui.members.identity import parse_document
from gonghui.members.models import Membership, Person
from gonghui.members.selectors import live_membership, membership_by_number
from gonghui.orgs.models import Level, Org

from .hardship_audit import HardshipAudit
from .models.hardship import (
    HANDLE,
    HARDSHIP_PURPOSE,
    Channel,
    FileStatus,
    GrantKind,
    HardshipCategory,
    HardshipFile,
    HardshipGrant,
    IncomeBand,
    IncomeLine,
)

# PIPL art. 29: processing sensitive personal data needs the person's separate consent; the text they agree to is
# versioned, and each file records which version, who recorded the consent and when.
CONSENT_VERSION = "2026-1"
CONSENT_TEXT = (
    "本人同意工会为办理困难职工帮扶（建档、审核、发放帮扶、年度复审）处理本人及家庭的收入、健康状况等敏感个人信息。"
    "上述信息加密保存，仅经授权的帮扶工作人员在办理时查看，每次查看均留痕；不用于其他目的，不向无关单位和个人提供。"
    "本人可随时撤回同意，撤回后档案终止。"
)
NO_CONSENT = (
    "未取得本人对处理敏感个人信息（家庭收入、困难原因）的单独同意，不能保存。"
    "请本人阅读《困难职工帮扶敏感个人信息处理告知同意书》后勾选“本人同意”。"
)
VALID_YEARS = 1  # V3: an approved file holds for a year, then the annual re-review


def _today() -> dt.date:
    return timezone.localdate()


def a_year_after(day: dt.date) -> dt.date:
    """The same date a year later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + VALID_YEARS)
    except ValueError:
        return day.replace(year=day.year + VALID_YEARS, day=28)


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _who(actor) -> str:
    if is_system(actor) or actor is None:
        return "系统"
    return getattr(actor, "full_name", "") or actor.get_username()


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def _reason(reason: str, what: str) -> str:
    text = (reason or "").strip()
    if len(text) < 2:
        raise DomainError("reason", f"请填写{what}", fields={"reason": "必填"})
    return text


def _require(actor, org: Org | None) -> None:
    """Only a holder of hardship.handle on the node (or SYSTEM) writes; anyone else finds nothing (404)."""
    if actor is SYSTEM:
        return
    if org is None or not in_scope(actor, HANDLE, org):
        raise NotFound("未找到该困难职工档案")


def _label(f: HardshipFile) -> str:
    return f"困难职工档案 {f.name_masked}（{f.org.name}）"


# ---- the local line (V3) --------------------------------------------------------------------------------------


def region_code_of(org: Org) -> str:
    """The district code of a union: its own, else the nearest node above that has one."""
    found = (
        Org.objects.filter(path__in=ancestor_paths(org.path))
        .exclude(district_code="")
        .order_by("-depth")
        .values_list("district_code", flat=True)
        .first()
    )
    return found or ""


def candidate_codes(region: str) -> list[str]:
    """The most specific first: the district (110105), its city (110100), its province or municipality (110000)."""
    codes = []
    for code in (region, region[:4] + "00", region[:2] + "0000"):
        if len(code) == 6 and code not in codes:
            codes.append(code)
    return codes


def income_line_for(region: str, year: int) -> IncomeLine:
    """V3: the line of the district, else of the city "110000"; refused with a message naming the year."""
    codes = candidate_codes(region)
    lines = {line.region_code: line for line in IncomeLine.objects.filter(region_code__in=codes, year=year)}
    for code in codes:
        if code in lines:
            return lines[code]
    raise DomainError(
        "no_line",
        f"未找到{year}年的困难职工认定标准（地区代码 {'、'.join(codes) or '未知'}），"
        f"请先由市总工会帮扶专员录入{year}年的标准",
        fields={"income": f"缺少{year}年认定标准"},
    )


def band_for(income_yuan: int, household_size: int, line_yuan: int) -> str:
    """V3, integers only: a household is below the line iff monthly income × 1 < line × household size."""
    return IncomeBand.BELOW if income_yuan * 1 < line_yuan * household_size else IncomeBand.ABOVE


@transaction.atomic
def line_set(*, actor, org: Org, region_code: str, year: int, monthly_line: int) -> IncomeLine:
    """Set (or change) a region's line for a year. Only a city's 帮扶专员 keeps the lines."""
    _require(actor, org)
    if org.level != Level.CITY:
        raise DomainError("org", "认定标准由市总工会帮扶专员设定", fields={"org": "须为市总工会"})
    code = (region_code or "").strip()
    if len(code) != 6 or not code.isdigit():
        raise DomainError(
            "region_code", "地区代码应为6位数字（如 110000、110105）", fields={"region_code": "格式有误"}
        )
    if not 2000 <= int(year) <= 2100:
        raise DomainError("year", "年度应在2000至2100之间", fields={"year": "超出范围"})
    if int(monthly_line) <= 0:
        raise DomainError(
            "monthly_line", "月人均收入标准应为正整数（元）", fields={"monthly_line": "须大于0"}
        )
    line = IncomeLine.objects.select_for_update(of=("self",)).filter(region_code=code, year=year).first()
    before = {"monthly_line": line.monthly_line} if line else None
    if line is None:
        line = IncomeLine(org=org, region_code=code, year=year, monthly_line=monthly_line)
    else:
        line.monthly_line = monthly_line
    line.save()
    audit_record(
        actor=actor,
        action=HardshipAudit.LINE_SET,
        org=org,
        target=line,
        before=before,
        after={"region_code": code, "year": year, "monthly_line": monthly_line},
    )
    return line


# ---- finding the member ---------------------------------------------------------------------------------------


def member_find(*, actor, number: str = "", doc_type: str = "ric", id_number: str = "") -> Membership:
    """The member a file is for: by member number (`membership_by_number`), or by document number through the
    register's lookup hash (`Person.id_lookup`); only a member the actor may see, with a live membership."""
    if (number or "").strip():
        return membership_by_number(actor=actor, number=number)
    if not (id_number or "").strip():
        raise DomainError("number", "请填写会员证号或证件号码", fields={"number": "必填"})
    doc = parse_document(doc_type, id_number)
    person = Person.objects.filter(id_hash=Person.id_lookup(doc.doc_type, doc.number)).first()
    live = live_membership(person, _today()) if person is not None else None
    if live is None or not Membership.objects.restrict(actor, "member.view").filter(pk=live.pk).exists():
        raise DomainError("id_number", "未找到持该证件的在册会员", fields={"id_number": "未找到"})
    return live


# ---- the file --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdData:
    household_size: int
    income_yuan: int  # household monthly income, whole yuan
    category: str
    reasons: str
    evidence: str = ""


def _checked(data: HouseholdData) -> HouseholdData:
    fields = {}
    if not 1 <= int(data.household_size) <= 30:
        fields["household_size"] = "家庭人口应为1至30人"
    if not 0 <= int(data.income_yuan) <= 10_000_000:
        fields["income"] = "家庭月收入应为0或正整数（元）"
    if data.category not in HardshipCategory.values:
        fields["category"] = "请选择困难类别"
    if not (data.reasons or "").strip():
        fields["reasons"] = "请填写致困原因"
    if fields:
        raise DomainError("invalid", "；".join(fields.values()), fields=fields)
    return data


def _consent(consent: bool) -> None:
    if not consent:
        raise DomainError("consent", NO_CONSENT, fields={"consent": "须本人同意"})


def _fill(f: HardshipFile, data: HouseholdData, today: dt.date) -> None:
    """Write the household's figures, encrypted, and test them against the year's line (V3)."""
    line = income_line_for(region_code_of(f.org), today.year)
    f.household_size = data.household_size
    f.income_cipher = personal.encrypt(str(int(data.income_yuan)), purpose=HARDSHIP_PURPOSE)
    f.reasons_cipher = personal.encrypt(data.reasons.strip(), purpose=HARDSHIP_PURPOSE)
    f.category = data.category
    f.evidence = data.evidence.strip()
    f.line_region, f.line_year, f.line_yuan = line.region_code, line.year, line.monthly_line
    f.band = band_for(int(data.income_yuan), data.household_size, line.monthly_line)


def _summary(f: HardshipFile) -> dict:
    """What an audit row may say of a file: never the income or the reasons."""
    return {
        "status": f.status,
        "category": f.category,
        "household_size": f.household_size,
        "band": f.band,
        "consent_version": f.consent_version,
    }


def _save_new(f: HardshipFile) -> None:
    try:
        with transaction.atomic():
            f.save()
    except IntegrityError as exc:
        raise Conflict(
            "duplicate",
            "该职工在本工会已有在办或有效的困难职工档案，请在原档案上办理",
            fields={"number": "已有档案"},
        ) from exc


@transaction.atomic
def file_create(
    *,
    actor,
    membership: Membership,
    data: HouseholdData,
    consent: bool,
    submit: bool = False,
    request=None,
) -> HardshipFile:
    """A union records a household's file for its member (V3). The separate consent comes first: without it
    nothing is saved (PIPL art. 29)."""
    _consent(consent)
    m = Membership.objects.select_related("person", "org").get(pk=membership.pk)
    _require(actor, m.org)
    _checked(data)
    today = _today()
    now = timezone.now()
    f = HardshipFile(
        org=m.org,
        person=m.person,
        name_masked=personal.mask_name(m.person.full_name),
        member_number=m.number or "",
        channel=Channel.STAFF,
        consent_by=_user(actor),
        consent_by_name=_who(actor),
        consent_at=now,
        consent_version=CONSENT_VERSION,
        created_by=_user(actor),
    )
    _fill(f, data, today)
    if submit:
        f.status, f.submitted_on = FileStatus.SUBMITTED, today
    _save_new(f)
    audit_record(
        actor=actor,
        action=HardshipAudit.FILE_CREATE,
        org=f.org,
        target=f,
        target_label=_label(f),
        after=_summary(f),
        request=request,
    )
    return f


@transaction.atomic
def file_edit(*, actor, file: HardshipFile, data: HouseholdData, consent: bool, request=None) -> HardshipFile:
    """Correct a draft or a returned file; the consent is asked again (the household's data are saved anew)."""
    _consent(consent)
    f = HardshipFile.objects.select_for_update(of=("self",)).select_related("org").get(pk=file.pk)
    _require(actor, f.org)
    if not f.editable:
        raise Conflict("status", f"档案状态为“{f.get_status_display()}”，不能修改")
    _checked(data)
    before = _summary(f)
    _fill(f, data, _today())
    f.consent_by, f.consent_by_name = _user(actor), _who(actor)
    f.consent_at, f.consent_version = timezone.now(), CONSENT_VERSION
    f.save()
    audit_record(
        actor=actor,
        action=HardshipAudit.FILE_EDIT,
        org=f.org,
        target=f,
        target_label=_label(f),
        before=before,
        after=_summary(f),
        request=request,
    )
    return f


@transaction.atomic
def file_submit(*, actor, file: HardshipFile) -> HardshipFile:
    f = HardshipFile.objects.select_for_update(of=("self",)).select_related("org").get(pk=file.pk)
    _require(actor, f.org)
    if not f.editable:
        raise Conflict("status", f"档案状态为“{f.get_status_display()}”，不能提交")
    before = {"status": f.status}
    f.status, f.submitted_on, f.return_reason = FileStatus.SUBMITTED, _today(), ""
    f.save()
    audit_record(
        actor=actor,
        action=HardshipAudit.FILE_SUBMIT,
        org=f.org,
        target=f,
        target_label=_label(f),
        before=before,
        after={"status": f.status},
    )
    return f


@transaction.atomic
def member_apply(*, person: Person, data: HouseholdData, consent: bool) -> HardshipFile:
    """The member applies for themselves on the phone: the file lands as 已提交 at their own union."""
    _consent(consent)
    today = _today()
    m = live_membership(person, today)
    if m is None:
        raise DomainError("membership", "您目前没有有效会籍，不能在线申请困难帮扶，请联系所在工会")
    _checked(data)
    who = f"会员 {personal.mask_name(person.full_name)}（本人）"
    f = HardshipFile(
        org=m.org,
        person=person,
        name_masked=personal.mask_name(person.full_name),
        member_number=m.number or "",
        channel=Channel.PHONE,
        consent_by_name=who,
        consent_at=timezone.now(),
        consent_version=CONSENT_VERSION,
        status=FileStatus.SUBMITTED,
        submitted_on=today,
    )
    _fill(f, data, today)
    _save_new(f)
    audit_record(
        actor=SYSTEM,
        action=HardshipAudit.FILE_APPLY,
        org=f.org,
        target=f,
        target_label=_label(f),
        after=_summary(f),
        actor_username=who,
    )
    return f


@transaction.atomic
def file_open(*, actor, file: HardshipFile, request=None) -> dict[str, str]:
    """The income and reasons in full, for the file's detail page: each open is an ACCESS audit row (who, whose,
    when), like the register's reveal of a document number."""
    _require(actor, file.org)
    if is_system(actor):
        raise NotFound("未找到该困难职工档案")
    audit_record(
        actor=actor,
        action=HardshipAudit.FILE_VIEW,
        category=AuditCategory.ACCESS,
        org=file.org,
        target=file,
        target_label=_label(file),
        request=request,
    )
    return {
        "income_yuan": personal.decrypt(file.income_cipher, purpose=HARDSHIP_PURPOSE),
        "reasons": personal.decrypt(file.reasons_cipher, purpose=HARDSHIP_PURPOSE),
    }


# ---- review by the base union and the node above ---------------------------------------------------------------


@transaction.atomic
def review_base(*, actor, file: HardshipFile, approve: bool, reason: str) -> HardshipFile:
    """The base union (the file's own node) reviews a submitted file: passes it up, or returns it with a reason."""
    f = HardshipFile.objects.select_for_update(of=("self",)).select_related("org").get(pk=file.pk)
    _require(actor, f.org)
    reason = _reason(reason, "审核意见" if approve else "退回原因")
    if f.status != FileStatus.SUBMITTED:
        raise Conflict("status", f"档案状态为“{f.get_status_display()}”，不在基层审核环节")
    before = {"status": f.status}
    if approve:
        f.status, f.base_reviewed_by, f.base_reviewed_on = FileStatus.BASE_APPROVED, _user(actor), _today()
    else:
        f.status, f.return_reason = FileStatus.RETURNED, reason
    f.save()
    audit_record(
        actor=actor,
        action=HardshipAudit.BASE_REVIEW if approve else HardshipAudit.RETURN,
        org=f.org,
        target=f,
        target_label=_label(f),
        before=before,
        after={"status": f.status, "decision": "通过" if approve else "退回"},
        reason=reason,
    )
    return f


@transaction.atomic
def review_upper(*, actor, file: HardshipFile, approve: bool, reason: str) -> HardshipFile:
    """The node above the base union confirms (the file is approved for a year and the member flagged, M10) or
    returns it. Four eyes: the base union's reviewer cannot confirm their own review."""
    f = (
        HardshipFile.objects.select_for_update(of=("self",))
        .select_related("org", "org__parent")
        .get(pk=file.pk)
    )
    _require(actor, f.org)
    parent = f.org.parent
    if parent is None or (actor is not SYSTEM and not in_scope(actor, HANDLE, parent)):
        raise DomainError(
            "scope", "上级审核须由上级工会（" + (parent.name if parent else "无上级") + "）的帮扶专员办理"
        )
    reason = _reason(reason, "审核意见" if approve else "退回原因")
    if f.status != FileStatus.BASE_APPROVED:
        raise Conflict("status", f"档案状态为“{f.get_status_display()}”，不在上级审核环节")
    if approve and _user(actor) is not None and f.base_reviewed_by_id == actor.pk:
        raise Conflict("four_eyes", "基层审核人不能再作上级审核，请由上级工会的其他帮扶专员审核")
    before = {"status": f.status}
    today = _today()
    if approve:
        f.status, f.upper_reviewed_by = FileStatus.APPROVED, _user(actor)
        f.approved_on, f.valid_until = today, a_year_after(today)
    else:
        f.status, f.return_reason = FileStatus.RETURNED, reason
    f.save()
    audit_record(
        actor=actor,
        action=HardshipAudit.UPPER_REVIEW if approve else HardshipAudit.RETURN,
        org=parent,
        target=f,
        target_label=_label(f),
        before=before,
        after={
            "status": f.status,
            "decision": "通过" if approve else "退回",
            "valid_until": _iso(f.valid_until),
        },
        reason=reason,
    )
    if approve:
        _flag(actor, f, True)
    return f


# ---- the member's flag (M10) -----------------------------------------------------------------------------------


def live_approved(person_id: int, today: dt.date):
    return HardshipFile.objects.filter(
        person_id=person_id, status=FileStatus.APPROVED, valid_until__gte=today
    )


def _flag(actor, f: HardshipFile, on: bool, today: dt.date | None = None) -> None:
    """M10: the register's 困难职工 flag follows the approved file; cleared only when no other live approved file
    of the person remains. Written here (the register has no service for it) with an audit row."""
    if not on and live_approved(f.person_id, today or _today()).exclude(pk=f.pk).exists():
        return
    changed = (
        Person.objects.filter(pk=f.person_id)
        .exclude(is_hardship=on)
        .update(is_hardship=on, updated_at=timezone.now())
    )
    if changed:
        audit_record(
            actor=actor,
            action=HardshipAudit.FLAG_SET if on else HardshipAudit.FLAG_CLEAR,
            org=f.org,
            target=f.person,
            target_label=f"{f.name_masked}（{f.org.name}）",
            before={"is_hardship": not on},
            after={"is_hardship": on},
        )


# ---- aid granted -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrantData:
    given_on: dt.date
    kind: str
    amount_yuan: int = 0
    goods: str = ""
    campaign: str = ""


@transaction.atomic
def grant_add(*, actor, file: HardshipFile, data: GrantData) -> HardshipGrant:
    """Aid given to an approved household: money (whole yuan) or goods, often through a named campaign."""
    f = HardshipFile.objects.select_for_update(of=("self",)).select_related("org").get(pk=file.pk)
    _require(actor, f.org)
    if f.status != FileStatus.APPROVED:
        raise Conflict("status", "只有审核通过且在有效期内的档案才能登记帮扶发放")
    fields = {}
    if data.kind not in GrantKind.values:
        fields["kind"] = "请选择资金或物资"
    if data.kind == GrantKind.MONEY and int(data.amount_yuan) <= 0:
        fields["amount_yuan"] = "资金帮扶须填写金额（元，正整数）"
    if data.kind == GrantKind.GOODS and not data.goods.strip():
        fields["goods"] = "物资帮扶须写明物资"
    if int(data.amount_yuan) < 0:
        fields["amount_yuan"] = "金额不能为负数"
    if f.approved_on and data.given_on < f.approved_on:
        fields["given_on"] = f"发放日期不能早于认定日期 {f.approved_on:%Y-%m-%d}"
    if data.given_on > _today():
        fields["given_on"] = "发放日期不能晚于今天"
    if fields:
        raise DomainError("invalid", "；".join(fields.values()), fields=fields)
    g = HardshipGrant.objects.create(
        file=f,
        given_on=data.given_on,
        kind=data.kind,
        amount_yuan=int(data.amount_yuan),
        goods=data.goods.strip(),
        campaign=data.campaign.strip(),
        given_by=_who(actor),
        recorded_by=_user(actor),
    )
    audit_record(
        actor=actor,
        action=HardshipAudit.GRANT,
        org=f.org,
        target=f,
        target_label=_label(f),
        after={
            "kind": g.kind,
            "amount_yuan": g.amount_yuan,
            "goods": g.goods,
            "campaign": g.campaign,
            "given_on": _iso(g.given_on),
        },
    )
    return g


# ---- annual re-review, expiry, withdrawal -----------------------------------------------------------------------


@transaction.atomic
def rereview(
    *,
    actor,
    file: HardshipFile,
    renew: bool,
    reason: str,
    data: HouseholdData | None = None,
    consent: bool = False,
) -> HardshipFile:
    """The annual re-review (V3) by the file's union: renew for another year (with the household's figures tested
    again against this year's line when given), or close the file (the member's flag follows, M10)."""
    f = HardshipFile.objects.select_for_update(of=("self",)).select_related("org", "person").get(pk=file.pk)
    _require(actor, f.org)
    reason = _reason(reason, "复审意见")
    if f.status != FileStatus.APPROVED:
        raise Conflict("status", f"档案状态为“{f.get_status_display()}”，不能复审")
    today = _today()
    before = {**_summary(f), "valid_until": _iso(f.valid_until)}
    if renew:
        if data is not None:
            _consent(consent)
            _fill(f, _checked(data), today)
            f.consent_by, f.consent_by_name = _user(actor), _who(actor)
            f.consent_at, f.consent_version = timezone.now(), CONSENT_VERSION
        f.approved_on, f.valid_until = today, a_year_after(today)
    else:
        f.status, f.ended_on, f.end_reason = FileStatus.CLOSED, today, reason
    f.save()
    audit_record(
        actor=actor,
        action=HardshipAudit.RENEW if renew else HardshipAudit.CLOSE,
        org=f.org,
        target=f,
        target_label=_label(f),
        before=before,
        after={**_summary(f), "valid_until": _iso(f.valid_until)},
        reason=reason,
    )
    if not renew:
        _flag(actor, f, False)
    return f


@transaction.atomic
def withdraw(
    *, actor, file: HardshipFile, reason: str, erase: bool = False, actor_username: str = ""
) -> HardshipFile:
    """The file ends at the member's request or the union's; the flag follows (M10). When the member withdraws
    their consent (`erase`, PIPL art. 15/47) the income and the reasons are deleted; the file keeps its state, band
    and the aid already given."""
    f = HardshipFile.objects.select_for_update(of=("self",)).select_related("org", "person").get(pk=file.pk)
    _require(actor, f.org)
    reason = _reason(reason, "撤回原因")
    if not f.live:
        raise Conflict("status", f"档案状态为“{f.get_status_display()}”，不能撤回")
    before = {"status": f.status}
    f.status, f.ended_on, f.end_reason = FileStatus.WITHDRAWN, _today(), reason
    if erase:
        f.income_cipher = f.reasons_cipher = ""
    f.save()
    audit_record(
        actor=actor,
        action=HardshipAudit.WITHDRAW,
        org=f.org,
        target=f,
        target_label=_label(f),
        before=before,
        after={"status": f.status, "erased": "已删除收入和致困原因" if erase else ""},
        reason=reason,
        actor_username=actor_username,
    )
    _flag(actor, f, False)
    return f


def member_withdraw(*, person: Person, pk) -> HardshipFile:
    """The member withdraws their own live file on the phone: their consent ends, and with it the sensitive data."""
    f = HardshipFile.objects.filter(person=person, pk=pk if str(pk).isdigit() else None).first()
    if f is None:
        raise NotFound("未找到该申请")
    who = f"会员 {personal.mask_name(person.full_name)}（本人）"
    return withdraw(actor=SYSTEM, file=f, reason="本人撤回同意", erase=True, actor_username=who)


def hardship_expire_due(today: dt.date | None = None) -> int:
    """Approved files whose year has passed without a re-review lapse (`gonghui hardship_expire`, daily); each
    clears the member's flag unless another live approved file remains (M10). Returns how many lapsed."""
    today = today or _today()
    due = HardshipFile.objects.filter(status=FileStatus.APPROVED, valid_until__lt=today).values_list(
        "pk", flat=True
    )
    n = 0
    for pk in list(due):
        with transaction.atomic():
            f = (
                HardshipFile.objects.select_for_update(of=("self",))
                .select_related("org", "person")
                .filter(Q(pk=pk), status=FileStatus.APPROVED, valid_until__lt=today)
                .first()
            )
            if f is None:
                continue
            f.status, f.ended_on, f.end_reason = FileStatus.EXPIRED, today, "逾期未复审"
            f.save()
            audit_record(
                actor=SYSTEM,
                action=HardshipAudit.EXPIRE,
                org=f.org,
                target=f,
                target_label=_label(f),
                before={"status": FileStatus.APPROVED, "valid_until": _iso(f.valid_until)},
                after={"status": f.status},
            )
            _flag(SYSTEM, f, False, today)
            n += 1
    return n
