"""The count of a 差额 election (DOMAIN G2), as pure functions on whole numbers: no Django, no database.

    N entitled (应到), P present (实到): the vote is valid only if 3*P > 2*N (more than two thirds present).
    Ballots returned > ballots issued: the vote is void.
    A ballot marking more names than seats is invalid (a write-in counts as a mark).
    A candidate is elected iff 2*yes > N: more than half of the ENTITLED, not of those present.
    More pass than seats: ranked by votes; a tie at the last seat goes to a re-vote between the tied.
    Fewer pass than seats: as configured, a further vote among the rest, or the seats are left empty.

Candidates are keys (any hashable, in the order they are listed); a write-in is a key of its own.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

SHORTFALL_FURTHER = "further"  # 另行选举: a further vote among the candidates not elected
SHORTFALL_EMPTY = "empty"  # 缺额: the seats are left empty
TIE_REVOTE = "revote"  # 再次投票: the tied at the last seat are voted on again


@dataclass(frozen=True)
class Tally:
    """What the ballots say: yes marks per key (candidates and write-ins), and how many ballots were invalid."""

    yes: dict[Hashable, int]
    valid_ballots: int
    invalid_ballots: int


def tally_ballots(ballots: Iterable[Iterable[Hashable]], seats: int, candidates: Sequence[Hashable]) -> Tally:
    """Per-ballot entry: each ballot is the set of names it marks yes (write-ins included). A ballot marking more
    names than seats is invalid and counts for no one (rule G2)."""
    yes: dict[Hashable, int] = dict.fromkeys(candidates, 0)
    valid = invalid = 0
    for ballot in ballots:
        marks = set(ballot)
        if len(marks) > seats:
            invalid += 1
            continue
        valid += 1
        for key in marks:
            yes[key] = yes.get(key, 0) + 1
    return Tally(yes=yes, valid_ballots=valid, invalid_ballots=invalid)


@dataclass(frozen=True)
class Result:
    valid: bool
    reason: str  # why the vote does not count: "" when it does
    yes: dict[Hashable, int] = field(default_factory=dict)
    passed: tuple[Hashable, ...] = ()  # 2*yes > N, by votes
    elected: tuple[Hashable, ...] = ()  # by votes, then listing order
    tied: tuple[Hashable, ...] = ()  # tied at the last seat: re-vote between them for `tied_seats`
    tied_seats: int = 0
    shortfall: int = 0  # seats not filled (no tie pending)
    further_vote: tuple[Hashable, ...] = ()  # SHORTFALL_FURTHER: the rest, to be voted on again
    seats_left_empty: int = 0  # SHORTFALL_EMPTY

    @property
    def final(self) -> bool:
        """Nothing left to vote on: every seat filled, or the shortfall left empty."""
        return self.valid and not self.tied and not self.further_vote


def quorum_met(entitled: int, present: int) -> bool:
    """rule G2: more than two thirds of the entitled present."""
    return 3 * present > 2 * entitled


def count(
    *,
    entitled: int,
    present: int,
    issued: int,
    returned: int,
    seats: int,
    yes: Mapping[Hashable, int],
    shortfall_rule: str = SHORTFALL_EMPTY,
) -> Result:
    """The result of a vote from its totals (rule G2). `yes` lists every candidate (and write-in) in listing
    order with their yes votes."""
    if not quorum_met(entitled, present):
        return Result(False, "quorum", dict(yes))
    if returned > issued:
        return Result(False, "void", dict(yes))
    order = {key: i for i, key in enumerate(yes)}
    passed = sorted((k for k, v in yes.items() if 2 * v > entitled), key=lambda k: (-yes[k], order[k]))
    tied: list[Hashable] = []
    tied_seats = 0
    if len(passed) > seats:
        last = yes[passed[seats - 1]] if seats else None
        above = [k for k in passed if last is None or yes[k] > last]
        at_last = [k for k in passed if yes[k] == last]
        if seats and len(above) + len(at_last) > seats:
            elected, tied, tied_seats = above, at_last, seats - len(above)
        else:
            elected = passed[:seats]
    else:
        elected = passed
    shortfall = 0 if tied else seats - len(elected)
    further: tuple[Hashable, ...] = ()
    empty = 0
    if shortfall:
        if shortfall_rule == SHORTFALL_FURTHER:
            further = tuple(k for k in yes if k not in elected)
        else:
            empty = shortfall
    return Result(
        valid=True,
        reason="",
        yes=dict(yes),
        passed=tuple(passed),
        elected=tuple(elected),
        tied=tuple(tied),
        tied_seats=tied_seats,
        shortfall=shortfall,
        further_vote=further,
        seats_left_empty=empty,
    )


REASONS = {
    "quorum": "实到人数未超过应到人数的三分之二，选举无效",
    "void": "收回选票多于发出选票，选举无效",
}
