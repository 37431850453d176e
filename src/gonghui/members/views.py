"""Member pages: the register list, a member's page, enrolment, the approval and transfer queues."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.forms import Form
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import personal
from gonghui.core.access import access
from gonghui.core.errors import DomainError
from gonghui.core.exports import Audited, Background, export_response
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.modules import panels
from gonghui.core.scope import has_perm
from gonghui.orgs.models import Org

from . import selectors, services, transitions
from .audit import MemberAudit
from .exports import export_filename, register_workbook
from .filters import (
    ENROL_PURPOSE,
    SEARCH_PURPOSE,
    ApplicationFilterForm,
    MemberFilterForm,
    opened,
    search_data,
)
from .forms import DuesForm, LeaveForm, LookupForm, MobileForm, PersonForm, ReasonForm, TransferForm
from .identity import parse_document
from .lists import APPLICATIONS, MEMBERS, TRANSFERS
from .models import MembershipStatus


def mark_revealing(response: HttpResponse) -> HttpResponse:
    """Flag a response that shows personal data in full on purpose (audited), for the leak checks."""
    response.gonghui_reveals = True  # type: ignore[attr-defined]
    return response


def _membership(request, pk: int, perm: str = "member.view"):
    return selectors.membership_get(actor=request.user, pk=pk, perm=perm)


def _link_params(form: MemberFilterForm, token: str) -> dict[str, str]:
    params = form.params()
    if token and "q" in params:
        params.pop("q")
        params["qt"] = token
    return params


@access("member.view")
def member_list(request):
    if request.method == "POST":
        # The filter form posts; a personal term is swapped for a token and the list is shown by GET.
        form = MemberFilterForm(request.POST, actor=request.user)
        params = form.params()
        term = params.get("q", "")
        old = request.POST.get("qt", "")
        if term and old and term == personal.mask(opened(old, SEARCH_PURPOSE)):
            params["q"] = opened(old, SEARCH_PURPOSE)  # the masked term shown in the box, left as it was
            term = params["q"]
        token = (
            personal.encrypt(term, purpose=SEARCH_PURPOSE)
            if term and selectors.is_personal_term(term)
            else ""
        )
        return redirect(f"{reverse('members:list')}?{urlencode(_link_params(form, token))}")
    data, token = search_data(request.GET)
    form = MemberFilterForm(data or None, actor=request.user)
    filters = form.filters()
    params = _link_params(form, token)
    context = {
        "form": form,
        "q_shown": personal.mask(filters.search) if token else filters.search,
        "qt": token,
        "listing": Listing(request, MEMBERS),
        "union": filters.union,
        "export_url": f"{reverse('members:export')}?{urlencode(params)}",
        "full_export_url": f"{reverse('members:export')}?{urlencode({**params, 'full': '1'})}",
        "can_reveal": has_perm(request.user, "member.reveal"),
        "can_manage": has_perm(request.user, "member.manage"),
    }
    return render(request, "members/list.html", context)


@access("member.view")
def export(request):
    """The filtered list as .xlsx in the register's columns: masked by default (GET); full needs member.reveal
    on every union in it and a reason, and only a POST of the reason form starts it, so that no link, image or
    prefetch can; either way the export is audited."""
    data, token = search_data(request.GET)
    form = MemberFilterForm(data or None, actor=request.user)
    filters = form.filters()
    full = request.GET.get("full") == "1"
    reason = ""
    if full:
        if not has_perm(request.user, "member.reveal", filters.union):
            raise Http404
        reason_form = ReasonForm(
            request.POST if request.method == "POST" else None, label="导出完整名册的事由"
        )
        reason_form.fields["reason"].error_messages["required"] = (
            "请填写导出完整名册的事由，导出将连同事由记入审计日志"
        )
        if not (request.method == "POST" and reason_form.is_valid()):
            params = _link_params(form, token)
            return render(
                request,
                "members/export_full.html",
                {"form": reason_form, "params": params, "query": urlencode({**params, "full": "1"})},
            )
        reason = reason_form.cleaned_data["reason"]
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    # a full export covers only the unions where the actor may see members in full
    perm = "member.reveal" if full else "member.view"
    rows = selectors.members_for(actor=request.user, filters=filters, perm=perm)
    title = filters.union.name if filters.union else "会员名册"
    response = export_response(
        request,
        rows=rows,
        build=lambda chunk: register_workbook(title, chunk, full=full),
        filename=export_filename(title, full),
        org=filters.union,
        audit=Audited(
            MemberAudit.EXPORT_FULL if full else MemberAudit.EXPORT,
            target_label=title,
            after={"filters": _link_params(form, token)},
            reason=reason,
        ),
        background=Background(
            "members.export",
            f"导出“{title}”会员名册{'（完整）' if full else ''}",
            params={"filters": _link_params(form, token), "full": full},
        ),
    )
    return mark_revealing(response) if full else response


def _actions(request, m) -> list[transitions.Action]:
    """The buttons the membership's status allows (lapses included, M7), for an actor who may manage it."""
    if not has_perm(request.user, "member.manage", m.org):
        return []
    return transitions.buttons(m.status_on(timezone.localdate()))


