"""Writing a judged stage (rules C2, C3): criteria and the judges of each group before scoring starts (the panel
locks then), the judges' marks from their phones (a changed mark needs a reason and is audited), the organiser's
measured marks, and confirming the ranking, which `services.placings_record` turns into placings and prizes."""

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.db import transaction

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.scope import SYSTEM

from . import judged, services
from .judged_audit import JudgedAudit
from .models import (
    Competition,
    Criterion,
    CriterionKind,
    Entrant,
    Format,
    Group,
    Judge,
    Score,
    Stage,
    TieRule,
)
from .models.judged import new_judge_token

WRITE = services.WRITE


def _open(actor, stage: Stage) -> tuple[Competition, Stage]:
    competition = services.editable(actor, stage.competition)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.format != Format.JUDGED:
        raise NotFound("该阶段不是评分赛制")
    return competition, stage


def weights_of(stage: Stage) -> dict[str, int]:
    """The parts' weights in the order given: stored as [[part, weight], …] (a JSON object's keys lose their order
    in PostgreSQL)."""
    raw = stage.settings.get("weights") or []
    pairs = raw.items() if isinstance(raw, dict) else raw
    return {str(k): int(v) for k, v in pairs}


def _unlocked(stage: Stage) -> None:
    if stage.started_at is not None:
        raise Conflict("panel_locked", f"“{stage.name}”已开始评分，评分项目和评委已锁定")  # rule C2


