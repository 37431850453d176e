"""The requests' pages (rule V4). Staff: the list (filters, search by number, Excel export), logging a call or a
visit, and one request with its steps as forms. The member, on the phone: their own requests, a new one, one
request's progress with the answer and, once answered, the rating. Another member's request is the same 404 as a
missing one; photos are served only to the member who sent them and to staff who may see the request."""

from django.contrib import messages
from django.shortcuts import redirect, render

from gonghui.core import ratelimit
from gonghui.core.access import MEMBER, access
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import in_scope
from gonghui.core.uploads import photo_response
from gonghui.members.selectors import membership_by_number

from . import requests_selectors as selectors
from . import requests_services as services
from .models.requests import RequestState
from .requests_forms import CallForm, MemberRequestForm, RateForm, RequestFilterForm, StepForm
from .requests_lists import REQUESTS

# a member may send this many requests an hour (core/ratelimit.py): enough for anyone, not for a flood
SUBMIT_RULE = (5, 3600)

# each step a cadre can take from a state: (the state it reaches, the button's words)
NEXT_STEP = {
    RequestState.RECEIVED: (RequestState.ACKNOWLEDGED, "确认受理"),
    RequestState.ACKNOWLEDGED: (RequestState.IN_HAND, "开始办理"),
    RequestState.IN_HAND: (RequestState.ANSWERED, "答复"),
    RequestState.ANSWERED: (RequestState.FOLLOWED_UP, "回访"),
    RequestState.FOLLOWED_UP: (RequestState.CLOSED, "办结"),
}


# ---- staff -------------------------------------------------------------------------------------------------------


@access("org.view")
def requests_index(request):
    form = RequestFilterForm(request.GET or None, actor=request.user)
    listing = Listing(request, REQUESTS)
    if listing.exporting:
        return listing.export()
    return render(request, "support/requests/index.html", {"form": form, "listing": listing})


@access("work.edit")
def request_new(request):
    form = CallForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            person = None
            if d["number"]:
                person = membership_by_number(actor=request.user, number=d["number"]).person
            found = services.request_log(
                actor=request.user,
                data=services.CallData(
                    channel=d["channel"],
                    category=d["category"],
                    description=d["description"],
                    logging_org=d["org"],
                    person=person,
                    caller_name=d["caller_name"],
                    caller_mobile=d["caller_mobile"],
                    employer=d["employer"],
                ),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已登记诉求 {found.number}，转{found.org.name}办理")
            return redirect("support:request", found.pk)
    return render(request, "support/requests/new.html", {"form": form})


@access("org.view")
def request_detail(request, pk: int):
    found = selectors.request_get(actor=request.user, pk=pk)
    step = NEXT_STEP.get(found.state)
    form = StepForm(request.POST or None)
    if request.method == "POST":
        if step is None or request.POST.get("state") != step[0]:
            messages.error(request, "该诉求的状态已变化，请刷新后再办理")
            return redirect("support:request", found.pk)
        if form.is_valid():
            try:
                services.request_step(
                    actor=request.user, request=found, state=step[0], text=form.cleaned_data["text"]
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, f"诉求 {found.number}：{RequestState(step[0]).label}")
                return redirect("support:request", found.pk)
    may_handle = in_scope(request.user, "manage", found)
    return render(
        request,
        "support/requests/detail.html",
        {
            "r": found,
            "description": services.request_read(actor=request.user, request=found, http_request=request),
            "steps": selectors.steps(found),
            "step": step if may_handle else None,
            "form": form,
            "photos": range(len(found.photos)),
        },
    )


@access("org.view")
def request_photo(request, pk: int, n: int):
    found = selectors.request_get(actor=request.user, pk=pk)
    if not 0 <= n < len(found.photos):
        raise NotFound("未找到该照片")
    return photo_response(found.photos[n])


# ---- the member's phone pages ------------------------------------------------------------------------------------


@access(MEMBER)
def me_requests(request):
    return render(
        request,
        "support/requests/phone/list.html",
        {"rows": list(selectors.own_requests(request.member)[:50])},
    )


@access(MEMBER)
def me_request_new(request):
    person = request.member
    form = MemberRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.hit("support.request", str(person.pk), SUBMIT_RULE, "提交过于频繁，请稍后再试")
            found = services.request_submit(
                person=person,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                photos=form.photos(),
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"诉求已提交（{found.number}），{found.org.name}将尽快与您联系")
            return redirect("me_request", found.pk)
    return render(request, "support/requests/phone/new.html", {"form": form})


@access(MEMBER)
def me_request(request, pk: int):
    person = request.member
    found = selectors.own_request(person, pk)
    rateable = found.state in (RequestState.ANSWERED, RequestState.FOLLOWED_UP)
    form = RateForm(request.POST or None) if rateable else None
    if request.method == "POST":
        if form is None:
            messages.error(request, "诉求答复后才能评价")
            return redirect("me_request", found.pk)
        if form.is_valid():
            try:
                services.request_rate(
                    person=person,
                    request=found,
                    rating=form.cleaned_data["rating"],
                    comment=form.cleaned_data["comment"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, "感谢您的评价，诉求已办结")
                return redirect("me_request", found.pk)
    return render(
        request,
        "support/requests/phone/detail.html",
        {
            "r": found,
            "description": selectors.description(found),
            "steps": selectors.steps(found),
            "form": form,
            "photos": range(len(found.photos)),
        },
    )


@access(MEMBER)
def me_request_photo(request, pk: int, n: int):
    found = selectors.own_request(request.member, pk)
    if not 0 <= n < len(found.photos):
        raise NotFound("未找到该照片")
    return photo_response(found.photos[n])
