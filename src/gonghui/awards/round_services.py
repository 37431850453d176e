"""The writes of a round (DOMAIN §6 A2-A5): opening it with its totals and composition rules, splitting quotas down
the tree, a node's list of nominees, and each nominee's path: democratic review, 公示 at the unit, review by the
node, 公示 at the node, department vetting, approval into the honours register. Each service checks scope and
order, writes, and records its audit row in one transaction.

Who acts: the staff of the node holding a list (work.edit on it) assemble it and take it through both 公示; the
staff of the node that opened the round (work.edit on it) vet and approve.
"""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import acting_user, audit_record
from gonghui.core.backdating import check_happened_on
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.paths import is_within
from gonghui.core.scope import in_scope
from gonghui.core.workdays import covered, working_days_from
from gonghui.members.selectors import person_find
from gonghui.orgs.models import Org

from . import round_selectors as rs
from .attachments import (
    ATTACHMENTS_PER_NOMINATION,
    attachment_discard,
    attachment_store,
    size_label,
)
from .audit import RoundAudit
from .models import (
    ENDED,
    Attachment,
    AwardType,
    Category,
    Nomination,
    Objection,
    Outcome,
    Quota,
    RecipientKind,
    Round,
    Rule,
    Source,
    State,
    Step,
    Stream,
)
from .services import honour_record

# A3's usual rules, offered when a round is opened (the round may change them)
USUAL_RULES = [
    (Category.INDUSTRIAL, 35, True),
    (Category.MIGRANT, 10, True),
    (Category.FRONTLINE, 45, True),
    (Category.HEAD, 20, False),
]


def _by(actor) -> str:
    return getattr(actor, "full_name", "") or getattr(actor, "username", "") or str(actor)


def _edit_list(actor, nomination: Nomination) -> None:
    if not in_scope(actor, "work.edit", nomination):
        raise NotFound("未找到该推荐对象")


def _edit_round(actor, round: Round) -> None:
    if not in_scope(actor, "work.edit", round.org):
        raise NotFound("未找到该评选")


# A nominee's material may be corrected until the node holding the list has reviewed it (nomination_change)
EDITABLE = (State.DRAFT, State.REVIEWED, State.UNIT_PUBLICITY, State.UNIT_PUBLISHED)


def _in_state(nomination: Nomination, *states: str, doing: str) -> None:
    """A4's order: a step taken out of turn is refused, saying where the nominee stands."""
    if nomination.state not in states:
        raise Conflict(
            "out_of_order",
            f"{nomination.recipient_label}当前为“{nomination.get_state_display()}”，不能{doing}",
        )


def _step(actor, nomination: Nomination, kind: str, on: dt.date, **extra) -> Step:
    return Step.objects.create(nomination=nomination, kind=kind, on=on, by=_by(actor), **extra)


@transaction.atomic
def round_open(
    *,
    actor,
    org: Org,
    name: str,
    year: int,
    totals: Mapping[tuple[AwardType, str], int],
    rules: Iterable[tuple[str, int, bool]] = USUAL_RULES,
    publicity_days: int = 5,
    on: dt.date | None = None,
) -> Round:
    """Open a round for `org`'s subtree with the total per type and stream (A2) and its composition rules (A3)."""
    if not in_scope(actor, "work.edit", org):
        raise NotFound("未找到该组织")
    name = name.strip()
    if not name:
        raise DomainError("name_required", "请填写评选名称", fields={"name": "必填"})
    if not 1 <= publicity_days <= 30:
        raise DomainError(
            "bad_days", "公示期应为1至30个工作日", fields={"publicity_days": "应为1至30个工作日"}
        )
    totals = {key: n for key, n in totals.items() if n}
    if any(n < 0 for n in totals.values()):
        raise DomainError("negative", "名额不能为负数", fields={"totals": "名额不能为负数"})
    if not totals:
        raise DomainError("no_quota", "请至少为一项荣誉填写名额", fields={"totals": "请填写名额"})
    if Round.objects.filter(org=org, name=name).exists():
        raise Conflict("duplicate", f"本单位已有“{name}”")
    round = Round.objects.create(
        org=org, name=name, year=year, publicity_days=publicity_days, opened_on=on or timezone.localdate()
    )
    for (award_type, stream), n in totals.items():
        Quota.objects.create(round=round, org=org, award_type=award_type, stream=Stream(stream), count=n)
    for category, percent, floor in rules:
        if not 0 < percent <= 100:
            raise DomainError("bad_percent", "比例应在1%至100%之间", fields={"rules": "比例无效"})
        Rule.objects.create(round=round, category=Category(category), percent=percent, floor=floor)
    audit_record(
        actor=actor,
        action=RoundAudit.OPEN,
        org=org,
        target=round,
        after={
            "name": name,
            "totals": {f"{t.name}（{Stream(s).label}）": n for (t, s), n in totals.items()},
        },
    )
    return round


