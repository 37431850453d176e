"""Heats and the final (rule C6): the draw by seed (serpentine over heats, lanes in seed order), the times
entered per heat, and the confirmed result handed to `services.placings_record`: on a heats stage the qualifiers
(Q by place, q by time) rank first so that exactly they reach `stage.advance` (the final's lanes); on the final
the ranking by time gives the prizes (rule C3)."""

from dataclasses import dataclass

from django.db import transaction

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError

from . import heats, services
from .heats_audit import HeatsAudit
from .models import Group, HeatRun, RunStatus, Stage, StageEntrant

DEFAULT_LANES = 8


def settings_of(stage: Stage) -> dict:
    """The stage's heats settings: `heats` (how many), `by_place` (Q per heat); the lanes of the final are the
    stage's `advance`."""
    s = stage.settings or {}
    return {"heats": int(s.get("heats", 1)), "by_place": int(s.get("by_place", 0))}


def _seed_key(entrant) -> tuple:
    return (entrant.seed is None, entrant.seed or 0, entrant.number, entrant.pk)


@transaction.atomic
def heats_draw(*, actor, stage: Stage) -> Stage:
    """Start the stage with its heats (rule C6): each group's entrants, best seed first, spread the serpentine
    way; lanes in seed order within a heat."""
    entrants = services.stage_entrants(stage)
    count = max(1, settings_of(stage)["heats"])
    pools: dict[int, tuple[str, int | None]] = {}
    lanes: dict[int, tuple[int, int]] = {}
    heat_no = 0
    groups: dict[int, list] = {}
    for e in entrants:
        groups.setdefault(e.group_id, []).append(e)
    for members in groups.values():
        spread = heats.serpentine(sorted(members, key=_seed_key), min(count, len(members)))
        for heat in spread:
            heat_no += 1
            for lane, e in enumerate(heat, start=1):
                pools[e.pk] = (f"第{heat_no}组", e.seed)
                lanes[e.pk] = (heat_no, lane)
    stage = services.stage_start(actor=actor, stage=stage, pools=pools)
    HeatRun.objects.bulk_create(
        [
            HeatRun(entry=se, heat=lanes[se.entrant_id][0], lane=lanes[se.entrant_id][1])
            for se in stage.entries.all()
        ]
    )
    audit_record(
        actor=actor,
        action=HeatsAudit.DRAW,
        org=stage.competition.org,
        target=stage.competition,
        target_label=stage.competition.name,
        after={"stage": stage.name, "heats": heat_no, "runs": len(lanes)},
    )
    return stage


@dataclass(frozen=True)
class TimeData:
    run: HeatRun
    time: int | None
    status: str = RunStatus.TIMED


@transaction.atomic
def times_record(*, actor, stage: Stage, rows: list[TimeData]) -> int:
    """Enter or correct the times of a stage's runs (before its result is confirmed); a timed run needs a
    time, any other status has none."""
    competition = services.editable(actor, stage.competition)
    stage = Stage.objects.get(pk=stage.pk)
    if stage.finished_at is not None:
        raise Conflict("finished", f"“{stage.name}”的成绩已确认，不能再修改")
    changes = []
    for r in rows:
        run = r.run
        if run.entry.stage_id != stage.pk:
            raise DomainError("run", "不属于本阶段的成绩")
        time = r.time if r.status == RunStatus.TIMED else None
        if (run.time, run.status) == (time, r.status):
            continue
        changes.append(
            f"{run.entry.entrant.name}：{heats.seconds(time) if time else RunStatus(r.status).label}"
        )
        run.time, run.status = time, r.status
        run.save(update_fields=["time", "status"])
    if changes:
        audit_record(
            actor=actor,
            action=HeatsAudit.TIMES,
            org=competition.org,
            target=competition,
            target_label=competition.name,
            after={"stage": stage.name, "changes": changes},
        )
    return len(changes)


def runs_of(stage: Stage) -> list[HeatRun]:
    return list(
        HeatRun.objects.filter(entry__stage=stage)
        .select_related("entry__entrant__group")
        .order_by("heat", "lane")
    )


def marks(stage: Stage, runs: list[HeatRun]) -> dict[int, str]:
    """Q / q for each qualifying run of a heats stage (by HeatRun pk); empty on the final."""
    if services.is_last(stage) or not stage.advance:
        return {}
    s = settings_of(stage)
    out: dict[int, str] = {}
    by_group: dict[int, list[HeatRun]] = {}
    for r in runs:
        by_group.setdefault(r.entry.entrant.group_id, []).append(r)
    for group_runs in by_group.values():
        plain = [
            heats.Run(
                r.pk, r.heat, r.time if r.status == RunStatus.TIMED else None, order=r.entry.seed or 10**6
            )
            for r in group_runs
        ]
        for q in heats.qualifiers(plain, by_place=s["by_place"], lanes=stage.advance):
            out[q.key] = q.mark  # type: ignore[index]
    return out


def ranking(stage: Stage) -> dict[Group, list[services.Ranked]]:
    """Each group's ranking: on a heats stage the qualifiers first (ranks 1.. by time), then the rest by time
    after them, so `placings_record` lets exactly the qualifiers through; on the final by time. Runs without a
    time do not rank."""
    runs = runs_of(stage)
    marked = marks(stage, runs)
    out: dict[Group, list[services.Ranked]] = {}
    groups: dict[int, Group] = {}
    by_group: dict[int, list[HeatRun]] = {}
    for r in runs:
        g = r.entry.entrant.group
        groups[g.pk] = g
        by_group.setdefault(g.pk, []).append(r)
    for gid, group_runs in by_group.items():
        timed = [r for r in group_runs if r.status == RunStatus.TIMED and r.time]
        through = [r for r in timed if r.pk in marked]
        rest = [r for r in timed if r.pk not in marked]
        ranked: list[services.Ranked] = []
        offset = 0
        for part in (through, rest):
            for run, time, rank in heats.ranks([(r, r.time) for r in part]):
                figure = heats.seconds(time) + (f" {marked[run.pk]}" if run.pk in marked else "")
                ranked.append(services.Ranked(run.entry.entrant, offset + rank, figure))
            offset += len(part)
        out[groups[gid]] = ranked
    return out


@transaction.atomic
def heats_confirm(*, actor, stage: Stage):
    """确认成绩: every run needs a time or a status; the ranking goes to placings_record."""
    missing = HeatRun.objects.filter(entry__stage=stage, status=RunStatus.TIMED, time__isnull=True)
    if missing.exists():
        names = "、".join(r.entry.entrant.name for r in missing.select_related("entry__entrant")[:5])
        raise DomainError("times_missing", f"尚未录入成绩：{names}")
    return services.placings_record(actor=actor, stage=stage, ranking=ranking(stage))


def entries(stage: Stage):
    return StageEntrant.objects.filter(stage=stage)
