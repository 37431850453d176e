"""Leagues and knockouts on plain values (rules C4, C5), checked against plain references on random inputs."""

import itertools
import random

from hypothesis import given
from hypothesis import strategies as st

from gonghui.competitions.league import (
    EXPLAIN,
    Points,
    Qualifier,
    Result,
    bracket,
    bracket_size,
    circle_rounds,
    forfeited,
    knockout_ranks,
    seed_order,
    standings,
)

# ---- the circle method ------------------------------------------------------------------------------------------


@given(st.integers(min_value=2, max_value=24))
def test_the_circle_method_pairs_everyone_once(n):  # rule C4
    teams = list(range(n))
    rounds = circle_rounds(teams)
    assert len(rounds) == (n - 1 if n % 2 == 0 else n)
    played = [frozenset(p) for pairs in rounds for p in pairs]
    # the plain reference: every unordered pair of distinct teams, exactly once
    assert sorted(map(sorted, played)) == sorted(map(sorted, itertools.combinations(teams, 2)))
    for pairs in rounds:
        seen = [t for p in pairs for t in p]
        assert len(seen) == len(set(seen))  # no team twice in a round
        assert len(pairs) == n // 2  # with a bye, one team rests each round
    if n % 2:
        resting = [next(t for t in teams if all(t not in p for p in pairs)) for pairs in rounds]
        assert sorted(resting) == teams  # each team has the bye once


@given(st.integers(min_value=2, max_value=20).filter(lambda n: n % 2 == 0))
def test_home_and_away_are_balanced(n):
    rounds = circle_rounds(list(range(n)))
    homes = {t: sum(1 for pairs in rounds for h, _a in pairs if h == t) for t in range(n)}
    assert all(abs(2 * h - (n - 1)) <= 1 for h in homes.values())  # n-1 matches: home ⌊(n-1)/2⌋ or ⌈(n-1)/2⌉


# ---- standings ---------------------------------------------------------------------------------------------------


def plain_points(teams, results, pts: Points):
    out = dict.fromkeys(teams, 0)
    for r in results:
        for me, my, their in ((r.home, r.home_goals, r.away_goals), (r.away, r.away_goals, r.home_goals)):
            out[me] += pts.win if my > their else pts.draw if my == their else pts.loss
    return out


@st.composite
def leagues(draw):
    n = draw(st.integers(min_value=2, max_value=7))
    teams = [f"T{i}" for i in range(n)]
    results = []
    for pairs in circle_rounds(teams):
        for h, a in pairs:
            if draw(st.booleans()):
                results.append(Result(h, a, draw(st.integers(0, 3)), draw(st.integers(0, 3))))
    return teams, results


@given(leagues(), st.randoms(use_true_random=False))
def test_the_table_does_not_depend_on_the_order_results_were_entered(league, rnd):  # rule C4
    teams, results = league
    shuffled = results[:]
    rnd.shuffle(shuffled)
    a = [(r.team, r.rank, r.points, r.note) for r in standings(teams, results)]
    b = [(r.team, r.rank, r.points, r.note) for r in standings(teams, shuffled)]
    assert a == b


@given(leagues(), st.sampled_from([Points(), Points(2, 1, 0), Points(3, 1, 1)]))
def test_points_agree_with_the_plain_count_and_ranks_follow_points(league, pts):  # rule C4
    teams, results = league
    table = standings(teams, results, pts)
    assert {r.team: r.points for r in table} == plain_points(teams, results, pts)
    assert [r.points for r in table] == sorted((r.points for r in table), reverse=True)
    assert table[0].rank == 1
    for before, after in itertools.pairwise(table):
        assert after.rank == before.rank or after.rank == table.index(after) + 1  # "1224"


def test_a_three_way_tie_is_settled_by_head_to_head():  # rule C4, hand-made
    # A, B and C all finish on 6 points. Among themselves: A beat B 1:0, B beat C 1:0, C beat A 3:0 — each 3
    # points, so head-to-head points tie; head-to-head difference: C +2, A -2, B 0 → C, B, A; overall goal
    # difference would put A first (A thrashed D 9:0), so only head-to-head gives C, B, A.
    r = [
        Result("A", "B", 1, 0),
        Result("B", "C", 1, 0),
        Result("C", "A", 3, 0),
        Result("A", "D", 9, 0),
        Result("B", "D", 2, 0),
        Result("C", "D", 1, 0),
    ]
    table = standings(["A", "B", "C", "D"], r)
    assert [(x.team, x.rank, x.points) for x in table] == [("C", 1, 6), ("B", 2, 6), ("A", 3, 6), ("D", 4, 0)]
    assert {x.note for x in table[:3]} == {EXPLAIN["head_to_head"]}
    assert table[0].head_to_head == (3, 2, 3)


