"""Reading work plans (rule G3): the plans an actor may open, a plan as the actor sees it, the roll-up of its
progress, and the figures of a subtree and period.

Who sees what: the plan's node and those above (`Plan.objects.restrict(actor, "view")`) see the whole plan; an owner
unit below sees the plan's title and only the items assigned to it (the assignment's unit within the actor's
`restrict`ed nodes); anyone else gets 404.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]` lists what
waits for the cadres of a subtree (scoped with the actor)."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from .models import Plan, PlanItem, PlanItemOwner, PlanStatus, ProgressReport
from .plans_rollup import Node, Rollup, overdue, rollup, weighted

FIGURES = (
    "plans",
    "plan_items",
    "plan_items_done",
    "plan_items_overdue",
    "plan_progress_percent",
)
DUE_SOON_DAYS = 14


def _units(actor, perm: str = "org.view") -> QuerySet[Org]:
    return Org.objects.restrict(actor, perm)


def plans_for(
    *,
    actor,
    org: Org | None = None,
    kind: str = "",
    year: int | None = None,
    search: str = "",
    overdue_only: bool = False,
) -> QuerySet[Plan]:
    """The plans the actor may open: those of its subtree whole, and those with an item assigned to one of its
    units (G3)."""
    assigned = PlanItemOwner.objects.filter(org__in=_units(actor).values("pk")).values("item__plan_id")
    qs = Plan.objects.filter(
        Q(pk__in=Plan.objects.restrict(actor, "view").values("pk"))
        | (Q(pk__in=assigned) & ~Q(status=PlanStatus.DRAFT))
    ).select_related("org")
    if org is not None:
        qs = qs.in_subtree(org)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if term := search.strip():
        qs = qs.filter(Q(title__icontains=term) | Q(items__title__icontains=term)).distinct()
    if overdue_only:
        ids = [p.pk for p in qs if overdue_count(p, timezone.localdate())]
        qs = qs.filter(pk__in=ids)
    return qs


# ---- the roll-up on a plan's records -----------------------------------------------------------------------------


def latest_reports(items: Iterable[PlanItem]) -> dict[tuple[int, int], ProgressReport]:
    """(item id, unit id) → that unit's latest report on the item (by date, then entry)."""
    found: dict[tuple[int, int], ProgressReport] = {}
    rows = ProgressReport.objects.filter(item__in=[i.pk for i in items]).select_related("org")
    for r in rows.order_by("reported_on", "id"):
        found[(r.item_id, r.org_id)] = r
    return found


def plan_rollup(plan: Plan, items: list[PlanItem] | None = None, owners=None, latest=None) -> Rollup:
    items = items if items is not None else list(plan.items.all())
    if owners is None:
        owners = _owners(items)
    if latest is None:
        latest = latest_reports(items)
    nodes = [Node(i.pk, i.parent_id, i.weight, [o.pk for o in owners.get(i.pk, [])]) for i in items]
    return rollup(nodes, {k: r.percent for k, r in latest.items()})


def _owners(items: Iterable[PlanItem]) -> dict[int, list[Org]]:
    found: dict[int, list[Org]] = defaultdict(list)
    for a in (
        PlanItemOwner.objects.filter(item__in=[i.pk for i in items])
        .select_related("org")
        .order_by("org__path")
    ):
        found[a.item_id].append(a.org)
    return found


def overdue_count(plan: Plan, as_of: dt.date) -> int:
    items = list(plan.items.all())
    r = plan_rollup(plan, items)
    leaves = _leaves(items)
    return sum(1 for i in leaves if overdue(i.due_on, r.items[i.pk], as_of))


def _leaves(items: list[PlanItem]) -> list[PlanItem]:
    parents = {i.parent_id for i in items}
    return [i for i in items if i.pk not in parents]


@dataclass
class ItemRow:
    item: PlanItem
    depth: int
    progress: int
    overdue: bool
    owners: list[Org]
    latest: list[ProgressReport]
    reportable: list[Org] = field(default_factory=list)  # the actor's units that may report on it
    leaf: bool = True  # an item without items under it (a section rolls its items up)

    @property
    def done(self) -> bool:
        return self.progress >= 100


@dataclass
class PlanView:
    plan: Plan
    whole: bool  # the plan's node or above: every item and the plan's progress
    rows: list[ItemRow]
    progress: int | None  # None for an owner unit, which sees only its items
    as_of: dt.date

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.rows if r.overdue and r.leaf)

    @property
    def reportable(self) -> bool:
        return any(r.reportable for r in self.rows)


