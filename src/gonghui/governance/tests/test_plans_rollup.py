"""The roll-up of rule G3 against a plain reference, on integers."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from gonghui.governance.plans_rollup import Node, leaf_progress, overdue, rollup, weighted
from gonghui.governance.plans_services import sort_key


def reference(items: list[tuple[int, int | None, int | None, list[int]]], latest: dict) -> tuple[dict, int]:
    """Plain G3: a leaf's progress is the floored mean of its units' latest percentages (missing: 0); a parent's
    and the plan's the floored weighted mean of the children (weight 1 by default)."""
    progress: dict[int, int] = {}

    def of(item_id: int) -> int:
        kids = [i for i in items if i[1] == item_id]
        if kids:
            num = den = 0
            for k in kids:
                w = k[2] if k[2] is not None else 1
                num += w * of(k[0])
                den += w
            value = num // den
        else:
            units = next(i[3] for i in items if i[0] == item_id)
            value = sum(latest.get((item_id, u), 0) for u in units) // len(units) if units else 0
        progress[item_id] = value
        return value

    roots = [i for i in items if i[1] is None]
    num = den = 0
    for r in roots:
        w = r[2] if r[2] is not None else 1
        num += w * of(r[0])
        den += w
    return progress, (num // den if den else 0)


@st.composite
def plans(draw):
    n = draw(st.integers(1, 12))
    items = []
    for i in range(1, n + 1):
        parent = draw(st.one_of(st.none(), st.integers(1, i - 1))) if i > 1 else None
        weight = draw(st.one_of(st.none(), st.integers(1, 10)))
        units = draw(st.lists(st.integers(1, 4), unique=True, max_size=3))
        items.append((i, parent, weight, units))
    latest = {
        (i, u): draw(st.integers(0, 100)) for i, _, _, units in items for u in units if draw(st.booleans())
    }
    return items, latest


@given(plans())
def test_the_rollup_matches_the_plain_reference(case):
    items, latest = case
    got = rollup([Node(i, p, w, units) for i, p, w, units in items], latest)
    expected_items, expected_plan = reference(items, latest)
    assert got.items == expected_items and got.plan == expected_plan
    assert all(0 <= v <= 100 for v in got.items.values()) and 0 <= got.plan <= 100


@given(st.lists(st.tuples(st.one_of(st.none(), st.integers(1, 20)), st.integers(0, 100)), max_size=20))
def test_the_weighted_mean_is_floored_and_within_its_parts(parts):
    got = weighted(parts)
    if not parts:
        assert got == 0
    else:
        assert min(p for _, p in parts) <= got <= max(p for _, p in parts)


def test_rule_g3_examples():
    assert leaf_progress([100, 0]) == 50 and leaf_progress([]) == 0 and leaf_progress([33, 34]) == 33
    assert weighted([(1, 100), (3, 50)]) == 62 and weighted([(None, 99), (None, 100)]) == 99
    day = dt.date(2026, 6, 30)
    assert overdue(day, 99, dt.date(2026, 7, 1)) and not overdue(day, 100, dt.date(2026, 7, 1))
    assert not overdue(day, 0, day) and not overdue(None, 0, day)


def test_item_numbers_sort_as_written():
    assert sorted(["10", "2", "1.10", "1.2", "1"], key=sort_key) == ["1", "1.2", "1.10", "2", "10"]
    assert sorted(["十一", "二", "十", "一", "（三）"], key=sort_key) == ["一", "二", "（三）", "十", "十一"]
