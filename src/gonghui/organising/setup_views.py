"""The setup part's pages (rule O3, R1): the list of set-ups with its export, starting one from a target, a
set-up's page with what each user may do there (apply, approve or return, record the founding assembly), and a
joint union's coverage of a small employer."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope

from . import services as shared
from . import setup_selectors as selectors
from . import setup_services as services
from .models import COMMITTEE_MIN_MEMBERS, SetUpStatus
from .setup_forms import (
    JointCoverForm,
    SetupDecideForm,
    SetupFilterForm,
    SetupFoundForm,
    SetupStartForm,
    SetupSubmitForm,
)
from .setup_lists import SETUPS

MANAGE = services.MANAGE
APPROVE = services.APPROVE


def advice(members: int) -> str:
    """O3 (工会法第十一条) in the words a preparatory group reads."""
    if members >= COMMITTEE_MIN_MEMBERS:
        return f"预计会员{members}人，达到{COMMITTEE_MIN_MEMBERS}人，应当建立工会委员会（工会法第十一条）。"
    return (
        f"预计会员{members}人，不足{COMMITTEE_MIN_MEMBERS}人：可以单独建立工会委员会，也可以与其他单位联合建立"
        "（加入联合工会），或者选举组织员一人，组织会员开展活动（工会法第十一条）。"
    )


@access("org.view")
def setups(request):
    form = SetupFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, SETUPS)
    if listing.exporting:
        return listing.export()
    return render(request, "organising/setup/index.html", {"form": form, "listing": listing})


def _page(request, setup, *, status=200, **forms):
    today = shared.today()
    editable = setup.status in (SetUpStatus.DRAFT, SetUpStatus.RETURNED)
    may_manage = in_scope(request.user, MANAGE, setup.org)
    may_approve = in_scope(request.user, APPROVE, setup.org)
    context = {
        "setup": setup,
        "employer": setup.target.employer,
        "advice": advice(setup.members_expected),
        "may_submit": may_manage and editable,
        "may_joint": may_manage and editable and not setup.forms_committee,
        "may_decide": setup.status == SetUpStatus.SUBMITTED and services.may_decide(request.user, setup),
        "own_application": setup.status == SetUpStatus.SUBMITTED
        and may_approve
        and not services.may_decide(request.user, setup),
        "may_found": setup.status == SetUpStatus.APPROVED and may_approve,
        "submit_form": forms.get("submit_form")
        or SetupSubmitForm(
            initial={
                "union_name": setup.union_name,
                "members_expected": setup.members_expected,
                "preparatory_group": setup.preparatory_group,
                "applied_on": today,
            }
        ),
        "decide_form": forms.get("decide_form") or SetupDecideForm(initial={"on_date": today}),
        "found_form": forms.get("found_form")
        or SetupFoundForm(
            initial={
                "founding_on": today,
                "term_years": 5,
                "committee_size": 1 if not setup.forms_committee else None,
            }
        ),
    }
    return render(request, "organising/setup/detail.html", context, status=status)


@access("org.view")
def setup(request, pk: int):
    return _page(request, selectors.setup_get(actor=request.user, pk=pk))


@access(MANAGE)
def setup_new(request, target_id: int):
    """Start 筹建 for a target (O3): the proposed name, the members expected, the preparatory group."""
    target = selectors.target_get(actor=request.user, pk=target_id)
    employer = target.employer
    form = SetupStartForm(
        request.POST or None,
        initial={
            "union_name": f"{employer.name}工会",
            "members_expected": employer.headcount or None,
            "started_on": shared.today(),
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            made = services.setup_start(
                actor=request.user,
                target=target,
                union_name=d["union_name"],
                members_expected=d["members_expected"],
                preparatory_group=d["preparatory_group"],
                on_date=d["started_on"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已开始筹建“{made.union_name}”")
            return redirect("organising:setup", made.pk)
    return render(
        request,
        "organising/setup/new.html",
        {
            "form": form,
            "target": target,
            "employer": employer,
            "may_start": selectors.may_start(request.user, target),
            "open_setup": selectors.open_setup(target),
            "committee_min": COMMITTEE_MIN_MEMBERS,
        },
    )


@access(MANAGE)
@require_POST
def setup_submit(request, pk: int):
    s = selectors.setup_get(actor=request.user, pk=pk, perm="manage")
    form = SetupSubmitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.setup_submit(
                actor=request.user,
                setup=s,
                on_date=d["applied_on"],
                union_name=d["union_name"],
                members_expected=d["members_expected"],
                preparatory_group=d["preparatory_group"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已向{s.org.name}提交建会申请")
            return redirect("organising:setup", s.pk)
    return _page(request, s, submit_form=form)


@access(APPROVE)
@require_POST
def setup_decide(request, pk: int):
    s = selectors.setup_get(actor=request.user, pk=pk, perm="approve")
    form = SetupDecideForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        d = form.cleaned_data
        try:
            if approve:
                done = services.setup_approve(
                    actor=request.user, setup=s, on_date=d["on_date"], note=d["note"]
                )
            else:
                done = services.setup_return(
                    actor=request.user, setup=s, on_date=d["on_date"], note=d["note"]
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if approve:
                messages.success(request, f"已批复，“{done.union_name}”已在{done.org.name}下建立，单位已关联")
            else:
                messages.success(request, "已退回建会申请")
            return redirect("organising:setup", s.pk)
    return _page(request, s, decide_form=form)


@access(APPROVE)
@require_POST
def setup_found(request, pk: int):
    s = selectors.setup_get(actor=request.user, pk=pk, perm="approve")
    form = SetupFoundForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.setup_found(
                actor=request.user,
                setup=s,
                founding_on=d["founding_on"],
                first_chair=d["first_chair"],
                committee_size=d["committee_size"],
                term_years=d["term_years"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "已登记成立大会，新建工会状态为正常")
            return redirect("organising:setup", s.pk)
    return _page(request, s, found_form=form)


def _target_page(target) -> str:
    """The target's own page where the pipeline part has one, else the organising overview."""
    try:
        return reverse("organising:target", args=[target.pk])
    except NoReverseMatch:
        return reverse("organising:index")


@access(MANAGE)
def joint_cover(request, target_id: int):
    """O3: a small employer joins a joint union of its district instead of setting up its own."""
    target = selectors.target_get(actor=request.user, pk=target_id)
    unions = selectors.joint_unions_for(actor=request.user, target=target)
    form = JointCoverForm(request.POST or None, unions=unions, initial={"on_date": shared.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.joint_cover(
                actor=request.user,
                target=target,
                joint_union=d["joint_union"],
                on_date=d["on_date"],
                note=d["note"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"“{target.employer.name}”已由{d['joint_union'].name}覆盖")
            return redirect(_target_page(target))
    return render(
        request,
        "organising/setup/joint_cover.html",
        {
            "form": form,
            "target": target,
            "employer": target.employer,
            "open_setup": selectors.open_setup(target),
            "committee_min": COMMITTEE_MIN_MEMBERS,
        },
    )
