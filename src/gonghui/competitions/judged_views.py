"""A judged stage's pages (rules C2, C3): the organiser's page (criteria, judges with their links, the live grid
of who has scored whom, the measured marks, 确认成绩), the judge's phone page reached by a personal link, and the
certificates (奖状) of a published competition's prize winners as one PDF."""

from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core import ratelimit
from gonghui.core.access import PUBLIC, access
from gonghui.core.audit import AuditCategory, audit_record, client_ip
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.scope import in_scope

from . import judged, judged_services, selectors
from .judged_audit import JudgedAudit
from .models import CriterionKind, Format

WRITE = judged_services.WRITE


def _stage(request, pk, stage, perm="view"):
    competition = selectors.competition_get(actor=request.user, pk=pk, perm=perm)
    found = selectors.stage_get(competition, stage)
    if found.format != Format.JUDGED:
        raise Http404
    return competition, found


def _back(competition, stage, anchor=""):
    return redirect(reverse("competitions:judged", args=[competition.pk, stage.pk]) + anchor)


@access("org.view")
def judged_stage(request, pk: int, stage: int):
    competition, found = _stage(request, pk, stage)
    editable = in_scope(request.user, WRITE, competition.org) and competition.voided_at is None
    grid = judged_services.progress(found)
    rows = [r for rs in grid.values() for r in rs]
    context = {
        "competition": competition,
        "stage": found,
        "criteria": list(found.criteria.all()),
        "measured": [c for c in found.criteria.all() if c.kind == CriterionKind.MEASURED],
        "judges": list(found.judges.select_related("group")),
        "groups": competition.groups.all(),
        "grid": grid,
        "done": sum(1 for r in rows if r.complete),
        "total": len(rows),
        "editable": editable,
        "kinds": CriterionKind.choices,
        "weights": judged_services.weights_of(found),
        "chain": found.settings.get("chain") or [],
        "weights_text": "，".join(f"{k}{v}" for k, v in judged_services.weights_of(found).items()),
        "chain_text": "、".join(str(x).partition(":")[2] for x in found.settings.get("chain") or []),
        "scoring": found.started_at is not None and found.finished_at is None,
        "judge_url": lambda j: request.build_absolute_uri(reverse("competitions:judge", args=[j.token])),
    }
    context["links"] = [(j, context["judge_url"](j)) for j in context["judges"]] if editable else []
    template = "competitions/judged/stage.html"
    if request.htmx:
        template += "#grid"
    return render(request, template, context)


def _post(request, pk, stage):
    return _stage(request, pk, stage, perm="edit")


