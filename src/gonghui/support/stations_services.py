"""Writing the stations part (V1): providers registered by a node, their pairings with service stations and the
rota of shifts, consultations with the materials handed out, and dispute screening (矛盾纠纷排查) visits with the
risks found and their follow-up. Each write checks work.edit on the node it is recorded under and leaves an
audit row."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gonghui.core import personal
from gonghui.core.audit import acting_user, audit_record
from gonghui.core.errors import Conflict, DomainError, validated
from gonghui.core.paths import is_within
from gonghui.core.scope import in_scope
from gonghui.members.models import DocType, Membership, Person
from gonghui.members.selectors import membership_by_number
from gonghui.orgs.models import Employer, Org, Place
from gonghui.orgs.services import require

from .models import (
    Consultation,
    Material,
    Pairing,
    Provider,
    ProviderKind,
    Risk,
    RiskKind,
    RiskLevel,
    ScreeningVisit,
    Shift,
    Topic,
)
from .models.stations import CONSULTATION_PURPOSE, Channel, Outcome
from .stations_audit import PairingAudit, StationsAudit

WRITE = "work.edit"
PROVIDER_FIELDS = ("name", "kind", "firm", "licence", "availability")
PATTERN_MAX_DAYS = 366  # a weekly pattern covers at most a year
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


# ---- providers --------------------------------------------------------------------------------------------------


def _provider_check(provider: Provider) -> None:
    if not provider.name:
        raise DomainError("name_required", "请填写姓名", fields={"name": "必填"})
    if provider.kind not in ProviderKind.values:
        raise DomainError("kind", "请选择类别", fields={"kind": "类别无效"})
    if (
        provider.licence
        and Provider.objects.filter(org=provider.org, licence=provider.licence)
        .exclude(pk=provider.pk)
        .exists()
    ):
        raise Conflict("licence_taken", "该执业证号已在本级登记", fields={"licence": "已登记"})


def _provider_values(provider: Provider) -> dict:
    return {
        "name": provider.name,
        "kind": provider.get_kind_display(),
        "firm": provider.firm,
        "licence": provider.licence,
        "availability": provider.availability,
        "is_active": "是" if provider.is_active else "否",
    }


@transaction.atomic
def provider_register(*, actor, org: Org, **fields) -> Provider:
    """Register a lawyer or other professional under `org` (V1; work.edit there)."""
    require(actor, WRITE, org)
    provider = Provider(org=org, **{k: str(fields.get(k) or "").strip() for k in PROVIDER_FIELDS})
    _provider_check(provider)
    validated(provider, exclude=["org_path"])
    provider.save()
    audit_record(
        actor=actor,
        action=StationsAudit.PROVIDER_REGISTER,
        org=org,
        target=provider,
        target_label=provider.name,
        after=_provider_values(provider),
    )
    return provider


def _locked_provider(actor, provider: Provider) -> Provider:
    provider = Provider.objects.select_for_update(of=("self",)).select_related("org").get(pk=provider.pk)
    require(actor, WRITE, provider.org)
    return provider


@transaction.atomic
def provider_update(*, actor, provider: Provider, **changes) -> Provider:
    provider = _locked_provider(actor, provider)
    before = _provider_values(provider)
    for key in PROVIDER_FIELDS:
        if key in changes:
            setattr(provider, key, str(changes[key] or "").strip())
    _provider_check(provider)
    validated(provider, exclude=["org_path"])
    provider.save()
    after = _provider_values(provider)
    changed = {k for k in after if after[k] != before[k]}
    if changed:
        audit_record(
            actor=actor,
            action=StationsAudit.PROVIDER_UPDATE,
            org=provider.org,
            target=provider,
            target_label=provider.name,
            before={k: before[k] for k in changed},
            after={k: after[k] for k in changed},
        )
    return provider


@transaction.atomic
def provider_retire(*, actor, provider: Provider, reason: str = "") -> Provider:
    """A provider leaves the register: no longer counted as active; pairings running past today end today and
    the shifts after today are cancelled."""
    provider = _locked_provider(actor, provider)
    if not provider.is_active:
        raise Conflict("retired", f"{provider.name}已退出，无需重复操作")
    today = timezone.localdate()
    provider.is_active = False
    provider.save(update_fields=["is_active"])
    running = provider.pairings.exclude(ends_on__lt=today)
    ended = running.count()
    for p in running:
        p.ends_on = max(today, p.starts_on)
        p.save(update_fields=["ends_on"])
    cancelled, _ = Shift.objects.filter(pairing__provider=provider, date__gt=today).delete()
    audit_record(
        actor=actor,
        action=StationsAudit.PROVIDER_RETIRE,
        org=provider.org,
        target=provider,
        target_label=provider.name,
        before={"is_active": "是"},
        after={"is_active": "否", "shifts": cancelled, "pairings": ended},
        reason=reason.strip(),
    )
    return provider


# ---- pairings and rota --------------------------------------------------------------------------------------------


def _span(starts_on: dt.date, ends_on: dt.date | None) -> str:
    return f"{starts_on:%Y-%m-%d}至{ends_on:%Y-%m-%d}" if ends_on else f"{starts_on:%Y-%m-%d}起"


@transaction.atomic
def pairing_create(
    *,
    actor,
    provider: Provider,
    place: Place,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    note: str = "",
) -> Pairing:
    """Pair a provider with a service station (V1): the station lies in the subtree of the provider's node and
    the actor sees it; the same provider is not paired twice with one station over overlapping dates."""
    provider = _locked_provider(actor, provider)
    if not provider.is_active:
        raise Conflict("retired", f"{provider.name}已退出，不能再对接服务站")
    if not in_scope(actor, "org.view", place):
        raise DomainError("place", "未找到该服务站", fields={"place": "未找到"})
    if not is_within(place.org_path, provider.org_path):
        raise DomainError(
            "place_outside",
            f"服务站“{place.name}”不在{provider.org.name}的范围内",
            fields={"place": "不在登记单位范围内"},
        )
    if ends_on is not None and ends_on < starts_on:
        raise DomainError("dates", "对接结束日期不能早于开始日期", fields={"ends_on": "早于开始日期"})
    overlapping = provider.pairings.filter(place=place).exclude(ends_on__lt=starts_on)
    if ends_on is not None:
        overlapping = overlapping.filter(starts_on__lte=ends_on)
    if overlapping.exists():
        raise Conflict("paired", f"{provider.name}在这段日期已对接“{place.name}”", fields={"place": "已对接"})
    pairing = Pairing(provider=provider, place=place, starts_on=starts_on, ends_on=ends_on, note=note.strip())
    validated(pairing)
    pairing.save()
    audit_record(
        actor=actor,
        action=PairingAudit.PAIR,
        org=provider.org,
        target=pairing,
        target_label=f"{provider.name} — {place.name}",
        after={
            "place": place.name,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on and ends_on.isoformat(),
        },
    )
    return pairing


def _hours(starts_at: dt.time, ends_at: dt.time) -> str:
    return f"{starts_at:%H:%M}-{ends_at:%H:%M}"


def _check_hours(starts_at: dt.time, ends_at: dt.time) -> None:
    if ends_at <= starts_at:
        raise DomainError("hours", "结束时间须晚于开始时间", fields={"ends_at": "须晚于开始时间"})


def _check_within(pairing: Pairing, day: dt.date) -> None:
    if day < pairing.starts_on or (pairing.ends_on is not None and day > pairing.ends_on):
        raise DomainError(
            "outside_pairing",
            f"{day:%Y-%m-%d}不在对接期间（{_span(pairing.starts_on, pairing.ends_on)}）内",
            fields={"date": "不在对接期间内"},
        )


def _clash(provider: Provider, day: dt.date, starts_at: dt.time, ends_at: dt.time) -> Shift | None:
    """The provider's shift (at any station) that overlaps these hours on this day, if any: two spans overlap
    when each starts before the other ends."""
    return (
        Shift.objects.filter(
            pairing__provider=provider, date=day, starts_at__lt=ends_at, ends_at__gt=starts_at
        )
        .select_related("pairing__place")
        .first()
    )


def _refuse_clash(provider: Provider, clash: Shift) -> None:
    raise Conflict(
        "shift_overlap",
        f"{provider.name}在{clash.date:%Y-%m-%d} {_hours(clash.starts_at, clash.ends_at)}"
        f"已在“{clash.pairing.place.name}”值班，时间重叠",
        fields={"starts_at": "与已有值班重叠"},
    )


def _locked_pairing(actor, pairing: Pairing) -> Pairing:
    pairing = Pairing.objects.select_related("provider__org", "place").get(pk=pairing.pk)
    _locked_provider(actor, pairing.provider)  # one provider's rota is written one request at a time
    if not pairing.provider.is_active:
        raise Conflict("retired", f"{pairing.provider.name}已退出，不能再排班")
    return pairing


@transaction.atomic
def shift_add(*, actor, pairing: Pairing, date: dt.date, starts_at: dt.time, ends_at: dt.time) -> Shift:
    """One shift on the rota (V1); refused when it overlaps another shift of the same provider."""
    pairing = _locked_pairing(actor, pairing)
    _check_hours(starts_at, ends_at)
    _check_within(pairing, date)
    if clash := _clash(pairing.provider, date, starts_at, ends_at):
        _refuse_clash(pairing.provider, clash)
    shift = Shift.objects.create(pairing=pairing, date=date, starts_at=starts_at, ends_at=ends_at)
    audit_record(
        actor=actor,
        action=PairingAudit.SHIFT_ADD,
        org=pairing.provider.org,
        target=pairing,
        target_label=str(pairing),
        after={"date": date.isoformat(), "hours": _hours(starts_at, ends_at)},
    )
    return shift


def pattern_days(first: dt.date, last: dt.date, weekday: int) -> list[dt.date]:
    """The days from `first` to `last` (both included) that fall on `weekday` (0 Monday … 6 Sunday)."""
    start = first + dt.timedelta(days=(weekday - first.weekday()) % 7)
    return [
        start + dt.timedelta(weeks=i) for i in range(((last - start).days // 7 + 1) if start <= last else 0)
    ]


@transaction.atomic
def shifts_by_pattern(
    *,
    actor,
    pairing: Pairing,
    first: dt.date,
    last: dt.date,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
) -> list[Shift]:
    """A weekly pattern (V1): the same hours on one weekday from `first` to `last`, all or nothing: a clash with
    any existing shift of the provider refuses the whole pattern, naming the first day it clashes."""
    pairing = _locked_pairing(actor, pairing)
    _check_hours(starts_at, ends_at)
    if last < first:
        raise DomainError("dates", "结束日期不能早于开始日期", fields={"last": "早于开始日期"})
    if (last - first).days >= PATTERN_MAX_DAYS:
        raise DomainError("too_long", "按周排班最长一年", fields={"last": "超过一年"})
    if not 0 <= weekday <= 6:
        raise DomainError("weekday", "请选择星期", fields={"weekday": "无效"})
    days = pattern_days(first, last, weekday)
    if not days:
        raise DomainError(
            "no_days", f"所选日期内没有{WEEKDAYS[weekday]}", fields={"weekday": "所选日期内没有该日"}
        )
    _check_within(pairing, days[0])
    _check_within(pairing, days[-1])
    for day in days:
        if clash := _clash(pairing.provider, day, starts_at, ends_at):
            _refuse_clash(pairing.provider, clash)
    shifts = Shift.objects.bulk_create(
        [Shift(pairing=pairing, date=day, starts_at=starts_at, ends_at=ends_at) for day in days]
    )
    audit_record(
        actor=actor,
        action=PairingAudit.SHIFTS_PATTERN,
        org=pairing.provider.org,
        target=pairing,
        target_label=str(pairing),
        after={
            "weekday": WEEKDAYS[weekday],
            "hours": _hours(starts_at, ends_at),
            "starts_on": first.isoformat(),
            "ends_on": last.isoformat(),
            "count": len(shifts),
        },
    )
    return shifts


@transaction.atomic
def shift_remove(*, actor, shift: Shift) -> None:
    pairing = _locked_pairing(actor, shift.pairing)
    audit_record(
        actor=actor,
        action=PairingAudit.SHIFT_REMOVE,
        org=pairing.provider.org,
        target=pairing,
        target_label=str(pairing),
        before={"date": shift.date.isoformat(), "hours": _hours(shift.starts_at, shift.ends_at)},
    )
    shift.delete()


# ---- consultations ----------------------------------------------------------------------------------------------


@dataclass
class ConsultationData:
    """What staff say about a consultation (the form and the demo fill it). The worker: a member number, or an
    ID number (kept only as its keyed hash and mask), or neither for an anonymous walk-in."""

    org: Org
    date: dt.date
    channel: str
    topic: str
    outcome: str
    summary: str = ""
    place: Place | None = None
    provider: Provider | None = None
    member_number: str = ""
    id_number: str = ""
    referral: str = ""
    materials: list[tuple[str, int]] = field(default_factory=list)


def _worker(actor, data: ConsultationData) -> tuple[Membership | None, str, str]:
    """(membership, id hash, id mask): a member by number or ID number among those the actor sees; an ID number
    no member in view holds is kept as its hash and mask only, never in plain."""
    number, id_number = data.member_number.strip(), data.id_number.strip().upper()
    if number and id_number:
        raise DomainError("worker_twice", "会员证号和证件号码只填一项", fields={"id_number": "只填一项"})
    if number:
        return membership_by_number(actor=actor, number=number), "", ""
    if id_number:
        id_hash = Person.id_lookup(DocType.RIC, id_number)
        membership = (
            Membership.objects.restrict(actor, "member.view")
            .filter(person__id_hash=id_hash)
            .select_related("person")
            .order_by("-id")
            .first()
        )
        if membership is not None:
            return membership, "", ""
        return None, id_hash, personal.mask(id_number)
    return None, "", ""


@transaction.atomic
def consultation_record(*, actor, data: ConsultationData) -> Consultation:
    """Log a consultation under `data.org` (V1; work.edit there)."""
    require(actor, WRITE, data.org)
    if data.topic not in Topic.values:
        raise DomainError("topic", "请选择咨询事项", fields={"topic": "必填"})
    if data.channel not in Channel.values:
        raise DomainError("channel", "请选择咨询方式", fields={"channel": "必填"})
    if data.outcome not in Outcome.values:
        raise DomainError("outcome", "请选择处理结果", fields={"outcome": "必填"})
    if data.date > timezone.localdate():
        raise DomainError("future", "咨询日期不能晚于今天", fields={"date": "晚于今天"})
    if data.place is not None and not in_scope(actor, "org.view", data.place):
        raise DomainError("place", "未找到该服务站", fields={"place": "未找到"})
    if data.channel == Channel.STATION and data.place is None:
        raise DomainError("place_required", "在服务站接待的咨询请选择服务站", fields={"place": "必填"})
    if data.provider is not None and not in_scope(actor, "org.view", data.provider):
        raise DomainError("provider", "未找到该律师", fields={"provider": "未找到"})
    referred = data.outcome not in (Outcome.ANSWERED, Outcome.MEDIATED)
    if referred and data.outcome != Outcome.OTHER and not data.referral.strip():
        raise DomainError("referral", "转介的咨询请填写转介去向", fields={"referral": "必填"})
    materials = []
    for i, (item, quantity) in enumerate(data.materials, start=1):
        item = item.strip()
        if not item and not quantity:
            continue
        if not item or quantity is None or quantity <= 0:
            raise DomainError(
                "materials", f"第{i}项材料须填写名称和份数（正整数）", fields={"materials": "名称和份数"}
            )
        materials.append((item, int(quantity)))
    membership, id_hash, id_masked = _worker(actor, data)
    consultation = Consultation.objects.create(
        org=data.org,
        date=data.date,
        channel=data.channel,
        place=data.place,
        topic=data.topic,
        provider=data.provider,
        membership=membership,
        id_hash=id_hash,
        id_masked=id_masked,
        summary_cipher=personal.encrypt(data.summary.strip(), purpose=CONSULTATION_PURPOSE),
        outcome=data.outcome,
        referral=data.referral.strip(),
        created_by=acting_user(actor),
    )
    Material.objects.bulk_create(
        [Material(consultation=consultation, item=item, quantity=q) for item, q in materials]
    )
    audit_record(
        actor=actor,
        action=StationsAudit.CONSULTATION_RECORD,
        org=data.org,
        target=consultation,
        target_label=f"{data.date:%Y-%m-%d} {consultation.get_topic_display()}",
        after={
            "date": data.date.isoformat(),
            "channel": consultation.get_channel_display(),
            "topic": consultation.get_topic_display(),
            "outcome": consultation.get_outcome_display(),
            "station": data.place.name if data.place else "",
            "worker": worker_label(consultation),
            "materials": [f"{item} {q}份" for item, q in materials],
        },
    )
    return consultation


def worker_label(consultation: Consultation) -> str:
    """Who asked, as lists and audit rows show it: a member's masked name, a masked ID number, or 匿名."""
    if consultation.membership_id is not None:
        return personal.mask_name(consultation.membership.person.full_name)
    if consultation.id_masked:
        return f"非会员（{consultation.id_masked}）"
    return "匿名来访"


