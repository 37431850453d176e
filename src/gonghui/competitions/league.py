"""Leagues and knockouts on plain values (rules C4, C5): pure functions, no database.

League (C4)
- `circle_rounds`: the circle method. One team stays fixed, the others turn one place a round; with an odd number
  of teams a bye (None) joins, and whoever meets it rests that round. n-1 rounds for even n, n for odd; every pair
  meets exactly once and no team plays twice in a round. Home and away alternate so that no team is always home.
- `standings`: the table from results, with the points per win/draw/loss as data (football 3/1/0). A forfeit is a
  loss with a fixed score (`forfeit_score`, by default 0:3 against the side that forfeited) and counts as that
  score. Ties on points are broken by the configured chain, by default:
    1. head-to-head among the tied teams: points, then goal difference, then goals scored in the matches between
       them only; whoever is still tied is compared again among themselves only (recursively);
    2. overall goal difference, then overall goals scored;
    3. lots. We chose: where nothing separates them, teams SHARE the rank ("1224"), unless the organiser has
       recorded a drawn lot (`lots`: the teams in the order drawn), which then orders them.
  The table depends only on the set of results, never on the order they were entered: every step sorts on values
  computed from the whole set, and teams still level are listed in the order the teams were given.

Knockout (C5)
- `seed_order`: the standard bracket of 2^k slots (1 v 2^k, 2 v 2^k-1 …, seeds 1 and 2 in opposite halves).
- `bracket`: qualifiers seeded into 2^k slots; the missing seeds are byes, so the top seeds get them; teams from
  the same pool are moved into opposite halves where a swap within the same seeding pot allows it.
"""

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cmp_to_key

# ---- the circle method (C4) -------------------------------------------------------------------------------------