@transaction.atomic
def quotas_set(*, actor, round: Round, org: Org, parts: Mapping[tuple[str, int], int]) -> list[Quota]:
    """Hand `org`'s quota down to its children (A2): {(line key, child pk): count}. Each line's parts must add up to
    `org`'s total for it, exactly; a line that does not is refused by name."""
    if not in_scope(actor, "work.edit", org) or not is_within(org.path, round.org.path):
        raise NotFound("未找到该组织")
    children = rs.children_of(org)
    if not children:
        raise DomainError("no_children", f"{org.name}没有下级组织，无需分配名额")
    lines = rs.lines_of(round, org)
    if not lines:
        raise DomainError("no_quota", f"{org.name}在本次评选中没有名额")
    written: list[Quota] = []
    for line in lines:
        counts = {c.pk: parts.get((line.key, c.pk), 0) for c in children}
        if any(n < 0 for n in counts.values()):
            raise DomainError(
                "negative", f"{line.label}：名额不能为负数", fields={line.key: "名额不能为负数"}
            )
        given = sum(counts.values())
        if given != line.count:
            raise DomainError(
                "sum_mismatch",
                f"{line.label}：各下级名额合计{given}名，应等于本级名额{line.count}名",
                fields={line.key: f"合计{given}名，应为{line.count}名"},
            )
        for child in children:
            quota, _made = Quota.objects.update_or_create(
                round=round,
                org=child,
                award_type_id=line.award_type_id,
                stream=line.stream,
                defaults={"count": counts[child.pk]},
            )
            written.append(quota)
    audit_record(
        actor=actor,
        action=RoundAudit.QUOTAS,
        org=org,
        target=round,
        after={
            "quotas": {
                f"{q.org.name} {q.award_type.name}（{q.get_stream_display()}）": q.count for q in written
            }
        },
    )
    return written


def _categories(values: Iterable[str]) -> list[str]:
    chosen = set(values)
    unknown = chosen - set(Category.values)
    if unknown:
        raise DomainError("bad_category", "人员类别无效", fields={"categories": "类别无效"})
    return [c for c in Category.values if c in chosen]


@transaction.atomic
def nomination_add(
    *,
    actor,
    round: Round,
    org: Org,
    award_type: AwardType,
    stream: str = Stream.REGULAR,
    unit_name: str = "",
    team_name: str = "",
    person_name: str = "",
    doc_type: str = "",
    id_number: str = "",
    position: str = "",
    deeds: str = "",
    categories: Iterable[str] = (),
    below_reason: str = "",
) -> Nomination:
    """Put a nominee on `org`'s list, within its quota for the type and stream (A2). A person is found in the member
    register by document number when one is given (the name is then the register's), else named."""
    if not in_scope(actor, "work.edit", org) or not is_within(org.path, round.org.path):
        raise NotFound("未找到该组织")
    if round.closed_on is not None:
        raise Conflict("closed", "本次评选已结束")
    quota = rs.quotas_of(round, [org]).get((org.pk, award_type.pk, stream), 0)
    taken = (
        Nomination.objects.filter(round=round, org=org, award_type=award_type, stream=stream)
        .exclude(state__in=ENDED)
        .count()
    )
    label = f"{award_type.name}（{Stream(stream).label}）"
    if taken >= quota:
        raise Conflict(
            "quota_full",
            f"{label}名额为{quota}名，已推荐{taken}名，不能再增加",
            fields={"award_type": "名额已满"},
        )
    kind = award_type.recipient_kind
    person = None
    if kind in (RecipientKind.PERSON, RecipientKind.FAMILY) and id_number.strip():
        person = person_find(doc_type=doc_type or "ric", id_number=id_number)
        if person is None:
            raise DomainError(
                "not_registered",
                "会员库中没有该证件号码的人员，请直接填写姓名",
                fields={"id_number": "会员库中未找到"},
            )
        person_name = person.full_name
    unit_name, team_name, person_name = unit_name.strip(), team_name.strip(), person_name.strip()
    if not unit_name:
        raise DomainError("unit_required", "请填写单位名称", fields={"unit_name": "必填"})
    if kind == RecipientKind.TEAM and not team_name:
        raise DomainError("team_required", "请填写集体（班组、车间）名称", fields={"team_name": "必填"})
    if kind in (RecipientKind.PERSON, RecipientKind.FAMILY) and not person_name:
        raise DomainError("person_required", "请填写被推荐人姓名", fields={"person_name": "必填"})
    nomination = Nomination.objects.create(
        round=round,
        org=org,
        award_type=award_type,
        stream=Stream(stream),
        unit_name=unit_name,
        team_name=team_name if kind == RecipientKind.TEAM else "",
        person=person,
        person_name=person_name if kind in (RecipientKind.PERSON, RecipientKind.FAMILY) else "",
        position=position.strip(),
        deeds=deeds.strip(),
        categories=_categories(categories) if kind == RecipientKind.PERSON else [],
        below_reason=below_reason.strip(),
    )
    audit_record(
        actor=actor,
        action=RoundAudit.NOMINATE,
        org=org,
        target=nomination,
        after={"award": label, "recipient": nomination.recipient_label, "categories": nomination.categories},
    )
    return nomination


