"""The arithmetic of a round, on integers only (DOMAIN §6 A2, A3): splitting a quota down the tree by the
largest-remainder method, and composition floors and caps.

Nothing here uses floats: a share is compared as `count * 100` against `percent * total`, a quota's exact part
`total * base / sum` is kept as its integer quotient and remainder.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass


def largest_remainder[K: Hashable](total: int, bases: Mapping[K, int]) -> dict[K, int]:
    """Split `total` over the keys in proportion to their bases, the parts adding up to `total` exactly
    (rule A2, the Hamilton method): each key gets the whole part of its exact quota, and the seats left over go
    to the largest remainders; equal remainders go to the larger base, then to the key listed first. Bases that
    are all zero split evenly. Negative numbers are refused."""
    if total < 0 or any(b < 0 for b in bases.values()):
        raise ValueError("总数和分配基数不能为负数")
    keys = list(bases)
    if not keys:
        if total:
            raise ValueError("没有可分配的单位")
        return {}
    weights = dict(bases) if sum(bases.values()) else dict.fromkeys(keys, 1)
    whole = sum(weights.values())
    parts: dict[K, int] = {}
    remainders: dict[K, int] = {}
    for k in keys:
        parts[k], remainders[k] = divmod(total * weights[k], whole)
    left = total - sum(parts.values())
    order = sorted(range(len(keys)), key=lambda i: (-remainders[keys[i]], -weights[keys[i]], i))
    for i in order[:left]:
        parts[keys[i]] += 1
    return parts


@dataclass(frozen=True)
class Bound:
    """A composition rule of a round (rule A3): the share of nominees in `category` is at least (`floor`) or at
    most (cap) `percent` per cent of the list."""

    category: str
    label: str
    percent: int
    floor: bool = True

    def met(self, count: int, total: int) -> bool:
        """A floor p% is met iff count*100 >= p*total; a cap iff count*100 <= p*total (integers, rule A3). An
        empty list meets every rule: there is nothing to compose yet."""
        if total == 0:
            return True
        return count * 100 >= self.percent * total if self.floor else count * 100 <= self.percent * total

    def shown(self, count: int, total: int) -> str:
        """The figure as a cadre reads it, e.g. "产业工人 38%，下限35%". The share is rounded towards the rule's
        limit (down for a floor, up for a cap), so a failing list never shows a share that looks like a pass."""
        if total == 0:
            share = 0
        elif self.floor:
            share = count * 100 // total
        else:
            share = -(-count * 100 // total)
        return f"{self.label} {share}%，{'下限' if self.floor else '上限'}{self.percent}%"

    def needed(self, count: int, total: int) -> int:
        """For a floor not met: how many more nominees of the category (replacing others, the list's length kept)
        would meet it. For a cap exceeded: how many fewer. 0 when met."""
        if self.met(count, total):
            return 0
        target = -(-self.percent * total // 100) if self.floor else self.percent * total // 100
        return abs(target - count)
