"""Heats and a final (rule C6): the serpentine draw and the qualifiers, property-tested against plain reference
implementations; then the stage in the database from draw to prizes."""

import datetime as dt

import pytest
import time_machine
from hypothesis import given
from hypothesis import strategies as st

from gonghui.competitions import heats, heats_services, services
from gonghui.competitions.models import CompetitionKind, Format, HeatRun, Placing, RunStatus
from gonghui.core.errors import DomainError
from gonghui.core.scope import SYSTEM

# ---- pure ----------------------------------------------------------------------------------------------------


def reference_serpentine(n: int, k: int) -> list[list[int]]:
    """Seeds 0..n-1 dealt row by row, every other row right to left."""
    heats_: list[list[int]] = [[] for _ in range(k)]
    forward = True
    for start in range(0, n, k):
        row = list(range(start, min(start + k, n)))
        cols = list(range(k)) if forward else list(range(k - 1, -1, -1))
        for seed, col in zip(row, cols, strict=False):
            heats_[col].append(seed)
        forward = not forward
    return heats_


@given(st.integers(0, 60), st.integers(1, 9))
def test_serpentine_matches_the_reference_and_balances_the_heats(n, k):  # rule C6
    got = heats.serpentine(list(range(n)), k)
    assert got == reference_serpentine(n, k)
    sizes = [len(h) for h in got]
    assert max(sizes) - min(sizes) <= 1
    assert sorted(x for h in got for x in h) == list(range(n))


def test_serpentine_example():
    assert heats.serpentine(list("ABCDEFG"), 3) == [["A", "F", "G"], ["B", "E"], ["C", "D"]]


runs_st = st.lists(
    st.tuples(st.integers(1, 4), st.one_of(st.none(), st.integers(900, 1100))), min_size=0, max_size=30
)


def reference_qualifiers(runs, by_place, lanes):
    """Plainly: sort each heat by (time, order); take its first by_place as Q; all Q sorted by time; cut to
    lanes; fill with the fastest of the others."""
    timed = [r for r in runs if r.time is not None]
    q_places = []
    for h in sorted({r.heat for r in timed}):
        in_heat = sorted((r for r in timed if r.heat == h), key=lambda r: (r.time, r.order))
        q_places += in_heat[:by_place]
    q_places.sort(key=lambda r: (r.time, r.order))
    q_places = q_places[:lanes]
    others = sorted((r for r in timed if r not in q_places), key=lambda r: (r.time, r.order))
    return [r.key for r in q_places], [r.key for r in others[: lanes - len(q_places)]]


@given(runs_st, st.integers(0, 3), st.integers(1, 10))
def test_qualifiers_match_the_reference(raw, by_place, lanes):  # rule C6
    runs = [heats.Run(i, heat, time, order=i) for i, (heat, time) in enumerate(raw)]
    got = heats.qualifiers(runs, by_place=by_place, lanes=lanes)
    big_q, small_q = reference_qualifiers(runs, by_place, lanes)
    assert [q.key for q in got if q.mark == "Q"] == big_q
    assert [q.key for q in got if q.mark == "q"] == small_q
    marks = [q.mark for q in got]
    assert marks == sorted(marks)  # Q before q ("Q" < "q")
    finishers = sum(1 for r in runs if r.time is not None)
    assert len(got) == min(lanes, finishers)  # the final's lanes are full when enough finished
    assert len({q.key for q in got}) == len(got)


def test_qualifiers_by_place_and_by_time():
    runs = [
        heats.Run("a1", 1, 1200),
        heats.Run("a2", 1, 1210),
        heats.Run("a3", 1, 1220),
        heats.Run("b1", 2, 1300),
        heats.Run("b2", 2, 1215),
        heats.Run("b3", 2, None),
    ]
    got = heats.qualifiers(runs, by_place=1, lanes=4)
    assert [(q.key, q.mark) for q in got] == [("a1", "Q"), ("b2", "Q"), ("a2", "q"), ("a3", "q")]


@pytest.mark.parametrize(
    ("text", "value"), [("12.84", 1284), ("12.8秒", 1280), ("1:05.30", 6530), ("59", 5900), ("", None)]
)
def test_times_are_hundredths(text, value):
    assert heats.parse_time(text) == value
    if value:
        assert heats.parse_time(heats.seconds(value)) == value


@pytest.mark.parametrize("text", ["abc", "12.345", "1:75.00", "0", "-3"])
def test_bad_times_are_refused(text):
    with pytest.raises(ValueError):
        heats.parse_time(text)


# ---- in the database -----------------------------------------------------------------------------------------

NOW = dt.datetime(2026, 6, 18, 9, tzinfo=dt.UTC)