def consultation_summary(*, actor, consultation: Consultation, request=None) -> str:
    """The question and summary in full: a full view of a legal fact about a person, so audited."""
    if not consultation.summary_cipher:
        return ""
    audit_record(
        actor=actor,
        action=StationsAudit.CONSULTATION_VIEW,
        category="access",
        org=consultation.org,
        target=consultation,
        target_label=f"{consultation.date:%Y-%m-%d} {consultation.get_topic_display()}",
        request=request,
    )
    return personal.decrypt(consultation.summary_cipher, purpose=CONSULTATION_PURPOSE)


# ---- dispute screening -----------------------------------------------------------------------------------------------


@transaction.atomic
def screening_record(
    *, actor, org: Org, employer: Employer, date: dt.date, visitors: str, notes: str = ""
) -> ScreeningVisit:
    """A screening visit by `org` to an employer the actor sees (矛盾纠纷排查, issue 19 §1)."""
    require(actor, WRITE, org)
    if not in_scope(actor, "org.view", employer):
        raise DomainError("employer", "未找到该用人单位", fields={"employer": "未找到"})
    if not visitors.strip():
        raise DomainError("visitors", "请填写走访人员", fields={"visitors": "必填"})
    if date > timezone.localdate():
        raise DomainError("future", "走访日期不能晚于今天", fields={"date": "晚于今天"})
    visit = ScreeningVisit.objects.create(
        org=org,
        employer=employer,
        date=date,
        visitors=visitors.strip(),
        notes=notes.strip(),
        created_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action=StationsAudit.SCREENING_RECORD,
        org=org,
        target=visit,
        target_label=str(visit),
        after={"employer": employer.name, "date": date.isoformat(), "visitors": visit.visitors},
    )
    return visit