def _name(text: str, field: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(f"{field}_required", f"请填写{label}", fields={field: "必填"})
    return text


@transaction.atomic
def criterion_add(
    *, actor, stage: Stage, name: str, max_points: int | None, kind: str, part: str = ""
) -> Criterion:
    """A criterion with its maximum (hundredths), measured or judged, in a part (理论/实操) or none (rule C2)."""
    competition, stage = _open(actor, stage)
    _unlocked(stage)
    name = _name(name, "name", "评分项目名称")
    if kind not in CriterionKind.values:
        raise DomainError("kind", f"“{name}”的评分方式无效", fields={"kind": "无效"})
    if not max_points or max_points < 1:
        raise DomainError("max", f"请填写“{name}”的满分", fields={"max_points": "须大于0"})
    if stage.criteria.filter(name=name).exists():
        raise Conflict("criterion_twice", f"已有评分项目“{name}”", fields={"name": "重复"})
    weights = weights_of(stage)
    if weights and part.strip() not in weights:
        raise DomainError(
            "part", f"“{name}”须属于{'、'.join(weights)}之一", fields={"part": "须为设置了权重的部分"}
        )
    criterion = Criterion.objects.create(
        stage=stage,
        order=stage.criteria.count() + 1,
        name=name,
        max_points=max_points,
        kind=kind,
        part=part.strip(),
    )
    audit_record(
        actor=actor,
        action=JudgedAudit.CRITERION_ADD,
        org=competition.org,
        target=competition,
        target_label=f"{competition.name}：{stage.name}",
        after={
            "criterion": name,
            "max": judged.marks(max_points),
            "kind": criterion.get_kind_display(),
            "part": criterion.part,
        },
    )
    return criterion


def parse_weights(text: str) -> dict[str, int]:
    """ "理论30，实操70" → {"理论": 30, "实操": 70}; the message names the part written wrongly."""
    out: dict[str, int] = {}
    for item in services.split_units(text):
        name = item.rstrip("0123456789%％ ").strip()
        number = item[len(name) :].strip().rstrip("%％").strip()
        if not name or not number.isdigit() or int(number) < 1:
            raise DomainError(
                "weights", f"权重“{item}”应写成部分名称加数字，如“实操70”", fields={"weights": "无效"}
            )
        out[name] = int(number)
    return out


@transaction.atomic
def settings_set(*, actor, stage: Stage, weights_text: str, chain_text: str) -> Stage:
    """The parts' weights (理论30，实操70) and the tie chain (names of parts or criteria, in order), before
    scoring starts (rule C2). The chain decides only when the competition breaks ties by it (rule C3)."""
    competition, stage = _open(actor, stage)
    _unlocked(stage)
    weights = parse_weights(weights_text)
    criteria = list(stage.criteria.all())
    if weights:
        for c in criteria:
            if c.part not in weights:
                raise DomainError(
                    "part",
                    f"评分项目“{c.name}”不属于{'、'.join(weights)}中的任何部分",
                    fields={"weights": "缺少部分"},
                )
    chain = []
    names = {c.name for c in criteria}
    for step in services.split_units(chain_text):
        if step in weights:
            chain.append(f"part:{step}")
        elif step in names:
            chain.append(f"criterion:{step}")
        else:
            raise DomainError("chain", f"同分比较中的“{step}”不是评分项目或部分", fields={"chain": "无效"})
    before = {"weights": weights_of(stage), "chain": stage.settings.get("chain") or []}
    stage.settings = {**stage.settings, "weights": [[k, v] for k, v in weights.items()], "chain": chain}
    stage.save(update_fields=["settings"])
    audit_record(
        actor=actor,
        action=JudgedAudit.SETTINGS,
        org=competition.org,
        target=competition,
        target_label=f"{competition.name}：{stage.name}",
        before=before,
        after={"weights": weights, "chain": chain},
    )
    return stage


@transaction.atomic
def judge_add(*, actor, stage: Stage, group: Group, name: str, title: str = "", unit: str = "") -> Judge:
    """A judge of a group, with a personal scoring link; only before scoring starts (rule C2)."""
    competition, stage = _open(actor, stage)
    _unlocked(stage)
    if group.competition_id != competition.pk:
        raise NotFound("未找到该组别")
    name = _name(name, "name", "评委姓名")
    if stage.judges.filter(group=group, name=name).exists():
        raise Conflict("judge_twice", f"{group.name}已有评委{name}", fields={"name": "重复"})
    judge = Judge.objects.create(stage=stage, group=group, name=name, title=title.strip(), unit=unit.strip())
    audit_record(
        actor=actor,
        action=JudgedAudit.JUDGE_ADD,
        org=competition.org,
        target=competition,
        target_label=f"{competition.name}：{stage.name}",
        after={"judge": name, "group": group.name, "unit": judge.unit},
    )
    return judge


@transaction.atomic
def judge_remove(*, actor, judge: Judge) -> None:
    competition, stage = _open(actor, judge.stage)
    _unlocked(stage)
    audit_record(
        actor=actor,
        action=JudgedAudit.JUDGE_REMOVE,
        org=competition.org,
        target=competition,
        target_label=f"{competition.name}：{stage.name}",
        before={"judge": judge.name, "group": judge.group.name},
    )
    judge.delete()


@transaction.atomic
def judge_relink(*, actor, judge: Judge) -> Judge:
    """A new personal link for a judge (a lost phone): the old link answers 404 from now on."""
    competition, stage = _open(actor, judge.stage)
    judge.token = new_judge_token()
    judge.save(update_fields=["token"])
    audit_record(
        actor=actor,
        action=JudgedAudit.JUDGE_RELINK,
        org=competition.org,
        target=competition,
        target_label=f"{competition.name}：{stage.name}",
        after={"judge": judge.name},
    )
    return judge


@transaction.atomic
def judged_start(*, actor, stage: Stage) -> Stage:
    """Start scoring: criteria and a judge for every group with entrants are needed; the panel locks (rule C2)."""
    competition, stage = _open(actor, stage)
    if not stage.criteria.exists():
        raise Conflict("no_criteria", f"“{stage.name}”还没有评分项目")
    entrants = services.stage_entrants(stage)
    judged_groups = set(stage.judges.values_list("group_id", flat=True))
    if any(c.kind == CriterionKind.JUDGED for c in stage.criteria.all()):
        for group in competition.groups.all():
            if any(e.group_id == group.pk for e in entrants) and group.pk not in judged_groups:
                raise Conflict("no_judges", f"{group.name}还没有评委")
    return services.stage_start(actor=actor, stage=stage)


# ---- marks ------------------------------------------------------------------------------------------------------


def judge_by_token(token: str) -> Judge:
    """The judge a personal link belongs to; an unknown link, or one of a voided competition, is not found."""
    found = (
        Judge.objects.select_related("stage", "stage__competition", "group")
        .filter(token=token, stage__competition__voided_at__isnull=True)
        .first()
        if token
        else None
    )
    if found is None:
        raise NotFound("未找到")
    return found


def recused(judge: Judge, entrant: Entrant) -> bool:
    """A judge from the same unit as an entrant does not score that entrant (rule C2)."""
    unit = judge.unit.strip()
    return bool(unit) and any(u.name.strip() == unit for u in entrant.units.all())


def stage_entrants(stage: Stage) -> list[Entrant]:
    """The stage's entrants (fixed at the start), in number order."""
    entrants = services.stage_entrants(stage)
    ids = [e.pk for e in entrants]
    return list(
        Entrant.objects.filter(pk__in=ids)
        .select_related("group")
        .prefetch_related("units")
        .order_by("group__order", "number", "id")
    )


def marks_of(judge: Judge) -> dict[tuple[int, int], int]:
    """The marks a judge has given, by (entrant, criterion): read by the judge's own page (their link)."""
    return {
        (entrant_id, criterion_id): points
        for entrant_id, criterion_id, points in Score.objects.filter(judge=judge).values_list(
            "entrant_id", "criterion_id", "points"
        )
    }


def _marks(criteria: list[Criterion], typed: Mapping[int, str], who: str) -> dict[int, int]:
    """Typed marks checked against each criterion's maximum; the message names the criterion."""
    out: dict[int, int] = {}
    for c in criteria:
        text = (typed.get(c.pk) or "").strip()
        if not text:
            raise DomainError("mark_required", f"{who}：请填写“{c.name}”的得分", fields={f"c{c.pk}": "必填"})
        points = judged.parse_points(text)
        if points is None:
            raise DomainError(
                "mark_number", f"{who}：“{c.name}”的得分应为数字，最多两位小数", fields={f"c{c.pk}": "无效"}
            )
        if points > c.max_points:
            top = c.max_marks
            raise DomainError(
                "mark_max",
                f"{who}：“{c.name}”最高{top}分，不能填{text}分",
                fields={f"c{c.pk}": f"最高{top}分"},
            )
        out[c.pk] = points
    return out


def _save(
    *,
    actor,
    actor_username: str,
    stage: Stage,
    entrant: Entrant,
    judge: Judge | None,
    criteria: list[Criterion],
    typed: Mapping[int, str],
    reason: str,
    action,
) -> list[Score]:
    competition = stage.competition
    if stage.started_at is None:
        raise Conflict("not_started", f"“{stage.name}”尚未开始评分")
    if stage.finished_at is not None:
        raise Conflict("finished", f"“{stage.name}”成绩已确认，不能再修改评分")
    if entrant.pk not in {e.pk for e in services.stage_entrants(stage)}:
        raise NotFound("未找到该参赛者")
    marks = _marks(criteria, typed, entrant.name)
    existing = {
        s.criterion_id: s for s in Score.objects.filter(entrant=entrant, judge=judge, criterion__in=criteria)
    }
    changed = {
        pk: (existing[pk].points, p) for pk, p in marks.items() if pk in existing and existing[pk].points != p
    }
    if changed and not reason.strip():
        raise DomainError(
            "reason_required", f"{entrant.name}：修改已提交的评分须填写原因", fields={"reason": "必填"}
        )
    names = {c.pk: c.name for c in criteria}
    show = judged.marks
    saved = []
    for pk, points in marks.items():
        score = existing.get(pk) or Score(criterion_id=pk, entrant=entrant, judge=judge, points=points)
        score.points = points
        score.save()
        saved.append(score)
    if changed or len(existing) < len(marks):
        audit_record(
            actor=actor,
            actor_username=actor_username,
            action=JudgedAudit.SCORE_CHANGE if changed else action,
            org=competition.org,
            target=competition,
            target_label=f"{competition.name}：{stage.name}：{entrant.name}",
            before={"marks": {names[pk]: show(b) for pk, (b, _a) in changed.items()}} if changed else None,
            after={
                "judge": judge.name if judge else "",
                "entrant": entrant.name,
                "marks": {names[pk]: show(p) for pk, p in marks.items()},
            },
            reason=reason.strip(),
        )
    return saved


@transaction.atomic
def scores_save(*, judge: Judge, entrant: Entrant, typed: Mapping[int, str], reason: str = "") -> list[Score]:
    """A judge's marks for one entrant on every judged criterion (not for an entrant of their own unit)."""
    judge = Judge.objects.select_related("stage", "stage__competition", "group").get(pk=judge.pk)
    stage = Stage.objects.select_for_update().select_related("competition").get(pk=judge.stage_id)
    if entrant.group_id != judge.group_id:
        raise NotFound("未找到该参赛者")
    if recused(judge, entrant):
        raise Conflict("recused", f"{entrant.name}与您同一单位，您回避此参赛者的评分")  # rule C2
    criteria = list(stage.criteria.filter(kind=CriterionKind.JUDGED))
    return _save(
        actor=SYSTEM,
        actor_username=f"评委{judge.name}",
        stage=stage,
        entrant=entrant,
        judge=judge,
        criteria=criteria,
        typed=typed,
        reason=reason,
        action=JudgedAudit.SCORE,
    )


@transaction.atomic
def measure_save(
    *, actor, stage: Stage, entrant: Entrant, typed: Mapping[int, str], reason: str = ""
) -> list[Score]:
    """The organiser's marks on the measured criteria for one entrant, entered once (changed with a reason)."""
    _competition, stage = _open(actor, stage)
    criteria = list(stage.criteria.filter(kind=CriterionKind.MEASURED))
    if not criteria:
        raise Conflict("no_measured", f"“{stage.name}”没有客观测定的评分项目")
    return _save(
        actor=actor,
        actor_username="",
        stage=stage,
        entrant=entrant,
        judge=None,
        criteria=criteria,
        typed=typed,
        reason=reason,
        action=JudgedAudit.MEASURE,
    )


# ---- progress and the ranking -----------------------------------------------------------------------------------


@dataclass
class Cell:
    judge: Judge | None  # None: the measured marks
    done: bool
    recused: bool = False


@dataclass
class Row:
    entrant: Entrant
    cells: list[Cell]
    total: Fraction | None = None

    @property
    def complete(self) -> bool:
        return all(c.done or c.recused for c in self.cells)


def progress(stage: Stage) -> dict[Group, list[Row]]:
    """Who has scored whom, per group: one cell per judge of the group (and one for the measured marks)."""
    criteria = list(stage.criteria.all())
    judged_ids = {c.pk for c in criteria if c.kind == CriterionKind.JUDGED}
    measured_ids = {c.pk for c in criteria if c.kind == CriterionKind.MEASURED}
    judges = list(stage.judges.select_related("group"))
    entrants = stage_entrants(stage)
    given: dict[tuple[int, int | None], set[int]] = {}
    for entrant_id, judge_id, criterion_id in Score.objects.filter(criterion__stage=stage).values_list(
        "entrant_id", "judge_id", "criterion_id"
    ):
        given.setdefault((entrant_id, judge_id), set()).add(criterion_id)
    out: dict[Group, list[Row]] = {}
    groups = {g.pk: g for g in stage.competition.groups.all()}
    for e in entrants:
        cells = []
        if judged_ids:
            for j in judges:
                if j.group_id == e.group_id:
                    cells.append(Cell(j, given.get((e.pk, j.pk), set()) >= judged_ids, recused(j, e)))
        if measured_ids:
            cells.append(Cell(None, given.get((e.pk, None), set()) >= measured_ids))
        out.setdefault(groups[e.group_id], []).append(Row(e, cells))
    return out


def _crits(stage: Stage) -> list[judged.Crit]:
    return [judged.Crit(c.pk, c.name, c.max_points, c.part) for c in stage.criteria.all()]


def standings(stage: Stage) -> dict[Group, list[tuple[Entrant, int, Fraction]]]:
    """The ranking per group from the marks (rule C2): each criterion's mean over the judges who scored it, trimmed
    with 5 or more; the total, then the tie chain when the competition breaks ties by it (rule C3), else shared."""
    crits = _crits(stage)
    weights = weights_of(stage)
    chain = (
        [str(s) for s in stage.settings.get("chain") or []]
        if stage.competition.tie_rule == TieRule.CHAIN
        else []
    )
    marks: dict[int, dict[int, list[int]]] = {}
    for entrant_id, criterion_id, points in Score.objects.filter(criterion__stage=stage).values_list(
        "entrant_id", "criterion_id", "points"
    ):
        marks.setdefault(entrant_id, {}).setdefault(criterion_id, []).append(points)
    by_group: dict[Group, list[tuple[Entrant, tuple[Fraction, ...]]]] = {}
    groups = {g.pk: g for g in stage.competition.groups.all()}
    for e in stage_entrants(stage):
        agg = {k: judged.aggregate(v) for k, v in marks.get(e.pk, {}).items()}
        by_group.setdefault(groups[e.group_id], []).append((e, judged.sort_key(crits, agg, weights, chain)))
    return {g: [(e, r, k[0]) for e, r, k in judged.rank(rows)] for g, rows in by_group.items()}


@transaction.atomic
def judged_confirm(*, actor, stage: Stage) -> list:
    """Confirm the stage's ranking once every judge has scored every entrant they score and the measured marks
    are in (the first missing is named); placings and prize tiers follow (`services.placings_record`, rule C3)."""
    _competition, stage = _open(actor, stage)
    if stage.started_at is None:
        raise Conflict("not_started", f"“{stage.name}”尚未开始评分")
    for group, rows in progress(stage).items():
        for row in rows:
            for cell in row.cells:
                if not (cell.done or cell.recused):
                    who = f"评委{cell.judge.name}" if cell.judge else "客观测定成绩"
                    raise Conflict("incomplete", f"{group.name}：{who}尚未给{row.entrant.name}评分")
    ranking = {
        group: [services.Ranked(e, rank, f"{judged.hundredths(total)}分") for e, rank, total in rows]
        for group, rows in standings(stage).items()
    }
    return services.placings_record(actor=actor, stage=stage, ranking=ranking)
