"""Rules A2 and A3 on integers: largest-remainder splits always add up to the total and never stray from the
exact quota by a whole seat; the floor and cap checks agree with exact fractions (property tests against a plain
reference)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gonghui.awards.arith import Bound, largest_remainder

BASES = st.dictionaries(
    st.text("东西南北朝海丰石通顺", min_size=1, max_size=3), st.integers(0, 10**7), max_size=20
)


@given(total=st.integers(0, 10**4), bases=BASES)
def test_a_split_adds_up_to_the_total_and_each_part_is_its_quota_rounded(total, bases):  # rule A2
    if not bases:
        assert largest_remainder(0, bases) == {}
        return
    parts = largest_remainder(total, bases)
    assert sum(parts.values()) == total
    assert set(parts) == set(bases)
    whole = sum(bases.values())
    for k, part in parts.items():
        exact = Fraction(total * bases[k], whole) if whole else Fraction(total, len(bases))
        assert exact - 1 < part < exact + 1  # the floor or the ceiling of the exact quota, never further


@given(total=st.integers(0, 500), bases=BASES)
def test_the_leftover_seats_go_to_the_largest_remainders(total, bases):  # rule A2, the Hamilton method
    if not bases or not sum(bases.values()):
        return
    parts = largest_remainder(total, bases)
    whole = sum(bases.values())
    rem = {k: Fraction(total * b, whole) - (total * b // whole) for k, b in bases.items()}
    got_one = [k for k in bases if parts[k] > total * bases[k] // whole]
    missed = [k for k in bases if parts[k] == total * bases[k] // whole]
    if got_one and missed:
        assert min(rem[k] for k in got_one) >= max(rem[k] for k in missed)


def test_the_split_a_cadre_checks_by_hand():
    # 13 medals over three districts of 5,000, 3,000 and 2,000 members: 6.5, 3.9, 2.6 → 6, 3, 2 and two left over
    # for the largest remainders (0.9, then 0.6 beats 0.5)
    assert largest_remainder(13, {"朝阳": 5000, "海淀": 3000, "通州": 2000}) == {
        "朝阳": 6,
        "海淀": 4,
        "通州": 3,
    }
    assert largest_remainder(3, {"甲": 0, "乙": 0}) == {"甲": 2, "乙": 1}  # no base: even, first listed first
    with pytest.raises(ValueError):
        largest_remainder(-1, {"甲": 1})


@given(count=st.integers(0, 400), extra=st.integers(0, 400), percent=st.integers(0, 100), floor=st.booleans())
def test_a_rule_agrees_with_exact_fractions(count, extra, percent, floor):  # rule A3
    total = count + extra
    rule = Bound("industrial", "产业工人", percent, floor=floor)
    if total == 0:
        assert rule.met(count, total)
        return
    share = Fraction(count, total)
    assert rule.met(count, total) == (
        share >= Fraction(percent, 100) if floor else share <= Fraction(percent, 100)
    )
    # the shown share never looks like a pass when the rule fails, nor like a failure when it passes
    shown = int(rule.shown(count, total).split(" ")[1].split("%")[0])
    assert (shown >= percent if floor else shown <= percent) == rule.met(count, total)
    # the count that would meet the rule meets it, and one fewer step would not
    need = rule.needed(count, total)
    fixed = count + need if floor else count - need
    assert rule.met(fixed, total)
    if need:
        assert not rule.met(fixed - 1 if floor else fixed + 1, total)


def test_the_figure_a_cadre_reads():
    rule = Bound("industrial", "产业工人", 35)
    assert rule.shown(19, 50) == "产业工人 38%，下限35%"
    assert not rule.met(17, 50) and rule.shown(17, 50) == "产业工人 34%，下限35%" and rule.needed(17, 50) == 1
    cap = Bound("heads", "企业负责人", 10, floor=False)
    assert not cap.met(6, 50) and cap.shown(6, 50) == "企业负责人 12%，上限10%" and cap.needed(6, 50) == 1
