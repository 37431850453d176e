"""Writing work plans (rule G3): a plan and its status (草稿 → 已发布 → 已完成), its numbered items and their owner
units (nodes in the plan node's subtree), and the progress an owner unit reports. Every write checks scope and is
audited."""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.paths import is_within
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from .models import Plan, PlanItem, PlanItemOwner, PlanKind, PlanStatus, ProgressReport
from .plans_audit import PlansAudit

WRITE = "work.edit"
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 as an integer (the numbers plans write their parts with); None for anything else."""
    if not text or any(ch not in DIGITS and ch != "十" for ch in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (DIGITS.get(tens, 1) if tens else 1) * 10 + (DIGITS.get(ones, 0) if ones else 0)
    return DIGITS[text] if len(text) == 1 else None


def sort_key(label: str) -> str:
    """An ordering key for an item's number ("一", "二", "10", "1.2", "（三）"): each numbered part padded so that
    "2" comes before "10" and "1.2" before "1.10"."""
    parts = []
    for part in re.split(r"[.．、]", label.strip("（）() 、.")):
        n = int(part) if part.isdigit() else _chinese_number(part)
        parts.append(f"{n:05d}" if n is not None else part)
    return ".".join(parts)[:80]


def _check(actor, org: Org) -> None:
    if not in_scope(actor, WRITE, org):
        raise DomainError("scope", "无权编辑该组织的工作计划", fields={"org": "无权"})


@dataclass
class PlanData:
    org: Org
    kind: str
    title: str
    year: int
    starts_on: dt.date
    ends_on: dt.date


def _validate_plan(data: PlanData) -> None:
    if data.kind not in PlanKind.values:
        raise DomainError("kind", "计划类别不在可选范围内", fields={"kind": "类别不对"})
    if not data.title.strip():
        raise DomainError("title", "请填写计划名称", fields={"title": "必填"})
    if data.ends_on < data.starts_on:
        raise DomainError("ends_on", "结束日期不能早于开始日期", fields={"ends_on": "早于开始日期"})
    if not 2000 <= data.year <= 2100:
        raise DomainError("year", "年度应在2000到2100之间", fields={"year": "年度不对"})


@transaction.atomic
def plan_create(*, actor, data: PlanData) -> Plan:
    _check(actor, data.org)
    _validate_plan(data)
    plan = Plan.objects.create(
        org=data.org,
        kind=data.kind,
        title=data.title.strip(),
        year=data.year,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    audit_record(
        actor=actor,
        action=PlansAudit.PLAN_CREATE,
        org=plan.org,
        target=plan,
        after={"title": plan.title, "kind": plan.get_kind_display(), "year": plan.year},
    )
    return plan


@transaction.atomic
def plan_update(*, actor, plan: Plan, data: PlanData) -> Plan:
    _check(actor, plan.org)
    if data.org.pk != plan.org_id:
        raise DomainError("org", "计划所属组织不能更改", fields={"org": "不能更改"})
    _validate_plan(data)
    if plan.status == PlanStatus.COMPLETED:
        raise Conflict("status", "计划已完成，不能再修改")
    before = {
        "title": plan.title,
        "kind": plan.kind,
        "year": plan.year,
        "starts_on": str(plan.starts_on),
        "ends_on": str(plan.ends_on),
    }
    plan.kind, plan.title, plan.year = data.kind, data.title.strip(), data.year
    plan.starts_on, plan.ends_on = data.starts_on, data.ends_on
    plan.save()
    after = {
        "title": plan.title,
        "kind": plan.kind,
        "year": plan.year,
        "starts_on": str(plan.starts_on),
        "ends_on": str(plan.ends_on),
    }
    audit_record(
        actor=actor, action=PlansAudit.PLAN_UPDATE, org=plan.org, target=plan, before=before, after=after
    )
    return plan


@transaction.atomic
def plan_publish(*, actor, plan: Plan) -> Plan:
    """草稿 → 已发布: the owner units see their items and report on them (G3). A plan needs items, each with an
    owner unit (sections holding items need none)."""
    _check(actor, plan.org)
    if plan.status != PlanStatus.DRAFT:
        raise Conflict("status", "只有草稿状态的计划可以发布")
    items = list(plan.items.all())
    if not items:
        raise DomainError("items", "计划还没有事项，不能发布", fields={"items": "没有事项"})
    parents = {i.parent_id for i in items}
    orphans = [i for i in items if i.pk not in parents and not i.assignments.exists()]
    if orphans:
        raise DomainError(
            "owners",
            f"事项“{orphans[0].label} {orphans[0].title}”还没有责任单位",
            fields={"owners": "未指定责任单位"},
        )
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at"])
    audit_record(
        actor=actor, action=PlansAudit.PLAN_PUBLISH, org=plan.org, target=plan, after={"items": len(items)}
    )
    return plan


@transaction.atomic
def plan_complete(*, actor, plan: Plan) -> Plan:
    _check(actor, plan.org)
    if plan.status != PlanStatus.PUBLISHED:
        raise Conflict("status", "只有已发布的计划可以标记完成")
    plan.status = PlanStatus.COMPLETED
    plan.save(update_fields=["status"])
    audit_record(actor=actor, action=PlansAudit.PLAN_COMPLETE, org=plan.org, target=plan)
    return plan


@dataclass
class ItemData:
    label: str
    title: str
    target: str = ""
    starts_on: dt.date | None = None
    due_on: dt.date | None = None
    weight: int | None = None
    parent: PlanItem | None = None


def _validate_item(plan: Plan, data: ItemData, item: PlanItem | None = None) -> None:
    if not data.label.strip():
        raise DomainError("label", "请填写事项序号", fields={"label": "必填"})
    if not data.title.strip():
        raise DomainError("title", "请填写事项内容", fields={"title": "必填"})
    if data.weight is not None and data.weight < 1:
        raise DomainError("weight", "权重应为正整数", fields={"weight": "应为正整数"})
    if data.starts_on and data.due_on and data.due_on < data.starts_on:
        raise DomainError("due_on", "完成时限不能早于开始日期", fields={"due_on": "早于开始日期"})
    if data.parent is not None:
        if data.parent.plan_id != plan.pk:
            raise DomainError("parent", "上级事项不属于本计划", fields={"parent": "不属于本计划"})
        if item is not None and (data.parent.pk == item.pk or data.parent.parent_id == item.pk):
            raise DomainError("parent", "上级事项不能是本事项或其下级", fields={"parent": "不对"})
    clash = PlanItem.objects.filter(plan=plan, parent=data.parent, label=data.label.strip())
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise DomainError("label", f"序号“{data.label.strip()}”已有事项", fields={"label": "重复"})


def _editable(plan: Plan) -> None:
    if plan.status == PlanStatus.COMPLETED:
        raise Conflict("status", "计划已完成，不能再修改事项")


def _owners_in_subtree(plan: Plan, owners: Sequence[Org]) -> list[Org]:
    """The owner units, each once, checked to be in the plan node's subtree (G3)."""
    owners = list({o.pk: o for o in owners}.values())
    for org in owners:
        if not is_within(org.path, plan.org.path):
            raise DomainError(
                "owners",
                f"“{org.name}”不在{plan.org.name}的下级范围内",
                fields={"owners": "不在本组织范围内"},
            )
    return owners


