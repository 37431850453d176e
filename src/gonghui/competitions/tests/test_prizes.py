"""Prize tiers hold with ties at the boundary (rule C3), checked against a plain reference on random rankings."""

from hypothesis import given
from hypothesis import strategies as st

from gonghui.competitions.prizes import Tier, assign_tiers, shared_ranks, tier_counts


def test_the_zongzi_contest_gives_one_two_three():  # SCENARIOS 002-5
    scores = [95, 93, 92, 90, 88, 87, 80, 79]
    ranked = shared_ranks(sorted(scores, reverse=True), key=lambda s: s)
    tiers = [Tier("一等奖", 1), Tier("二等奖", 2), Tier("三等奖", 3)]
    got = [(s, r, t) for s, r, t in assign_tiers(ranked, tiers)]
    assert [t for *_, t in got] == [0, 1, 1, 2, 2, 2, None, None]


def test_a_tie_at_the_first_boundary_shares_the_higher_tier_and_takes_a_place_below():  # rule C3
    ranked = shared_ranks([95, 95, 92, 90, 88], key=lambda s: s)
    assert [r for _, r in ranked] == [1, 1, 3, 4, 5]
    tiers = [Tier("一等奖", 1), Tier("二等奖", 2), Tier("优秀奖")]
    assert [t for *_, t in assign_tiers(ranked, tiers)] == [0, 0, 1, 2, 2]


def test_a_share_is_rounded_down_on_integers():
    assert tier_counts([Tier("一等奖", share=10), Tier("二等奖", share=20), Tier("参与奖")], 86) == [
        8,
        17,
        None,
    ]


def reference(scores: list[int], counts: list[int]) -> list[int | None]:
    """The plain reading of C3: an entrant's tier is the first whose places, added to the places before it,
    reach the number of entrants strictly better than it plus one."""
    out = []
    for s in scores:
        better = sum(1 for other in scores if other > s)
        tier, total = None, 0
        for index, c in enumerate(counts):
            total += c
            if better + 1 <= total:
                tier = index
                break
        out.append(tier)
    return out


@given(
    st.lists(st.integers(min_value=0, max_value=12), min_size=0, max_size=40),
    st.lists(st.integers(min_value=0, max_value=6), min_size=1, max_size=5),
)
def test_tiers_agree_with_the_plain_reading_and_ties_never_split(scores, counts):  # rule C3
    ordered = sorted(scores, reverse=True)
    got = assign_tiers(
        shared_ranks(ordered, key=lambda s: s), [Tier(f"t{i}", c) for i, c in enumerate(counts)]
    )
    assert [t for *_, t in got] == reference(ordered, counts)
    by_score: dict[int, set] = {}
    for s, _, t in got:
        by_score.setdefault(s, set()).add(t)
    assert all(len(tiers) == 1 for tiers in by_score.values())  # equal scores, equal prizes
    for index in range(
        len(counts)
    ):  # a tier is short of its places only when the ranks ran out or a tie overflowed
        held = sum(1 for *_, t in got if t is not None and t <= index)
        assert held >= min(sum(counts[: index + 1]), len(scores))