@transaction.atomic
def nomination_change(
    *, actor, nomination: Nomination, categories: Iterable[str], position: str, deeds: str, below_reason: str
) -> Nomination:
    """Correct a nominee's material before the node has reviewed it."""
    _edit_list(actor, nomination)
    _in_state(nomination, *EDITABLE, doing="修改")
    before = {"categories": nomination.categories, "position": nomination.position}
    if nomination.award_type.recipient_kind == RecipientKind.PERSON:
        nomination.categories = _categories(categories)
    nomination.position = position.strip()
    nomination.deeds = deeds.strip()
    nomination.below_reason = below_reason.strip()
    nomination.save(update_fields=["categories", "position", "deeds", "below_reason"])
    audit_record(
        actor=actor,
        action=RoundAudit.CHANGE,
        org=nomination.org,
        target=nomination,
        before=before,
        after={"categories": nomination.categories, "position": nomination.position},
    )
    return nomination


@transaction.atomic
def nomination_remove(*, actor, nomination: Nomination) -> None:
    """Take a nominee off the list before anything was recorded on its path (later, it is withdrawn instead)."""
    _edit_list(actor, nomination)
    _in_state(nomination, State.DRAFT, doing="移出名单（已有评议或公示记录的请撤回）")
    audit_record(
        actor=actor,
        action=RoundAudit.REMOVE,
        org=nomination.org,
        target=nomination,
        before={"recipient": nomination.recipient_label},
    )
    stored = list(nomination.attachments.values_list("stored_name", flat=True))
    nomination.delete()
    for name in stored:  # its attachments went with it (cascade); their files go once this commits
        attachment_discard(name)


def _upload_name(upload) -> str:
    """The name the file was uploaded under, without any folder a browser put before it."""
    raw = getattr(upload, "name", "") or ""
    return raw.replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "附件"


