"""Pages of congresses and plenaries (G1, R19): the list of a subtree's congresses and plenaries, a new congress
or plenary, a congress's page (agenda, delegates with their composition, sittings with attendance, reports and
votes) and a plenary's page (items, votes, personnel matters), with the action forms they post to."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope

from . import congresses_selectors as sel
from . import congresses_services as services
from .congresses_attachments import attachment_response, size_label
from .congresses_forms import (
    CongressForm,
    DelegateForm,
    FilterForm,
    MatterForm,
    PlenaryForm,
    QuotaForm,
    SittingForm,
    VoteForm,
)
from .congresses_lists import CONGRESSES, PLENARIES
from .models import CongressKind, Matter, PlenaryKind

WRITE = services.WRITE


@access("org.view")
def index(request):
    form = FilterForm(request.GET or None, actor=request.user)
    plenaries = request.GET.get("list") == "plenaries" or request.GET.get("kind") in PlenaryKind.values
    listing = Listing(request, PLENARIES if plenaries else CONGRESSES)
    if listing.exporting:
        return listing.export()
    return render(
        request,
        "governance/congresses/index.html",
        {"form": form, "listing": listing, "plenaries": plenaries},
    )


@access(WRITE)
def new(request):
    form = CongressForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org, kind = d["org"], d["kind"]
        try:
            congress = services.congress_create(
                actor=request.user,
                data=services.CongressData(
                    org=org,
                    kind=kind,
                    number=d["number"] or services.next_congress_number(org, kind),
                    title=d["title"],
                    starts_on=d["starts_on"],
                    ends_on=d["ends_on"],
                    place=d["place"],
                    entitled=d["entitled"] or 0,
                    agenda=d["agenda"].splitlines(),
                    women_pct=d["women_pct"],
                    front_line_pct=d["front_line_pct"],
                    model_worker_pct=d["model_worker_pct"],
                ),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记“{congress.title}”")
            return redirect("governance:congress", congress.pk)
    return render(request, "governance/congresses/new.html", {"form": form, "heading": "登记代表大会"})


@access("org.view")
def detail(request, pk: int):
    congress = sel.congress_get(actor=request.user, pk=pk)
    editable = in_scope(request.user, WRITE, congress.org)
    targets = sel.targets_of(congress)
    matters = list(congress.matters.select_related("sitting"))
    context = {
        "congress": congress,
        "editable": editable,
        "targets": targets,
        "is_assembly": congress.kind == CongressKind.ASSEMBLY,
        "agenda": congress.agenda.all(),
        "quotas": congress.quotas.prefetch_related("delegates"),
        "composition": sel.composition(congress),
        "delegate_count": congress.delegates.count(),
        "sittings": congress.sittings.all(),
        "matters": [(m, size_label(m.file_size) if m.file else "") for m in matters],
    }
    if editable:
        context |= {
            "quota_form": QuotaForm(congress=congress),
            "delegate_form": DelegateForm(congress=congress),
            "sitting_form": SittingForm(congress=congress, initial={"on": congress.starts_on}),
            "matter_form": MatterForm(congress=congress),
            "vote_form": VoteForm(),
        }
    return render(request, "governance/congresses/congress.html", context)


def _done(request, call, ok: str) -> None:
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)


def _invalid(request, form) -> None:
    text = "；".join(
        f"{form.fields[f].label if f in form.fields else ''}{'：' if f in form.fields else ''}{e[0]}"
        for f, e in form.errors.items()
    )
    messages.error(request, f"未保存：{text}")


@access(WRITE)
@require_POST
def quota(request, pk: int):
    congress = sel.congress_get(actor=request.user, pk=pk, perm="manage")
    form = QuotaForm(request.POST, congress=congress)
    if form.is_valid():
        d = form.cleaned_data
        _done(
            request,
            lambda: services.quota_set(
                actor=request.user,
                congress=congress,
                unit=d["unit"],
                seats=d["seats"],
                unit_org=d["unit_org"],
            ),
            "已保存代表名额",
        )
    else:
        _invalid(request, form)
    return redirect(reverse("governance:congress", args=[congress.pk]) + "#delegates")


@access(WRITE)
@require_POST
def delegate(request, pk: int):
    congress = sel.congress_get(actor=request.user, pk=pk, perm="manage")
    form = DelegateForm(request.POST, congress=congress)
    if form.is_valid():
        d = form.cleaned_data
        data = services.DelegateData(
            quota=d["quota"],
            name=d["name"],
            number=d["number"],
            gender=d["gender"],
            front_line=d["front_line"],
            model_worker=d["model_worker"],
        )
        _done(
            request,
            lambda: services.delegate_add(actor=request.user, congress=congress, data=data),
            "已登记代表",
        )
    else:
        _invalid(request, form)
    return redirect(reverse("governance:congress", args=[congress.pk]) + "#delegates")


@access(WRITE)
@require_POST
def credentials(request, pk: int):
    congress = sel.congress_get(actor=request.user, pk=pk, perm="manage")
    _done(
        request, lambda: services.credentials_confirm(actor=request.user, congress=congress), "代表资格已确认"
    )
    return redirect(reverse("governance:congress", args=[congress.pk]) + "#delegates")


@access(WRITE)
@require_POST
def sitting(request, pk: int):
    congress = sel.congress_get(actor=request.user, pk=pk, perm="manage")
    form = SittingForm(request.POST, congress=congress)
    if form.is_valid():
        d = form.cleaned_data
        _done(
            request,
            lambda: services.sitting_record(
                actor=request.user,
                congress=congress,
                on=d["on"],
                label=d["label"],
                present_ids=[x.pk for x in d.get("present") or []],
                present_count=d.get("present_count"),
            ),
            "已登记会议出席情况",
        )
    else:
        _invalid(request, form)
    return redirect(reverse("governance:congress", args=[congress.pk]) + "#sittings")


@access(WRITE)
@require_POST
def congress_matter(request, pk: int):
    congress = sel.congress_get(actor=request.user, pk=pk, perm="manage")
    form = MatterForm(request.POST, request.FILES, congress=congress)
    if form.is_valid():
        d = form.cleaned_data
        data = services.MatterData(
            kind=d["kind"], title=d["title"], text=d["text"], sitting=d["sitting"], upload=d["upload"]
        )
        _done(
            request,
            lambda: services.matter_add(actor=request.user, data=data, congress=congress),
            f"已登记“{d['title']}”",
        )
    else:
        _invalid(request, form)
    return redirect(reverse("governance:congress", args=[congress.pk]) + "#matters")


def _back(matter: Matter) -> str:
    if matter.plenary_id:
        return reverse("governance:plenary", args=[matter.plenary_id]) + "#matters"
    return reverse("governance:congress", args=[matter.congress_id]) + "#matters"


@access(WRITE)
@require_POST
def vote(request, pk: int):
    matter = sel.matter_get(actor=request.user, pk=pk, perm="manage")
    form = VoteForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        _done(
            request,
            lambda: services.vote_record(
                actor=request.user,
                matter=matter,
                votes_for=d["votes_for"],
                votes_against=d["votes_against"],
                votes_abstain=d["votes_abstain"],
            ),
            f"已登记“{matter.title}”的表决结果",
        )
    else:
        _invalid(request, form)
    return redirect(_back(matter))


@access("org.view")
def matter_file(request, pk: int):
    matter = sel.matter_get(actor=request.user, pk=pk)
    if not matter.file:
        messages.error(request, "该事项没有附件")
        return redirect(_back(matter))
    return attachment_response(matter.file, matter.file_name)


@access(WRITE)
def plenary_new(request):
    form = PlenaryForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        org, kind = d["org"], d["kind"]
        try:
            plenary = services.plenary_create(
                actor=request.user,
                data=services.PlenaryData(
                    org=org,
                    kind=kind,
                    number=d["number"] or services.next_plenary_number(org, kind),
                    title=d["title"],
                    on=d["on"],
                    place=d["place"],
                    entitled=d["entitled"],
                    present=d["present"],
                ),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记“{plenary.title}”")
            return redirect("governance:plenary", plenary.pk)
    return render(request, "governance/congresses/new.html", {"form": form, "heading": "登记全委会或常委会"})


@access("org.view")
def plenary(request, pk: int):
    found = sel.plenary_get(actor=request.user, pk=pk)
    editable = in_scope(request.user, WRITE, found.org)
    matters = list(found.matters.all())
    context = {
        "plenary": found,
        "editable": editable,
        "matters": [(m, size_label(m.file_size) if m.file else "") for m in matters],
    }
    if editable:
        context |= {"matter_form": MatterForm(), "vote_form": VoteForm()}
    return render(request, "governance/congresses/plenary.html", context)


@access(WRITE)
@require_POST
def plenary_matter(request, pk: int):
    found = sel.plenary_get(actor=request.user, pk=pk, perm="manage")
    form = MatterForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        data = services.MatterData(
            kind=d["kind"], title=d["title"], text=d["text"], person=d["person"], upload=d["upload"]
        )
        _done(
            request,
            lambda: services.matter_add(actor=request.user, data=data, plenary=found),
            f"已登记“{d['title']}”",
        )
    else:
        _invalid(request, form)
    return redirect(reverse("governance:plenary", args=[found.pk]) + "#matters")
