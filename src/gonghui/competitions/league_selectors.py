"""Reading leagues and knockouts (rules C4, C5): the fixtures by round, the standings computed live from the results
entered (with how each tie was settled), the bracket by round, and a knockout's final ranking."""

from dataclasses import dataclass, field

from gonghui.core.errors import NotFound

from . import league, services
from .models import Entrant, Group, Match, Stage


def points_of(stage: Stage) -> league.Points:
    win, draw, loss = stage.settings.get("points", [3, 1, 0])
    return league.Points(int(win), int(draw), int(loss))


def chain_of(stage: Stage) -> tuple[str, ...]:
    return tuple(stage.settings.get("tiebreak", league.DEFAULT_CHAIN))


def matches_of(stage: Stage):
    return Match.objects.filter(stage=stage).select_related("group", "home", "away")


@dataclass
class Table:
    group: Group
    pool: str
    rows: list[league.Row]  # row.team is the Entrant
    rounds: list[tuple[int, list[Match]]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return " ".join(x for x in (self.group.name, self.pool) if x)

    @property
    def explained(self) -> bool:
        return any(r.note for r in self.rows)


def league_tables(stage: Stage) -> list[Table]:
    """Per group and pool: the standings from the results entered so far (live), and the fixtures by round."""
    entries = list(stage.entries.select_related("entrant", "entrant__group").order_by("pool", "seed", "id"))
    pools: dict[tuple[int, str], list[Entrant]] = {}
    groups: dict[int, Group] = {}
    for se in entries:
        if se.entrant.active:
            pools.setdefault((se.entrant.group_id, se.pool), []).append(se.entrant)
            groups[se.entrant.group_id] = se.entrant.group
    matches: dict[tuple[int, str], list[Match]] = {}
    for m in matches_of(stage):
        matches.setdefault((m.group_id, m.pool), []).append(m)
    lots = stage.settings.get("lots", {})
    points, chain = points_of(stage), chain_of(stage)
    tables = []
    for key in sorted(pools, key=lambda k: (groups[k[0]].order, k[1])):
        teams = pools[key]
        by_id = {e.pk: e for e in teams}
        played = [
            league.Result(m.home, m.away, m.home_score, m.away_score, m.forfeit)
            for m in matches.get(key, [])
            if m.played
        ]
        drawn = [by_id[i] for i in lots.get(key[1] or groups[key[0]].name, []) if i in by_id]
        rows = league.standings(teams, played, points, chain, drawn)
        rounds: dict[int, list[Match]] = {}
        for m in matches.get(key, []):
            rounds.setdefault(m.round, []).append(m)
        tables.append(Table(groups[key[0]], key[1], rows, sorted(rounds.items())))
    return tables


@dataclass
class Bracket:
    group: Group
    rounds: list[tuple[str, list[Match]]]  # (round name, matches by position)
    third: Match | None
    champion: Entrant | None


def round_name(r: int, rounds: int) -> str:
    left = rounds - r
    return {0: "决赛", 1: "半决赛", 2: "四分之一决赛"}.get(left, f"{2 ** (left + 1)}强赛")


def brackets(stage: Stage) -> list[Bracket]:
    by_group: dict[int, list[Match]] = {}
    for m in matches_of(stage).order_by("round", "position"):
        by_group.setdefault(m.group_id, []).append(m)
    out = []
    for group in stage.competition.groups.all():
        ms = by_group.get(group.pk)
        if not ms:
            continue
        rounds = max(m.round for m in ms)
        third = next((m for m in ms if m.third_place), None)
        final = next((m for m in ms if m.round == rounds and not m.third_place), None)
        out.append(
            Bracket(
                group,
                [
                    (round_name(r, rounds), [m for m in ms if m.round == r and not m.third_place])
                    for r in range(1, rounds + 1)
                ],
                third,
                final.winner if final else None,
            )
        )
    return out


def knockout_ranking(stage: Stage) -> dict[Group, list[services.Ranked]] | None:
    """The final ranks per group once every match with two sides is played (C5); None while one is not."""
    ranking: dict[Group, list[services.Ranked]] = {}
    for b in brackets(stage):
        ms = [m for _name, rm in b.rounds for m in rm]
        if b.third is not None:
            ms.append(b.third)
        if any(m.home is not None and m.away is not None and not m.played for m in ms) or b.champion is None:
            return None
        rounds = len(b.rounds)
        eliminated = {m.loser: m.round for m in ms if not m.third_place and m.loser is not None}
        third = fourth = None
        if b.third is not None and b.third.played:
            third, fourth = b.third.winner, b.third.loser
        ranks = league.knockout_ranks(rounds, eliminated, b.champion, b.third is not None, third, fourth)
        figures = {1: "冠军", 2: "亚军", 3: "季军", 4: "第四名"}
        ranking[b.group] = [
            services.Ranked(e, r, figures.get(r, f"{round_name(eliminated.get(e, rounds), rounds)}负"))
            for e, r in sorted(ranks.items(), key=lambda kv: (kv[1], kv[0].pk))
        ]
    return ranking


def match_get(stage: Stage, pk) -> Match:
    """A match of a stage the caller has already read in scope (the competition, then the stage)."""
    found = stage.matches.filter(pk=pk).select_related("home", "away").first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound("未找到该场比赛")
    return found
