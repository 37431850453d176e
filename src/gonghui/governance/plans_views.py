"""The plans part's pages (rule G3): the list, a new plan, a plan with its items as a tree (whole from its node and
above; an owner unit sees only its items and reports on them), adding and removing items, publishing, completing,
and the Excel sheet of the items and their progress."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.exports import Audited, export_response
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Column, Listing, filename, sheet
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from . import plans_intake
from . import plans_selectors as selectors
from . import plans_services as services
from .models import PlanStatus
from .plans_audit import PlansAudit
from .plans_forms import ItemForm, PlanFilterForm, PlanForm, ReportForm
from .plans_lists import PLANS

WRITE = "work.edit"


@access("org.view")
def plans(request):
    form = PlanFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, PLANS)
    if listing.exporting:
        return listing.export()
    return render(request, "governance/plans/index.html", {"form": form, "listing": listing})


@access(WRITE)
def plan_new(request):
    form = PlanForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, data=form.data_for_service())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已新建工作计划“{plan.title}”")
            return redirect("governance:plan", plan.pk)
    return render(request, "governance/plans/new.html", {"form": form})


def _page(request, pk, *, item_form=None, report_form=None, import_errors=None, status=200):
    view = selectors.plan_view(actor=request.user, pk=pk)
    plan = view.plan
    editable = view.whole and in_scope(request.user, WRITE, plan.org) and plan.status != PlanStatus.COMPLETED
    if editable and item_form is None:
        item_form = ItemForm(plan=plan)
    return render(
        request,
        "governance/plans/detail.html",
        {
            "view": view,
            "plan": plan,
            "editable": editable,
            "item_form": item_form if editable else None,
            "report_form": report_form or ReportForm(initial={"reported_on": view.as_of}),
            "import_errors": import_errors or [],
        },
        status=status,
    )


@access("org.view")
def plan(request, pk: int):
    return _page(request, pk)


@require_POST
@access(WRITE)
def plan_item_add(request, pk: int):
    plan = selectors.plan_get(actor=request.user, pk=pk, perm="manage")
    form = ItemForm(request.POST, plan=plan)
    if form.is_valid():
        data, owners = form.data_for_service()
        try:
            item = services.item_add(actor=request.user, plan=plan, data=data, owners=owners)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已添加事项“{item}”")
            return redirect("governance:plan", plan.pk)
    return _page(request, pk, item_form=form)


@require_POST
@access(WRITE)
def plan_item_remove(request, pk: int, item: int):
    plan = selectors.plan_get(actor=request.user, pk=pk, perm="manage")
    found = selectors.item_get(plan=plan, pk=item)
    try:
        services.item_remove(actor=request.user, item=found)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已删除事项“{found.label} {found.title}”")
    return redirect("governance:plan", plan.pk)


@require_POST
@access(WRITE)
def plan_publish(request, pk: int):
    plan = selectors.plan_get(actor=request.user, pk=pk, perm="manage")
    try:
        services.plan_publish(actor=request.user, plan=plan)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "计划已发布，责任单位可以报告进展")
    return redirect("governance:plan", plan.pk)


@require_POST
@access(WRITE)
def plan_complete(request, pk: int):
    plan = selectors.plan_get(actor=request.user, pk=pk, perm="manage")
    try:
        services.plan_complete(actor=request.user, plan=plan)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "计划已标记完成")
    return redirect("governance:plan", plan.pk)


@require_POST
@access(WRITE)
def plan_report(request, pk: int):
    """An owner unit's progress report on one of its items (G3)."""
    view = selectors.plan_view(actor=request.user, pk=pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        row = next((r for r in view.rows if r.item.pk == form.cleaned_data["item"]), None)
        unit = Org.objects.restrict(request.user, "view").filter(pk=form.cleaned_data["unit"]).first()
        if row is None or unit is None:
            raise NotFound("未找到该事项")
        try:
            services.progress_report(
                actor=request.user, item=row.item, unit=unit, data=form.data_for_service()
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已报告“{row.item}”的进展：{form.cleaned_data['percent']}%")
            return redirect("governance:plan", view.plan.pk)
    return _page(request, pk, report_form=form)


ITEM_COLUMNS = (
    Column("序号", lambda r: r.item.label, 8),
    Column("事项", lambda r: r.item.title, 40),
    Column("目标", lambda r: r.item.target, 30),
    Column("责任单位", lambda r: "、".join(o.name for o in r.owners), 30),
    Column("开始日期", lambda r: r.item.starts_on, 12),
    Column("完成时限", lambda r: r.item.due_on, 12),
    Column("权重", lambda r: r.item.weight or 1, 8),
    Column("进度（%）", lambda r: r.progress, 10),
    Column("逾期", lambda r: "逾期" if r.overdue else "", 8),
    Column(
        "最新进展",
        lambda r: "；".join(f"{x.org.name}{x.reported_on:%Y-%m-%d}：{x.text}" for x in r.latest),
        50,
    ),
)


@access("org.view")
def plan_export(request, pk: int):
    """The items and their progress as a sheet, as the actor sees them (an owner unit: its items only)."""
    view = selectors.plan_view(actor=request.user, pk=pk)
    title = f"{view.plan.title}事项进展"
    return export_response(
        request,
        rows=view.plan.items.all(),
        build=lambda _rows: sheet(title, ITEM_COLUMNS, view.rows),
        filename=filename(title),
        org=view.plan.org,
        audit=Audited(PlansAudit.ITEMS_EXPORT, target=view.plan, after={"items": len(view.rows)}),
    )


IMPORT_MAX_BYTES = 5 * 1024 * 1024


@require_POST
@access(WRITE)
def plan_items_import(request, pk: int):
    """Items from an Excel sheet or CSV, all or none; each bad cell named by row and column (G3)."""
    plan = selectors.plan_get(actor=request.user, pk=pk, perm="manage")
    upload = request.FILES.get("file")
    if upload is None or upload.size > IMPORT_MAX_BYTES:
        messages.error(request, "请选择不超过5 MB的事项表文件")
        return redirect("governance:plan", plan.pk)
    try:
        ready, errors = plans_intake.check(plan, upload.read(), upload.name)
        if not errors:
            made = services.items_import(request.user, plan, ready, upload.name)
    except DomainError as exc:
        messages.error(request, f"事项表“{upload.name}”：{exc.message}，未导入任何事项")
        return redirect("governance:plan", plan.pk)
    if errors:
        return _page(request, pk, import_errors=errors)
    messages.success(request, f"已从“{upload.name}”导入事项{made}项")
    return redirect("governance:plan", plan.pk)