@transaction.atomic
def attachment_add(*, actor, nomination: Nomination, upload, kind: str = Attachment.Kind.DEEDS) -> Attachment:
    """Attach a file to a nominee's material (事迹材料, 证明材料, a photo) while the material may still be
    corrected (as nomination_change): checked by its bytes, at most 10 MB, at most 10 per nominee."""
    _edit_list(actor, nomination)
    # the nominee's row is locked and read again: two uploads at once cannot both take the tenth place, and a
    # step taken meanwhile is seen
    nomination = (
        Nomination.objects.select_for_update().select_related("award_type", "org").get(pk=nomination.pk)
    )
    _in_state(nomination, *EDITABLE, doing="上传材料附件")
    name = _upload_name(upload)
    if kind not in Attachment.Kind.values:
        raise DomainError("bad_kind", "请选择材料类别", fields={"kind": "类别无效"})
    held = nomination.attachments.count()
    if held >= ATTACHMENTS_PER_NOMINATION:
        raise Conflict(
            "too_many_attachments",
            f"{nomination.recipient_label}已有{held}个附件（上限{ATTACHMENTS_PER_NOMINATION}个），"
            f"文件“{name}”未上传，请先删除不需要的附件",
            fields={"file": "附件已达上限"},
        )
    stored, _format = attachment_store(upload)
    try:
        size = default_storage.size(stored)  # a photo is kept redrawn without its metadata: its own size
        attachment = Attachment.objects.create(
            nomination=nomination,
            kind=Attachment.Kind(kind),
            original_name=name,
            stored_name=stored,
            size=size,
            uploaded_by=acting_user(actor),
        )
        audit_record(
            actor=actor,
            action=RoundAudit.ATTACHMENT_ADD,
            org=nomination.org,
            target=nomination,
            after={"file": name, "kind": attachment.get_kind_display(), "size": size_label(size)},
        )
    except Exception:
        default_storage.delete(stored)  # no row points at it: it would lie in the storage for no one
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Take a file off a nominee's material while it may still be corrected; the file goes once this commits."""
    _edit_list(actor, attachment.nomination)
    # read again under a lock: a step taken since the page was opened is seen
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("award_type", "org")
        .get(pk=attachment.nomination_id)
    )
    _in_state(nomination, *EDITABLE, doing="删除材料附件")
    audit_record(
        actor=actor,
        action=RoundAudit.ATTACHMENT_REMOVE,
        org=nomination.org,
        target=nomination,
        before={"file": attachment.original_name, "kind": attachment.get_kind_display()},
    )
    stored = attachment.stored_name
    attachment.delete()
    attachment_discard(stored)


@transaction.atomic
def nomination_review(
    *, actor, nomination: Nomination, yes: int, total: int, on: dt.date, reason: str = ""
) -> Nomination:
    """The unit's democratic review (A4): 职代会 or a staff vote, with the share approving on integers; more than
    half must approve."""
    _edit_list(actor, nomination)
    _in_state(nomination, State.DRAFT, doing="登记民主评议")
    reason = check_happened_on(on, reason=reason, label="评议日期", field="on")
    if total < 1 or yes < 0 or yes > total:
        raise DomainError(
            "bad_votes", "同意票数应在0至参加人数之间", fields={"votes_yes": "应在0至参加人数之间"}
        )
    if yes * 2 <= total:
        raise DomainError(
            "not_approved",
            f"同意{yes}票，未超过参加评议人数{total}人的半数，不能推荐",
            fields={"votes_yes": "未超过半数"},
        )
    nomination.votes_yes, nomination.votes_total = yes, total
    nomination.state = State.REVIEWED
    nomination.save(update_fields=["votes_yes", "votes_total", "state"])
    _step(actor, nomination, Step.Kind.REVIEW, on, note=f"同意{yes}票，参加{total}人")
    audit_record(
        actor=actor,
        action=RoundAudit.REVIEW,
        org=nomination.org,
        target=nomination,
        after={"votes": f"{yes}/{total}"},
        reason=reason,
    )
    return nomination


def publicity_period(round: Round, start: dt.date) -> tuple[dt.date, str]:
    """The last day of a 公示 beginning on `start` (A4: counted in working days), and a warning when the State
    Council's calendar of that year is not known yet (weekends alone are then skipped)."""
    end = working_days_from(start, round.publicity_days)
    unknown = sorted({y for y in (start.year, end.year) if not covered(y)})
    warning = (
        f"{'、'.join(str(y) for y in unknown)}年的法定节假日安排尚未收录，公示期仅按周末推算，请核对"
        if unknown
        else ""
    )
    return end, warning


@transaction.atomic
def publicity_start(*, actor, nomination: Nomination, start: dt.date) -> tuple[Nomination, str]:
    """Begin a 公示: at the unit after the democratic review, at the node after its review (A4). Returns the
    nominee and the calendar warning, if any."""
    _edit_list(actor, nomination)
    _in_state(nomination, State.REVIEWED, State.NODE_REVIEWED, doing="开始公示")
    unit = nomination.state == State.REVIEWED
    end, warning = publicity_period(nomination.round, start)
    nomination.publicity_start, nomination.publicity_end = start, end
    nomination.state = State.UNIT_PUBLICITY if unit else State.NODE_PUBLICITY
    nomination.save(update_fields=["publicity_start", "publicity_end", "state"])
    where = "unit" if unit else "node"
    _step(actor, nomination, Step.Kind.PUBLICITY_START, start, level=where, note=f"公示至{end:%Y-%m-%d}")
    audit_record(
        actor=actor,
        action=RoundAudit.PUBLICITY_START,
        org=nomination.org,
        target=nomination,
        after={"period": f"{start:%Y-%m-%d}至{end:%Y-%m-%d}", "level": "单位" if unit else "上级"},
    )
    return nomination, warning