def plan_get(*, actor, pk, perm: str = "view") -> Plan:
    """A plan the actor holds `perm` on whole (view: its node or above; manage: work.edit there)."""
    found = (
        Plan.objects.restrict(actor, perm).select_related("org").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该工作计划")
    return found


def item_get(*, plan: Plan, pk) -> PlanItem:
    """An item of a plan already reached through `plan_get` (scoped there)."""
    found = plan.items.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound("未找到该事项")
    return found


def plan_view(*, actor, pk, as_of: dt.date | None = None) -> PlanView:
    """The plan as the actor sees it (G3): whole from its node and above, only the assigned items from an owner
    unit below, 404 from anywhere else."""
    as_of = as_of or timezone.localdate()
    plan = Plan.objects.select_related("org").filter(pk=pk).first() if str(pk).isdigit() else None
    if plan is None:
        raise NotFound("未找到该工作计划")
    whole = Plan.objects.restrict(actor, "view").filter(pk=plan.pk).exists()
    items = list(plan.items.all())
    owners = _owners(items)
    mine_view = set(
        _units(actor).filter(pk__in={o.pk for os in owners.values() for o in os}).values_list("pk", flat=True)
    )
    mine_edit = set(_units(actor, "work.edit").filter(pk__in=mine_view).values_list("pk", flat=True))
    if not whole:
        shown_ids = {i.pk for i in items if any(o.pk in mine_view for o in owners.get(i.pk, []))}
        if not shown_ids or plan.status == PlanStatus.DRAFT:
            raise NotFound("未找到该工作计划")
    latest = latest_reports(items)
    r = plan_rollup(plan, items, owners, latest)
    depth: dict[int, int] = {}
    by_id = {i.pk: i for i in items}

    def depth_of(i: PlanItem) -> int:
        if i.pk not in depth:
            depth[i.pk] = (
                0 if i.parent_id is None or i.parent_id not in by_id else depth_of(by_id[i.parent_id]) + 1
            )
        return depth[i.pk]

    parents = {i.parent_id for i in items}
    rows = []
    for i in _tree_order(items):
        item_owners = owners.get(i.pk, [])
        if not whole and not any(o.pk in mine_view for o in item_owners):
            continue
        seen_owners = item_owners if whole else [o for o in item_owners if o.pk in mine_view]
        rows.append(
            ItemRow(
                item=i,
                depth=depth_of(i) if whole else 0,
                progress=r.items[i.pk],
                overdue=overdue(i.due_on, r.items[i.pk], as_of),
                owners=seen_owners,
                latest=[latest[(i.pk, o.pk)] for o in seen_owners if (i.pk, o.pk) in latest],
                leaf=i.pk not in parents,
                reportable=[o for o in item_owners if o.pk in mine_edit]
                if plan.status == PlanStatus.PUBLISHED
                else [],
            )
        )
    return PlanView(plan=plan, whole=whole, rows=rows, progress=r.plan if whole else None, as_of=as_of)


def _tree_order(items: list[PlanItem]) -> list[PlanItem]:
    kids: dict[int | None, list[PlanItem]] = defaultdict(list)
    ids = {i.pk for i in items}
    for i in items:
        kids[i.parent_id if i.parent_id in ids else None].append(i)
    out: list[PlanItem] = []

    def walk(parent: int | None) -> None:
        for i in sorted(kids.get(parent, []), key=lambda x: (x.sort_key, x.pk)):
            out.append(i)
            walk(i.pk)

    walk(None)
    return out


# ---- figures of a subtree and period ----------------------------------------------------------------------------


def _plans_in(org: Org, start: dt.date, end: dt.date) -> QuerySet[Plan]:
    """The subtree's published or completed plans whose period overlaps [start, end]."""
    return (
        Plan.objects.in_subtree(org)
        .exclude(status=PlanStatus.DRAFT)
        .filter(starts_on__lte=end, ends_on__gte=start)
    )


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """Plans, their items (the leaves: a section counts through its items), done (100%), overdue as of
    min(end, today), and the plans' mean progress, floored (G3)."""
    as_of = min(end, timezone.localdate())
    plans = list(_plans_in(org, start, end))
    items_n = done = late = 0
    progress = []
    for plan in plans:
        items = list(plan.items.all())
        r = plan_rollup(plan, items)
        progress.append((None, r.plan))
        for i in _leaves(items):
            items_n += 1
            done += r.items[i.pk] >= 100
            late += overdue(i.due_on, r.items[i.pk], as_of)
    return {
        "plans": len(plans),
        "plan_items": items_n,
        "plan_items_done": done,
        "plan_items_overdue": late,
        "plan_progress_percent": weighted(progress),
    }


def sentence(fig: dict[str, int]) -> str:
    """ "部署工作计划3项、事项36项，已完成12项，整体进度58%，逾期4项" (only what is not zero)."""
    if not fig.get("plans"):
        return ""
    head = f"部署工作计划{thousands(fig['plans'])}项"
    if fig.get("plan_items"):
        head += f"、事项{thousands(fig['plan_items'])}项"
    parts = [head]
    if fig.get("plan_items_done"):
        parts.append(f"已完成{thousands(fig['plan_items_done'])}项")
    if fig.get("plan_progress_percent"):
        parts.append(f"整体进度{fig['plan_progress_percent']}%")
    if fig.get("plan_items_overdue"):
        parts.append(f"逾期{thousands(fig['plan_items_overdue'])}项")
    return "，".join(parts)


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """Overdue items assigned to units of the subtree, and items due within 14 days that the unit has not yet
    reported on (G3), among the plans the actor may open."""
    if not in_scope(actor, "org.view", org):
        return []
    today = timezone.localdate()
    assignments = (
        PlanItemOwner.objects.filter(org__in=Org.objects.in_subtree(org).values("pk"))
        .filter(item__plan__status=PlanStatus.PUBLISHED, item__children__isnull=True)
        .select_related("item", "item__plan")
    )
    plans: dict[int, Plan] = {}
    late = soon = 0
    rolled: dict[int, Rollup] = {}
    for a in assignments:
        plan = a.item.plan
        plans.setdefault(plan.pk, plan)
        if plan.pk not in rolled:
            rolled[plan.pk] = plan_rollup(plan)
        progress = rolled[plan.pk].items.get(a.item_id, 0)
        if overdue(a.item.due_on, progress, today):
            late += 1
        elif (
            a.item.due_on is not None
            and today <= a.item.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS)
            and not ProgressReport.objects.filter(item_id=a.item_id, org_id=a.org_id).exists()
        ):
            soon += 1
    url = f"{reverse('governance:plans')}?org={org.pk}"
    return [
        ("计划事项逾期未完成", late, f"{url}&overdue=1"),
        ("计划事项14天内到期未报告进展", soon, url),
    ]
