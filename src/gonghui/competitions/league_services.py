"""Writing leagues and knockouts (rules C4, C5): starting a league stage in pools with its fixtures by the circle
method, starting a knockout stage with its bracket from the qualifiers before, entering a result (a score or a
forfeit; changing one needs a reason), and confirming the stage, which hands the ranking to `placings_record`.

A stage's settings (`Stage.settings`) read here:
- "points": [win, draw, loss] (default football 3/1/0); "forfeit_score": [loser, winner] (default 0:3);
- "tiebreak": the chain (default head_to_head, goal_difference, goals_for); "lots": {pool: [entrant ids as drawn]};
- "pitches": pitch names used in turn within a round; "days_between": days from one round to the next (7);
- "third_place": true for a third-place match in a knockout.
"""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError

from . import league, services
from .league_audit import LeagueAudit
from .models import Entrant, Format, Group, Match, Side, Stage

POOL_LETTERS = "ABCDEFGHIJKLMNOP"


def serpentine(entrants: list[Entrant], pools: int) -> dict[int, tuple[str, int | None]]:
    """Entrants spread over `pools` pools named A组, B组 … by seed, serpentine (1→A, 2→B, 3→B, 4→A …); the unseeded
    follow in number order. {entrant id: (pool, seed)} as `stage_start` takes it."""
    ordered = sorted(entrants, key=lambda e: (e.seed is None, e.seed or 0, e.number, e.pk))
    out: dict[int, tuple[str, int | None]] = {}
    for i, e in enumerate(ordered):
        lap, at = divmod(i, pools)
        index = at if lap % 2 == 0 else pools - 1 - at
        out[e.pk] = (f"{POOL_LETTERS[index]}组", i + 1)
    return out


def _pitches(stage: Stage) -> list[str]:
    return [str(p) for p in stage.settings.get("pitches", []) if str(p).strip()]


def _round_date(stage: Stage, round_no: int) -> dt.date | None:
    if stage.starts_on is None:
        return None
    return stage.starts_on + dt.timedelta(days=int(stage.settings.get("days_between", 7)) * (round_no - 1))


