"""The pages of a round (DOMAIN §6 A2-A5): the rounds, opening one, its quotas split down the tree, a node's list
with its composition checked live, a nominee's path, and the 推荐审批表 and 公示名单 as Excel. Reads start from the
round selectors (restricted); writes go through the round services."""

import datetime as dt
import io
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.audit import audit_record
from gonghui.core.downloads import heading_format, title_format, workbook, xlsx_response
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.forms import add_domain_error
from gonghui.core.models import AuditCategory
from gonghui.core.paths import is_within
from gonghui.core.scope import has_perm, in_scope
from gonghui.orgs.models import Org

from . import round_selectors as rs
from . import round_services as services
from . import selectors
from .attachments import attachment_response, size_label
from .audit import RoundAudit
from .models import ENDED, AwardType, Level, Outcome, Round, State
from .round_forms import AttachmentForm, DecideForm, NominationForm, ObjectionForm, RoundForm, StepForm


@access("org.view")
def rounds(request):
    return render(
        request,
        "awards/rounds/index.html",
        {"rounds": rs.rounds_for(actor=request.user), "can_open": has_perm(request.user, "work.edit")},
    )


def _round_types(org: Org):
    return selectors.types_for(org=org).exclude(level=Level.NATIONAL)


@access("work.edit")
def round_new(request):
    orgs = (
        Org.objects.restrict(request.user, "work.edit").exclude(level__in=("branch", "base")).order_by("path")
    )
    first = orgs.first()
    form = RoundForm(
        request.POST or None,
        orgs=orgs,
        types=_round_types(first) if first else AwardType.objects.none(),
        initial={"year": timezone.localdate().year, "publicity_days": 5},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round = services.round_open(
                actor=request.user,
                org=data["org"],
                name=data["name"],
                year=data["year"],
                publicity_days=data["publicity_days"],
                totals=form.totals(),
                rules=form.rules(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已启动：{round.name}")
            return redirect("awards:round_quotas", round.pk, round.org_id)
    return render(request, "awards/rounds/new.html", {"form": form})


@access("org.view")
def round_detail(request, pk: int):
    round = rs.round_get(actor=request.user, pk=pk)
    children = rs.children_of(round.org)
    seen = Org.objects.restrict(request.user, "view").filter(pk__in=[c.pk for c in children])
    visible = set(seen.values_list("pk", flat=True))
    children = [c for c in children if c.pk in visible]
    lines = rs.lines_of(round, round.org)
    quotas = rs.quotas_of(round, children)
    counts: dict[int, int] = {}
    for n in rs.lists_below(actor=request.user, round=round).exclude(state__in=ENDED):
        for node in children:
            if is_within(n.org_path, node.path):
                counts[node.pk] = counts.get(node.pk, 0) + 1
    rows = [
        (
            node,
            [quotas.get((node.pk, line.award_type_id, line.stream)) for line in lines],
            counts.get(node.pk, 0),
        )
        for node in children
    ]
    return render(
        request,
        "awards/rounds/detail.html",
        {
            "round": round,
            "lines": lines,
            "rows": rows,
            "holders": rs.holders_for(actor=request.user, round=round, exclude=[round.org, *children]),
            "can_split": in_scope(request.user, "work.edit", round.org),
            "rules": list(round.rules.all()),
            "ceremony": rs.ceremony(request.user, round),
        },
    )


@access("work.edit")
def round_quotas(request, pk: int, org: int):
    round = rs.round_get(actor=request.user, pk=pk)
    node = rs.node_get(actor=request.user, round=round, pk=org)
    if not in_scope(request.user, "work.edit", node):
        raise NotFound("未找到该组织")
    lines = rs.lines_of(round, node)
    children = rs.children_of(node)
    base = request.GET.get("base", "")
    error = ""
    bad: set[str] = set()
    if request.method == "POST":
        parts = {
            (line.key, c.pk): _int(request.POST.get(f"q-{line.key}-{c.pk}"))
            for line in lines
            for c in children
        }
        try:
            services.quotas_set(actor=request.user, round=round, org=node, parts=parts)
        except DomainError as exc:
            error, bad = exc.message, set(exc.fields)
            values = parts
        else:
            messages.success(request, f"{node.name}的名额已分配到{len(children)}个下级组织")
            return redirect("awards:round", round.pk)
    else:
        saved = rs.quotas_of(round, children)
        if base or not saved:
            values = rs.proposal(lines, children, base or "equal")
        else:
            values = {
                (line.key, c.pk): saved.get((c.pk, line.award_type_id, line.stream), 0)
                for line in lines
                for c in children
            }
    grid = [(c, [(line, values.get((line.key, c.pk), 0)) for line in lines]) for c in children]
    return render(
        request,
        "awards/rounds/quotas.html",
        {
            "round": round,
            "node": node,
            "lines": lines,
            "grid": grid,
            "bases": rs.BASES,
            "base": base,
            "error": error,
            "bad": bad,
        },
    )


def _int(raw) -> int:
    try:
        return int(raw or 0)
    except (TypeError, ValueError):
        return -1


def _roster(request, round: Round, node: Org, form: NominationForm | None = None) -> dict:
    nominees = list(rs.list_of(actor=request.user, round=round, org=node))
    lines = rs.lines_of(round, node)
    used: dict[tuple[int, str], int] = {}
    for n in nominees:
        if n.state not in ENDED:
            used[(n.award_type_id, n.stream)] = used.get((n.award_type_id, n.stream), 0) + 1
    types = AwardType.objects.filter(pk__in={line.award_type_id for line in lines})
    if form is None:
        form = NominationForm(types=types)
    return {
        "round": round,
        "node": node,
        "nominees": nominees,
        "quota_lines": [(line, used.get((line.award_type_id, line.stream), 0)) for line in lines],
        "checks": rs.composition(round, nominees),
        "form": form,
        "can_edit": in_scope(request.user, "work.edit", node),
        "has_children": bool(rs.children_of(node)),
    }


@access("org.view")
def round_list(request, pk: int, org: int):
    round = rs.round_get(actor=request.user, pk=pk)
    node = rs.node_get(actor=request.user, round=round, pk=org)
    return render(request, "awards/rounds/list.html", _roster(request, round, node))


def _answer_roster(request, round: Round, node: Org, form: NominationForm | None = None):
    """An HTMX request gets the list's section re-rendered (the check panel with it); a plain form post goes back
    to the page."""
    if request.htmx:
        return render(request, "awards/rounds/list.html#roster", _roster(request, round, node, form))
    if form is not None and form.errors:
        return render(request, "awards/rounds/list.html", _roster(request, round, node, form))
    return redirect("awards:round_list", round.pk, node.pk)


@access("work.edit")
@require_POST
def nomination_add(request, pk: int, org: int):
    round = rs.round_get(actor=request.user, pk=pk)
    node = rs.node_get(actor=request.user, round=round, pk=org)
    types = AwardType.objects.filter(pk__in={line.award_type_id for line in rs.lines_of(round, node)})
    form = NominationForm(request.POST, types=types)
    if form.is_valid():
        data = form.cleaned_data
        try:
            nominee = services.nomination_add(
                actor=request.user, round=round, org=node, doc_type="ric", **data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已加入名单：{nominee.recipient_label}")
            form = None
    if form is not None:
        form.data = form.data.copy()
        form.data["id_number"] = ""  # an ID number is never shown back on a page
    return _answer_roster(request, round, node, form)


@access("work.edit")
@require_POST
def nomination_change(request, pk: int):
    nominee = rs.nomination_get(actor=request.user, pk=pk, perm="edit")
    try:
        services.nomination_change(
            actor=request.user,
            nomination=nominee,
            categories=request.POST.getlist("categories"),
            position=request.POST.get("position", nominee.position),
            deeds=request.POST.get("deeds", nominee.deeds),
            below_reason=request.POST.get("below_reason", nominee.below_reason),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    if request.POST.get("back") == "detail":
        return redirect("awards:nomination", nominee.pk)
    return _answer_roster(request, nominee.round, nominee.org)


@access("work.edit")
@require_POST
def nomination_remove(request, pk: int):
    nominee = rs.nomination_get(actor=request.user, pk=pk, perm="edit")
    round, node = nominee.round, nominee.org
    try:
        services.nomination_remove(actor=request.user, nomination=nominee)
    except DomainError as exc:
        messages.error(request, exc.message)
    return _answer_roster(request, round, node)


@access("org.view")
def nomination(request, pk: int):
    nominee = rs.nomination_get(actor=request.user, pk=pk)
    today = timezone.localdate()
    can_edit = in_scope(request.user, "work.edit", nominee)
    return render(
        request,
        "awards/rounds/nomination.html",
        {
            "n": nominee,
            "attachments": [(a, size_label(a.size)) for a in nominee.attachments.all()],
            "can_attach": can_edit and nominee.state in services.EDITABLE,
            "attachment_form": AttachmentForm(),
            "below": rs.below_held(nominee),
            "steps": nominee.steps.all(),
            "objections": nominee.objections.all(),
            "can_edit": can_edit,
            "can_approve": in_scope(request.user, "work.edit", nominee.round.org),
            "State": State,
            "Outcome": Outcome,
            "step_form": StepForm(initial={"on": today}),
            "objection_form": ObjectionForm(initial={"received_on": today}),
            "decide_form": DecideForm(initial={"decided_on": today}),
            "calendar_warning": (
                services.publicity_period(nominee.round, nominee.publicity_start)[1]
                if nominee.publicity_start
                else ""
            ),
        },
    )


def _date(raw: str | None) -> dt.date:
    try:
        return dt.date.fromisoformat(raw or "")
    except ValueError:
        raise DomainError("bad_date", "请填写有效日期", fields={"on": "日期无效"}) from None


@access("work.edit")
@require_POST
def nomination_act(request, pk: int):
    """One step of the nominee's path (A4), named by the button pressed."""
    nominee = rs.nomination_get(actor=request.user, pk=pk)
    post, actor, step = request.POST, request.user, request.POST.get("step", "")
    try:
        on = _date(post.get("on"))
        if step == "review":
            services.nomination_review(
                actor=actor,
                nomination=nominee,
                yes=_int(post.get("votes_yes")),
                total=_int(post.get("votes_total")),
                on=on,
                reason=post.get("backdate_reason", ""),
            )
            done = "已登记民主评议"
        elif step == "publicity_start":
            nominee, warning = services.publicity_start(actor=actor, nomination=nominee, start=on)
            done = f"公示期{nominee.publicity_start:%Y-%m-%d}至{nominee.publicity_end:%Y-%m-%d}（{nominee.round.publicity_days}个工作日，节假日不计）"
            if warning:
                messages.warning(request, warning)
        elif step == "publicity_close":
            services.publicity_close(actor=actor, nomination=nominee, on=on)
            done = "公示期满，无异议"
        elif step == "node_review":
            services.nomination_node_review(actor=actor, nomination=nominee, on=on, note=post.get("note", ""))
            done = "审核通过"
        elif step == "vet":
            services.nomination_vet(
                actor=actor,
                nomination=nominee,
                department=post.get("department", ""),
                passed=post.get("passed") != "no",
                reason=post.get("reason", ""),
                on=on,
            )
            done = "已登记联审意见"
        elif step == "approve":
            services.nomination_approve(actor=actor, nomination=nominee, on=on)
            done = "已批准，荣誉已登记"
        elif step == "withdraw":
            services.nomination_withdraw(
                actor=actor, nomination=nominee, reason=post.get("reason", ""), on=on
            )
            done = "已撤回"
        else:
            raise DomainError("bad_step", "未知的操作")
    except NotFound:
        raise  # a step the actor may not take at all reads as a missing page
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("awards:nomination", nominee.pk)


@access("work.edit")
@require_POST
def objection_add(request, pk: int):
    nominee = rs.nomination_get(actor=request.user, pk=pk)
    form = ObjectionForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("invalid", "请填写受理日期和反映内容")
        services.objection_record(
            actor=request.user,
            nomination=nominee,
            raised_by=form.cleaned_data["raised_by"],
            content=form.cleaned_data["content"],
            on=form.cleaned_data["received_on"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已受理异议")
    return redirect("awards:nomination", nominee.pk)


@access("work.edit")
@require_POST
def objection_decide(request, pk: int):
    objection = rs.objection_get(actor=request.user, pk=pk)
    form = DecideForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("invalid", "请填写办结日期和调查核实情况")
        data = form.cleaned_data
        services.objection_decide(
            actor=request.user,
            objection=objection,
            investigation=data["investigation"],
            upheld=data["upheld"] == "yes",
            on=data["decided_on"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "异议已办结" + ("，反映属实，推荐对象已撤回" if data["upheld"] == "yes" else "")
        )
    return redirect("awards:nomination", objection.nomination_id)


@access("work.edit")
@require_POST
def attachment_add(request, pk: int):
    """Upload a file to a nominee's material; a refused file is named in the message."""
    nominee = rs.nomination_get(actor=request.user, pk=pk, perm="edit")
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择要上传的文件" if "file" in form.errors else "请选择材料类别")
        return redirect("awards:nomination", nominee.pk)
    upload = form.cleaned_data["file"]
    try:
        attachment = services.attachment_add(
            actor=request.user, nomination=nominee, upload=upload, kind=form.cleaned_data["kind"]
        )
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已上传附件：{attachment.original_name}")
    return redirect("awards:nomination", nominee.pk)


@access("work.edit")
@require_POST
def attachment_remove(request, pk: int):
    attachment = rs.attachment_get(actor=request.user, pk=pk, perm="edit")
    nominee_pk, name = attachment.nomination_id, attachment.original_name
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except NotFound:
        raise
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除附件：{name}")
    return redirect("awards:nomination", nominee_pk)


@access("org.view")
def attachment_download(request, pk: int):
    """A file of a nominee's material, to whoever sees the nominee; nominee material is personal, so each
    download is in the audit log."""
    attachment = rs.attachment_get(actor=request.user, pk=pk)
    nominee = attachment.nomination
    audit_record(
        actor=request.user,
        action=RoundAudit.ATTACHMENT_DOWNLOAD,
        category=AuditCategory.ACCESS,
        org=nominee.org,
        target=nominee,
        after={"file": attachment.original_name, "kind": attachment.get_kind_display()},
        request=request,
    )
    return attachment_response(attachment.stored_name, attachment.original_name)


def _audit_export(request, org: Org, target, name: str) -> None:
    """The file as the auditor reads it: "推荐审批表_张伟（PDF）", not its extension."""
    stem, _dot, kind = name.rpartition(".")
    audit_record(
        actor=request.user,
        action=RoundAudit.EXPORT,
        category=AuditCategory.ACCESS,
        org=org,
        target=target,
        after={"file": f"{stem}（{'PDF' if kind == 'pdf' else 'Excel'}）"},
        request=request,
    )


def _below_text(n) -> str:
    """A5 as the form states it: the honour below held, or the reason given for its absence."""
    if n.award_type.below is None:
        return "无要求"
    below = rs.below_held(n)
    if below is not None:
        return str(below)
    missing = f"未获得{n.award_type.below.name}"
    return f"{missing}。说明：{n.below_reason}" if n.below_reason else missing


def _pdf(request, template: str, context: dict, filename: str) -> HttpResponse:
    """A page for printing and posting, set in Noto CJK (fonts-noto-cjk) by WeasyPrint."""
    from weasyprint import HTML  # heavy to import, and only a print needs it

    pdf = HTML(string=render_to_string(template, context, request=request)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@access("org.view")
def nomination_pdf(request, pk: int):
    """The 推荐审批表 of one nominee as PDF."""
    n = rs.nomination_get(actor=request.user, pk=pk)
    name = f"推荐审批表_{n.recipient_label}.pdf"
    _audit_export(request, n.org, n, name)
    context = {"n": n, "below_text": _below_text(n), "steps": n.steps.all()}
    return _pdf(request, "awards/rounds/print/form.html", context, name)


@access("org.view")
def publicity_pdf(request, pk: int, org: int):
    """The 公示 notice of a node's list as PDF, to post."""
    round = rs.round_get(actor=request.user, pk=pk)
    node = rs.node_get(actor=request.user, round=round, pk=org)
    nominees = [n for n in rs.list_of(actor=request.user, round=round, org=node) if n.state not in ENDED]
    name = f"公示名单_{node.name}_{round.name}.pdf"
    _audit_export(request, node, round, name)
    context = {"round": round, "node": node, "nominees": nominees, "today": timezone.localdate()}
    return _pdf(request, "awards/rounds/print/publicity.html", context, name)


@access("org.view")
def nomination_xlsx(request, pk: int):
    """The 推荐审批表 of one nominee, for printing and signing."""
    n = rs.nomination_get(actor=request.user, pk=pk)
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet("推荐审批表")
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    head = heading_format(book)
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 70)
    sheet.write(0, 0, f"{n.round.name}推荐审批表", title_format(book))
    rows = [
        ("推荐荣誉", f"{n.award_type.name}（{n.get_stream_display()}）"),
        ("推荐单位", n.org.name),
        ("被推荐对象", n.recipient_label),
        ("工作单位", n.unit_name),
        ("职务（岗位）", n.position),
        ("人员类别", "、".join(n.category_labels)),
        ("已获下一级荣誉", _below_text(n)),
        ("民主评议", f"同意{n.votes_yes}票，参加{n.votes_total}人" if n.votes_total else ""),
        ("公示情况", f"{n.publicity_start:%Y-%m-%d}至{n.publicity_end:%Y-%m-%d}" if n.publicity_end else ""),
        ("主要事迹", n.deeds),
        *[(s.get_kind_display(), f"{s.on:%Y-%m-%d} {s.department} {s.note}".strip()) for s in n.steps.all()],
        ("推荐单位意见", "\n\n（盖章）    年  月  日"),
        ("审批意见", "\n\n（盖章）    年  月  日"),
    ]
    for i, (label, value) in enumerate(rows, start=2):
        sheet.write(i, 0, label, head)
        sheet.write(i, 1, value, wrap)
    book.close()
    name = f"推荐审批表_{n.recipient_label}.xlsx"
    _audit_export(request, n.org, n, name)
    return xlsx_response(buffer.getvalue(), name)


@access("org.view")
def publicity_xlsx(request, pk: int, org: int):
    """The 公示名单 of a node's list: the standing nominees, as posted."""
    round = rs.round_get(actor=request.user, pk=pk)
    node = rs.node_get(actor=request.user, round=round, pk=org)
    nominees = [n for n in rs.list_of(actor=request.user, round=round, org=node) if n.state not in ENDED]
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet("公示名单")
    sheet.write(0, 0, f"{node.name}{round.name}推荐对象公示名单", title_format(book))
    head = heading_format(book)
    columns = [
        ("序号", 6),
        ("推荐荣誉", 20),
        ("名额类别", 10),
        ("被推荐对象", 30),
        ("工作单位", 32),
        ("职务（岗位）", 18),
        ("公示期", 24),
    ]
    for col, (label, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write(2, col, label, head)
    for i, n in enumerate(nominees, start=1):
        period = f"{n.publicity_start:%Y-%m-%d}至{n.publicity_end:%Y-%m-%d}" if n.publicity_end else ""
        values = [
            i,
            n.award_type.name,
            n.get_stream_display(),
            n.recipient_label,
            n.unit_name,
            n.position,
            period,
        ]
        for col, value in enumerate(values):
            sheet.write(2 + i, col, value)
    sheet.write(4 + len(nominees), 0, f"公示期间如有异议，请向{node.name}反映。")
    book.close()
    name = f"公示名单_{node.name}_{round.name}.xlsx"
    _audit_export(request, node, round, name)
    return xlsx_response(buffer.getvalue(), name)
