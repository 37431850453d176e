"""Every write of an evaluation (rule G4): schemes, rounds, a unit's self-assessment, the evaluating group's site
visits and scores, and the round's steps 自评中 → 评审中 → 已锁定 → 已公布. Each checks scope, validates, writes
and is audited."""

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from .evaluations_audit import EvaluationsAudit
from .evaluations_tree import CategoryData
from .models import (
    EvaluationCategory,
    EvaluationIndicator,
    EvaluationRound,
    EvaluationScheme,
    EvaluationScore,
    EvaluationUnit,
    RoundStatus,
    SelfAssessment,
    SiteVisit,
)

WRITE = "work.edit"


def _node_may(actor, org: Org) -> None:
    if not in_scope(actor, WRITE, org):
        raise NotFound("未找到该考核")


@transaction.atomic
def scheme_create(
    *, actor, org: Org, name: str, categories: list[CategoryData], note: str = ""
) -> EvaluationScheme:
    _node_may(actor, org)
    name = name.strip()
    if not name:
        raise DomainError("scheme_name", "请填写方案名称", fields={"name": "请填写方案名称"})
    if EvaluationScheme.objects.filter(org=org, name=name).exists():
        raise Conflict("scheme_name", "本单位已有同名考核方案", fields={"name": "本单位已有同名考核方案"})
    names = [i.name for c in categories for i in c.indicators]
    if len(set(names)) != len(names):
        raise DomainError("evaluation_tree", "指标名称不能重复", fields={"tree": "指标名称不能重复"})
    scheme = EvaluationScheme.objects.create(org=org, name=name, note=note)
    for ci, c in enumerate(categories, start=1):
        cat = EvaluationCategory.objects.create(scheme=scheme, order=ci, name=c.name, weight=c.weight)
        for ii, i in enumerate(c.indicators, start=1):
            EvaluationIndicator.objects.create(
                scheme=scheme,
                category=cat,
                order=ii,
                name=i.name,
                method=i.method,
                max_points=i.max_points,
                params=i.params,
            )
    audit_record(
        actor=actor,
        action=EvaluationsAudit.SCHEME_CREATE,
        org=org,
        target=scheme,
        after={"name": name, "indicators": len(names)},
    )
    return scheme


@transaction.atomic
def round_create(
    *, actor, scheme: EvaluationScheme, name: str, year: int, units: list[Org]
) -> EvaluationRound:
    """A round over child units of the scheme's node (G4: the parent evaluates its children)."""
    org = scheme.org
    _node_may(actor, org)
    if not name.strip():
        raise DomainError("round_name", "请填写考核名称", fields={"name": "请填写考核名称"})
    if not units:
        raise DomainError("round_units", "请选择被考核单位", fields={"units": "请选择被考核单位"})
    strangers = [u.name for u in units if u.parent_id != org.pk]
    if strangers:
        message = f"被考核单位须为{org.name}的直属下级：{'、'.join(strangers)}"
        raise DomainError("round_units", message, fields={"units": message})
    rnd = EvaluationRound.objects.create(org=org, scheme=scheme, name=name.strip(), year=year)
    for u in units:
        EvaluationUnit.objects.create(round=rnd, org=u)
    audit_record(
        actor=actor,
        action=EvaluationsAudit.ROUND_CREATE,
        org=org,
        target=rnd,
        after={"scheme": scheme.name, "year": year, "units": "、".join(u.name for u in units)},
    )
    return rnd


def _locked_round(unit: EvaluationUnit) -> EvaluationRound:
    rnd = EvaluationRound.objects.select_for_update(of=("self",)).get(pk=unit.round_id)
    if not rnd.editable:
        raise Conflict("evaluation_locked", "考核结果已锁定，不能再修改")
    return rnd


@transaction.atomic
def self_assess(*, actor, unit: EvaluationUnit, values: dict[int, tuple[int, str, str]]) -> int:
    """A unit's self-assessment: {indicator id: (value in hundredths, evidence, file names)}; by a cadre of the
    unit (or of a node above it), while the round is 自评中 (G4)."""
    if not in_scope(actor, WRITE, unit.org):
        raise NotFound("未找到该考核")
    rnd = _locked_round(unit)
    if rnd.status != RoundStatus.SELF:
        raise Conflict("evaluation_step", "自评已结束，考核已转入评审")
    indicators = {i.pk: i for i in rnd.scheme.indicators.all()}
    written = 0
    for ind_id, (value, evidence, files) in values.items():
        if ind_id not in indicators:
            raise DomainError("indicator", "指标不属于本考核方案")
        SelfAssessment.objects.update_or_create(
            unit=unit,
            indicator_id=ind_id,
            defaults={
                "value": value,
                "evidence": evidence,
                "evidence_files": files,
                "submitted_by": actor if getattr(actor, "pk", None) else None,
            },
        )
        written += 1
    audit_record(
        actor=actor,
        action=EvaluationsAudit.SELF_ASSESS,
        org=unit.org,
        target=rnd,
        after={"unit": unit.org.name, "values": {indicators[k].name: v[0] for k, v in values.items()}},
    )
    return written


