"""The count of a 差额 election (rule G2), as pure functions: the named cases, and property tests against a plain
reference count written separately below."""

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.governance import elections_count as ec
from gonghui.governance.elections_strokes import stroke_order


def reference(entitled, present, issued, returned, seats, yes, rule):
    """The rule as a person would count it on paper (rule G2), written without looking at elections_count."""
    if present * 3 <= entitled * 2:
        return {"valid": False, "reason": "quorum"}
    if returned > issued:
        return {"valid": False, "reason": "void"}
    names = list(yes)
    over_half = [n for n in names if yes[n] * 2 > entitled]
    # rank: most votes first; equal votes keep the listing order
    ranked = []
    for n in over_half:
        i = 0
        while i < len(ranked) and yes[ranked[i]] >= yes[n]:
            i += 1
        ranked.insert(i, n)
    elected, tied = [], []
    if len(ranked) <= seats:
        elected = ranked
    else:
        cut = yes[ranked[seats - 1]] if seats > 0 else None
        if cut is None:
            elected = []
        else:
            sure = [n for n in ranked if yes[n] > cut]
            same = [n for n in ranked if yes[n] == cut]
            if len(sure) + len(same) == seats:
                elected = sure + same
            else:
                elected, tied = sure, same
    short = 0 if tied else seats - len(elected)
    return {
        "valid": True,
        "elected": elected,
        "tied": tied,
        "shortfall": short,
        "further": [n for n in names if n not in elected] if short and rule == ec.SHORTFALL_FURTHER else [],
    }


def as_dict(r: ec.Result):
    if not r.valid:
        return {"valid": False, "reason": r.reason}
    return {
        "valid": True,
        "elected": list(r.elected),
        "tied": list(r.tied),
        "shortfall": r.shortfall,
        "further": list(r.further_vote),
    }


@st.composite
def votes(draw):
    entitled = draw(st.integers(1, 80))
    present = draw(st.integers(0, entitled))
    issued = draw(st.integers(0, present))
    returned = draw(st.integers(0, issued + 2))
    seats = draw(st.integers(1, 9))
    k = draw(st.integers(seats + 1, seats + 4))
    yes = {f"候选人{i}": draw(st.integers(0, max(returned, 0))) for i in range(k)}
    rule = draw(st.sampled_from([ec.SHORTFALL_EMPTY, ec.SHORTFALL_FURTHER]))
    return entitled, present, issued, returned, seats, yes, rule


@settings(max_examples=600, deadline=None)
@given(votes())
def test_count_agrees_with_the_reference(v):
    entitled, present, issued, returned, seats, yes, rule = v
    got = ec.count(
        entitled=entitled,
        present=present,
        issued=issued,
        returned=returned,
        seats=seats,
        yes=yes,
        shortfall_rule=rule,
    )
    assert as_dict(got) == reference(*v)
    if got.valid:
        # never more elected than seats; everyone elected has more than half of the entitled (rule G2)
        assert len(got.elected) + got.tied_seats + got.shortfall == seats or got.tied
        assert all(2 * yes[k] > entitled for k in got.elected)


@settings(max_examples=500, deadline=None)
@given(st.integers(1, 7), st.lists(st.sets(st.integers(0, 9), max_size=10), max_size=40))
def test_a_ballot_marking_more_names_than_seats_counts_for_no_one(seats, ballots):
    t = ec.tally_ballots(ballots, seats, list(range(9)))
    assert t.invalid_ballots == sum(1 for b in ballots if len(b) > seats)
    assert t.valid_ballots + t.invalid_ballots == len(ballots)
    for key in range(10):
        assert t.yes.get(key, 0) == sum(1 for b in ballots if len(b) <= seats and key in b)


def _count(present=31, returned=31, yes=None, seats=7, rule=ec.SHORTFALL_EMPTY):
    yes = yes or {c: 30 for c in "ABCDEFGHI"}
    return ec.count(
        entitled=45, present=present, issued=31, returned=returned, seats=seats, yes=yes, shortfall_rule=rule
    )


