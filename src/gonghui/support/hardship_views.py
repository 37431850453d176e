"""The hardship pages (V3). Every one needs `hardship.handle`: a cadre with work.edit but without it finds nothing
(404), exactly as outside their subtree. Only the file's detail shows income and reasons, and each open of it is
an audited access (its response is marked as a full view for the leak watch)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing

from . import hardship_selectors, hardship_services
from .hardship_forms import (
    FilterForm,
    GrantForm,
    LineForm,
    NewFileForm,
    RereviewForm,
    ReviewForm,
    WithdrawForm,
)
from .hardship_lists import FILES
from .models.hardship import HANDLE, FileStatus

HARDSHIP = HANDLE


def _file(request, pk):
    return hardship_selectors.file_get(actor=request.user, pk=pk)


def _form_errors(form) -> str:
    return "；".join(str(e) for errors in form.errors.values() for e in errors)


@access(HARDSHIP)
def hardship_index(request):
    form = FilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, FILES)
    if listing.exporting:
        return listing.export()
    return render(request, "support/hardship/index.html", {"form": form, "listing": listing})


@access(HARDSHIP)
def hardship_new(request):
    form = NewFileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            membership = hardship_services.member_find(
                actor=request.user, number=d["number"], doc_type=d["doc_type"], id_number=d["id_number"]
            )
            f = hardship_services.file_create(
                actor=request.user,
                membership=membership,
                data=form.household(),
                consent=d["consent"],
                submit=d["submit"],
                request=request,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已建立{f.name_masked}的困难职工档案（{f.get_status_display()}）")
            return redirect("support:hardship_file", f.pk)
    return render(request, "support/hardship/new.html", {"form": form})


@access(HARDSHIP)
def hardship_file(request, pk: int):
    """The full file: income and reasons decrypted for this open only, which the audit log records."""
    f = _file(request, pk)
    sensitive = hardship_services.file_open(actor=request.user, file=f, request=request)
    response = render(
        request,
        "support/hardship/detail.html",
        {
            "file": f,
            "income": int(sensitive["income_yuan"]) if sensitive["income_yuan"] else None,
            "reasons": sensitive["reasons"],
            "evidence": [line for line in f.evidence.splitlines() if line.strip()],
            "grants": list(hardship_selectors.grants_of(actor=request.user, file=f)),
            "grants_total": hardship_selectors.grants_total(actor=request.user, file=f),
            "review_form": ReviewForm(),
            "grant_form": GrantForm(),
            "rereview_form": RereviewForm(),
            "withdraw_form": WithdrawForm(),
            "Status": FileStatus,
        },
    )
    response.gonghui_reveals = True  # type: ignore[attr-defined]  # audited full view (file_open)
    return response


@access(HARDSHIP)
def hardship_edit(request, pk: int):
    f = _file(request, pk)
    form = NewFileForm(request.POST or None)
    for name in ("number", "doc_type", "id_number"):
        form.fields[name].required = False
        form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            hardship_services.file_edit(
                actor=request.user,
                file=f,
                data=form.household(),
                consent=form.cleaned_data["consent"],
                request=request,
            )
            if form.cleaned_data["submit"]:
                hardship_services.file_submit(actor=request.user, file=f)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "档案已保存")
            return redirect("support:hardship_file", f.pk)
    # the form starts empty: the household's figures are typed again, never put back into a page from the file
    return render(request, "support/hardship/new.html", {"form": form, "file": f})


def _done(request, f, work, ok: str):
    try:
        work()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)
    return redirect("support:hardship_file", f.pk)


@access(HARDSHIP)
@require_POST
def hardship_submit(request, pk: int):
    f = _file(request, pk)
    return _done(request, f, lambda: hardship_services.file_submit(actor=request.user, file=f), "已提交审核")


@access(HARDSHIP)
@require_POST
def hardship_review(request, pk: int, stage: str):
    f = _file(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("support:hardship_file", f.pk)
    approve = form.cleaned_data["decision"] == "approve"
    service = hardship_services.review_upper if stage == "upper" else hardship_services.review_base
    return _done(
        request,
        f,
        lambda: service(actor=request.user, file=f, approve=approve, reason=form.cleaned_data["reason"]),
        "审核通过" if approve else "已退回",
    )


@access(HARDSHIP)
@require_POST
def hardship_grant(request, pk: int):
    f = _file(request, pk)
    form = GrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("support:hardship_file", f.pk)
    return _done(
        request,
        f,
        lambda: hardship_services.grant_add(actor=request.user, file=f, data=form.grant()),
        "已登记帮扶发放",
    )


@access(HARDSHIP)
@require_POST
def hardship_rereview(request, pk: int):
    f = _file(request, pk)
    form = RereviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("support:hardship_file", f.pk)
    renew = form.cleaned_data["decision"] == "renew"
    return _done(
        request,
        f,
        lambda: hardship_services.rereview(
            actor=request.user, file=f, renew=renew, reason=form.cleaned_data["reason"]
        ),
        "复审通过，继续认定一年" if renew else "已销档",
    )


@access(HARDSHIP)
@require_POST
def hardship_withdraw(request, pk: int):
    f = _file(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("support:hardship_file", f.pk)
    return _done(
        request,
        f,
        lambda: hardship_services.withdraw(
            actor=request.user, file=f, reason=form.cleaned_data["reason"], erase=form.cleaned_data["erase"]
        ),
        "档案已撤回",
    )


@access(HARDSHIP)
def income_lines(request):
    form = LineForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            line = hardship_services.line_set(
                actor=request.user,
                org=d["org"],
                region_code=d["region_code"],
                year=d["year"],
                monthly_line=d["monthly_line"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已设定{line.year}年 {line.region_code} 的认定标准")
            return redirect("support:income_lines")
    lines = hardship_selectors.lines_for(actor=request.user)
    return render(
        request,
        "support/hardship/lines.html",
        {"form": form, "lines": lines, "may_set": form.cities.exists()},
    )