@transaction.atomic
def publicity_close(*, actor, nomination: Nomination, on: dt.date) -> Nomination:
    """End a 公示 once its period has run and every objection is settled."""
    _edit_list(actor, nomination)
    _in_state(nomination, State.UNIT_PUBLICITY, State.NODE_PUBLICITY, doing="结束公示")
    check_happened_on(on, label="结束日期", field="on")
    if nomination.publicity_end and on < nomination.publicity_end:
        raise Conflict("too_early", f"公示期至{nomination.publicity_end:%Y-%m-%d}，尚未期满")
    pending = rs.pending_objections(nomination)
    if pending:
        raise Conflict("objection_pending", f"还有{pending}条异议未办结，不能结束公示")
    unit = nomination.state == State.UNIT_PUBLICITY
    nomination.state = State.UNIT_PUBLISHED if unit else State.VETTING
    nomination.save(update_fields=["state"])
    _step(actor, nomination, Step.Kind.PUBLICITY_CLOSE, on, level="unit" if unit else "node")
    audit_record(
        actor=actor,
        action=RoundAudit.PUBLICITY_CLOSE,
        org=nomination.org,
        target=nomination,
        after={"state": nomination.get_state_display()},
    )
    return nomination


@transaction.atomic
def nomination_node_review(*, actor, nomination: Nomination, on: dt.date, note: str = "") -> Nomination:
    """The node holding the list reviews a nominee whose unit 公示 has ended (A4). The list as a whole must meet
    the round's composition rules (A3), and a nominee without the honour one level below needs a reason (A5)."""
    _edit_list(actor, nomination)
    _in_state(nomination, State.UNIT_PUBLISHED, doing="审核")
    check_happened_on(on, label="审核日期", field="on")
    nominees = list(rs.nominees_on(nomination.round, nomination.org))
    broken = [c for c in rs.composition(nomination.round, nominees) if not c.met]
    if broken:
        raise Conflict(
            "composition",
            "名单构成不符合要求：" + "；".join(f"{c.shown}，{c.advice}" for c in broken),
        )
    below = nomination.award_type.below
    if below is not None and rs.below_held(nomination) is None and not nomination.below_reason:
        raise DomainError(
            "below_missing",
            f"{nomination.recipient_label}尚未获得{below.name}，请在材料中填写说明",
            fields={"below_reason": "请填写说明"},
        )
    nomination.state = State.NODE_REVIEWED
    nomination.save(update_fields=["state"])
    _step(actor, nomination, Step.Kind.NODE_REVIEW, on, note=note.strip())
    audit_record(actor=actor, action=RoundAudit.NODE_REVIEW, org=nomination.org, target=nomination, after={})
    return nomination


@transaction.atomic
def nomination_vet(
    *, actor, nomination: Nomination, department: str, passed: bool, reason: str = "", on: dt.date
) -> Nomination:
    """One department's vetting (A4: 纪检、信访、公安 …): any department may veto, giving its reason; a veto ends
    the nominee's path."""
    _edit_round(actor, nomination.round)
    _in_state(nomination, State.VETTING, doing="联审")
    check_happened_on(on, label="联审日期", field="on")
    department, reason = department.strip(), reason.strip()
    if not department:
        raise DomainError("department_required", "请填写联审部门", fields={"department": "必填"})
    if not passed and not reason:
        raise DomainError("reason_required", "否决须说明理由", fields={"reason": "请填写否决理由"})
    _step(actor, nomination, Step.Kind.VETTING, on, department=department, passed=passed, note=reason)
    if not passed:
        nomination.state = State.VETOED
        nomination.save(update_fields=["state"])
    audit_record(
        actor=actor,
        action=RoundAudit.VET,
        org=nomination.round.org,
        target=nomination,
        after={"department": department, "outcome": "通过" if passed else "否决"},
        reason=reason,
    )
    return nomination