def test_head_to_head_applies_again_to_those_still_tied():  # rule C4
    # four teams all on 4 points; among the four D leads (+1), A trails (-1), and B and C are level on every
    # head-to-head figure (4 points, 0, 2 goals) and overall too; compared again between themselves only, C's 2:0
    # win over B puts C ahead
    r = [
        Result("A", "B", 0, 2),
        Result("A", "C", 0, 0),
        Result("A", "D", 1, 0),
        Result("B", "C", 0, 2),
        Result("B", "D", 0, 0),
        Result("C", "D", 0, 2),
    ]
    table = standings(["A", "B", "C", "D"], r)
    assert [(x.team, x.rank) for x in table] == [("D", 1), ("C", 2), ("B", 3), ("A", 4)]


def test_overall_difference_then_goals_then_a_shared_rank():  # rule C4
    # A and B drew 1:1 with each other: head-to-head cannot separate them; overall difference can.
    r = [Result("A", "B", 1, 1), Result("A", "C", 3, 0), Result("B", "C", 1, 0)]
    table = standings(["A", "B", "C"], r)
    assert [(x.team, x.rank) for x in table] == [("A", 1), ("B", 2), ("C", 3)]
    assert table[0].note == EXPLAIN["goal_difference"]
    # identical in every way: a shared rank, or the organiser's drawn lot
    r = [Result("A", "B", 1, 1), Result("A", "C", 2, 0), Result("B", "C", 2, 0)]
    assert [(x.team, x.rank) for x in standings(["A", "B", "C"], r)] == [("A", 1), ("B", 1), ("C", 3)]
    lots = standings(["A", "B", "C"], r, lots=["B", "A"])
    assert [(x.team, x.rank, x.note) for x in lots][:2] == [
        ("B", 1, EXPLAIN["lots"]),
        ("A", 2, EXPLAIN["lots"]),
    ]


def test_a_forfeit_is_a_loss_by_the_fixed_score():  # rule C4
    f = forfeited("A", "B", "home", (0, 3))
    assert (f.home_goals, f.away_goals) == (0, 3)
    table = standings(["A", "B"], [f])
    assert [(x.team, x.points, x.goals_for) for x in table] == [("B", 3, 3), ("A", 0, 0)]


# ---- knockout ----------------------------------------------------------------------------------------------------


def test_seed_order_keeps_the_top_seeds_apart():
    assert seed_order(4) == [1, 4, 2, 3]
    assert seed_order(8) == [1, 8, 4, 5, 2, 7, 3, 6]


def test_two_groups_of_two_cross_over():  # rule C5: A1 v B2, B1 v A2
    qs = [
        Qualifier("A1", 1, "A组"),
        Qualifier("A2", 2, "A组"),
        Qualifier("B1", 1, "B组"),
        Qualifier("B2", 2, "B组"),
    ]
    slots = bracket(qs, ["A组", "B组"])
    assert [q.team for q in slots] == ["A1", "B2", "B1", "A2"]


@given(st.integers(min_value=2, max_value=20), st.randoms(use_true_random=False))
def test_byes_go_to_the_top_seeds(n, rnd):  # rule C5
    qs = [Qualifier(f"T{i}", i + 1) for i in range(n)]
    rnd.shuffle(qs)
    slots = bracket(qs)
    size = bracket_size(n)
    assert len(slots) == max(size, 2)
    with_bye = sorted(
        int(q.team[1:]) + 1 for j, q in enumerate(slots) if q is not None and slots[j ^ 1] is None
    )
    assert with_bye == list(range(1, len(slots) - n + 1))
    assert sorted(q.team for q in slots if q is not None) == sorted(q.team for q in qs)


@given(st.integers(min_value=1, max_value=8), st.integers(min_value=1, max_value=2))
def test_teams_of_one_group_go_into_opposite_halves(groups, per_group):  # rule C5
    pools = [f"{chr(65 + g)}组" for g in range(groups)]
    qs = [Qualifier(f"{p}{k}", k, p) for p in pools for k in range(1, per_group + 1)]
    if len(qs) < 2:
        return
    slots = bracket(qs, pools)
    half = len(slots) // 2
    for side in (slots[:half], slots[half:]):
        names = [q.pool for q in side if q is not None]
        assert len(names) == len(set(names))


def test_final_ranks_with_and_without_a_third_place_match():  # rule C5
    eliminated = {"QF1": 1, "QF2": 1, "QF3": 1, "QF4": 1, "SF1": 2, "SF2": 2, "F": 3}
    plain = knockout_ranks(3, eliminated, "W", third_place=False)
    assert plain["W"] == 1 and plain["F"] == 2 and plain["SF1"] == plain["SF2"] == 3 and plain["QF1"] == 5
    third = knockout_ranks(3, eliminated, "W", third_place=True, third="SF2", fourth="SF1")
    assert (third["SF2"], third["SF1"], third["QF4"]) == (3, 4, 5)


def test_random_brackets_play_out_to_one_champion():
    rnd = random.Random(7)
    for n in range(2, 17):
        slots = bracket([Qualifier(i, i + 1) for i in range(n)])
        alive = [q.team if q else None for q in slots]
        while len(alive) > 1:
            alive = [
                a if b is None else b if a is None else rnd.choice([a, b])
                for a, b in zip(alive[::2], alive[1::2], strict=True)
            ]
        assert alive[0] is not None
