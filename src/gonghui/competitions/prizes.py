"""Ranks and prize tiers on integers (rules C2, C3): pure functions, no database.

`shared_ranks` turns entrants sorted best first into standard competition ranks ("1224": tied entrants share the
better rank and the next rank skips), `tier_counts` turns each tier's count or share into a number of places, and
`assign_tiers` gives each ranked entrant the tier whose places its rank falls in. An entrant tied across a tier
boundary (rank 2 of two tied when 一等奖 has one place) therefore gets the higher tier with the others it ties with,
and the places they take are counted against the tiers below (C3: "all share the higher tier"); with the `chain`
rule the format breaks ties by its configured chain first, so only entrants the chain cannot separate still share.
"""

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass


def shared_ranks[T](ordered: Sequence[T], key: Callable[[T], Hashable]) -> list[tuple[T, int]]:
    """(item, rank) for items sorted best first: items with equal keys share the rank of the first of them."""
    out: list[tuple[T, int]] = []
    previous: object = object()
    rank = 0
    for position, item in enumerate(ordered, start=1):
        k = key(item)
        if position == 1 or k != previous:
            rank = position
        out.append((item, rank))
        previous = k
    return out


@dataclass(frozen=True)
class Tier:
    name: str
    count: int | None = None  # places
    share: int | None = None  # percent of the ranked entrants, rounded down; neither: everyone left


def tier_counts(tiers: Sequence[Tier], entrants: int) -> list[int | None]:
    """Each tier's places for a group of `entrants` ranked entrants: a count as given, a share rounded down
    (p% of n is floor(p*n/100), on integers), None for a tier that takes everyone left."""
    out: list[int | None] = []
    for tier in tiers:
        if tier.count is not None:
            out.append(tier.count)
        elif tier.share is not None:
            out.append(tier.share * entrants // 100)
        else:
            out.append(None)
    return out


def assign_tiers[T](
    ranked: Sequence[tuple[T, int]], tiers: Sequence[Tier]
) -> list[tuple[T, int, int | None]]:
    """(item, rank, index of its tier or None) for each ranked item: tier t holds the ranks after the places of
    the tiers before it, up to and including its own places; an open tier (None) holds every rank left."""
    counts = tier_counts(tiers, len(ranked))
    bounds: list[int | None] = []  # the last rank each tier holds
    total = 0
    for count in counts:
        if count is None:
            bounds.append(None)
            break
        total += count
        bounds.append(total)
    out = []
    for item, rank in ranked:
        tier = None
        for index, bound in enumerate(bounds):
            if bound is None or rank <= bound:
                tier = index
                break
        out.append((item, rank, tier))
    return out
