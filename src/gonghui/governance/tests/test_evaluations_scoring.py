"""The arithmetic of evaluations (rule G4): each method on named cases, ranking with shared ranks, rounding for
display, and the totals against a plain reference over generated schemes."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.governance import evaluations_scoring as s
from gonghui.governance.evaluations_scoring import Category, Indicator


def test_threshold_full_points_at_or_above_else_partial():  # rule G4
    assert s.threshold(2000, 9000, 9000) == 20
    assert s.threshold(2000, 9100, 9000) == 20
    assert s.threshold(2000, 8999, 9000) == 0
    assert s.threshold(2000, 8999, 9000, partial=500) == 5


def test_deduction_never_below_the_floor():  # rule G4
    assert s.deduction(1000, 200, 200) == 6  # 10 − 2 × 2
    assert s.deduction(1000, 500, 200, floor=400) == 4  # 10 − 10 → floor 4
    assert s.deduction(1000, 0, 200, floor=400) == 10


def test_ratio_to_the_best():  # rule G4
    assert s.ratio(1000, 300, 900) == Fraction(10, 3)
    assert s.ratio(1000, 900, 900) == 10
    assert s.ratio(1000, 0, 0) == 0


def test_bonus_and_penalty_capped():  # rule G4
    assert s.capped(500, 300) == 3
    assert s.capped(200, 300) == 2
    assert s.capped(-100, 300) == 0
    assert s.capped(900, None) == 9


def test_shown_rounds_half_up_only_at_display():
    assert s.shown(Fraction(85335, 1000)) == "85.34"
    assert s.shown(Fraction(85334, 1000)) == "85.33"
    assert s.shown(Fraction(10, 3)) == "3.33"
    assert s.shown(Fraction(20, 3)) == "6.67"
    assert s.shown(Fraction(-5, 1000)) == "-0.01"
    assert s.shown(0) == "0.00"


CATS = [Category("A", 60), Category("B", 40)]
INDS = [
    Indicator("t", "A", s.THRESHOLD, 1000, {"threshold": 9000}),
    Indicator("d", "A", s.DEDUCTION, 1000, {"per": 200, "floor": 400}),
    Indicator("r", "B", s.RATIO, 1000),
    Indicator("b", "B", s.BONUS, 0, {"cap": 300}),
    Indicator("p", "B", s.PENALTY, 0, {"cap": 200}),
    Indicator("v", "A", s.VETO, 0, {"mode": s.VETO_ZERO}),
    Indicator("w", "A", s.VETO, 0, {"mode": s.VETO_LAST}),
]


def test_a_tree_weighs_categories_and_adds_bonuses():
    values = {
        "东湖": {"t": 9500, "d": 100, "r": 800, "b": 500},  # A: (10 + 8) / 20 × 60 = 54; B: 10/10 × 40; +3
        "常营": {"t": 8000, "d": 0, "r": 400, "p": 100},  # A: 10/20 × 60 = 30; B: 20; −1
    }
    r = {x.unit: x for x in s.evaluate(CATS, INDS, values)}
    assert r["东湖"].total == 97 and r["东湖"].rank == 1
    assert r["常营"].total == 49 and r["常营"].rank == 2
    assert r["东湖"].per_category == {"A": 54, "B": 40}


def test_one_item_veto_zeroes_or_ranks_last_and_marks():  # rule G4 一票否决
    values = {
        "甲": {"t": 9500, "r": 800, "v": 100},
        "乙": {"t": 9500, "r": 800, "w": 100},
        "丙": {"t": 0, "r": 100},
    }
    r = {x.unit: x for x in s.evaluate(CATS, INDS, values)}
    assert r["甲"].total == 0 and r["甲"].veto == s.VETO_ZERO
    assert r["乙"].total > r["丙"].total and r["乙"].veto == s.VETO_LAST
    assert (r["丙"].rank, r["甲"].rank, r["乙"].rank) == (1, 2, 3)


def test_ties_share_a_rank_and_the_next_skips():
    rows = [s.Result(u, Fraction(t), {}, {}) for u, t in (("a", 90), ("b", 80), ("c", 80), ("d", 70))]
    assert [(r.unit, r.rank) for r in s.rank(rows)] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


# ---- property: the totals and ranks against a plain reference ---------------------------------------------------


def reference(categories, indicators, values):
    """A slower, literal reading of rule G4, in integers scaled by every denominator at once via Fraction."""
    out = {}
    for u, vals in values.items():
        total = Fraction(0)
        veto = ""
        for c in categories:
            got = full = Fraction(0)
            for i in indicators:
                if i.category != c.key or i.method not in (s.THRESHOLD, s.DEDUCTION, s.RATIO):
                    continue
                v = vals.get(i.key, 0)
                full += Fraction(i.max_points, 100)
                if i.method == s.THRESHOLD:
                    got += Fraction(i.max_points, 100) if v >= i.params["threshold"] else 0
                elif i.method == s.DEDUCTION:
                    got += max(
                        Fraction(i.max_points, 100) - Fraction(v * i.params["per"], 10000), Fraction(0)
                    )
                else:
                    best = max(values[x].get(i.key, 0) for x in values)
                    got += Fraction(i.max_points * v, 100 * best) if best > 0 and v > 0 else 0
            if full:
                total += c.weight * got / full
        for i in indicators:
            v = vals.get(i.key, 0)
            if i.method == s.BONUS:
                total += Fraction(min(max(v, 0), i.params["cap"]), 100)
            if i.method == s.VETO and v and i.params["mode"] == s.VETO_ZERO:
                veto = "zero"
        out[u] = Fraction(0) if veto else total
    ranks = {u: 1 + sum(1 for x in out.values() if x > t) for u, t in out.items()}
    return out, ranks


@st.composite
def schemes(draw):
    n_cats = draw(st.integers(1, 3))
    cats = [Category(f"c{k}", draw(st.integers(1, 60))) for k in range(n_cats)]
    inds = []
    for k in range(draw(st.integers(1, 6))):
        method = draw(st.sampled_from([s.THRESHOLD, s.DEDUCTION, s.RATIO, s.BONUS, s.VETO]))
        params = {
            s.THRESHOLD: {"threshold": draw(st.integers(0, 10000))},
            s.DEDUCTION: {"per": draw(st.integers(0, 500)), "floor": 0},
            s.RATIO: {},
            s.BONUS: {"cap": draw(st.integers(0, 500))},
            s.VETO: {"mode": s.VETO_ZERO},
        }[method]
        inds.append(
            Indicator(
                f"i{k}", f"c{draw(st.integers(0, n_cats - 1))}", method, draw(st.integers(1, 3000)), params
            )
        )
    units = [f"u{k}" for k in range(draw(st.integers(1, 5)))]
    values = {
        u: {
            i.key: (draw(st.integers(0, 1)) if i.method == s.VETO else draw(st.integers(0, 10000)))
            for i in inds
        }
        for u in units
    }
    return cats, inds, values


@settings(max_examples=150, deadline=None)
@given(schemes())
def test_totals_and_ranks_match_the_reference(case):
    cats, inds, values = case
    totals, ranks = reference(cats, inds, values)
    got = s.evaluate(cats, inds, values)
    assert {r.unit: r.total for r in got} == totals
    assert {r.unit: r.rank for r in got} == ranks
    assert [r.rank for r in got] == sorted(r.rank for r in got)