def circle_rounds[T](teams: Sequence[T]) -> list[list[tuple[T, T]]]:
    """Rounds of (home, away) pairs by the circle method; a team meeting the bye rests and is left out."""
    slots: list[T | None] = list(teams)
    if len(slots) < 2:
        return []
    if len(slots) % 2:
        slots.append(None)  # the bye
    n = len(slots)
    fixed, turning = slots[0], slots[1:]
    rounds: list[list[tuple[T, T]]] = []
    for r in range(n - 1):
        line = [fixed, *turning]
        pairs: list[tuple[T, T]] = []
        for i in range(n // 2):
            a, b = line[i], line[n - 1 - i]
            if a is None or b is None:
                continue
            # home and away balanced (at most one more of either): the fixed team alternates by round, the
            # others take home in the odd slots of the circle
            if (i == 0 and r % 2) or (i > 0 and i % 2):
                a, b = b, a
            pairs.append((a, b))
        rounds.append(pairs)
        turning = [turning[-1], *turning[:-1]]
    return rounds


# ---- standings (C4) ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Points:
    """Points for a win, a draw and a loss (football 3/1/0; basketball 2/1/0 …)."""

    win: int = 3
    draw: int = 1
    loss: int = 0


@dataclass(frozen=True)
class Result:
    """A played match: the goals (points, sets …) each side scored. `forfeit` names the side that forfeited
    ("home" or "away"); its score is then the fixed forfeit score, which the caller has set (`forfeited`)."""

    home: Hashable
    away: Hashable
    home_goals: int
    away_goals: int
    forfeit: str = ""


def forfeited(home: Hashable, away: Hashable, side: str, score: tuple[int, int] = (0, 3)) -> Result:
    """The result of a forfeit (C4): a loss for `side` with the fixed score (loser's goals, winner's goals)."""
    lost, won = score
    if side == "home":
        return Result(home, away, lost, won, forfeit="home")
    return Result(home, away, won, lost, forfeit="away")


# criteria of the tie chain, each comparing the tied teams on the whole table or among themselves
HEAD_TO_HEAD, GOAL_DIFFERENCE, GOALS_FOR = "head_to_head", "goal_difference", "goals_for"
DEFAULT_CHAIN = (HEAD_TO_HEAD, GOAL_DIFFERENCE, GOALS_FOR)
EXPLAIN = {
    HEAD_TO_HEAD: "同分，按相互间成绩排名",
    GOAL_DIFFERENCE: "同分，按总净胜球排名",
    GOALS_FOR: "同分，按总进球数排名",
    "lots": "同分，按抽签排名",
    "shared": "同分且无法区分，名次并列",
}


@dataclass
class Row:
    team: Hashable
    played: int = 0
    won: int = 0
    drawn: int = 0
    lost: int = 0
    goals_for: int = 0
    goals_against: int = 0
    points: int = 0
    rank: int = 0
    note: str = ""  # how a tie on points was settled for this team ("同分，按相互间成绩排名")
    head_to_head: tuple = field(default=())  # (points, difference, goals) among the teams it was tied with

    @property
    def goal_difference(self) -> int:
        return self.goals_for - self.goals_against


def _table(teams: Iterable[Hashable], results: Iterable[Result], points: Points) -> dict[Hashable, Row]:
    rows = {t: Row(t) for t in teams}
    for r in results:
        if r.home not in rows or r.away not in rows:
            continue
        for me, my, their in ((r.home, r.home_goals, r.away_goals), (r.away, r.away_goals, r.home_goals)):
            row = rows[me]
            row.played += 1
            row.goals_for += my
            row.goals_against += their
            if my > their:
                row.won += 1
                row.points += points.win
            elif my == their:
                row.drawn += 1
                row.points += points.draw
            else:
                row.lost += 1
                row.points += points.loss
    return rows


def _split[T](items: list[T], key: Callable[[T], tuple]) -> list[list[T]]:
    """Items in blocks of equal key, best (highest) key first; the order within a block is kept."""
    ordered = sorted(items, key=key, reverse=True)
    blocks: list[list[T]] = []
    for item in ordered:
        if blocks and key(blocks[-1][0]) == key(item):
            blocks[-1].append(item)
        else:
            blocks.append([item])
    return blocks


def standings(
    teams: Sequence[Hashable],
    results: Iterable[Result],
    points: Points = Points(),
    chain: Sequence[str] = DEFAULT_CHAIN,
    lots: Sequence[Hashable] = (),
) -> list[Row]:
    """The table, best first, with ranks (shared where nothing separates, rule C4) and each tie's explanation."""
    results = list(results)
    rows = _table(teams, results, points)
    given = {t: i for i, t in enumerate(teams)}
    drawn = {t: i for i, t in enumerate(lots)}

    def head_to_head(block: list[Row]) -> dict[int, tuple]:
        """(points, difference, goals) in the matches among the block's teams only, by row."""
        mini = _table([r.team for r in block], results, points)
        return {
            id(r): (mini[r.team].points, mini[r.team].goal_difference, mini[r.team].goals_for) for r in block
        }

    def resolve(block: list[Row]) -> list[list[Row]]:
        """The tied block in ordered sub-blocks; a sub-block of several is a shared rank."""
        if len(block) == 1:
            return [block]
        for criterion in chain:
            if criterion == HEAD_TO_HEAD:
                h2h = head_to_head(block)
                parts = _split(block, lambda r, h2h=h2h: h2h[id(r)])
                if len(parts) > 1:
                    for r in block:
                        r.head_to_head = r.head_to_head or h2h[id(r)]
            elif criterion == GOAL_DIFFERENCE:
                parts = _split(block, lambda r: (r.goal_difference,))
            elif criterion == GOALS_FOR:
                parts = _split(block, lambda r: (r.goals_for,))
            else:
                raise ValueError(f"unknown tie criterion {criterion}")
            if len(parts) > 1:
                for r in block:
                    r.note = r.note or EXPLAIN[criterion]
                # those still tied are compared again among themselves only, from the top of the chain
                return [sub for part in parts for sub in resolve(part)]
        if all(r.team in drawn for r in block):
            for r in block:
                r.note = EXPLAIN["lots"]
            return [[r] for r in sorted(block, key=lambda r: drawn[r.team])]
        for r in block:
            r.note = EXPLAIN["shared"]
        return [block]

    by_points = _split(sorted(rows.values(), key=lambda r: given[r.team]), lambda r: (r.points,))
    out: list[Row] = []
    for block in by_points:
        for shared in resolve(block):
            rank = len(out) + 1
            for r in shared:
                r.rank = rank
                out.append(r)
    return out


# ---- knockout (C5) ----------------------------------------------------------------------------------------------


def bracket_size(n: int) -> int:
    size = 1
    while size < n:
        size *= 2
    return size


def seed_order(size: int) -> list[int]:
    """The seeds in bracket slot order for a bracket of `size` (a power of two): [1, 4, 2, 3] for 4, [1, 8, 4, 5,
    2, 7, 3, 6] for 8 — seed s meets seed size+1-s in the first round, and 1 and 2 can meet only in the final."""
    order = [1]
    while len(order) < size:
        total = 2 * len(order) + 1
        order = [x for s in order for x in (s, total - s)]
    return order


@dataclass(frozen=True)
class Qualifier:
    """A team going into the bracket: its place in its pool (1 = winner) and the pool it came from."""

    team: Hashable
    place: int
    pool: str = ""
    figure: tuple = ()  # a better figure seeds higher among equal places (points, difference, goals)


def seeds(qualifiers: Sequence[Qualifier], pools: Sequence[str] = ()) -> list[Qualifier]:
    """Seeded by place in pool (all pool winners first: A1, B1, A2, B2 …), pools in their given order."""
    pool_order = {p: i for i, p in enumerate(pools)}

    def compare(a: Qualifier, b: Qualifier) -> int:
        ka = (a.place, pool_order.get(a.pool, len(pool_order)), a.pool)
        kb = (b.place, pool_order.get(b.pool, len(pool_order)), b.pool)
        return -1 if ka < kb else (1 if ka > kb else 0)

    return sorted(qualifiers, key=cmp_to_key(compare))


def _conflicts(slots: list[Qualifier | None]) -> int:
    half = len(slots) // 2
    count = 0
    for side in (slots[:half], slots[half:]):
        pools = [q.pool for q in side if q is not None and q.pool]
        count += len(pools) - len(set(pools))
    return count


def bracket(qualifiers: Sequence[Qualifier], pools: Sequence[str] = ()) -> list[Qualifier | None]:
    """The first-round slots of a bracket of 2^k (None: a bye). Slot 2i meets slot 2i+1. The top seeds meet the
    byes (C5); then teams of one pool are moved to opposite halves where possible, by swapping two teams of the
    same place in their pools (two group winners, two runners-up …) whose opponents are both teams or both byes, while that lowers the
    number of same-pool pairs in a half."""
    ordered = seeds(qualifiers, pools)
    size = max(bracket_size(len(ordered)), 2)
    slots: list[Qualifier | None] = [ordered[s - 1] if s <= len(ordered) else None for s in seed_order(size)]

    def has_bye(i: int) -> bool:
        return slots[i ^ 1] is None

    improved = True
    while improved:
        improved = False
        present = [i for i, q in enumerate(slots) if q is not None]
        for i in present:
            for j in present:
                a, b = slots[i], slots[j]
                if i >= j or a is None or b is None:
                    continue
                if (i < size // 2) == (j < size // 2):
                    continue
                if a.place != b.place or has_bye(i) != has_bye(j):
                    continue
                before = _conflicts(slots)
                slots[i], slots[j] = b, a
                if _conflicts(slots) < before:
                    improved = True
                else:
                    slots[i], slots[j] = a, b
    return slots


def knockout_ranks(
    rounds: int,
    eliminated: dict[Hashable, int],
    champion: Hashable,
    third_place: bool,
    third: Hashable | None = None,
    fourth: Hashable | None = None,
) -> dict[Hashable, int]:
    """Final ranks (C5): the champion 1, the loser of the final 2; 3 and 4 from the third-place match when one is
    played, else both losing semi-finalists 3; a team out in an earlier round ranks after everyone who went
    further (all out in the same round share that rank). `eliminated`: the round (1 = first) each loser lost in."""
    ranks: dict[Hashable, int] = {champion: 1}
    for r in range(rounds, 0, -1):
        out = [t for t, lost_in in eliminated.items() if lost_in == r]
        base = len(ranks) + 1
        for t in out:
            ranks[t] = base
        if r == rounds - 1 and third_place and third is not None and fourth is not None:
            ranks[third], ranks[fourth] = base, base + 1
    return ranks