@access("member.view")
def detail(request, pk: int):
    m = _membership(request, pk)
    holds = selectors.holds(request.user, m)
    return render(
        request,
        "members/detail.html",
        {
            "m": m,
            "p": m.person,
            "holds": holds,
            "events": selectors.timeline(actor=request.user, membership=m),
            "transfers": selectors.transfers_of(actor=request.user, membership=m),
            "actions": _actions(request, m) if holds else [],
            "can_reveal": holds and has_perm(request.user, "member.reveal", m.org),
            "reveal_form": ReasonForm(label="查看事由"),
            "panels": panels("person_panels", request, m.person),
        },
    )


@access("member.reveal")
def reveal(request, pk: int):
    """Show the full document number and mobile after a reason is given; audited by the service."""
    m = _membership(request, pk, "member.reveal")
    form = ReasonForm(request.POST or None, label="查看事由")
    if request.method == "POST" and form.is_valid():
        try:
            shown = services.person_reveal(
                actor=request.user, membership=m, reason=form.cleaned_data["reason"], request=request
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return mark_revealing(render(request, "members/_revealed.html", {"m": m, "shown": shown}))
    template = "members/reveal.html#reveal-form" if request.htmx else "members/reveal.html"
    return render(request, template, {"m": m, "form": form})


# The forms that are not a plain reason (labels and whether a reason is required come from the transitions table)
FORMS: dict[str, type[Form]] = {"leave": LeaveForm, "dues": DuesForm, "mobile": MobileForm}


def _form(action: transitions.Action, data) -> Form:
    form_class = FORMS.get(action.code, ReasonForm)
    if issubclass(form_class, ReasonForm):
        return form_class(data, label=action.reason_label, required=action.reason_required)
    return form_class(data)


def _run(request, m, action: str, data: dict):
    actor = request.user
    reason = data.get("reason", "")
    match action:
        case "approve":
            return services.membership_approve(actor=actor, membership=m, reason=reason)
        case "reject":
            return services.membership_reject(actor=actor, membership=m, reason=reason)
        case "retain":
            return services.membership_retain(actor=actor, membership=m, reason=reason)
        case "leave":
            return services.membership_leave(
                actor=actor, membership=m, reason=reason, leave_reason=data["leave_reason"]
            )
        case "expel":
            return services.membership_expel(actor=actor, membership=m, reason=reason)
        case "reinstate":
            return services.membership_reinstate(actor=actor, membership=m, reason=reason)
        case "dues":
            return services.membership_record_dues(actor=actor, membership=m, paid_until=data["paid_until"])
        case "mobile":
            return services.person_mobile_change(
                actor=actor, membership=m, mobile=data["mobile"], reason=reason
            )
    raise Http404


@access("member.manage")
def action(request, pk: int, action: str):
    m = _membership(request, pk, "member.manage")
    if action == "transfer":
        return transfer_start(request, m)
    if action not in transitions.ACTIONS or not transitions.ACTIONS[action].button:
        raise Http404
    title = transitions.ACTIONS[action].label
    form = _form(transitions.ACTIONS[action], request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            _run(request, m, action, form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"{title}：已完成")
            return redirect("members:detail", pk=m.pk)
    return render(
        request,
        "members/action.html",
        {
            "m": m,
            "form": form,
            "title": f"{title}：{m.person.full_name}",
            # deciding an application: who applied (masked), and from approving, the refusal one click away
            "applicant": m.status == MembershipStatus.PENDING and action in ("approve", "reject"),
            "offer_reject": m.status == MembershipStatus.PENDING and action == "approve",
        },
    )


def transfer_start(request, m):
    q = request.GET.get("q", "").strip()
    targets = selectors.transfer_targets(search=q)[:30]
    if request.method == "POST":
        # Validate against every eligible union, not only the ones the last search showed.
        form = TransferForm(request.POST, targets=selectors.transfer_targets(search=None))
    else:
        form = TransferForm(targets=targets)
    if request.htmx and request.method == "GET":
        return render(request, "members/transfer.html#targets", {"form": form, "q": q, "m": m})
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_start(
                actor=request.user,
                membership=m,
                to_union=form.cleaned_data["to_union"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已办理转出，等待“{form.cleaned_data['to_union'].name}”接收")
            return redirect("members:detail", pk=m.pk)
    return render(request, "members/transfer.html", {"m": m, "form": form, "q": q})


@access("member.manage")
def enrol(request):
    """Enrolment in two steps: the document first (is this person already here?), then the rest."""
    unions = selectors.member_unions(actor=request.user)
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and data.get("id_token"):
        # Step two carries the document number encrypted, so the page never holds it in full (I3).
        data["id_number"] = opened(data["id_token"], ENROL_PURPOSE)
    lookup = LookupForm(data, unions=unions)
    context: dict = {"lookup": lookup}
    if not lookup.is_bound or not lookup.is_valid():
        return render(request, "members/enrol.html", context)
    union = lookup.cleaned_data["union"]
    try:
        doc = parse_document(lookup.cleaned_data["doc_type"], lookup.cleaned_data["id_number"])
    except DomainError as exc:
        add_domain_error(lookup, exc)
        return render(request, "members/enrol.html", context)
    person, live = selectors.person_status(doc_type=doc.doc_type, number=doc.number)
    context.update(
        {
            "union": union,
            "person": person,
            "live": live,
            "doc": doc,
            "doc_masked": personal.mask(doc.number),
            "id_token": personal.encrypt(doc.number, purpose=ENROL_PURPOSE),
        }
    )
    if live is not None:
        return _offer_transfer_request(request, context, union, live)
    form = PersonForm(
        request.POST if "full_name" in request.POST else None,
        initial={"full_name": person.full_name} if person else None,
    )
    context["form"] = form
    if "full_name" in request.POST and form.is_valid():
        d = form.cleaned_data
        data = services.PersonData(
            id_number=doc.number,
            doc_type=doc.doc_type,
            mobile=d["mobile"],
            **{name: d[name] for name in services.PLAIN_PERSON_FIELDS},
        )
        try:
            m = services.membership_enrol(
                actor=request.user,
                union=union,
                person_data=data,
                channel=d["channel"],
                approve=d["approve"],
                employer_name=d["employer_name"],
                join_date=d["join_date"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(
                request, f"{m.person.full_name}：{'已入会' if d['approve'] else '入会申请已登记，待审批'}"
            )
            return redirect("members:detail", pk=m.pk)
    return render(request, "members/enrol.html", context)


def _offer_transfer_request(request, context: dict, union: Org, live):
    """M4: a person active elsewhere can only come here by transfer; offer exactly that."""
    context["already"] = services.already_member_error(live.person, live, union).message
    if live.org_id != union.pk and request.POST.get("request_transfer") == "1":
        try:
            services.transfer_request(
                actor=request.user,
                membership=live,
                to_union=union,
                reason=request.POST.get("reason", ""),
            )
        except DomainError as exc:
            context["error"] = exc.message
        else:
            messages.success(request, f"已向“{live.org.name}”发出转会申请，待对方同意")
            return redirect("members:transfers")
    return render(request, "members/enrol.html", context)


@access("member.manage")
def applications(request):
    """Applications to approve, one at a time or ticked in bulk; filtered by union, channel and day, the overdue
    ones marked."""
    filter_form = ApplicationFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, APPLICATIONS)
    if listing.exporting:
        return listing.export()
    rows = listing.qs
    if request.method == "POST":
        ids = request.POST.getlist("ids")
        approve = request.POST.get("decision") == "approve"
        chosen = list(rows.filter(pk__in=[i for i in ids if i.isdigit()]))
        if not chosen:
            messages.error(request, "请先勾选入会申请")
        else:
            try:
                n = services.memberships_decide(
                    actor=request.user,
                    memberships=chosen,
                    approve=approve,
                    reason=request.POST.get("reason", ""),
                )
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, f"已{'批准' if approve else '不予批准'} {n} 份入会申请")
                return redirect("members:applications")
    overdue_before = selectors.overdue_before()
    return render(
        request,
        "members/applications.html",
        {
            "listing": listing,
            "overdue": rows.filter(applied_on__lt=overdue_before).count(),
            "overdue_before": overdue_before,
            "overdue_days": settings.GONGHUI_APPLICATION_OVERDUE_DAYS,
            "filter_form": filter_form,
        },
    )


@access("member.manage")
def transfers(request):
    direction = "out" if request.GET.get("dir") == "out" else "in"
    listing = Listing(request, TRANSFERS)
    if listing.exporting:
        return listing.export()
    return render(
        request,
        "members/transfers.html",
        {"listing": listing, "direction": direction, "reason_form": ReasonForm(label="意见", required=False)},
    )


@access("member.manage")
@require_POST
def transfer_action(request, pk: int, action: str):
    t = selectors.transfer_get(actor=request.user, pk=pk, perm="member.manage")
    reason = request.POST.get("reason", "")
    calls = {
        "accept": services.transfer_accept,
        "release": services.transfer_release,
        "reject": services.transfer_reject,
        "cancel": services.transfer_cancel,
    }
    if action not in calls:
        raise Http404
    try:
        calls[action](actor=request.user, transfer=t, reason=reason)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        done = {"accept": "已接收转入", "release": "已同意转出", "reject": "已拒绝", "cancel": "已撤回"}[
            action
        ]
        messages.success(request, f"{t.membership.person.full_name}：{done}")
        if action in ("accept", "release") and has_perm(request.user, "member.view", t.to_org):
            return redirect("members:detail", pk=t.membership_id)
    back = request.POST.get("next") or reverse("members:transfers")
    return redirect(
        back if back.startswith("/") and not back.startswith("//") else reverse("members:transfers")
    )