@pytest.fixture
def race(world):
    with time_machine.travel(NOW, tick=False):
        c = services.competition_create(
            actor=SYSTEM,
            data=services.CompetitionData(
                org=world.donghu,
                kind=CompetitionKind.SPORT,
                name="趣味接力",
                starts_on=NOW.date(),
                tiers=[services.TierData("一等奖", 1), services.TierData("二等奖", 2)],
                stages=[
                    services.StageData("预赛", Format.HEATS, advance=4, settings={"heats": 2, "by_place": 1}),
                    services.StageData("决赛", Format.HEATS, settings={"heats": 1}),
                ],
            ),
        )
        g = c.groups.get()
        for i in range(1, 8):
            services.entrant_add(
                actor=SYSTEM,
                competition=c,
                data=services.EntrantData(
                    group=g, name=f"骑手{i}", seed=i, units=[services.UnitData(name="东湖快递站")]
                ),
            )
        yield c


def _times(stage, times: dict[str, int | None], status=None):
    rows = []
    for run in heats_services.runs_of(stage):
        name = run.entry.entrant.name
        st_ = (status or {}).get(name, RunStatus.TIMED)
        rows.append(heats_services.TimeData(run, times.get(name), st_))
    heats_services.times_record(actor=SYSTEM, stage=stage, rows=rows)


@pytest.mark.django_db
def test_heats_qualify_q_and_q_into_the_final_which_gives_the_prizes(race):  # rules C6, C3
    heat_stage, final = race.stages.order_by("order")
    with time_machine.travel(NOW, tick=False):
        heats_services.heats_draw(actor=SYSTEM, stage=heat_stage)
        runs = heats_services.runs_of(heat_stage)
        # serpentine: seeds 1,4,5 in heat 1; 2,3,6,7 … (7 over 2 heats: 1 4 5 | 2 3 6 7)
        assert {r.heat: [] for r in runs}.keys() == {1, 2}
        by_heat = {h: [r.entry.entrant.name for r in runs if r.heat == h] for h in (1, 2)}
        assert by_heat == {1: ["骑手1", "骑手4", "骑手5"], 2: ["骑手2", "骑手3", "骑手6", "骑手7"]}
        with pytest.raises(DomainError, match="尚未录入成绩"):
            heats_services.heats_confirm(actor=SYSTEM, stage=heat_stage)
        _times(
            heat_stage,
            {"骑手1": 1300, "骑手4": 1250, "骑手5": 1290, "骑手2": 1240, "骑手3": 1400, "骑手7": 1260},
            status={"骑手6": RunStatus.DNF},
        )
        marks = heats_services.marks(heat_stage, heats_services.runs_of(heat_stage))
        named = {r.entry.entrant.name: marks.get(r.pk) for r in heats_services.runs_of(heat_stage)}
        assert named == {
            "骑手4": "Q",
            "骑手2": "Q",
            "骑手7": "q",
            "骑手5": "q",
            "骑手1": None,
            "骑手3": None,
            "骑手6": None,
        }
        heats_services.heats_confirm(actor=SYSTEM, stage=heat_stage)
        qualified = set(heat_stage.placings.filter(qualified=True).values_list("entrant__name", flat=True))
        assert qualified == {"骑手2", "骑手4", "骑手5", "骑手7"}
        assert not heat_stage.placings.filter(entrant__name="骑手6").exists()  # no time, no rank

        heats_services.heats_draw(actor=SYSTEM, stage=final)
        assert HeatRun.objects.filter(entry__stage=final).count() == 4
        _times(final, {"骑手2": 1230, "骑手4": 1230, "骑手5": 1280, "骑手7": 1270})
        heats_services.heats_confirm(actor=SYSTEM, stage=final)
    got = {
        p.entrant.name: (p.rank, p.tier.name if p.tier else None, p.figure)
        for p in Placing.objects.filter(stage=final)
    }
    assert got == {
        "骑手2": (1, "一等奖", "12.30秒"),
        "骑手4": (1, "一等奖", "12.30秒"),  # shared rank: both take the higher tier (C3)
        "骑手7": (3, "二等奖", "12.70秒"),
        "骑手5": (4, None, "12.80秒"),  # C3: places counted cumulatively, 1 + 2 = three prizes
    }


@pytest.mark.django_db
def test_the_heats_page_enters_times_and_confirms(race, client, world):
    from gonghui.core.testing.world import PASSWORD

    heat_stage = race.stages.order_by("order").first()
    url = f"/competitions/{race.pk}/heats/{heat_stage.pk}/"
    assert client.login(username="chaoyang", password=PASSWORD)
    with time_machine.travel(NOW, tick=False):
        page = client.get(url).content.decode()
        assert "编排分组和道次" in page
        client.post(url, {"action": "draw"})
        runs = heats_services.runs_of(heat_stage)
        data = {"action": "confirm"}
        for i, r in enumerate(runs):
            data[f"time-{r.pk}"] = f"12.{10 + i}"
            data[f"status-{r.pk}"] = "timed"
        data[f"time-{runs[0].pk}"] = "12,x"
        page = client.post(url, data, follow=True).content.decode()
        assert "格式不对" in page
        data[f"time-{runs[0].pk}"] = "11.99"
        page = client.post(url, data, follow=True).content.decode()
    assert "成绩已确认" in page
    assert heat_stage.placings.filter(qualified=True).count() == 4
    assert client.get(f"/competitions/{race.pk}/heats/{race.stages.last().pk}/").status_code == 200
    assert client.login(username="xicheng", password=PASSWORD)
    assert client.get(url).status_code == 404