@transaction.atomic
def risk_add(*, actor, visit: ScreeningVisit, kind: str, description: str, level: str) -> Risk:
    require(actor, WRITE, visit.org)
    if kind not in RiskKind.values:
        raise DomainError("kind", "请选择风险类别", fields={"kind": "必填"})
    if level not in RiskLevel.values:
        raise DomainError("level", "请选择风险等级", fields={"level": "必填"})
    if not description.strip():
        raise DomainError("description", "请填写风险描述", fields={"description": "必填"})
    risk = Risk.objects.create(visit=visit, kind=kind, description=description.strip(), level=level)
    audit_record(
        actor=actor,
        action=StationsAudit.RISK_ADD,
        org=visit.org,
        target=visit,
        target_label=str(visit),
        after={
            "kind": risk.get_kind_display(),
            "level": risk.get_level_display(),
            "description": risk.description,
        },
    )
    return risk


@transaction.atomic
def risk_follow_up(*, actor, risk: Risk, follow_up: str, resolved_on: dt.date | None = None) -> Risk:
    """Follow a risk up: what was done, and the day it was resolved (化解) once it is."""
    risk = (
        Risk.objects.select_for_update(of=("self",))
        .select_related("visit__org", "visit__employer")
        .get(pk=risk.pk)
    )
    require(actor, WRITE, risk.visit.org)
    if not follow_up.strip():
        raise DomainError("follow_up", "请填写跟进情况", fields={"follow_up": "必填"})
    if resolved_on is not None and resolved_on < risk.visit.date:
        raise DomainError(
            "resolved_early", "化解日期不能早于走访日期", fields={"resolved_on": "早于走访日期"}
        )
    if resolved_on is not None and resolved_on > timezone.localdate():
        raise DomainError("future", "化解日期不能晚于今天", fields={"resolved_on": "晚于今天"})
    before = {"follow_up": risk.follow_up, "resolved_on": risk.resolved_on and risk.resolved_on.isoformat()}
    risk.follow_up = follow_up.strip()
    risk.resolved_on = resolved_on
    risk.save(update_fields=["follow_up", "resolved_on"])
    audit_record(
        actor=actor,
        action=StationsAudit.RISK_FOLLOW_UP,
        org=risk.visit.org,
        target=risk.visit,
        target_label=str(risk.visit),
        before=before,
        after={"follow_up": risk.follow_up, "resolved_on": resolved_on and resolved_on.isoformat()},
    )
    return risk