@transaction.atomic
def score(
    *,
    actor,
    unit: EvaluationUnit,
    values: dict[int, tuple[int, str]],
    visit: tuple | None = None,
) -> int:
    """The evaluating group's values for a unit (override or confirm the self-assessment), and optionally the site
    visit it made (date, members, notes); by the round's node while 评审中 (G4)."""
    _node_may(actor, unit.round.org)
    rnd = _locked_round(unit)
    if rnd.status != RoundStatus.REVIEW:
        raise Conflict("evaluation_step", "考核尚未转入评审，请先结束自评")
    indicators = {i.pk: i for i in rnd.scheme.indicators.all()}
    for ind_id, (value, note) in values.items():
        if ind_id not in indicators:
            raise DomainError("indicator", "指标不属于本考核方案")
        EvaluationScore.objects.update_or_create(
            unit=unit,
            indicator_id=ind_id,
            defaults={
                "value": value,
                "note": note,
                "scored_by": actor if getattr(actor, "pk", None) else None,
            },
        )
    if values:
        audit_record(
            actor=actor,
            action=EvaluationsAudit.SCORE,
            org=rnd.org,
            target=rnd,
            after={"unit": unit.org.name, "values": {indicators[k].name: v[0] for k, v in values.items()}},
        )
    if visit is not None:
        visited_on, members, notes = visit
        if not members.strip():
            raise DomainError("visit_members", "请填写考核组成员", fields={"members": "请填写考核组成员"})
        SiteVisit.objects.create(unit=unit, visited_on=visited_on, members=members.strip(), notes=notes)
        audit_record(
            actor=actor,
            action=EvaluationsAudit.VISIT,
            org=rnd.org,
            target=rnd,
            after={"unit": unit.org.name, "visited_on": visited_on.isoformat(), "members": members.strip()},
        )
    return len(values)


def missing(rnd: EvaluationRound, *, scored: bool) -> list[str]:
    """The unit and indicator pairs with no value yet: no self-assessment (and, if `scored`, no score either)."""
    indicators = list(rnd.scheme.indicators.all())
    have = set(SelfAssessment.objects.filter(unit__round=rnd).values_list("unit_id", "indicator_id"))
    if scored:
        have |= set(EvaluationScore.objects.filter(unit__round=rnd).values_list("unit_id", "indicator_id"))
    return [
        f"{u.org.name}：{i.name}"
        for u in rnd.units.select_related("org")
        for i in indicators
        if (u.pk, i.pk) not in have
    ]


@transaction.atomic
def advance(*, actor, rnd: EvaluationRound, to: str) -> EvaluationRound:
    """One step on: 自评中 → 评审中 → 已锁定 (every unit has a value for every indicator; no edits after) →
    已公布 (the ranking visible to the evaluated units). Audited."""
    _node_may(actor, rnd.org)
    rnd = EvaluationRound.objects.select_for_update(of=("self",)).get(pk=rnd.pk)
    order = [RoundStatus.SELF, RoundStatus.REVIEW, RoundStatus.LOCKED, RoundStatus.PUBLISHED]
    if to not in order[1:] or order.index(to) != order.index(rnd.status) + 1:
        raise Conflict("evaluation_step", f"考核当前为“{rnd.get_status_display()}”，不能执行该操作")
    if to == RoundStatus.LOCKED:
        gaps = missing(rnd, scored=True)
        if gaps:
            shown = "、".join(gaps[:5]) + ("等" if len(gaps) > 5 else "")
            raise Conflict("evaluation_incomplete", f"尚有{len(gaps)}项未自评也未评分：{shown}")
        rnd.locked_at = timezone.now()
    if to == RoundStatus.PUBLISHED:
        rnd.published_at = timezone.now()
    before = rnd.status
    rnd.status = to
    rnd.save(update_fields=["status", "locked_at", "published_at"])
    action = {
        RoundStatus.REVIEW: EvaluationsAudit.REVIEW,
        RoundStatus.LOCKED: EvaluationsAudit.LOCK,
        RoundStatus.PUBLISHED: EvaluationsAudit.PUBLISH,
    }[RoundStatus(to)]
    audit_record(
        actor=actor, action=action, org=rnd.org, target=rnd, before={"status": before}, after={"status": to}
    )
    return rnd
