"""A league of 10 teams in two pools played to placings, then a knockout to the champion and the prizes (rules C4,
C5, C3), through the services, the pages and the API."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from gonghui.competitions import league_selectors, league_services, services
from gonghui.competitions.league import EXPLAIN
from gonghui.competitions.models import CompetitionKind, EntrantKind, Format, Match
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 6, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
TEAMS = ["机务段", "车辆段", "工务段", "电务段", "供电段", "客运段", "货运中心", "建设处", "物资处", "医院"]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def football(org, *, third_place=False):
    c = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=org,
            kind=CompetitionKind.SPORT,
            name="职工足球联赛",
            starts_on=dt.date(2026, 6, 20),
            entrant_kind=EntrantKind.TEAM,
            groups=["男子组"],
            tiers=[services.TierData("冠军", 1), services.TierData("亚军", 1), services.TierData("季军", 1)],
            stages=[
                services.StageData(
                    "小组赛",
                    Format.LEAGUE,
                    advance=2,
                    starts_on=dt.date(2026, 6, 20),
                    settings={"pitches": ["1号场", "2号场"]},
                ),
                services.StageData(
                    "淘汰赛",
                    Format.KNOCKOUT,
                    starts_on=dt.date(2026, 8, 1),
                    settings={"third_place": third_place},
                ),
            ],
            backdate_reason="测试数据：固定日期",
        ),
    )
    group = c.groups.get()
    for seed, name in enumerate(TEAMS, start=1):
        services.entrant_add(
            actor=SYSTEM,
            competition=c,
            data=services.EntrantData(
                group=group, name=name, seed=seed, people=11, units=[services.UnitData(name=f"{name}工会")]
            ),
        )
    return c


def play(stage, scores: dict[tuple[str, str], tuple[int, int]]):
    """Enter every unplayed match: the given score for the pair (either order), else the better seed wins 1:0."""
    for m in Match.objects.filter(stage=stage, home_score__isnull=True).select_related("home", "away"):
        if m.home is None or m.away is None:
            continue
        h, a = m.home.name, m.away.name
        if (h, a) in scores:
            s = scores[(h, a)]
        elif (a, h) in scores:
            s = scores[(a, h)][::-1]
        else:
            s = (1, 0) if TEAMS.index(h) < TEAMS.index(a) else (0, 1)
        league_services.result_enter(actor=SYSTEM, match=m, score=league_services.Score(*s))


def test_ten_teams_split_by_serpentine_and_each_pool_plays_a_circle(world):  # rule C4
    c = football(world.donghu)
    stage = c.stages.get(order=1)
    league_services.league_start(actor=SYSTEM, stage=stage, pools=2)
    pools = {se.entrant.name: se.pool for se in stage.entries.select_related("entrant")}
    # seeds 1..10 serpentine: A B B A A B B A A B
    assert [pools[t] for t in TEAMS] == ["A组", "B组", "B组", "A组", "A组", "B组", "B组", "A组", "A组", "B组"]
    for pool in ("A组", "B组"):
        ms = Match.objects.filter(stage=stage, pool=pool)
        assert ms.count() == 10  # 5 teams: every pair once
        assert sorted({m.round for m in ms}) == [1, 2, 3, 4, 5]  # odd: n rounds, one team rests each
        assert {m.pitch for m in ms} == {"1号场", "2号场"}
    assert Match.objects.filter(stage=stage, round=2).first().date == dt.date(2026, 6, 27)
    with pytest.raises(Conflict):
        league_services.fixtures_generate(actor=SYSTEM, stage=stage)


def test_a_league_and_a_knockout_to_the_champion(world, client):  # rules C4, C5, C3
    c = football(world.donghu, third_place=True)
    league, knockout = c.stages.order_by("order")
    league_services.league_start(actor=SYSTEM, stage=league, pools=2)
    # pool A: 机务段, 电务段, 供电段, 建设处, 物资处. A three-way tie on 9 points: 机务段 beat 电务段 1:0, 电务段 beat
    # 供电段 2:0, 供电段 beat 机务段 3:0; each beat 建设处 and 物资处 1:0 (建设处 v 物资处 0:0).
    a = {
        ("机务段", "电务段"): (1, 0),
        ("电务段", "供电段"): (2, 0),
        ("供电段", "机务段"): (3, 0),
        ("建设处", "物资处"): (0, 0),
        ("机务段", "建设处"): (1, 0),
        ("机务段", "物资处"): (5, 0),  # overall difference would put 机务段 first; head-to-head does not
        ("电务段", "建设处"): (1, 0),
        ("电务段", "物资处"): (1, 0),
        ("供电段", "建设处"): (1, 0),
        ("供电段", "物资处"): (1, 0),
    }
    play(league, a)
    pool_a = next(t for t in league_selectors.league_tables(league) if t.pool == "A组")
    # head-to-head among the three: 供电段 3 points +1 (3 goals), 电务段 3 points +1 (2 goals), 机务段 3 points -2
    assert [(r.team.name, r.rank, r.points) for r in pool_a.rows][:3] == [
        ("供电段", 1, 9),
        ("电务段", 2, 9),
        ("机务段", 3, 9),
    ]
    assert {r.note for r in pool_a.rows[:3]} == {EXPLAIN["head_to_head"]}

    # a result changes only with a reason, audited with the score before
    m = Match.objects.get(stage=league, home__name="建设处", away__name="物资处")
    with pytest.raises(DomainError):
        league_services.result_enter(actor=SYSTEM, match=m, score=league_services.Score(1, 0))
    league_services.result_enter(
        actor=SYSTEM, match=m, score=league_services.Score(forfeit="away"), reason="物资处未到场，判负"
    )
    m.refresh_from_db()
    assert (m.home_score, m.away_score, m.forfeit) == (3, 0, "away")
    change = AuditEvent.objects.filter(action="competition.league.result.change").get()
    assert change.reason == "物资处未到场，判负" and change.before == {"score": "0:0"}

    # the page shows the standings with the explanation, and the API the same
    client.force_login(world.user("chaoyang"))
    page = client.get(reverse("competitions:league", args=[c.pk, league.pk]))
    assert page.status_code == 200
    assert "同分，按相互间成绩排名" in page.content.decode()
    api = client.get(f"/api/competitions/{c.pk}/standings").json()
    assert [t["pool"] for t in api["tables"]] == ["A组", "B组"]
    assert api["tables"][0]["rows"][0]["note"] == EXPLAIN["head_to_head"]

    league_services.league_confirm(actor=SYSTEM, stage=league)
    qualified = {
        p.entrant.name: p.rank for p in league.placings.filter(qualified=True).select_related("entrant")
    }
    assert len(qualified) == 4

    # the knockout: A1 v B2 and B1 v A2, the winners to the final, the losers to the third-place match
    league_services.knockout_start(actor=SYSTEM, stage=knockout)
    first = list(
        Match.objects.filter(stage=knockout, round=1).order_by("position").select_related("home", "away")
    )
    pool_of = {se.entrant.name: se.pool for se in league.entries.select_related("entrant")}
    assert [
        (pool_of[m.home.name], qualified[m.home.name], pool_of[m.away.name], qualified[m.away.name])
        for m in first
    ] == [
        ("A组", 1, "B组", 2),
        ("B组", 1, "A组", 2),
    ]
    with pytest.raises(DomainError):  # a knockout needs a winner
        league_services.result_enter(actor=SYSTEM, match=first[0], score=league_services.Score(1, 1))
    league_services.result_enter(actor=SYSTEM, match=first[0], score=league_services.Score(2, 1))
    league_services.result_enter(actor=SYSTEM, match=first[1], score=league_services.Score(0, 1))
    final = Match.objects.get(stage=knockout, round=2, third_place=False)
    third = Match.objects.get(stage=knockout, third_place=True)
    assert (final.home, final.away) == (first[0].home, first[1].away)
    assert (third.home, third.away) == (first[0].away, first[1].home)
    with pytest.raises(Conflict):
        league_services.knockout_confirm(actor=SYSTEM, stage=knockout)
    league_services.result_enter(actor=SYSTEM, match=final, score=league_services.Score(3, 2))
    league_services.result_enter(actor=SYSTEM, match=third, score=league_services.Score(0, 2))
    with pytest.raises(Conflict):  # the final is played: the semi-final stands
        league_services.result_enter(
            actor=SYSTEM, match=first[0], score=league_services.Score(1, 2), reason="录入错误"
        )
    league_services.knockout_confirm(actor=SYSTEM, stage=knockout)
    got = {
        p.rank: (p.entrant.name, p.tier.name if p.tier else None)
        for p in knockout.placings.select_related("entrant", "tier")
    }
    assert got == {
        1: (first[0].home.name, "冠军"),
        2: (first[1].away.name, "亚军"),
        3: (first[1].home.name, "季军"),
        4: (first[0].away.name, None),
    }
    page = client.get(reverse("competitions:knockout", args=[c.pk, knockout.pk])).content.decode()
    assert f"冠军：<strong>{first[0].home.name}</strong>" in page


def test_byes_for_the_top_seeds_when_qualifiers_are_not_a_power_of_two(world):  # rule C5
    c = football(world.donghu)
    league, knockout = c.stages.order_by("order")
    league.advance = 3  # 6 qualifiers into a bracket of 8: the two pool winners get byes
    league.save()
    league_services.league_start(actor=SYSTEM, stage=league, pools=2)
    play(league, {})
    league_services.league_confirm(actor=SYSTEM, stage=league)
    league_services.knockout_start(actor=SYSTEM, stage=knockout)
    quarter = Match.objects.filter(stage=knockout, round=1)
    byes = [m for m in quarter if m.away is None or m.home is None]
    assert len(byes) == 2
    ranks = {p.entrant_id: p.rank for p in league.placings.all()}
    assert {ranks[(m.home or m.away).pk] for m in byes} == {1}
    semis = Match.objects.filter(stage=knockout, round=2)
    assert sum(1 for m in semis for e in (m.home, m.away) if e is not None) == 2  # the seeds went straight on


def test_results_wait_for_the_stage_and_the_unplayed_block_confirmation(world):
    c = football(world.donghu)
    league = c.stages.get(order=1)
    league_services.league_start(actor=SYSTEM, stage=league, pools=2)
    with pytest.raises(Conflict, match="还有20场"):
        league_services.league_confirm(actor=SYSTEM, stage=league)
    m = Match.objects.filter(stage=league).first()
    with pytest.raises(DomainError, match="请填写双方比分"):
        league_services.result_enter(actor=SYSTEM, match=m, score=league_services.Score(1, None))
    assert m.home_score is None


def test_the_result_form_enters_a_score_and_refuses_another_org(world, client):
    c = football(world.donghu)
    league = c.stages.get(order=1)
    league_services.league_start(actor=SYSTEM, stage=league, pools=2)
    m = Match.objects.filter(stage=league).first()
    url = reverse("competitions:match_result", args=[c.pk, league.pk, m.pk])
    client.force_login(world.user("xicheng"))
    assert client.post(url, {"home_score": "2", "away_score": "0"}).status_code == 404
    client.force_login(world.user("chaoyang"))
    response = client.post(url, {"home_score": "2", "away_score": "0"})
    assert response.status_code == 302
    m.refresh_from_db()
    assert (m.home_score, m.away_score) == (2, 0)
