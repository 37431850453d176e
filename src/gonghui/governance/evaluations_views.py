"""The evaluation pages (rule G4): schemes (list, new, detail), rounds (list with filters and export, new, one
round with every unit's self-assessment, scores, totals and rank, and its lock and publish buttons), a unit's
self-assessment form, the evaluating group's scoring form, and the Excel of the scores."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.audit import audit_record
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope

from . import evaluations_selectors as selectors
from . import evaluations_services as services
from .evaluations_audit import EvaluationsAudit
from .evaluations_exports import scores_workbook
from .evaluations_forms import FilterForm, RoundForm, SchemeForm, ScoreForm, ValuesForm
from .evaluations_lists import ROUNDS
from .evaluations_scoring import shown
from .evaluations_tree import METHOD_NAMES, params_text, parse, shown_hundredths
from .models import RoundStatus

WRITE = services.WRITE


@access("org.view")
def schemes(request):
    return render(
        request, "governance/evaluations/schemes.html", {"schemes": selectors.schemes_for(actor=request.user)}
    )


@access(WRITE)
def scheme_new(request):
    form = SchemeForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            scheme = services.scheme_create(
                actor=request.user, org=d["org"], name=d["name"], note=d["note"], categories=parse(d["tree"])
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已新建考核方案“{scheme.name}”")
            return redirect("governance:evaluation_scheme", scheme.pk)
    return render(request, "governance/evaluations/scheme_new.html", {"form": form})


@access("org.view")
def scheme(request, pk):
    s = selectors.scheme_get(actor=request.user, pk=pk)
    tree = [
        (
            c,
            [
                (i, METHOD_NAMES[i.method], shown_hundredths(i.max_points), params_text(i.method, i.params))
                for i in c.indicators.all()
            ],
        )
        for c in s.categories.prefetch_related("indicators")
    ]
    return render(
        request,
        "governance/evaluations/scheme.html",
        {"scheme": s, "tree": tree, "rounds": s.rounds.restrict(request.user, "view")},
    )


@access("org.view")
def index(request):
    form = FilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, ROUNDS)
    if listing.exporting:
        return listing.export()
    return render(request, "governance/evaluations/index.html", {"form": form, "listing": listing})


@access(WRITE)
def new(request):
    form = RoundForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            rnd = services.round_create(
                actor=request.user, scheme=d["scheme"], name=d["name"], year=d["year"], units=list(d["units"])
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已新建考核评比“{rnd.name}”")
            return redirect("governance:evaluation", rnd.pk)
    return render(request, "governance/evaluations/new.html", {"form": form})


def _table(rnd, rows):
    """Per unit: its values and points per indicator, total and rank, for the page."""
    indicators = list(rnd.scheme.indicators.all())
    out = []
    for row in rows:
        cells = []
        for i in indicators:
            claimed = row.claimed.get(i.pk)
            scored = row.scored.get(i.pk)
            cells.append(
                {
                    "claimed": shown_hundredths(claimed.value) if claimed else "",
                    "scored": shown_hundredths(scored.value) if scored else "",
                    "points": shown(row.result.per_indicator[i.pk]),
                }
            )
        out.append(
            {"row": row, "pairs": list(zip(indicators, cells, strict=True)), "total": shown(row.result.total)}
        )
    return indicators, out


@access("org.view")
def detail(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    all_seen = selectors.sees_all(request.user, rnd)
    mine = selectors.own_units(request.user, rnd)
    rows = selectors.results(rnd)
    indicators, table = _table(rnd, rows)
    mine_ids = {u.pk for u in mine}
    own = [t for t in table if t["row"].unit.pk in mine_ids]
    ranking = table if selectors.ranking_visible(request.user, rnd) else []
    manage = in_scope(request.user, WRITE, rnd.org)
    return render(
        request,
        "governance/evaluations/detail.html",
        {
            "round": rnd,
            "indicators": indicators,
            "own": table if all_seen else own,
            "ranking": ranking,
            "all_seen": all_seen,
            "manage": manage,
            "self_units": [u for u in mine if in_scope(request.user, WRITE, u.org)],
            "visits": [v for u in mine for v in u.visits.all()] if all_seen else [],
            "S": RoundStatus,
        },
    )


def _values_page(request, pk, unit_id, *, scoring: bool):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    unit = selectors.unit_get(actor=request.user, rnd=rnd, unit_id=unit_id)
    indicators = list(rnd.scheme.indicators.all())
    if scoring:
        existing = {s.indicator_id: s for s in unit.scores.all()}
        claimed = {s.indicator_id: s for s in unit.assessments.all()}
        initial = {k: v.value for k, v in existing.items()} or {k: v.value for k, v in claimed.items()}
        form: ValuesForm = ScoreForm(
            request.POST or None,
            indicators=indicators,
            initial_values=initial,
            notes={k: v.note for k, v in existing.items()},
            note_label="评审意见",
        )
    else:
        existing = {s.indicator_id: s for s in unit.assessments.all()}
        claimed = existing
        form = ValuesForm(
            request.POST or None,
            indicators=indicators,
            initial_values={k: v.value for k, v in existing.items()},
            notes={k: v.evidence for k, v in existing.items()},
            files={k: v.evidence_files for k, v in existing.items()},
            note_label="佐证材料说明",
        )
    if request.method == "POST" and form.is_valid():
        try:
            if isinstance(form, ScoreForm):
                services.score(actor=request.user, unit=unit, values=form.values, visit=form.visit())
            else:
                services.self_assess(actor=request.user, unit=unit, values=form.values)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已保存{unit.org.name}的{'评审得分' if scoring else '自评'}")
            return redirect("governance:evaluation", rnd.pk)
    rows = [
        (ind, v, n, f, shown_hundredths(claimed[ind.pk].value) if ind.pk in claimed else "")
        for ind, v, n, f in form.rows()
    ]
    return render(
        request,
        "governance/evaluations/values.html",
        {"round": rnd, "unit": unit, "form": form, "rows": rows, "scoring": scoring, "claimed": claimed},
    )


@access(WRITE)
def self_assess(request, pk, unit_id):
    return _values_page(request, pk, unit_id, scoring=False)


@access(WRITE)
def score(request, pk, unit_id):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    if not in_scope(request.user, WRITE, rnd.org):
        raise NotFound("未找到该考核")  # the unit itself does not score (G4)
    return _values_page(request, pk, unit_id, scoring=True)


@require_POST
@access(WRITE)
def advance(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    if not in_scope(request.user, WRITE, rnd.org):
        raise NotFound("未找到该考核")
    try:
        rnd = services.advance(actor=request.user, rnd=rnd, to=request.POST.get("to", ""))
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        done = {RoundStatus.REVIEW: "自评已结束，考核转入评审", RoundStatus.LOCKED: "考核结果已锁定"}
        messages.success(request, done.get(rnd.status, "考核排名已公布"))
    return redirect("governance:evaluation", rnd.pk)


@access("org.view")
def xlsx(request, pk):
    rnd = selectors.round_get(actor=request.user, pk=pk)
    if not selectors.ranking_visible(request.user, rnd):
        raise NotFound("未找到该考核")
    content = scores_workbook(rnd, selectors.results(rnd))
    audit_record(
        actor=request.user,
        action=EvaluationsAudit.EXPORT,
        category="access",
        org=rnd.org,
        target=rnd,
        request=request,
    )
    return xlsx_response(content, f"{rnd.name}考核得分.xlsx")