@access(WRITE)
@require_POST
def judged_criterion(request, pk: int, stage: int):
    competition, found = _post(request, pk, stage)
    p = request.POST
    try:
        judged_services.criterion_add(
            actor=request.user,
            stage=found,
            name=p.get("name", ""),
            max_points=judged.parse_points(p.get("max", "")),
            kind=p.get("kind", CriterionKind.JUDGED),
            part=p.get("part", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已添加评分项目“{p.get('name', '').strip()}”")
    return _back(competition, found, "#criteria")


@access(WRITE)
@require_POST
def judged_settings(request, pk: int, stage: int):
    competition, found = _post(request, pk, stage)
    try:
        judged_services.settings_set(
            actor=request.user,
            stage=found,
            weights_text=request.POST.get("weights", ""),
            chain_text=request.POST.get("chain", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已保存权重和同分比较")
    return _back(competition, found, "#criteria")


@access(WRITE)
@require_POST
def judged_judge(request, pk: int, stage: int):
    competition, found = _post(request, pk, stage)
    p = request.POST
    group = (
        competition.groups.filter(pk=p.get("group") or 0).first() if p.get("group", "").isdigit() else None
    )
    try:
        if group is None:
            raise DomainError("group", "请选择评委所在的组别", fields={"group": "必填"})
        judge = judged_services.judge_add(
            actor=request.user,
            stage=found,
            group=group,
            name=p.get("name", ""),
            title=p.get("title", ""),
            unit=p.get("unit", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已设置评委{judge.name}（{group.name}）")
    return _back(competition, found, "#judges")


@access(WRITE)
@require_POST
def judged_judge_action(request, pk: int, stage: int, judge: int, action: str):
    competition, found = _post(request, pk, stage)
    j = found.judges.filter(pk=judge).select_related("group").first()
    if j is None or action not in ("remove", "relink"):
        raise Http404
    try:
        if action == "remove":
            judged_services.judge_remove(actor=request.user, judge=j)
            messages.success(request, f"已移除评委{j.name}")
        else:
            judged_services.judge_relink(actor=request.user, judge=j)
            messages.success(request, f"已为评委{j.name}生成新的评分链接，原链接作废")
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(competition, found, "#judges")


@access(WRITE)
@require_POST
def judged_start(request, pk: int, stage: int):
    competition, found = _post(request, pk, stage)
    try:
        judged_services.judged_start(actor=request.user, stage=found)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已开始评分，评分项目和评委已锁定")
    return _back(competition, found)


@access(WRITE)
@require_POST
def judged_measure(request, pk: int, stage: int, entrant: int):
    competition, found = _post(request, pk, stage)
    e = selectors.entrant_get(competition, entrant)
    typed = {
        c.pk: request.POST.get(f"c{c.pk}", "") for c in found.criteria.filter(kind=CriterionKind.MEASURED)
    }
    try:
        judged_services.measure_save(
            actor=request.user, stage=found, entrant=e, typed=typed, reason=request.POST.get("reason", "")
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已录入{e.name}的客观成绩")
    return _back(competition, found, "#grid")


@access(WRITE)
@require_POST
def judged_confirm(request, pk: int, stage: int):
    competition, found = _post(request, pk, stage)
    try:
        judged_services.judged_confirm(actor=request.user, stage=found)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(competition, found, "#grid")
    messages.success(request, f"“{found.name}”成绩已确认")
    return redirect(reverse("competitions:detail", args=[competition.pk]) + "#results")


# ---- the judge's phone page ---------------------------------------------------------------------------------------


# wrong judge links from one address an hour before every link is refused there (a judge mistypes rarely; a script
# guessing 192-bit tokens gets nowhere either way, and stops being answered)
LINK_MISSES = (20, 3600)


@access(PUBLIC)
def judge_page(request, token: str):
    """A judge's own entrants, one after another; the marks per criterion for the one chosen (rule C2). Any
    refusal (an unknown or replaced link, an entrant not theirs) is a plain 404."""
    address = client_ip(request) or "unknown"
    if ratelimit.over("judge-link", address, LINK_MISSES):
        raise Http404  # too many wrong links from here: refused as any wrong link is
    try:
        judge = judged_services.judge_by_token(token)
    except NotFound as exc:
        ratelimit.count(f"rl:judge-link:{address}", LINK_MISSES[1])  # every refusal counts
        raise Http404 from exc
    stage = judge.stage
    criteria = list(stage.criteria.filter(kind=CriterionKind.JUDGED))
    entrants = [e for e in judged_services.stage_entrants(stage) if e.group_id == judge.group_id]
    scored = judged_services.marks_of(judge)
    rows = []
    for e in entrants:
        rec = judged_services.recused(judge, e)
        done = all((e.pk, c.pk) in scored for c in criteria)
        rows.append((e, rec, done))
    chosen_id = request.POST.get("entrant") or request.GET.get("entrant")
    current = None
    if chosen_id:
        current = next((e for e, rec, _d in rows if str(e.pk) == chosen_id and not rec), None)
        if current is None:
            raise Http404
    else:
        current = next((e for e, rec, done in rows if not rec and not done), None)
    error, typed, reason = "", {}, ""
    if request.method == "POST" and current is not None:
        typed = {c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria}
        reason = request.POST.get("reason", "")
        try:
            judged_services.scores_save(judge=judge, entrant=current, typed=typed, reason=reason)
        except NotFound as exc:
            raise Http404 from exc
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, f"已保存{current.name}的评分")
            return redirect("competitions:judge", token)
    fields = []
    if current is not None:
        for c in criteria:
            had = scored.get((current.pk, c.pk))
            value = typed.get(c.pk) if typed else (judged.marks(had) if had is not None else "")
            fields.append((c, c.max_marks, value))
    context = {
        "judge": judge,
        "stage": stage,
        "competition": stage.competition,
        "rows": rows,
        "current": current,
        "fields": fields,
        "changing": current is not None and any((current.pk, c.pk) in scored for c in criteria),
        "error": error,
        "reason": reason,
        "done": sum(1 for _e, rec, d in rows if d and not rec),
        "todo": sum(1 for _e, rec, _d in rows if not rec),
        "open": stage.started_at is not None and stage.finished_at is None,
    }
    return render(request, "competitions/judged/judge.html", context)


# ---- certificates (奖状) --------------------------------------------------------------------------------------------


@access("org.view")
def certificates(request, pk: int):
    """One A4 landscape page per prize winner of the last stage, once the results are published (audited)."""
    competition = selectors.competition_get(actor=request.user, pk=pk)
    last = selectors.last_stage(competition)
    if competition.published_at is None or last is None:
        messages.error(request, "结果公布后才能下载获奖证书")
        return redirect(reverse("competitions:detail", args=[competition.pk]) + "#results")
    winners = [p for r in selectors.results(last) for p in r.placings if p.tier is not None]
    from weasyprint import HTML  # heavy to import, and only a print needs it

    html = render_to_string(
        "competitions/judged/certificates.html",
        {"competition": competition, "winners": winners, "day": competition.ends_on or competition.starts_on},
        request=request,
    )
    pdf = HTML(string=html).write_pdf()
    name = f"获奖证书_{competition.name}.pdf"
    audit_record(
        actor=request.user,
        action=JudgedAudit.CERTIFICATES,
        category=AuditCategory.ACCESS,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"file": f"获奖证书_{competition.name}（PDF）", "count": len(winners)},
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
