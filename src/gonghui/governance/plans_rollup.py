"""The roll-up of a plan's progress (rule G3), on integers, from plain values (no database):

- a leaf item's progress is the mean over its owner units of each unit's latest reported percentage (a unit that has
  not reported counts 0), floored; an item without owner units is at 0;
- an item with children, and the plan itself, is the weighted mean of its children: sum(w*p) // sum(w), where an
  item's weight is its own or 1 when none is given;
- an item is overdue as of a day when its due date is before that day and its progress is below 100.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass
class Node:
    """One item as the roll-up sees it."""

    id: int
    parent: int | None
    weight: int | None = None
    owners: Sequence[int] = ()
    due_on: dt.date | None = None
    children: list["Node"] = field(default_factory=list)


def leaf_progress(latest: Iterable[int]) -> int:
    """Mean of the owner units' latest percentages (0 for a unit not yet reported), floored (G3)."""
    values = list(latest)
    return sum(values) // len(values) if values else 0


def weighted(parts: Iterable[tuple[int | None, int]]) -> int:
    """sum(w*p) // sum(w) over (weight, progress) pairs, weight 1 where none is given (G3); 0 for none."""
    pairs = [(1 if w is None else w, p) for w, p in parts]
    total = sum(w for w, _ in pairs)
    return sum(w * p for w, p in pairs) // total if total else 0


@dataclass(frozen=True)
class Rollup:
    items: dict[int, int]  # item id -> progress
    plan: int

    def done(self, item_id: int) -> bool:
        return self.items.get(item_id, 0) >= 100


def rollup(nodes: Iterable[Node], latest: Mapping[tuple[int, int], int]) -> Rollup:
    """Every item's progress and the plan's; `latest` maps (item id, unit id) to that unit's latest percentage."""
    by_id = {n.id: Node(n.id, n.parent, n.weight, tuple(n.owners), n.due_on) for n in nodes}
    roots: list[Node] = []
    for n in by_id.values():
        parent = by_id.get(n.parent) if n.parent is not None else None
        (parent.children if parent is not None else roots).append(n)
    progress: dict[int, int] = {}

    def walk(n: Node) -> int:
        if n.children:
            p = weighted((c.weight, walk(c)) for c in n.children)
        else:
            p = leaf_progress(latest.get((n.id, unit), 0) for unit in n.owners)
        progress[n.id] = p
        return p

    plan = weighted((r.weight, walk(r)) for r in roots)
    return Rollup(items=progress, plan=plan)


def overdue(due_on: dt.date | None, progress: int, as_of: dt.date) -> bool:
    """Past its due date (before `as_of`) and not at 100 (G3)."""
    return due_on is not None and due_on < as_of and progress < 100
