"""The arithmetic of an evaluation (rule G4), pure and exact: no database, no floats.

Inputs are whole hundredths (a value of 85.5 is 8550, a maximum of 20 points is 2000). Scores are kept as
`fractions.Fraction` of points; they are rounded only for display, to 2 decimals, half-up (`shown`).

The methods (rule G4):
- threshold (达标): the full points if the measured value reaches the threshold, else the partial points (0 if
  none configured);
- deduction (扣分): the full points less the points per deduction times the number of deductions (the value),
  never below the floor;
- ratio (比较): the full points × the value / the best value among the units evaluated (0 if the best is 0);
- bonus (加分) and penalty (减分): the value as points, capped at the configured cap, added to or subtracted from
  the total outside the weighting;
- veto (一票否决): a value other than 0 vetoes the unit: its total becomes 0 (mode "zero") or it is ranked after
  every unit not vetoed and marked (mode "last").

A unit's total = Σ over categories of weight × (Σ of the category's points) / (Σ of the category's full points),
+ bonuses − penalties; so a scheme whose weights add up to 100 gives totals out of 100 before bonuses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

THRESHOLD = "threshold"
DEDUCTION = "deduction"
RATIO = "ratio"
BONUS = "bonus"
PENALTY = "penalty"
VETO = "veto"
METHODS = (THRESHOLD, DEDUCTION, RATIO, BONUS, PENALTY, VETO)
WEIGHTED = (THRESHOLD, DEDUCTION, RATIO)  # the methods whose points count within their category's weight
VETO_ZERO = "zero"
VETO_LAST = "last"


def points(hundredths: int) -> Fraction:
    return Fraction(hundredths, 100)


def shown(value: Fraction | int) -> str:
    """The display form: 2 decimals, half-up (85.335 → "85.34", -0.005 → "-0.01")."""
    exact = Fraction(value)
    sign = -1 if exact < 0 else 1
    scaled = abs(exact) * 100
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if rest * 2 >= scaled.denominator:
        whole += 1
    d = Decimal(sign * whole).scaleb(-2).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{d:.2f}" if d != 0 else "0.00"


def threshold(max_points: int, value: int, threshold: int, partial: int = 0) -> Fraction:
    """Full points if value ≥ threshold, else the partial points (hundredths throughout)."""
    return points(max_points) if value >= threshold else points(min(partial, max_points))


def deduction(max_points: int, count: int, per_deduction: int, floor: int = 0) -> Fraction:
    """max − count × per, never below the floor; `count` in hundredths (2 deductions: 200)."""
    raw = points(max_points) - points(count) * points(per_deduction)
    return max(raw, points(floor))


def ratio(max_points: int, value: int, best: int) -> Fraction:
    """max × value / best; 0 when the best is 0 or less; never negative."""
    if best <= 0 or value <= 0:
        return Fraction(0)
    return points(max_points) * Fraction(value, best)


def capped(value: int, cap: int | None) -> Fraction:
    """A bonus or penalty: the value as points, 0 at least, at most the cap (no cap if None)."""
    v = max(value, 0)
    if cap is not None:
        v = min(v, cap)
    return points(v)


@dataclass(frozen=True)
class Indicator:
    key: object
    category: object
    method: str
    max_points: int = 0  # hundredths
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Category:
    key: object
    weight: int  # whole points of the total (weights of a scheme usually add up to 100)


@dataclass
class Result:
    unit: object
    total: Fraction
    per_indicator: dict[object, Fraction]
    per_category: dict[object, Fraction]
    veto: str = ""  # "" not vetoed, VETO_ZERO (total 0), VETO_LAST (ranked last and marked)
    rank: int = 0

    @property
    def vetoed(self) -> bool:
        return bool(self.veto)

    @property
    def total_shown(self) -> str:
        return shown(self.total)


def _int(params: Mapping[str, object], key: str, default: int | None = 0) -> int | None:
    v = params.get(key, default)
    return None if v is None else int(v)  # type: ignore[call-overload]


def indicator_points(ind: Indicator, value: int, best: int) -> Fraction:
    """One indicator's points for one unit (bonus and penalty positive, veto 0)."""
    p = ind.params
    if ind.method == THRESHOLD:
        return threshold(ind.max_points, value, _int(p, "threshold") or 0, _int(p, "partial") or 0)
    if ind.method == DEDUCTION:
        return deduction(ind.max_points, value, _int(p, "per") or 0, _int(p, "floor") or 0)
    if ind.method == RATIO:
        return ratio(ind.max_points, value, best)
    if ind.method in (BONUS, PENALTY):
        return capped(value, _int(p, "cap", None))
    if ind.method == VETO:
        return Fraction(0)
    raise ValueError(f"unknown method {ind.method!r}")


def evaluate(
    categories: Sequence[Category],
    indicators: Sequence[Indicator],
    values: Mapping[object, Mapping[object, int]],
) -> list[Result]:
    """Every unit's points, totals and ranks. `values[unit][indicator key]` is the value (hundredths) the unit
    is scored on; a missing value counts as 0. Results come best first (see `rank`)."""
    units = list(values)
    best = {
        ind.key: max((values[u].get(ind.key, 0) for u in units), default=0)
        for ind in indicators
        if ind.method == RATIO
    }
    full = {c.key: Fraction(0) for c in categories}
    for ind in indicators:
        if ind.method in WEIGHTED:
            full[ind.category] = full.get(ind.category, Fraction(0)) + points(ind.max_points)
    results = []
    for u in units:
        per_ind: dict[object, Fraction] = {}
        got = {c.key: Fraction(0) for c in categories}
        extra = Fraction(0)
        struck: set[str] = set()
        for ind in indicators:
            value = values[u].get(ind.key, 0)
            pts = indicator_points(ind, value, best.get(ind.key, 0))
            if ind.method in WEIGHTED:
                got[ind.category] = got.get(ind.category, Fraction(0)) + pts
            elif ind.method == BONUS:
                extra += pts
            elif ind.method == PENALTY:
                extra -= pts
                pts = -pts
            elif ind.method == VETO and value != 0:
                struck.add(VETO_LAST if str(ind.params.get("mode", VETO_ZERO)) == VETO_LAST else VETO_ZERO)
            per_ind[ind.key] = pts
        per_cat = {
            c.key: (Fraction(c.weight) * got[c.key] / full[c.key]) if full.get(c.key) else Fraction(0)
            for c in categories
        }
        total = sum(per_cat.values(), Fraction(0)) + extra
        veto = VETO_ZERO if VETO_ZERO in struck else VETO_LAST if struck else ""  # zeroing wins
        if veto == VETO_ZERO:
            total = Fraction(0)
        results.append(Result(u, total, per_ind, per_cat, veto=veto))
    return rank(results)


def rank(results: Iterable[Result]) -> list[Result]:
    """Shared ranks on ties, the next rank skipping (1, 2, 2, 4). A unit vetoed in mode "last" is ranked after
    every other unit (among such units by total); equal exact totals share a rank."""
    rows = sorted(results, key=lambda r: (r.veto == VETO_LAST, -r.total))
    previous: tuple[bool, Fraction] | None = None
    current = 0
    for i, r in enumerate(rows, start=1):
        key = (r.veto == VETO_LAST, r.total)
        if key != previous:
            current = i
            previous = key
        r.rank = current
    return rows