@transaction.atomic
def item_add(*, actor, plan: Plan, data: ItemData, owners: Sequence[Org] = ()) -> PlanItem:
    _check(actor, plan.org)
    _editable(plan)
    _validate_item(plan, data)
    owners = _owners_in_subtree(plan, owners)
    item = PlanItem.objects.create(
        plan=plan,
        parent=data.parent,
        label=data.label.strip(),
        sort_key=sort_key(data.label),
        title=data.title.strip(),
        target=data.target.strip(),
        starts_on=data.starts_on,
        due_on=data.due_on,
        weight=data.weight,
    )
    PlanItemOwner.objects.bulk_create(PlanItemOwner(item=item, org=o) for o in owners)
    audit_record(
        actor=actor,
        action=PlansAudit.ITEM_ADD,
        org=plan.org,
        target=plan,
        target_label=f"{plan.title}：{item}",
        after={"item": str(item), "owners": "、".join(o.name for o in owners), "weight": item.weight},
    )
    return item


@transaction.atomic
def item_update(*, actor, item: PlanItem, data: ItemData) -> PlanItem:
    plan = item.plan
    _check(actor, plan.org)
    _editable(plan)
    _validate_item(plan, data, item)
    before = {
        "item": str(item),
        "target": item.target,
        "due_on": str(item.due_on or ""),
        "weight": item.weight,
    }
    item.parent = data.parent
    item.label, item.sort_key, item.title = data.label.strip(), sort_key(data.label), data.title.strip()
    item.target, item.starts_on, item.due_on, item.weight = (
        data.target.strip(),
        data.starts_on,
        data.due_on,
        data.weight,
    )
    item.save()
    after = {
        "item": str(item),
        "target": item.target,
        "due_on": str(item.due_on or ""),
        "weight": item.weight,
    }
    audit_record(
        actor=actor,
        action=PlansAudit.ITEM_UPDATE,
        org=plan.org,
        target=plan,
        target_label=f"{plan.title}：{item}",
        before=before,
        after=after,
    )
    return item


