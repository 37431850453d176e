"""The heats page (rule C6): a heats stage or the final with its heats and lanes, the times entered per run,
the qualifiers marked Q/q, and 确认成绩."""

from django.contrib import messages
from django.shortcuts import redirect, render

from gonghui.core.access import access
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.scope import in_scope

from . import heats, heats_services, selectors, services
from .models import Format, RunStatus

WRITE = services.WRITE


def _stage(request, pk: int, stage_id: int):
    competition = selectors.competition_get(actor=request.user, pk=pk, perm="view")
    stage = selectors.stage_get(competition, stage_id)
    if stage.format != Format.HEATS:
        raise NotFound("未找到该阶段")
    return competition, stage


@access("org.view")
def heats_page(request, pk: int, stage_id: int):
    competition, stage = _stage(request, pk, stage_id)
    editable = in_scope(request.user, WRITE, competition.org) and competition.voided_at is None
    if request.method == "POST" and editable:
        action = request.POST.get("action", "")
        try:
            if action == "draw":
                heats_services.heats_draw(actor=request.user, stage=stage)
                messages.success(request, "已按种子编排分组和道次")
            elif action in ("times", "confirm"):
                rows = []
                for run in heats_services.runs_of(stage):
                    status = request.POST.get(f"status-{run.pk}", RunStatus.TIMED)
                    text = request.POST.get(f"time-{run.pk}", "")
                    try:
                        time = heats.parse_time(text)
                    except ValueError:
                        raise DomainError(
                            "time", f"{run.entry.entrant.name}的成绩“{text}”格式不对，例如 12.84 或 1:05.30"
                        ) from None
                    if status not in RunStatus.values:
                        status = RunStatus.TIMED
                    rows.append(heats_services.TimeData(run, time, status))
                if stage.finished_at is None:
                    n = heats_services.times_record(actor=request.user, stage=stage, rows=rows)
                    if action == "times":
                        messages.success(request, f"已保存成绩（{n}处修改）")
                if action == "confirm":
                    heats_services.heats_confirm(actor=request.user, stage=stage)
                    messages.success(request, "成绩已确认")
            return redirect("competitions:heats", competition.pk, stage.pk)
        except DomainError as exc:
            messages.error(request, exc.message)
    runs = heats_services.runs_of(stage) if stage.started_at else []
    marked = heats_services.marks(stage, runs)
    by_heat: dict[int, list] = {}
    for r in runs:
        r.mark = marked.get(r.pk, "")
        r.shown = heats.seconds(r.time) if r.time else ""
        r.entered = (heats.seconds(r.time).replace("秒", "")) if r.time else ""
        by_heat.setdefault(r.heat, []).append(r)
    placings = {p.entrant_id: p for p in stage.placings.select_related("tier")}
    for r in runs:
        r.placing = placings.get(r.entry.entrant_id)
    context = {
        "competition": competition,
        "stage": stage,
        "settings": heats_services.settings_of(stage),
        "heats": sorted(by_heat.items()),
        "waiting": [] if stage.started_at else services.stage_entrants(stage),
        "editable": editable,
        "statuses": RunStatus.choices,
        "last": services.is_last(stage),
    }
    return render(request, "competitions/heats/stage.html", context)
