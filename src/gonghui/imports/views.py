"""Roster import pages: upload, the preview with its counts and errors, column mapping, apply."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.downloads import xlsx_response
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import has_perm
from gonghui.members.forms import ReasonForm
from gonghui.members.selectors import member_unions
from gonghui.members.views import mark_revealing

from . import services
from .forms import MappingForm, UploadForm
from .lists import IMPORTS
from .models import ImportStatus, RosterImport
from .reports import template_workbook


def _import(request, pk: int) -> RosterImport:
    imp = (
        RosterImport.objects.restrict(request.user, "view")
        .select_related("org", "preview_job", "apply_job")
        .filter(pk=pk)
        .first()
    )
    if imp is None:
        raise Http404
    return imp


@access("member.manage")
def imports(request):
    """Upload a roster; below, the imports of the actor's subtree."""
    form = UploadForm(request.POST or None, request.FILES or None, unions=member_unions(actor=request.user))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imp = services.roster_upload(
                actor=request.user,
                union=form.cleaned_data["union"],
                content=upload.read(),
                filename=upload.name,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("core:job", job_id=imp.preview_job_id)
    listing = Listing(request, IMPORTS)
    if listing.exporting:
        return listing.export()
    return render(
        request,
        "imports/list.html",
        {"form": form, "listing": listing, "statuses": ImportStatus.choices, "q": request.GET.get("q", "")},
    )


@access("member.manage")
def template(request):
    return xlsx_response(template_workbook(), "会员名册模板.xlsx")


def _detail_page(request, imp: RosterImport, mapping_form: MappingForm | None = None):
    """The import's page; after a refused remapping, with the columns as the user chose them (issue 16 §3)."""
    if mapping_form is None:
        mapping_form = MappingForm(headings=imp.headings, mapping=imp.column_mapping() or {})
    return render(
        request,
        "imports/detail.html",
        {
            "imp": imp,
            "counts": imp.result or imp.preview,
            "mapping_form": mapping_form,
            "can_apply": imp.status == ImportStatus.PREVIEWED,
            "can_reveal": has_perm(request.user, "member.reveal", imp.org),
            "job": imp.apply_job or imp.preview_job,
        },
    )


@access("member.manage")
def detail(request, pk: int):
    return _detail_page(request, _import(request, pk))


@access("member.manage")
@require_POST
def remap(request, pk: int):
    imp = _import(request, pk)
    form = MappingForm(request.POST, headings=imp.headings, mapping={})
    if form.is_valid():
        try:
            imp = services.roster_remap(actor=request.user, imp=imp, mapping=form.mapping())
        except DomainError as exc:
            add_domain_error(form, exc)
            form.mark_refused(exc)
            return _detail_page(request, imp, form)
        return redirect("core:job", job_id=imp.preview_job_id)
    return _detail_page(request, imp, form)


@access("member.manage")
@require_POST
def apply(request, pk: int):
    imp = _import(request, pk)
    try:
        imp = services.roster_start_apply(actor=request.user, imp=imp)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("imports:detail", pk=imp.pk)
    return redirect("core:job", job_id=imp.apply_job_id)


@access("member.reveal")
def errors_full(request, pk: int):
    """The error report with full document numbers and mobiles, for correcting the rows: member.reveal on the
    import's union and a reason, and only a POST of the reason form downloads it (audited)."""
    imp = _import(request, pk)
    if not has_perm(request.user, "member.reveal", imp.org):
        raise Http404
    form = ReasonForm(request.POST if request.method == "POST" else None, label="下载完整错误报告的事由")
    form.fields["reason"].error_messages["required"] = (
        "请填写下载完整错误报告的事由，下载将连同事由记入审计日志"
    )
    if request.method == "POST" and form.is_valid():
        try:
            name, content = services.roster_errors_reveal(
                actor=request.user, imp=imp, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return mark_revealing(xlsx_response(content, name))
    return render(request, "imports/errors_full.html", {"imp": imp, "form": form})
