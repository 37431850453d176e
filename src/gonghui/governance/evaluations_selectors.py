"""The figures of evaluation rounds and their scores and ranking (G4): for a subtree and period, as
`selectors.summary` adds them up; and the reads of the evaluation pages and API.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor).

Who sees what (G4): the round's node (and the nodes above it) sees everything; an evaluated unit sees the round,
its own self-assessment and, once the round is published, the ranking; anyone else gets 404."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.paths import scope_q
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from . import evaluations_scoring as scoring
from .models import (
    EvaluationRound,
    EvaluationScheme,
    EvaluationScore,
    EvaluationUnit,
    RoundStatus,
    SelfAssessment,
)

FIGURES = (
    "evaluation_rounds",
    "evaluation_rounds_published",
    "evaluated_units",
)


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    rounds = EvaluationRound.objects.in_subtree(org).filter(year__gte=start.year, year__lte=end.year)
    return {
        "evaluation_rounds": rounds.count(),
        "evaluation_rounds_published": rounds.filter(status=RoundStatus.PUBLISHED).count(),
        "evaluated_units": EvaluationUnit.objects.filter(round__in=rounds).values("org").distinct().count(),
    }


def sentence(fig: dict[str, int]) -> str:
    """ "开展考核评比1次，对3个单位进行考核" (only the parts that are not zero)."""
    parts = []
    if fig.get("evaluation_rounds"):
        parts.append(f"开展考核评比{thousands(fig['evaluation_rounds'])}次")
    if fig.get("evaluated_units"):
        parts.append(f"对{thousands(fig['evaluated_units'])}个单位进行考核")
    if fig.get("evaluation_rounds_published"):
        parts.append(f"公布考核结果{thousands(fig['evaluation_rounds_published'])}次")
    return "，".join(parts)


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """Rounds of the subtree whose self-assessments are missing (自评中 with a gap), and rounds ready to lock
    (评审中 with a value for every unit and indicator)."""
    from .evaluations_services import missing

    rounds = EvaluationRound.objects.restrict(actor, "manage").in_subtree(org).select_related("scheme")
    waiting = [r for r in rounds.filter(status=RoundStatus.SELF) if missing(r, scored=False)]
    ready = [
        r
        for r in rounds.filter(status=RoundStatus.REVIEW)
        if in_scope(actor, "work.edit", r.org) and not missing(r, scored=True)
    ]
    url = f"{reverse('governance:evaluations')}?org={org.pk}"
    return [
        ("考核评比自评未齐", len(waiting), f"{url}&status={RoundStatus.SELF}"),
        ("考核评比可锁定", len(ready), f"{url}&status={RoundStatus.REVIEW}"),
    ]


# ---- reads of the pages and the API ---------------------------------------------------------------------------


def schemes_for(*, actor) -> QuerySet[EvaluationScheme]:
    return (
        EvaluationScheme.objects.restrict(actor, "view").select_related("org").prefetch_related("categories")
    )


def scheme_get(*, actor, pk, perm: str = "view") -> EvaluationScheme:
    found = (
        EvaluationScheme.objects.restrict(actor, perm).select_related("org").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该考核方案")
    return found


def rounds_for(
    *, actor, org: Org | None = None, year: int | None = None, status: str = "", search: str = ""
) -> QuerySet[EvaluationRound]:
    qs = EvaluationRound.objects.restrict(actor, "view").select_related("org", "scheme")
    if org is not None:
        qs = qs.filter(scope_q("org_path", [org.path]) | scope_q("units__org__path", [org.path])).distinct()
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    term = search.strip()
    if term:
        qs = qs.filter(Q(name__icontains=term) | Q(scheme__name__icontains=term))
    return qs


def round_get(*, actor, pk) -> EvaluationRound:
    found = (
        EvaluationRound.objects.restrict(actor, "view").select_related("org", "scheme").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该考核")
    return found


def sees_all(actor, rnd: EvaluationRound) -> bool:
    """The round's node (or a node above it) sees every unit's entries, scores and the ranking before it is
    published (G4)."""
    return in_scope(actor, "org.view", rnd.org)


def own_units(actor, rnd: EvaluationRound) -> list[EvaluationUnit]:
    """The units of the round the actor may see: all for the round's node, else the actor's own."""
    units = EvaluationUnit.objects.restrict(actor, "view").filter(round=rnd).select_related("org")
    return list(units)


def unit_get(*, actor, rnd: EvaluationRound, unit_id, perm: str = "view") -> EvaluationUnit:
    found = (
        EvaluationUnit.objects.restrict(actor, perm)
        .filter(round=rnd, pk=unit_id)
        .select_related("org")
        .first()
        if str(unit_id).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该被考核单位")
    return found


@dataclass
class UnitRow:
    unit: EvaluationUnit
    result: scoring.Result
    values: dict  # indicator id → the value counted (hundredths)
    claimed: dict  # indicator id → SelfAssessment
    scored: dict  # indicator id → EvaluationScore


def results(rnd: EvaluationRound) -> list[UnitRow]:
    """Every unit's points per indicator and category, total and rank (G4): the evaluating group's value where
    it scored, else the unit's own; best first."""
    scheme = rnd.scheme
    cats = [scoring.Category(c.pk, c.weight) for c in scheme.categories.all()]
    inds = [
        scoring.Indicator(i.pk, i.category_id, i.method, i.max_points, i.params)
        for i in scheme.indicators.all()
    ]
    units = list(rnd.units.select_related("org"))
    claimed: dict[int, dict] = {u.pk: {} for u in units}
    scored: dict[int, dict] = {u.pk: {} for u in units}
    for s in SelfAssessment.objects.filter(unit__round=rnd):
        claimed[s.unit_id][s.indicator_id] = s
    for sc in EvaluationScore.objects.filter(unit__round=rnd):
        scored[sc.unit_id][sc.indicator_id] = sc
    values = {
        u.pk: {
            i.key: (scored[u.pk][i.key].value if i.key in scored[u.pk] else claimed[u.pk][i.key].value)
            for i in inds
            if i.key in scored[u.pk] or i.key in claimed[u.pk]
        }
        for u in units
    }
    by_pk = {u.pk: u for u in units}
    return [
        UnitRow(by_pk[r.unit], r, values[r.unit], claimed[r.unit], scored[r.unit])
        for r in scoring.evaluate(cats, inds, values)
    ]


def ranking_visible(actor, rnd: EvaluationRound) -> bool:
    return sees_all(actor, rnd) or rnd.status == RoundStatus.PUBLISHED
