"""Heats and a final (rule C6), as plain arithmetic on integers: entrants spread over heats by seed (serpentine),
and the qualifiers for the final: the first `by_place` of each heat (Q) and then the fastest of the rest (q)
until the final's lanes are full. Times are whole hundredths of a second (12.84秒 is 1284); an entrant without a
time (did not start, did not finish, disqualified) neither qualifies nor ranks.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass


def serpentine(seeded: Sequence[Hashable], heats: int) -> list[list[Hashable]]:
    """`seeded` best first spread over `heats` heats the serpentine way (rule C6): 1 2 3 | 6 5 4 | 7 8 9 …, so
    every heat gets a like share of the strong and the sizes differ by at most one."""
    if heats < 1:
        raise ValueError("heats must be at least 1")
    out: list[list[Hashable]] = [[] for _ in range(heats)]
    for i, item in enumerate(seeded):
        row, col = divmod(i, heats)
        out[col if row % 2 == 0 else heats - 1 - col].append(item)
    return out


@dataclass(frozen=True)
class Run:
    """One entrant's run in a heat: `key` names the entrant; `time` in hundredths, None without a time."""

    key: Hashable
    heat: int
    time: int | None
    order: int = (
        0  # the tie-break for equal times at the last place in the final: the better seed (lower) first
    )


@dataclass(frozen=True)
class Qualifier:
    key: Hashable
    mark: str  # "Q" by place in the heat, "q" by time among the rest


def qualifiers(runs: Sequence[Run], *, by_place: int, lanes: int) -> list[Qualifier]:
    """Who goes to the final (rule C6): the first `by_place` finishers of each heat (Q), then the fastest of the
    others (q) up to `lanes` in all; Q come first in the list, each part in time order. Equal times at the last
    lane are told apart by `order` (the seed), so the final never has more entrants than lanes."""
    timed = sorted((r for r in runs if r.time is not None), key=lambda r: (r.time, r.order))
    places: dict[int, int] = {}
    by_q: list[Run] = []
    rest: list[Run] = []
    for r in timed:
        places[r.heat] = places.get(r.heat, 0) + 1
        (by_q if places[r.heat] <= by_place else rest).append(r)
    by_q = by_q[:lanes]
    chosen = [Qualifier(r.key, "Q") for r in by_q]
    chosen += [Qualifier(r.key, "q") for r in rest[: max(0, lanes - len(by_q))]]
    return chosen


def ranks(times: Sequence[tuple[Hashable, int]]) -> list[tuple[Hashable, int, int]]:
    """(key, time) ranked fastest first with shared ranks for equal times ("1224"): (key, time, rank)."""
    ordered = sorted(times, key=lambda kt: kt[1])
    out: list[tuple[Hashable, int, int]] = []
    for i, (key, t) in enumerate(ordered):
        rank = out[-1][2] if out and out[-1][1] == t else i + 1
        out.append((key, t, rank))
    return out


def seconds(time: int) -> str:
    """1284 → "12.84秒"; 7512 → "1:15.12" (minutes past a minute)."""
    minutes, cs = divmod(time, 6000)
    s, hundredths = divmod(cs, 100)
    return f"{minutes}:{s:02d}.{hundredths:02d}" if minutes else f"{s}.{hundredths:02d}秒"


def parse_time(text: str) -> int | None:
    """ "12.84" / "12.84秒" / "1:15.12" → hundredths; blank → None; anything else → ValueError."""
    text = text.strip().replace("秒", "").replace("：", ":")
    if not text:
        return None
    minutes = 0
    if ":" in text:
        m, text = text.split(":", 1)
        minutes = int(m)
    whole, _, frac = text.partition(".")
    if not whole.isdigit() or (frac and not frac.isdigit()) or len(frac) > 2 or minutes < 0:
        raise ValueError(text)
    value = minutes * 6000 + int(whole) * 100 + int((frac + "00")[:2])
    if value <= 0 or (minutes and int(whole) >= 60):
        raise ValueError(text)
    return value