@transaction.atomic
def item_remove(*, actor, item: PlanItem) -> None:
    """Only before the plan is published: afterwards units have seen (and may have reported on) it."""
    plan = item.plan
    _check(actor, plan.org)
    if plan.status != PlanStatus.DRAFT:
        raise Conflict("status", "计划已发布，事项不能删除")
    label = str(item)
    item.delete()
    audit_record(
        actor=actor,
        action=PlansAudit.ITEM_REMOVE,
        org=plan.org,
        target=plan,
        target_label=f"{plan.title}：{label}",
        before={"item": label},
    )


@transaction.atomic
def owners_assign(*, actor, item: PlanItem, owners: Sequence[Org]) -> PlanItem:
    """The item's owner units, replaced (G3): nodes in the plan node's subtree; a unit that has reported stays."""
    plan = item.plan
    _check(actor, plan.org)
    _editable(plan)
    if not owners:
        raise DomainError("owners", "请至少指定一个责任单位", fields={"owners": "必填"})
    owners = _owners_in_subtree(plan, owners)
    before = "、".join(o.org.name for o in item.assignments.select_related("org"))
    keep = {o.pk for o in owners}
    reported = set(item.reports.values_list("org_id", flat=True)) - keep
    if reported:
        raise Conflict("owners", "已报告进展的责任单位不能取消", fields={"owners": "已报告进展"})
    item.assignments.exclude(org_id__in=keep).delete()
    have = set(item.assignments.values_list("org_id", flat=True))
    PlanItemOwner.objects.bulk_create(PlanItemOwner(item=item, org=o) for o in owners if o.pk not in have)
    audit_record(
        actor=actor,
        action=PlansAudit.OWNERS,
        org=plan.org,
        target=plan,
        target_label=f"{plan.title}：{item}",
        before={"owners": before},
        after={"owners": "、".join(o.name for o in owners)},
    )
    return item


@dataclass
class ReportData:
    reported_on: dt.date
    text: str
    percent: int
    evidence: str = ""


@transaction.atomic
def progress_report(*, actor, item: PlanItem, unit: Org, data: ReportData) -> ProgressReport:
    """An owner unit reports its progress on an item (G3): a cadre with `work.edit` on the unit; an item not
    assigned to the unit is refused; the plan must be published."""
    plan = item.plan
    if not in_scope(actor, WRITE, unit):
        raise DomainError("scope", f"无权以“{unit.name}”的名义报告进展", fields={"unit": "无权"})
    if not item.assignments.filter(org=unit).exists():
        raise DomainError("unit", f"该事项未分配给“{unit.name}”", fields={"unit": "不是责任单位"})
    if plan.status != PlanStatus.PUBLISHED:
        raise Conflict("status", "计划未发布或已完成，不能报告进展")
    if not 0 <= data.percent <= 100:
        raise DomainError("percent", "完成进度应在0到100之间", fields={"percent": "0到100"})
    if not data.text.strip():
        raise DomainError("text", "请填写进展情况", fields={"text": "必填"})
    if data.reported_on > timezone.localdate():
        raise DomainError("reported_on", "报告日期不能晚于今天", fields={"reported_on": "晚于今天"})
    report = ProgressReport.objects.create(
        org=unit,
        item=item,
        reported_on=data.reported_on,
        text=data.text.strip(),
        percent=data.percent,
        evidence=data.evidence.strip(),
    )
    audit_record(
        actor=actor,
        action=PlansAudit.REPORT,
        org=unit,
        target=plan,
        target_label=f"{plan.title}：{item}",
        after={
            "unit": unit.name,
            "item": str(item),
            "percent": data.percent,
            "reported_on": str(data.reported_on),
        },
    )
    return report


@transaction.atomic
def items_import(actor, plan: Plan, rows, source: str) -> int:
    """Items checked by `plans_intake.check`, all or none: a refusal names the sheet's row (G3)."""
    _check(actor, plan.org)
    _editable(plan)
    count = 0
    for row in rows:
        data = row.data
        if row.parent_label:
            data.parent = PlanItem.objects.get(plan=plan, parent__isnull=True, label=row.parent_label)
        try:
            item_add(actor=actor, plan=plan, data=data, owners=row.owners)
        except DomainError as exc:
            raise DomainError(exc.code, f"第{row.row}行：{exc.message}", fields=exc.fields) from exc
        count += 1
    audit_record(
        actor=actor,
        action=PlansAudit.ITEMS_IMPORT,
        org=plan.org,
        target=plan,
        after={"items": count, "source": source},
    )
    return count
