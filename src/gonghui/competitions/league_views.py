"""Pages of a league stage (fixtures by round, a result form per match, the standings per pool live with the
tie-break explained, 确认小组赛成绩) and of a knockout stage (the bracket drawn round by round, results, the final
ranking) (rules C4, C5)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.scope import in_scope

from . import league_selectors, league_services, selectors, services
from .league_forms import LeagueStartForm, ResultForm
from .models import Format

WRITE = services.WRITE


def _stage(request, pk, stage, fmt: str, perm: str = "view"):
    competition = selectors.competition_get(actor=request.user, pk=pk, perm=perm)
    found = selectors.stage_get(competition, stage)
    if found.format != fmt:
        raise NotFound("未找到该比赛阶段")
    return competition, found


def _context(request, competition, stage) -> dict:
    editable = in_scope(request.user, WRITE, competition.org) and competition.voided_at is None
    before = competition.stages.filter(order__lt=stage.order).order_by("-order").first()
    return {
        "competition": competition,
        "stage": stage,
        "editable": editable,
        "can_start": editable and stage.started_at is None and (before is None or before.finished_at),
        "can_enter": editable and stage.started_at is not None and stage.finished_at is None,
        "can_confirm": editable and stage.started_at is not None and not competition.published_at,
        "results": selectors.results(stage) if stage.finished_at else [],
        "next_stage": competition.stages.filter(order__gt=stage.order).order_by("order").first(),
    }


def _page(stage) -> str:
    name = "competitions:league" if stage.format == Format.LEAGUE else "competitions:knockout"
    return reverse(name, args=[stage.competition_id, stage.pk])


@access("org.view")
def league_page(request, pk: int, stage: int):
    competition, found = _stage(request, pk, stage, Format.LEAGUE)
    context = _context(request, competition, found)
    context["tables"] = league_selectors.league_tables(found)
    context["start_form"] = LeagueStartForm()
    context["points"] = league_selectors.points_of(found)
    context["forfeit"] = league_services.forfeit_score(found)
    return render(request, "competitions/league/league.html", context)


@access("org.view")
def knockout_page(request, pk: int, stage: int):
    competition, found = _stage(request, pk, stage, Format.KNOCKOUT)
    context = _context(request, competition, found)
    context["brackets"] = league_selectors.brackets(found)
    if not found.started_at:
        context["drawn"] = {
            competition.groups.get(pk=g): league_services.league.bracket(qs)
            for g, qs in league_services.qualifiers(found).items()
        }
    return render(request, "competitions/league/knockout.html", context)


def _act(request, call, done: str):
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)


@access(WRITE)
@require_POST
def league_start(request, pk: int, stage: int):
    _competition, found = _stage(request, pk, stage, Format.LEAGUE, perm="edit")
    form = LeagueStartForm(request.POST)
    pools = form.cleaned_data["pools"] if form.is_valid() else 1
    _act(
        request,
        lambda: league_services.league_start(actor=request.user, stage=found, pools=pools),
        f"“{found.name}”已开赛，赛程已生成",
    )
    return redirect(_page(found))


@access(WRITE)
@require_POST
def league_confirm(request, pk: int, stage: int):
    _competition, found = _stage(request, pk, stage, Format.LEAGUE, perm="edit")
    _act(
        request,
        lambda: league_services.league_confirm(actor=request.user, stage=found),
        f"“{found.name}”成绩已确认，各组前{found.advance or 0}名晋级",
    )
    return redirect(_page(found) + "#standings")


@access(WRITE)
@require_POST
def knockout_start(request, pk: int, stage: int):
    _competition, found = _stage(request, pk, stage, Format.KNOCKOUT, perm="edit")
    _act(
        request,
        lambda: league_services.knockout_start(actor=request.user, stage=found),
        f"“{found.name}”对阵已排定",
    )
    return redirect(_page(found))


@access(WRITE)
@require_POST
def knockout_confirm(request, pk: int, stage: int):
    _competition, found = _stage(request, pk, stage, Format.KNOCKOUT, perm="edit")
    _act(
        request,
        lambda: league_services.knockout_confirm(actor=request.user, stage=found),
        f"“{found.name}”名次已确认",
    )
    return redirect(_page(found) + "#ranking")


@access(WRITE)
@require_POST
def result(request, pk: int, stage: int, match: int):
    competition = selectors.competition_get(actor=request.user, pk=pk, perm="edit")
    found = selectors.stage_get(competition, stage)
    m = league_selectors.match_get(found, match)
    form = ResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"第{m.round}轮 {m}：比分应为0或正整数")
    else:
        d = form.cleaned_data
        score = league_services.Score(d["home_score"], d["away_score"], d["forfeit"] or "")
        _act(
            request,
            lambda: league_services.result_enter(
                actor=request.user, match=m, score=score, reason=d["reason"] or ""
            ),
            f"已录入 第{m.round}轮 {m} 的结果",
        )
    return redirect(_page(found) + f"#m-{m.pk}")
