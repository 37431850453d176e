"""The arithmetic of a judged stage (rules C2, C3): pure functions on integers and fractions, no database.

Marks are integers in hundredths of a mark (92.35分 is 9235). For each entrant and criterion:
- a measured criterion has one mark, entered by the organiser;
- a judged criterion has one mark from each judge who scored it; its aggregate is the mean of those marks, or,
  when 5 or more judges scored it, the trimmed mean: one highest and one lowest mark dropped, the mean of the rest
  (rule C2). Means are `Fraction`s, so two entrants compare exactly.

The total: without weights, the sum of the criteria's aggregates (in hundredths). With weights per part
(理论 30 / 实操 70), each part's percentage is 100 × (the part's aggregates summed) / (the part's maximum marks
summed), and the total is Σ weight × percentage / Σ weights: a score out of 100, in hundredths as well
(× 100). Every criterion then needs a part named in the weights.

Ranking: by total, then the tie chain of the stage (rule C2: e.g. the practice part, then a named criterion),
higher first at each step; entrants still equal share a rank ("1224", `prizes.shared_ranks`).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from . import prizes

TRIM_FROM = 5  # rule C2: with 5 or more judges the highest and the lowest mark are dropped


def aggregate(marks: Sequence[int]) -> Fraction:
    """The mean of a criterion's marks, trimmed with 5 or more judges (rule C2). No marks: 0."""
    if not marks:
        return Fraction(0)
    ordered = sorted(marks)
    if len(ordered) >= TRIM_FROM:
        ordered = ordered[1:-1]
    return Fraction(sum(ordered), len(ordered))


@dataclass(frozen=True)
class Crit:
    key: int
    name: str
    max_points: int  # hundredths
    part: str = ""


def parts_of(criteria: Sequence[Crit]) -> dict[str, int]:
    """Each part's maximum (hundredths), in the criteria's order."""
    out: dict[str, int] = {}
    for c in criteria:
        out[c.part] = out.get(c.part, 0) + c.max_points
    return out


def part_points(criteria: Sequence[Crit], agg: Mapping[int, Fraction]) -> dict[str, Fraction]:
    out: dict[str, Fraction] = {}
    for c in criteria:
        out[c.part] = out.get(c.part, Fraction(0)) + agg.get(c.key, Fraction(0))
    return out


def total(criteria: Sequence[Crit], agg: Mapping[int, Fraction], weights: Mapping[str, int]) -> Fraction:
    """The entrant's total in hundredths: the plain sum, or the weighted sum of the parts' percentages."""
    if not weights:
        return sum((agg.get(c.key, Fraction(0)) for c in criteria), Fraction(0))
    maxima = parts_of(criteria)
    points = part_points(criteria, agg)
    weight_sum = sum(weights.values())
    out = Fraction(0)
    for part, w in weights.items():
        if maxima.get(part):
            out += Fraction(w) * 100 * points.get(part, Fraction(0)) / maxima[part]
    return out * 100 / weight_sum  # a percentage, in hundredths


def chain_value(step: str, criteria: Sequence[Crit], agg: Mapping[int, Fraction]) -> Fraction:
    """One step of the tie chain: "part:实操" (the part's points) or "criterion:用料配比" (its aggregate)."""
    kind, _colon, name = step.partition(":")
    if kind == "part":
        return part_points(criteria, agg).get(name, Fraction(0))
    for c in criteria:
        if c.name == name:
            return agg.get(c.key, Fraction(0))
    return Fraction(0)


def sort_key(
    criteria: Sequence[Crit], agg: Mapping[int, Fraction], weights: Mapping[str, int], chain: Sequence[str]
) -> tuple[Fraction, ...]:
    return (total(criteria, agg, weights), *(chain_value(s, criteria, agg) for s in chain))


def rank[T](keyed: Sequence[tuple[T, tuple[Fraction, ...]]]) -> list[tuple[T, int, tuple[Fraction, ...]]]:
    """(item, rank, key) best first: higher keys first, equal keys share the rank (rules C2, C3)."""
    ordered = sorted(keyed, key=lambda pair: pair[1], reverse=True)
    return [(item, r, k) for (item, k), r in prizes.shared_ranks(ordered, key=lambda pair: pair[1])]


def hundredths(value: Fraction) -> str:
    """A figure in hundredths shown with 2 decimals, rounded half up: Fraction(923451, 100) → "92.35"."""
    cents = (value * 2 + 1) // 2  # round half up, on integers
    whole, part = divmod(int(cents), 100)
    return f"{whole}.{part:02d}"


def marks(points: int) -> str:
    """Hundredths as a mark without trailing zeros: 5000 → "50", 850 → "8.5", 825 → "8.25"."""
    whole, part = divmod(points, 100)
    return f"{whole}.{part:02d}".rstrip("0").rstrip(".") if part else str(whole)


def parse_points(text: str) -> int | None:
    """A mark as typed ("8", "8.5", "8.25") in hundredths; None when it is not a number with at most 2 decimals."""
    text = (text or "").strip()
    if not text:
        return None
    whole, dot, frac = text.partition(".")
    if not whole.isdigit() or (dot and (not frac.isdigit() or len(frac) > 2)) or (dot and not frac):
        return None
    return int(whole) * 100 + (int(frac.ljust(2, "0")) if frac else 0)