def test_quorum_of_45_entitled_is_met_by_31_present_and_not_by_30():
    assert ec.quorum_met(45, 31) and not ec.quorum_met(45, 30)  # 93 > 90; 90 is not more than 90
    assert _count(present=31).valid
    r = _count(present=30, returned=30)
    assert not r.valid and r.reason == "quorum" and r.elected == ()


def test_more_ballots_returned_than_issued_voids_the_vote():
    r = _count(returned=32)
    assert not r.valid and r.reason == "void"
    assert "收回选票多于发出选票" in ec.REASONS[r.reason]


def test_the_threshold_is_more_than_half_of_the_entitled_not_of_those_present():
    # 45 entitled: 23 votes elect (46 > 45), 22 do not, though 22 is more than half of the 31 present
    r = _count(yes={"A": 23, "B": 22, "C": 31}, seats=2)
    assert r.elected == ("C", "A") and r.shortfall == 0
    r = _count(yes={"A": 22, "B": 22, "C": 31}, seats=2)
    assert r.elected == ("C",) and r.shortfall == 1 and r.seats_left_empty == 1


def test_a_tie_at_the_last_seat_goes_to_a_revote_between_the_tied():
    yes = {"A": 30, "B": 29, "C": 28, "D": 28, "E": 10}
    r = _count(yes=yes, seats=3)
    assert r.elected == ("A", "B") and r.tied == ("C", "D") and r.tied_seats == 1
    assert not r.final and r.shortfall == 0
    # a tie that fits the seats is no tie
    r = _count(yes=yes, seats=4)
    assert r.elected == ("A", "B", "C", "D") and r.tied == () and r.final


def test_a_shortfall_is_left_empty_or_voted_on_again_as_configured():
    yes = {"A": 30, "B": 25, "C": 20, "D": 12}
    r = _count(yes=yes, seats=3)
    assert r.elected == ("A", "B") and r.shortfall == 1 and r.seats_left_empty == 1 and r.final
    r = _count(yes=yes, seats=3, rule=ec.SHORTFALL_FURTHER)
    assert r.further_vote == ("C", "D") and r.seats_left_empty == 0 and not r.final


def test_nine_candidates_for_seven_seats_with_one_ballot_marking_eight_names():
    ballots = [set("ABCDEFG")] * 25 + [set("ABCDEFH")] * 5 + [set("ABCDEFGH")]
    t = ec.tally_ballots(ballots, 7, list("ABCDEFGHI"))
    assert t.invalid_ballots == 1 and t.valid_ballots == 30
    assert t.yes["A"] == 30 and t.yes["G"] == 25 and t.yes["H"] == 5 and t.yes["I"] == 0
    r = ec.count(entitled=45, present=31, issued=31, returned=31, seats=7, yes=t.yes)
    assert r.elected == tuple("ABCDEFG")


def test_write_ins_count_as_marks():
    t = ec.tally_ballots([{"A", "B", "另选:赵六"}], 2, ["A", "B", "C"])
    assert t.invalid_ballots == 1
    t = ec.tally_ballots([{"A", "另选:赵六"}], 2, ["A", "B", "C"])
    assert t.yes["另选:赵六"] == 1 and t.valid_ballots == 1


def test_candidates_are_listed_by_surname_strokes():
    # 王4 丁2 马3 刘6 欧阳8,6 黄11 诸葛10,12; 李 and 张 both 7: the next character (伟6 before 明8) decides
    names = ["黄敏", "李明", "张伟", "王芳", "欧阳娜", "丁一", "马力", "刘强", "诸葛亮"]
    assert stroke_order(names) == ["丁一", "马力", "王芳", "刘强", "张伟", "李明", "欧阳娜", "诸葛亮", "黄敏"]
    # a character missing from the table comes after the known ones, by pinyin
    assert stroke_order(["龘龘", "王芳"]) == ["王芳", "龘龘"]
    assert stroke_order(["张", "李"]) == ["李", "张"]  # equal counts, nothing else: by pinyin