@transaction.atomic
def nomination_approve(*, actor, nomination: Nomination, on: dt.date) -> Nomination:
    """Approval by the node that opened the round, after at least one department passed the nominee and none
    vetoed (A4): the honour enters the register (A1) under the list's node, as a round's result."""
    _edit_round(actor, nomination.round)
    _in_state(nomination, State.VETTING, doing="批准")
    check_happened_on(on, label="批准日期", field="on")
    if not nomination.steps.filter(kind=Step.Kind.VETTING, passed=True).exists():
        raise Conflict("not_vetted", "尚无部门联审意见，不能批准")
    honour = honour_record(
        actor=actor,
        org=nomination.org,
        award_type=nomination.award_type,
        year=nomination.round.year,
        unit_name=nomination.unit_name,
        team_name=nomination.team_name,
        person=nomination.person,
        person_name=nomination.person_name,
        position=nomination.position,
        source=Source.ROUND,
        note=nomination.round.name,
    )
    nomination.state, nomination.honour = State.APPROVED, honour
    nomination.save(update_fields=["state", "honour"])
    _step(actor, nomination, Step.Kind.APPROVE, on)
    audit_record(
        actor=actor,
        action=RoundAudit.APPROVE,
        org=nomination.round.org,
        target=nomination,
        after={"recipient": nomination.recipient_label, "award": nomination.award_type.name},
    )
    return nomination


def _withdraw(actor, nomination: Nomination, reason: str, on: dt.date) -> None:
    nomination.state = State.WITHDRAWN
    nomination.save(update_fields=["state"])
    _step(actor, nomination, Step.Kind.WITHDRAW, on, note=reason)


@transaction.atomic
def nomination_withdraw(*, actor, nomination: Nomination, reason: str, on: dt.date) -> Nomination:
    """Withdraw a nominee from the list with a reason (its quota place is free again)."""
    _edit_list(actor, nomination)
    if nomination.state in (*ENDED, State.APPROVED):
        raise Conflict(
            "ended", f"{nomination.recipient_label}当前为“{nomination.get_state_display()}”，不能撤回"
        )
    if not reason.strip():
        raise DomainError("reason_required", "请填写撤回原因", fields={"reason": "必填"})
    _withdraw(actor, nomination, reason.strip(), on)
    audit_record(
        actor=actor,
        action=RoundAudit.WITHDRAW,
        org=nomination.org,
        target=nomination,
        after={},
        reason=reason.strip(),
    )
    return nomination


@transaction.atomic
def objection_record(
    *, actor, nomination: Nomination, raised_by: str, content: str, on: dt.date, reason: str = ""
) -> Objection:
    """An objection received during a 公示 (A4)."""
    _edit_list(actor, nomination)
    _in_state(nomination, State.UNIT_PUBLICITY, State.NODE_PUBLICITY, doing="受理异议（不在公示期内）")
    reason = check_happened_on(on, reason=reason, label="受理日期", field="received_on")
    if not content.strip():
        raise DomainError("content_required", "请填写反映内容", fields={"content": "必填"})
    objection = Objection.objects.create(
        nomination=nomination, received_on=on, raised_by=raised_by.strip() or "匿名", content=content.strip()
    )
    audit_record(
        actor=actor,
        action=RoundAudit.OBJECTION,
        org=nomination.org,
        target=nomination,
        after={"raised_by": objection.raised_by, "content": objection.content},
        reason=reason,
    )
    return objection


@transaction.atomic
def objection_decide(
    *, actor, objection: Objection, investigation: str, upheld: bool, on: dt.date
) -> Objection:
    """Settle an objection with its investigation. Upheld, it withdraws the nominee (A4)."""
    nomination = objection.nomination
    _edit_list(actor, nomination)
    if objection.outcome != Outcome.PENDING:
        raise Conflict("decided", "该异议已办结")
    check_happened_on(on, label="办结日期", field="decided_on")
    if not investigation.strip():
        raise DomainError("investigation_required", "请填写调查核实情况", fields={"investigation": "必填"})
    objection.investigation = investigation.strip()
    objection.outcome = Outcome.UPHELD if upheld else Outcome.DISMISSED
    objection.decided_on = on
    objection.save(update_fields=["investigation", "outcome", "decided_on"])
    if upheld and nomination.standing and nomination.state != State.APPROVED:
        _withdraw(actor, nomination, f"公示异议反映属实：{objection.investigation}", on)
    audit_record(
        actor=actor,
        action=RoundAudit.OBJECTION_DECIDE,
        org=nomination.org,
        target=nomination,
        after={"outcome": objection.get_outcome_display(), "investigation": objection.investigation},
    )
    return objection