def _fixtures(stage: Stage) -> int:
    """Round-robin fixtures per group and pool by the circle method (C4)."""
    pitches = _pitches(stage)
    made = []
    pools: dict[tuple[int, str], list[Entrant]] = {}
    for se in stage.entries.select_related("entrant", "entrant__group").order_by("pool", "seed", "id"):
        if se.entrant.active:
            pools.setdefault((se.entrant.group_id, se.pool), []).append(se.entrant)
    for (group_id, pool), teams in sorted(pools.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        for r, pairs in enumerate(league.circle_rounds(teams), start=1):
            for p, (home, away) in enumerate(pairs):
                made.append(
                    Match(
                        stage=stage,
                        group_id=group_id,
                        pool=pool,
                        round=r,
                        position=p,
                        date=_round_date(stage, r),
                        pitch=pitches[p % len(pitches)] if pitches else "",
                        home=home,
                        away=away,
                    )
                )
    Match.objects.bulk_create(made)
    return len(made)


@transaction.atomic
def league_start(*, actor, stage: Stage, pools: int = 1) -> Stage:
    """Start a league stage: its entrants in `pools` pools by seed serpentine (1: each group plays as one pool)
    and the fixtures generated (fixtures_generate, rule C4)."""
    if stage.format != Format.LEAGUE:
        raise DomainError("format", f"“{stage.name}”不是循环赛")
    if pools < 1 or pools > len(POOL_LETTERS):
        raise DomainError("pools", "小组数应在1到16之间", fields={"pools": "1到16"})
    entrants = services.stage_entrants(stage)
    by_group: dict[int, list[Entrant]] = {}
    for e in entrants:
        by_group.setdefault(e.group_id, []).append(e)
    split: dict[int, tuple[str, int | None]] = {}
    if pools > 1:
        for group_entrants in by_group.values():
            if len(group_entrants) < 2 * pools:
                raise DomainError(
                    "pools", f"参赛队不足，分{pools}个小组每组至少2队", fields={"pools": "过多"}
                )
            split.update(serpentine(group_entrants, pools))
    stage = services.stage_start(actor=actor, stage=stage, pools=split)
    return fixtures_generate(actor=actor, stage=stage)


def fixtures_generate(*, actor, stage: Stage) -> Stage:
    """The fixtures of a started league stage, once (C4)."""
    if stage.matches.exists():
        raise Conflict("fixtures", f"“{stage.name}”已生成赛程")
    count = _fixtures(stage)
    audit_record(
        actor=actor,
        action=LeagueAudit.FIXTURES,
        org=stage.competition.org,
        target=stage.competition,
        target_label=f"{stage.competition.name}：{stage.name}",
        after={"pools": sorted({se.pool for se in stage.entries.all()}), "matches": count},
    )
    return stage


# ---- knockout (C5) -------------------------------------------------------------------------------------------------


def _previous(stage: Stage) -> Stage | None:
    return stage.competition.stages.filter(order__lt=stage.order).order_by("-order").first()


def qualifiers(stage: Stage) -> dict[int, list[league.Qualifier]]:
    """The qualifiers of the stage before, per group, with their place and pool there (A1, B1, A2 …)."""
    before = _previous(stage)
    out: dict[int, list[league.Qualifier]] = {}
    if before is None:
        for e in services.stage_entrants(stage):
            out.setdefault(e.group_id, []).append(league.Qualifier(e, e.seed or 999))
        return out
    pool_of = {se.entrant_id: se.pool for se in before.entries.all()}
    for p in before.placings.filter(qualified=True).select_related("entrant"):
        if p.entrant.active:
            out.setdefault(p.group_id, []).append(
                league.Qualifier(p.entrant, p.rank, pool_of.get(p.entrant_id, ""))
            )
    return out


@transaction.atomic
def knockout_start(*, actor, stage: Stage) -> Stage:
    """Start a knockout stage: per group, the bracket of 2^k from the qualifiers seeded by place in their pool
    (A1 v B2 …), byes for the top seeds, teams of one pool in opposite halves where possible (C5); every match of
    every round is laid out, the later ones filled as winners come through."""
    if stage.format != Format.KNOCKOUT:
        raise DomainError("format", f"“{stage.name}”不是淘汰赛")
    drawn = qualifiers(stage)
    stage = services.stage_start(actor=actor, stage=stage)
    pitches = _pitches(stage)
    before = _previous(stage)
    pool_names = sorted({se.pool for se in before.entries.all()}) if before else []
    made = 0
    for group_id, qs in drawn.items():
        slots = league.bracket(qs, pool_names)
        size = len(slots)
        rounds = size.bit_length() - 1
        matches: dict[tuple[int, int], Match] = {}
        for r in range(1, rounds + 1):
            for p in range(size >> r):
                matches[(r, p)] = Match.objects.create(
                    stage=stage,
                    group_id=group_id,
                    round=r,
                    position=p,
                    date=_round_date(stage, r),
                    pitch=pitches[p % len(pitches)] if pitches else "",
                )
        if stage.settings.get("third_place") and rounds >= 2:
            Match.objects.create(
                stage=stage,
                group_id=group_id,
                round=rounds,
                position=0,
                third_place=True,
                date=_round_date(stage, rounds),
                pitch=pitches[1 % len(pitches)] if pitches else "",
            )
        for p in range(size // 2):
            a, b = slots[2 * p], slots[2 * p + 1]
            m = matches[(1, p)]
            m.home = a.team if a else None
            m.away = b.team if b else None
            m.save(update_fields=["home", "away"])
            if (a is None) != (b is None):  # a bye: the seed goes straight on
                _advance(stage, m, (a or b).team)  # type: ignore[union-attr]
        made += len(matches)
    audit_record(
        actor=actor,
        action=LeagueAudit.FIXTURES,
        org=stage.competition.org,
        target=stage.competition,
        target_label=f"{stage.competition.name}：{stage.name}",
        after={"matches": made},
    )
    return stage


def _next_slot(stage: Stage, m: Match) -> tuple[Match | None, str]:
    nxt = Match.objects.filter(
        stage=stage, group_id=m.group_id, round=m.round + 1, position=m.position // 2, third_place=False
    ).first()
    return nxt, ("home" if m.position % 2 == 0 else "away")


def _advance(stage: Stage, m: Match, winner: Entrant | None) -> None:
    """Put the winner of a knockout match in its slot of the next round (and the loser of a semi-final in the
    third-place match); refused once that next match has been played."""
    if m.third_place:
        return
    nxt, side = _next_slot(stage, m)
    if nxt is None:
        return
    if nxt.played:
        raise Conflict("next_played", f"下一轮“{nxt}”已有结果，不能再更改本场结果")
    setattr(nxt, side, winner)
    nxt.save(update_fields=[side])
    third = Match.objects.filter(
        stage=stage, group_id=m.group_id, third_place=True, round=m.round + 1
    ).first()
    if third is not None:
        if third.played:
            raise Conflict("next_played", "三四名决赛已有结果，不能再更改本场结果")
        setattr(third, side, m.loser if winner is not None else None)
        third.save(update_fields=[side])


# ---- results ------------------------------------------------------------------------------------------------------


def forfeit_score(stage: Stage) -> tuple[int, int]:
    lost, won = stage.settings.get("forfeit_score", [0, 3])
    return int(lost), int(won)


@dataclass
class Score:
    home: int | None = None
    away: int | None = None
    forfeit: str = ""  # "home" / "away": that side forfeited (C4: a loss with the fixed score)


@transaction.atomic
def result_enter(*, actor, match: Match, score: Score, reason: str = "") -> Match:
    """Enter a match's result: a score, or a forfeit (a loss by the fixed score, C4). A result already entered
    changes only with a reason, audited with the score before and after. A knockout match needs a winner (C5)
    and a changed one is refused once the next round has been played."""
    competition = services.editable(actor, match.stage.competition)
    match = (
        Match.objects.select_for_update(of=("self",)).select_related("stage", "home", "away").get(pk=match.pk)
    )
    stage = match.stage
    label = f"第{match.round}轮 {match}"
    if stage.started_at is None:
        raise Conflict("not_started", f"“{stage.name}”尚未开赛")
    if stage.finished_at is not None:
        raise Conflict("finished", f"“{stage.name}”成绩已确认，不能再录入结果")
    if match.home is None or match.away is None:
        raise Conflict("sides", f"{label}：对阵尚未确定")
    if score.forfeit:
        if score.forfeit not in (Side.HOME, Side.AWAY):
            raise DomainError("forfeit", "弃权方无效", fields={"forfeit": "无效"})
        lost, won = forfeit_score(stage)
        home, away = (lost, won) if score.forfeit == Side.HOME else (won, lost)
    else:
        if score.home is None or score.away is None:
            raise DomainError("score", f"{label}：请填写双方比分", fields={"home_score": "必填"})
        if score.home < 0 or score.away < 0:
            raise DomainError("score", f"{label}：比分不能为负", fields={"home_score": "不能为负"})
        home, away = score.home, score.away
    if stage.format == Format.KNOCKOUT and home == away:
        raise DomainError(
            "draw",
            f"{label}：淘汰赛须分出胜负（点球决胜的请填写含点球的比分）",
            fields={"home_score": "须分胜负"},
        )
    before = f"{match.home_score}:{match.away_score}" if match.played else None
    if before is not None and not reason.strip():
        raise DomainError(
            "reason_required", f"{label}：已有结果{before}，更改须填写原因", fields={"reason": "必填"}
        )
    match.home_score, match.away_score, match.forfeit = home, away, score.forfeit
    match.entered_at = timezone.now()
    match.save(update_fields=["home_score", "away_score", "forfeit", "entered_at"])
    if stage.format == Format.KNOCKOUT:
        _advance(stage, match, match.winner)
    after = {"match": label, "score": f"{home}:{away}"}
    if score.forfeit:
        after["forfeit"] = str(Side(score.forfeit).label)
    audit_record(
        actor=actor,
        action=LeagueAudit.RESULT_CHANGE if before is not None else LeagueAudit.RESULT,
        org=competition.org,
        target=competition,
        target_label=f"{competition.name}：{stage.name}",
        before={"score": before} if before is not None else None,
        after=after,
        reason=reason.strip(),
    )
    return match


# ---- confirming a stage -------------------------------------------------------------------------------------------


@transaction.atomic
def league_confirm(*, actor, stage: Stage) -> list:
    """确认小组赛成绩: every match played, the ranks of the live standings go to `placings_record` per group (the
    pools' ranks side by side: A组第1 and B组第1 both rank 1), so the first `advance` of each pool qualify."""
    from .league_selectors import league_tables

    if stage.matches.filter(home_score__isnull=True).exists():
        left = stage.matches.filter(home_score__isnull=True).count()
        raise Conflict("unplayed", f"还有{left}场比赛没有结果，不能确认小组赛成绩")
    ranking: dict[Group, list[services.Ranked]] = {}
    for table in league_tables(stage):
        for row in table.rows:
            figure = f"{table.pool}第{row.rank} {row.points}分" if table.pool else f"{row.points}分"
            ranking.setdefault(table.group, []).append(services.Ranked(row.team, row.rank, figure))
    return services.placings_record(actor=actor, stage=stage, ranking=ranking)


@transaction.atomic
def knockout_confirm(*, actor, stage: Stage) -> list:
    """The final ranking of a knockout (C5): champion 1, runner-up 2, 3 and 4 from the third-place match (or
    both losing semi-finalists 3), those out earlier after them; handed to `placings_record` (prizes by tier)."""
    from .league_selectors import knockout_ranking

    ranking = knockout_ranking(stage)
    if ranking is None:
        raise Conflict("unplayed", "淘汰赛还有比赛没有结果，不能确认名次")
    return services.placings_record(actor=actor, stage=stage, ranking=ranking)
