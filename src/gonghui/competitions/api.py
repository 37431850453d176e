"""The competitions API: the figures of a subtree and year, and one competition's results per group."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, Year, reads
from gonghui.orgs.selectors import org_get

from . import selectors

router = Router(tags=["竞赛 competitions"])


class CompetitionPrizeOut(Schema):
    tier: str
    count: int


class CompetitionSummaryOut(Schema):
    org: int
    org_name: str
    year: int
    competitions: int
    entrants: int
    people: int
    teams: int
    units: int
    prizes: list[CompetitionPrizeOut]
    sentence: str


@router.get("/summary", response=reads(CompetitionSummaryOut))
@access("org.view")
def summary(request: HttpRequest, org: Id, year: Year):
    """Competitions begun in the subtree in the year, the people, teams and units taking part (registered
    entrants), and the prizes of the published ones by tier, with the report's sentence."""
    node = org_get(actor=request.user, pk=org)
    s = selectors.summary(node, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return {
        "org": node.pk,
        "org_name": node.name,
        "year": year,
        "competitions": s.competitions,
        "entrants": s.taking.entrants,
        "people": s.taking.people,
        "teams": s.taking.teams,
        "units": s.taking.units,
        "prizes": [{"tier": name, "count": n} for name, n in s.prizes],
        "sentence": s.sentence(),
    }


class CompetitionPlacingOut(Schema):
    rank: int
    entrant: str
    units: list[str]
    figure: str
    prize: str | None


class CompetitionGroupOut(Schema):
    group: str
    placings: list[CompetitionPlacingOut]
    prizes: list[CompetitionPrizeOut]


class CompetitionResultsOut(Schema):
    id: int
    name: str
    stage: str | None
    published: bool
    entrants: int
    people: int
    teams: int
    units: int
    groups: list[CompetitionGroupOut]


@router.get("/{competition_id}/results", response=reads(CompetitionResultsOut))
@access("org.view")
def results(request: HttpRequest, competition_id: Id):
    """The last stage's ranking and prizes per group (empty until its results are confirmed)."""
    competition = selectors.competition_get(actor=request.user, pk=competition_id)
    stage = selectors.last_stage(competition)
    taking = selectors.taking_part(competition.entrants.all())
    groups = selectors.results(stage) if stage is not None and stage.finished_at else []
    return {
        "id": competition.pk,
        "name": competition.name,
        "stage": stage.name if stage else None,
        "published": competition.published_at is not None,
        "entrants": taking.entrants,
        "people": taking.people,
        "teams": taking.teams,
        "units": taking.units,
        "groups": [
            {
                "group": g.group.name,
                "placings": [
                    {
                        "rank": p.rank,
                        "entrant": p.entrant.name,
                        "units": [u.name for u in p.entrant.units.all()],
                        "figure": p.figure,
                        "prize": p.tier.name if p.tier else None,
                    }
                    for p in g.placings
                ],
                "prizes": [{"tier": name, "count": n} for name, n in g.prizes],
            }
            for g in groups
        ],
    }


# ---- leagues (rule C4) ------------------------------------------------------------------------------------------


class LeagueStandingRowOut(Schema):
    rank: int
    entrant: str
    played: int
    won: int
    drawn: int
    lost: int
    goals_for: int
    goals_against: int
    goal_difference: int
    points: int
    note: str


class LeagueStandingTableOut(Schema):
    group: str
    pool: str
    rows: list[LeagueStandingRowOut]


class LeagueStandingOut(Schema):
    id: int
    name: str
    stage: str | None
    finished: bool
    tables: list[LeagueStandingTableOut]


@router.get("/{competition_id}/standings", response=reads(LeagueStandingOut))
@access("org.view")
def standings(request: HttpRequest, competition_id: Id):
    """The standings of the competition's league stage per group and pool, computed live from the results
    entered, ties settled by the stage's chain (rule C4; `note` says how). Empty before the stage starts."""
    from .league_selectors import league_tables
    from .models import Format

    competition = selectors.competition_get(actor=request.user, pk=competition_id)
    stage = competition.stages.filter(format=Format.LEAGUE).order_by("order").first()
    tables = league_tables(stage) if stage is not None else []
    return {
        "id": competition.pk,
        "name": competition.name,
        "stage": stage.name if stage else None,
        "finished": bool(stage and stage.finished_at),
        "tables": [
            {
                "group": t.group.name,
                "pool": t.pool,
                "rows": [
                    {
                        "rank": r.rank,
                        "entrant": r.team.name,
                        "played": r.played,
                        "won": r.won,
                        "drawn": r.drawn,
                        "lost": r.lost,
                        "goals_for": r.goals_for,
                        "goals_against": r.goals_against,
                        "goal_difference": r.goal_difference,
                        "points": r.points,
                        "note": r.note,
                    }
                    for r in t.rows
                ],
            }
            for t in tables
        ],
    }
