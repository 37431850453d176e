"""Writing the congresses part (G1, R19): a congress or members' assembly with its agenda and composition targets,
delegate quotas and delegates, credentials confirmed, sittings with attendance, matters (reports with their
document, resolutions) and their votes; a committee's plenary (全委会 / 常委会) with its items and personnel matters.
Every write checks the actor's scope on the node, validates, writes and records an audit row."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.scope import in_scope
from gonghui.members import selectors as member_selectors
from gonghui.orgs.models import Org

from .congresses_attachments import attachment_store
from .congresses_audit import CongressesAudit
from .models import (
    AgendaItem,
    Congress,
    CongressKind,
    CongressTargets,
    Delegate,
    DelegateQuota,
    Matter,
    MatterKind,
    Plenary,
    PlenaryKind,
    Sitting,
)

WRITE = "work.edit"
DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """3 → 三, 12 → 十二, 21 → 二十一 (the 第N次 of a congress's title; 1–99)."""
    if n < 10:
        return DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{DIGITS[tens] if tens > 1 else ''}十{DIGITS[ones] if ones else ''}"


def _check(actor, org: Org) -> None:
    if not in_scope(actor, WRITE, org):
        raise DomainError("scope", "无权为该组织登记", fields={"org": "无权"})


def next_congress_number(org: Org, kind: str) -> int:
    """The node's next number for this kind (G1): one more than the last recorded, 1 for the first."""
    last = Congress.objects.filter(org=org, kind=kind).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


def next_plenary_number(org: Org, kind: str) -> int:
    last = Plenary.objects.filter(org=org, kind=kind).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


def congress_title(org: Org, kind: str, number: int) -> str:
    return f"{org.name}第{chinese_number(number)}次{CongressKind(kind).label}"


@dataclass(frozen=True)
class CongressData:
    org: Org
    kind: str
    number: int
    starts_on: dt.date
    ends_on: dt.date | None = None
    place: str = ""
    entitled: int = 0
    agenda: Sequence[str] = ()
    women_pct: int = 0
    front_line_pct: int = 0
    model_worker_pct: int = 0
    title: str = ""


@transaction.atomic
def congress_create(*, actor, data: CongressData) -> Congress:
    """第N次会员代表大会 or 会员大会 of a node (G1). A members' assembly (R19) entitles every member: its
    `entitled` is the node's member count; a congress's is the delegates' seats as entered."""
    org = data.org
    _check(actor, org)
    if data.kind not in CongressKind.values:
        raise DomainError("kind", "请选择大会类别", fields={"kind": "必选"})
    if data.number < 1 or data.number > 99:
        raise DomainError("number", "届次应为1到99之间的整数", fields={"number": "届次不对"})
    if data.ends_on and data.ends_on < data.starts_on:
        raise DomainError("ends_on", "闭幕日期不能早于开幕日期", fields={"ends_on": "早于开幕日期"})
    for name, pct in (
        ("women_pct", data.women_pct),
        ("front_line_pct", data.front_line_pct),
        ("model_worker_pct", data.model_worker_pct),
    ):
        if not 0 <= pct <= 100:
            raise DomainError(name, "比例目标应在0到100之间", fields={name: "0到100"})
    if Congress.objects.filter(org=org, kind=data.kind, number=data.number).exists():
        raise Conflict(
            "number",
            f"{org.name}已有第{chinese_number(data.number)}次{CongressKind(data.kind).label}",
            fields={"number": "届次重复"},
        )
    if data.kind == CongressKind.ASSEMBLY:
        entitled = member_selectors.member_count(org=org, today=data.starts_on)  # rule R19: every member
    else:
        entitled = data.entitled
        if entitled < 1:
            raise DomainError("entitled", "请填写应到代表人数", fields={"entitled": "必填"})
    try:
        with transaction.atomic():
            congress = Congress.objects.create(
                org=org,
                kind=data.kind,
                number=data.number,
                title=data.title.strip() or congress_title(org, data.kind, data.number),
                starts_on=data.starts_on,
                ends_on=data.ends_on,
                place=data.place.strip(),
                entitled=entitled,
            )
    except IntegrityError as exc:
        raise Conflict("number", "届次重复", fields={"number": "届次重复"}) from exc
    CongressTargets.objects.create(
        congress=congress,
        women_pct=data.women_pct,
        front_line_pct=data.front_line_pct,
        model_worker_pct=data.model_worker_pct,
    )
    items = [" ".join(t.split()) for t in data.agenda if t.strip()]
    AgendaItem.objects.bulk_create(
        AgendaItem(congress=congress, order=i, text=t[:300]) for i, t in enumerate(items, start=1)
    )
    audit_record(
        actor=actor,
        action=CongressesAudit.CONGRESS_CREATE,
        org=org,
        target=congress,
        target_label=congress.title,
        after={
            "kind": congress.get_kind_display(),
            "number": congress.number,
            "on": congress.starts_on.isoformat(),
            "entitled": entitled,
            "targets": f"女性{data.women_pct}%、一线{data.front_line_pct}%、劳模{data.model_worker_pct}%",
        },
    )
    return congress


@transaction.atomic
def quota_set(
    *, actor, congress: Congress, unit: str = "", seats: int, unit_org: Org | None = None
) -> DelegateQuota:
    """A unit's quota of delegates (G1): a child node of the congress's node, or a unit named."""
    _check(actor, congress.org)
    if congress.kind != CongressKind.CONGRESS:
        raise DomainError("unit", "会员大会由全体会员参加，不分配代表名额", fields={"unit": "会员大会"})
    if unit_org is not None:
        if unit_org.parent_id != congress.org_id:
            raise DomainError("unit_org", "选举单位应是本级工会的直属下级", fields={"unit_org": "不是下级"})
        unit = unit_org.name
    unit = " ".join(unit.split())
    if not unit:
        raise DomainError("unit", "请填写选举单位", fields={"unit": "必填"})
    if seats < 1:
        raise DomainError("seats", "名额应为正整数", fields={"seats": "应大于0"})
    quota, _ = DelegateQuota.objects.update_or_create(
        congress=congress, unit=unit, defaults={"seats": seats, "unit_org": unit_org}
    )
    if quota.delegates.count() > seats:
        raise DomainError(
            "seats",
            f"{unit}已选出{quota.delegates.count()}名代表，名额不能更少",
            fields={"seats": "少于已选"},
        )
    audit_record(
        actor=actor,
        action=CongressesAudit.QUOTA_SET,
        org=congress.org,
        target=congress,
        target_label=congress.title,
        after={"unit": unit, "seats": seats},
    )
    return quota


@dataclass(frozen=True)
class DelegateData:
    quota: DelegateQuota
    name: str = ""
    number: str = ""  # member number, optional
    gender: str = ""
    front_line: bool = False
    model_worker: bool = False


@transaction.atomic
def delegate_add(*, actor, congress: Congress, data: DelegateData) -> Delegate:
    """A delegate elected by a unit within its quota (G1), optionally a member found by member number."""
    _check(actor, congress.org)
    if data.quota.congress_id != congress.pk:
        raise DomainError("quota", "请选择本次大会的选举单位", fields={"quota": "不是本次大会的"})
    quota = DelegateQuota.objects.select_for_update(of=("self",)).get(pk=data.quota.pk)
    if _targets(congress).credentials_confirmed_on:
        raise DomainError("quota", "代表资格已确认，不能再增加代表", fields={"quota": "已确认"})
    membership = None
    name = " ".join(data.name.split())
    if data.number.strip():
        membership = member_selectors.membership_by_number(actor=actor, number=data.number)
        name = name or membership.person.full_name
    if not name:
        raise DomainError("name", "请填写代表姓名", fields={"name": "必填"})
    if data.gender not in ("M", "F"):
        raise DomainError("gender", "请选择性别", fields={"gender": "必选"})
    if quota.delegates.count() >= quota.seats:
        raise DomainError("quota", f"{quota.unit}的{quota.seats}个名额已满", fields={"quota": "名额已满"})
    delegate = Delegate.objects.create(
        congress=congress,
        quota=quota,
        name=name,
        membership=membership,
        gender=data.gender,
        front_line=data.front_line,
        model_worker=data.model_worker,
    )
    audit_record(
        actor=actor,
        action=CongressesAudit.DELEGATE_ADD,
        org=congress.org,
        target=congress,
        target_label=congress.title,
        after={"unit": quota.unit, "delegates": congress.delegates.count()},
    )
    return delegate


def _targets(congress: Congress) -> CongressTargets:
    targets, _ = CongressTargets.objects.get_or_create(congress=congress)
    return targets


@transaction.atomic
def credentials_confirm(*, actor, congress: Congress, on: dt.date | None = None) -> CongressTargets:
    """代表资格审查: the delegates' credentials confirmed, once every quota's delegates are in."""
    _check(actor, congress.org)
    targets = _targets(congress)
    if targets.credentials_confirmed_on:
        raise Conflict("credentials", "代表资格已确认", fields={"credentials": "已确认"})
    if congress.kind == CongressKind.CONGRESS and not congress.delegates.exists():
        raise DomainError("credentials", "尚未登记代表，不能确认代表资格", fields={"credentials": "无代表"})
    targets.credentials_confirmed_on = on or timezone.localdate()
    targets.save(update_fields=["credentials_confirmed_on"])
    audit_record(
        actor=actor,
        action=CongressesAudit.CREDENTIALS_CONFIRM,
        org=congress.org,
        target=congress,
        target_label=congress.title,
        after={"delegates": congress.delegates.count(), "on": targets.credentials_confirmed_on.isoformat()},
    )
    return targets


@transaction.atomic
def sitting_record(
    *,
    actor,
    congress: Congress,
    on: dt.date,
    label: str = "",
    present_ids: Sequence[int] = (),
    present_count: int | None = None,
) -> Sitting:
    """A sitting of the congress and who came: a congress ticks its delegates (present = how many ticked); a
    members' assembly (R19) counts those present. `present` is stored for the elections part (G2)."""
    _check(actor, congress.org)
    if on < congress.starts_on or (congress.ends_on and on > congress.ends_on):
        raise DomainError("on", "会议日期应在大会会期内", fields={"on": "不在会期内"})
    if congress.kind == CongressKind.ASSEMBLY:
        present = present_count or 0
        attendees = []
    else:
        attendees = list(congress.delegates.filter(pk__in=list(present_ids)))
        present = len(attendees)
    if present < 0 or present > congress.entitled:
        raise DomainError(
            "present", f"实到人数不能超过应到人数{congress.entitled}", fields={"present": "超过应到"}
        )
    sitting = Sitting.objects.create(congress=congress, on=on, label=" ".join(label.split()), present=present)
    sitting.attendees.set(attendees)
    audit_record(
        actor=actor,
        action=CongressesAudit.SITTING_RECORD,
        org=congress.org,
        target=congress,
        target_label=congress.title,
        after={"on": on.isoformat(), "present": present, "entitled": congress.entitled},
    )
    return sitting


@dataclass(frozen=True)
class MatterData:
    kind: str
    title: str
    text: str = ""
    person: str = ""
    sitting: Sitting | None = None
    upload: object | None = None


@transaction.atomic
def matter_add(
    *, actor, data: MatterData, congress: Congress | None = None, plenary: Plenary | None = None
) -> Matter:
    """A report (with its document, PDF or DOCX), a resolution, an item or a personnel matter put to a
    congress's sitting or a plenary. A personnel matter (增补, 辞职, 免职) is recorded as an item only: a
    by-election keeps the committee's term, which `services.committee_install` (a new term) cannot record."""
    holder = congress or plenary
    assert holder is not None and (congress is None) != (plenary is None)
    _check(actor, holder.org)
    if data.kind not in MatterKind.values:
        raise DomainError("kind", "请选择事项类别", fields={"kind": "必选"})
    if congress is not None and data.kind in (
        MatterKind.BY_ELECTION,
        MatterKind.RESIGNATION,
        MatterKind.DISMISSAL,
    ):
        raise DomainError("kind", "人事事项在全委会或常委会上登记", fields={"kind": "不适用"})
    title = " ".join(data.title.split())
    if not title:
        raise DomainError("title", "请填写事项标题", fields={"title": "必填"})
    if data.sitting is not None and data.sitting.congress_id != getattr(congress, "pk", None):
        raise DomainError("sitting", "请选择本次大会的会议", fields={"sitting": "不是本次大会的"})
    stored, size, name = "", 0, ""
    if data.upload is not None:
        stored, _kind = attachment_store(data.upload)
        size = data.upload.size  # type: ignore[attr-defined]
        name = getattr(data.upload, "name", "") or "文件"
    matter = Matter.objects.create(
        org=holder.org,
        congress=congress,
        plenary=plenary,
        sitting=data.sitting,
        kind=data.kind,
        title=title,
        text=data.text.strip(),
        person=" ".join(data.person.split()),
        file=stored,
        file_name=name[:200],
        file_size=size,
    )
    audit_record(
        actor=actor,
        action=CongressesAudit.MATTER_ADD,
        org=holder.org,
        target=matter,
        target_label=f"{holder.title}：{title}",
        after={"kind": matter.get_kind_display()},
    )
    return matter


def approved(votes_for: int, present: int) -> bool:
    # rule G1: a matter is adopted iff more than half of those present at that sitting vote for it
    return votes_for * 2 > present


@transaction.atomic
def vote_record(*, actor, matter: Matter, votes_for: int, votes_against: int, votes_abstain: int) -> Matter:
    """The vote on a matter (G1): for + against + abstain ≤ present at the sitting (a congress's sitting, or the
    plenary); adopted iff for*2 > present (rule G1). Integers only."""
    _check(actor, matter.org)
    matter = Matter.objects.select_for_update(of=("self",)).get(pk=matter.pk)
    if matter.approved is not None:
        raise Conflict("votes_for", "该事项已表决", fields={"votes_for": "已表决"})
    if matter.plenary_id:
        plenary = matter.plenary
        assert plenary is not None
        present, on = plenary.present, plenary.on
    else:
        if matter.sitting is None:
            raise DomainError("sitting", "请先选择表决所在的会议", fields={"sitting": "未选择会议"})
        present, on = matter.sitting.present, matter.sitting.on
    counts = (votes_for, votes_against, votes_abstain)
    if any(c < 0 for c in counts):
        raise DomainError("votes_for", "票数应为0或正整数", fields={"votes_for": "不能为负"})
    if sum(counts) > present:
        raise DomainError(
            "votes_for",
            f"赞成、反对、弃权合计{sum(counts)}，超过实到人数{present}",
            fields={"votes_for": "超过实到"},
        )
    matter.votes_for, matter.votes_against, matter.votes_abstain = counts
    matter.present = present
    matter.approved = approved(votes_for, present)
    matter.voted_on = on
    matter.save(
        update_fields=["votes_for", "votes_against", "votes_abstain", "present", "approved", "voted_on"]
    )
    audit_record(
        actor=actor,
        action=CongressesAudit.VOTE_RECORD,
        org=matter.org,
        target=matter,
        target_label=matter.title,
        after={"votes": "/".join(str(c) for c in counts), "present": present, "result": matter.result_label},
    )
    return matter


@dataclass(frozen=True)
class PlenaryData:
    org: Org
    kind: str
    number: int
    on: dt.date
    entitled: int
    present: int
    place: str = ""
    title: str = ""


@transaction.atomic
def plenary_create(*, actor, data: PlenaryData) -> Plenary:
    """第N次全委会 / 常委会 of a node's committee, with its attendance (present of entitled)."""
    org = data.org
    _check(actor, org)
    if data.kind not in PlenaryKind.values:
        raise DomainError("kind", "请选择会议类别", fields={"kind": "必选"})
    if data.number < 1 or data.number > 99:
        raise DomainError("number", "次数应为1到99之间的整数", fields={"number": "次数不对"})
    if data.entitled < 1:
        raise DomainError("entitled", "请填写应到人数", fields={"entitled": "必填"})
    if not 0 <= data.present <= data.entitled:
        raise DomainError(
            "present", f"实到人数不能超过应到人数{data.entitled}", fields={"present": "超过应到"}
        )
    if Plenary.objects.filter(org=org, kind=data.kind, number=data.number).exists():
        raise Conflict("number", "次数重复", fields={"number": "次数重复"})
    label = PlenaryKind(data.kind).label
    plenary = Plenary.objects.create(
        org=org,
        kind=data.kind,
        number=data.number,
        title=data.title.strip() or f"{org.name}第{chinese_number(data.number)}次{label}",
        on=data.on,
        place=data.place.strip(),
        entitled=data.entitled,
        present=data.present,
    )
    audit_record(
        actor=actor,
        action=CongressesAudit.PLENARY_CREATE,
        org=org,
        target=plenary,
        target_label=plenary.title,
        after={"kind": label, "number": data.number, "on": data.on.isoformat(), "present": data.present},
    )
    return plenary
