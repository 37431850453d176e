"""The elections pages (rule G2, R21): the list with its export, a new election, an election's page (candidates
in 姓氏笔画 order, attendance, count, signature, report and approval above) and the paper tally page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope

from . import elections_selectors as selectors
from . import elections_services as services
from .elections_forms import (
    AttendanceForm,
    BallotForm,
    DecideForm,
    ElectionForm,
    FilterForm,
    SignForm,
    TotalsForm,
)
from .elections_lists import ELECTIONS
from .models import TallyMode

WRITE = "work.edit"


@access("org.view")
def index(request):
    form = FilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, ELECTIONS)
    if listing.exporting:
        return listing.export()
    return render(request, "governance/elections/index.html", {"form": form, "listing": listing})


@access(WRITE)
def new(request):
    form = ElectionForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.ElectionData(
            org=d["org"],
            congress=d["congress"],
            title=d["title"],
            body=d["body"],
            held_on=d["held_on"],
            term_years=d["term_years"],
            seats=d["seats"],
            margin_percent=d["margin_percent"],
            shortfall_rule=d["shortfall_rule"],
            mode=d["mode"],
            entitled=d["entitled"] or 0,
            candidates=d["candidates"],
        )
        try:
            election = services.election_create(actor=request.user, data=data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记“{election.title}”")
            return redirect("governance:election", election.pk)
    return render(request, "governance/elections/new.html", {"form": form})


def _page(request, election, *, status=200, **forms):
    result = selectors.election_result(election)
    may_edit = in_scope(request.user, WRITE, election.org)
    context = {
        "election": election,
        "result": result,
        "may_edit": may_edit,
        "may_decide": services.may_decide(request.user, election),
        "tallying": election.status in services.TALLYING,
        "attendance_form": forms.get("attendance_form")
        or AttendanceForm(
            initial={
                "entitled": election.entitled,
                "present": election.present or None,
                "ballots_issued": election.ballots_issued or None,
                "ballots_returned": election.ballots_returned or None,
            }
        ),
        "sign_form": forms.get("sign_form") or SignForm(initial={"scrutineers": election.scrutineers}),
        "decide_form": forms.get("decide_form") or DecideForm(),
        "committee": selectors.committee_members(election, result) if result.count.valid else [],
    }
    return render(request, "governance/elections/detail.html", context, status=status)


@access("org.view")
def detail(request, pk: int):
    return _page(request, selectors.election_get(actor=request.user, pk=pk))


def _done(request, election, call, success: str, anchor: str = ""):
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(reverse("governance:election", args=[election.pk]) + anchor)


@access(WRITE)
@require_POST
def open_vote(request, pk: int):
    e = selectors.election_get(actor=request.user, pk=pk, perm="manage")
    return _done(request, e, lambda: services.election_open(actor=request.user, election=e), "已开始投票")


@access(WRITE)
@require_POST
def attendance(request, pk: int):
    e = selectors.election_get(actor=request.user, pk=pk, perm="manage")
    form = AttendanceForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.election_attendance(
                actor=request.user,
                election=e,
                entitled=d["entitled"],
                present=d["present"],
                issued=d["ballots_issued"],
                returned=d["ballots_returned"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已登记到会人数和选票")
            return redirect(reverse("governance:election", args=[e.pk]) + "#count")
    return _page(request, e, attendance_form=form)


@access(WRITE)
def tally(request, pk: int):
    """The paper tally: one ballot at a time (tick the names marked), or the totals as the scrutineers counted."""
    e = selectors.election_get(actor=request.user, pk=pk, perm="manage")
    candidates = selectors.ordered_candidates(e)
    listed = [c for c in candidates if not c.write_in]
    ballot_form = BallotForm(candidates=listed)
    totals_form = TotalsForm(candidates=candidates, initial={"invalid_ballots": e.invalid_ballots})
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("undo"):
                services.ballot_remove_last(actor=request.user, election=e)
                messages.success(request, "已撤销最后录入的一张选票")
                return redirect("governance:election_tally", e.pk)
            if e.mode == TallyMode.BALLOTS:
                ballot_form = BallotForm(request.POST, candidates=listed)
                if ballot_form.is_valid():
                    b = services.ballot_add(
                        actor=request.user,
                        election=e,
                        marks=ballot_form.cleaned_data["marks"],
                        write_ins=ballot_form.write_in_names(),
                    )
                    messages.success(request, f"已录入第{b.number}张选票")
                    return redirect("governance:election_tally", e.pk)
            else:
                totals_form = TotalsForm(request.POST, candidates=candidates)
                if totals_form.is_valid():
                    services.totals_enter(
                        actor=request.user,
                        election=e,
                        yes=totals_form.yes(),
                        invalid=totals_form.cleaned_data["invalid_ballots"],
                    )
                    messages.success(request, "已录入汇总票数")
                    return redirect(reverse("governance:election", args=[e.pk]) + "#count")
        except DomainError as exc:
            add_domain_error(ballot_form if e.mode == TallyMode.BALLOTS else totals_form, exc)
        status = 200
    e.refresh_from_db()
    return render(
        request,
        "governance/elections/tally.html",
        {
            "election": e,
            "result": selectors.election_result(e),
            "ballot_form": ballot_form,
            "totals_form": totals_form,
            "entered": e.ballots.count(),
            "open": e.status in services.TALLYING,
        },
        status=status,
    )


@access(WRITE)
@require_POST
def sign(request, pk: int):
    e = selectors.election_get(actor=request.user, pk=pk, perm="manage")
    form = SignForm(request.POST)
    if form.is_valid():
        try:
            services.election_sign(actor=request.user, election=e, scrutineers=form.names())
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "监票人已签字，计票结果确定")
            return redirect(reverse("governance:election", args=[e.pk]) + "#count")
    return _page(request, e, sign_form=form)


@access(WRITE)
@require_POST
def submit(request, pk: int):
    e = selectors.election_get(actor=request.user, pk=pk, perm="manage")
    return _done(
        request, e, lambda: services.election_submit(actor=request.user, election=e), "已报上级工会批复"
    )


@access("org.manage")
@require_POST
def decide(request, pk: int):
    e = selectors.election_get(actor=request.user, pk=pk)
    form = DecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        try:
            services.election_decide(
                actor=request.user, election=e, approve=approve, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已批准，新一届委员会已产生" if approve else "已退回")
            return redirect("governance:election", e.pk)
    return _page(request, e, decide_form=form)
