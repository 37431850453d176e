"""Pages: staff (events, codes with their QR, figures by hour, card checks) and the worker's phone pages (join
through a code, sign in with an SMS code, the e-member card)."""

import datetime as dt
import json

import segno
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.core import personal
from gonghui.core.access import MEMBER, PUBLIC, access, is_member_page
from gonghui.core.errors import DomainError, NotFound
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.modules import panels
from gonghui.members import cards
from gonghui.members.selectors import live_membership, member_unions, own_transfers
from gonghui.members.sessions import sign_in_member, signed_in_member

from . import limits, selectors, services
from .forms import BackfillForm, CodeForm, EventForm, JoinForm, PhoneForm, VerifyForm
from .lists import EVENTS, JOINS
from .models import DemoMessage, JoinRecord, SmsPurpose

PHONE_PURPOSE = "outreach.session-mobile"
JOIN_PURPOSE = "outreach.session-join"
REFUSALS_PER_VERIFICATION = 5


# ---- staff --------------------------------------------------------------------------------------------------


def _chart(stats: selectors.EventStats) -> dict:
    """Bar geometry for the hourly chart (an SVG drawn by the template: no script, no inline style)."""
    peak, height, bars = stats.peak, 120, []
    for i, (hour, f) in enumerate(stats.by_hour):
        scan_h, join_h = round(height * f.scans / peak), round(height * f.joins / peak)
        local = timezone.localtime(hour)
        bars.append(
            {
                "x": 10 + i * 40,
                "hour": local.hour,
                "label": local.strftime("%m-%d %H:00"),
                "scans": f.scans,
                "joins": f.joins,
                "scan_h": scan_h,
                "scan_y": 124 - scan_h,
                "join_h": join_h,
                "join_y": 124 - join_h,
            }
        )
    return {"bars": bars, "width": max(200, 20 + 40 * len(bars))}


@access("member.view")
def index(request):
    """The join events with their figures (the page's, and the total of every event that matches), and the
    standing codes that belong to no event."""
    listing = Listing(request, EVENTS)
    figures = selectors.event_figures(listing.qs)
    context = {
        "listing": listing,
        "rows": [(e, figures[e.pk]) for e in listing],
        "totals": selectors.figures_total(figures.values()),
        "codes": selectors.codes_for(actor=request.user).filter(event__isnull=True)[:100],
        "q": request.GET.get("q", "").strip(),
    }
    return render(request, "outreach/index.html", context)


@access("member.manage")
def event_new(request):
    unions = member_unions(actor=request.user)
    form = EventForm(request.POST or None, unions=unions, initial={"on_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, f"已创建入会活动“{event.name}”，请为它生成入会二维码")
            return redirect(f"{reverse('outreach:code_new')}?event={event.pk}")
    return render(request, "outreach/event_new.html", {"form": form})


@access("member.view")
def event_detail(request, pk: int):
    event = selectors.event_get(actor=request.user, pk=pk)
    codes = selectors.codes_for(actor=request.user, event=event)
    stats = selectors.event_stats(event)
    listing = Listing(request, JOINS, fixed={"event": event.pk})
    if listing.exporting:
        return listing.export(org=event.org)
    context = {
        "event": event,
        "codes": codes,
        "stats": stats,
        "chart": _chart(stats),
        "listing": listing,
        "outcome": request.GET.get("outcome", ""),
        "outcomes": JoinRecord.Outcome.choices,
    }
    return render(request, "outreach/event.html", context)


@access("member.manage")
def code_new(request):
    unions = member_unions(actor=request.user)
    events = selectors.events_for(actor=request.user)
    initial: dict = {}
    if request.GET.get("event", "").isdigit():
        event = events.filter(pk=int(request.GET["event"])).first()
        if event is not None:
            initial = {"event": event, "label": event.name}
            if unions.filter(pk=event.org_id).exists():
                initial["union"] = event.org
    form = CodeForm(request.POST or None, unions=unions, events=events, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires = data.pop("expires_on")
        if expires is not None:
            end = dt.datetime.combine(expires + dt.timedelta(days=1), dt.time())
            data["expires_at"] = timezone.make_aware(end)
        try:
            code = services.code_create(actor=request.user, **data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            messages.success(request, "入会二维码已生成，可打印或在屏幕上展示")
            return redirect("outreach:code", code.pk)
    return render(request, "outreach/code_new.html", {"form": form})


def _join_url(request, code) -> str:
    return request.build_absolute_uri(reverse("join", args=[code.token]))


@access("member.view")
def code_detail(request, pk: int):
    code = selectors.code_get(actor=request.user, pk=pk)
    url = _join_url(request, code)
    qr = segno.make(url, error="m").svg_inline(scale=8, title=f"{code.org.name}入会二维码")
    stats = selectors.code_stats(code)
    return render(
        request,
        "outreach/code.html",
        {"code": code, "url": url, "qr": qr, "stats": stats, "chart": _chart(stats)},
    )


@access("member.manage")
def join_backfill(request, pk: int):
    """Record joins from a stall's paper sign-up sheet after the fact: they count on the stall's day."""
    code = selectors.code_get(actor=request.user, pk=pk, perm="member.manage")
    day = code.event.on_date if code.event else None
    form = BackfillForm(request.POST or None, initial={"join_date": day})
    if request.method == "POST" and form.is_valid():
        try:
            record = services.join_backfill(actor=request.user, code=code, **form.cleaned_data)
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            name = personal.mask_name(record.membership.person.full_name)
            messages.success(request, f"已补录入会：{name}，入会日期 {record.membership.join_date:%Y-%m-%d}")
            return redirect(
                reverse("outreach:event", args=[code.event_id]) if code.event_id else code_url(code)
            )
    return render(request, "outreach/backfill.html", {"form": form, "code": code})


def code_url(code) -> str:
    return reverse("outreach:code", args=[code.pk])


@access("member.view")
def code_qr(request, pk: int):
    code = selectors.code_get(actor=request.user, pk=pk)
    svg = segno.make(_join_url(request, code), error="m").svg_inline(scale=16)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="join-{code.token}.svg"'
    return response


@access("member.manage")
@require_POST
def code_close(request, pk: int):
    code = selectors.code_get(actor=request.user, pk=pk, perm="member.manage")
    services.code_close(actor=request.user, code=code)
    messages.success(request, "二维码已停用")
    return redirect("outreach:code", code.pk)


@access("member.manage")
@require_POST
def gift(request, pk: int):
    record = selectors.record_get(actor=request.user, pk=pk)
    try:
        services.gift_hand_out(actor=request.user, record=record)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已登记发放入会礼品")
    target = (
        reverse("outreach:event", args=[record.event_id]) if record.event_id else reverse("outreach:index")
    )
    return redirect(target)


def _verified(request, form, code: str = ""):
    """The check's answer, and for a valid member what the staff member can do next for them right here."""
    result = cards.card_verify(actor=request.user, code_text=code) if code else None
    context = {
        "form": form,
        "result": result,
        "code": code,
        # what each module offers for this worker right here (core.modules card_panels)
        "panels": panels("card_panels", request, result, code) if result and result.valid else [],
    }
    return render(request, "outreach/verify.html", context)


@access("member.view")
def verify(request):
    form = VerifyForm(request.POST or request.GET or None)
    return _verified(request, form, form.cleaned_data["code"] if form.is_bound and form.is_valid() else "")


@access("member.view")
def verify_scanned(request, code: str):
    """What a phone camera opens from an e-card's QR code: the check, for signed-in staff."""
    return _verified(request, VerifyForm(initial={"code": code}), code)


# ---- the worker's phone pages --------------------------------------------------------------------------------


def _session_mobile(request, key: str) -> str:
    token = request.session.get(key)
    if not token:
        return ""
    try:
        return personal.decrypt(token, purpose=PHONE_PURPOSE)
    except Exception:
        return ""


def _human_check(request, form) -> bool:
    """After repeated failures from this address, ask a question first. True when the request may go on."""
    address = limits.client_address(request)
    if not limits.needs_check(address):
        return True
    expected = request.session.get("challenge_answer")
    given = (form.data.get("answer") or "").strip()
    if expected is not None and given == str(expected):
        limits.forgive(address)
        request.session.pop("challenge_answer", None)
        return True
    if expected is not None and given:
        form.add_error("answer", "回答不正确，请再试一次")
    return False


def _challenge(request) -> str:
    if not limits.needs_check(limits.client_address(request)):
        return ""
    question, answer = limits.challenge()
    request.session["challenge_answer"] = answer
    return question


def _phone_step(request, *, purpose: str, template: str, context: dict, done_url: str):
    """Verify a mobile with an SMS code: send (action "send"), then check (action "check"). On success the
    verified number is kept in the session, encrypted, and the worker goes to `done_url`."""
    pending_key, verified_key = f"phone:{purpose}:pending", f"phone:{purpose}:verified"
    form = PhoneForm(request.POST or None)
    pending = _session_mobile(request, pending_key)
    address = limits.client_address(request)
    if request.method == "POST" and _human_check(request, form):
        action = request.POST.get("action", "send")
        if action == "change":
            request.session.pop(pending_key, None)
            return redirect(request.path)
        try:
            if action in ("send", "resend") or not pending:
                raw = pending if action == "resend" and pending else request.POST.get("mobile", "")
                mobile = services.sms_send(mobile_raw=raw, purpose=purpose, address=address)
                request.session[pending_key] = personal.encrypt(mobile, purpose=PHONE_PURPOSE)
                # the page says where the code went and for how long (no message: it would cost the next
                # page a session write to take it out again)
                return redirect(request.path)
            services.sms_check(
                mobile=pending, purpose=purpose, code=request.POST.get("sms_code", ""), address=address
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            request.session.pop(pending_key, None)
            request.session[verified_key] = personal.encrypt(pending, purpose=PHONE_PURPOSE)
            return redirect(done_url)
    context.update(
        {
            "form": form,
            "pending": personal.mask(pending) if pending else "",
            "question": _challenge(request),
            "demo_sms": services.demo_sms_enabled(),
        }
    )
    return render(request, template, context)


def _code(token: str):
    try:
        return services.code_open(token), None
    except NotFound as exc:
        raise Http404 from exc
    except DomainError as exc:
        return None, exc.message


@access(PUBLIC)
def join(request, token: str):
    """What a scan opens: the union's name, the gift, the privacy notice and the two consents."""
    code, closed = _code(token)
    if code is None:
        return render(request, "outreach/phone/closed.html", {"message": closed}, status=410)
    seen = request.session.setdefault("scanned", [])
    if code.pk not in seen:
        services.scan_record(code)
        request.session["scanned"] = [*seen, code.pk]
    error = ""
    if request.method == "POST":
        if request.POST.get("agree") and request.POST.get("agree_id"):
            now = timezone.now().isoformat()
            request.session[f"consent:{code.pk}"] = {"agreed_at": now, "id_agreed_at": now}
            return redirect("join_phone", token)
        error = "请阅读并勾选同意两项内容后继续"
    return render(
        request,
        "outreach/phone/join.html",
        {"code": code, "error": error, "notice_version": services.NOTICE_VERSION},
    )


def _consent(request, code) -> dict | None:
    return request.session.get(f"consent:{code.pk}")


@access(PUBLIC)
def join_phone(request, token: str):
    code, closed = _code(token)
    if code is None:
        return render(request, "outreach/phone/closed.html", {"message": closed}, status=410)
    if not _consent(request, code):
        return redirect("join", token)
    return _phone_step(
        request,
        purpose=SmsPurpose.JOIN,
        template="outreach/phone/phone.html",
        context={"code": code, "step": 2, "title": f"加入{code.org.name}"},
        done_url=reverse("join_form", args=[token]),
    )


def _join_data(request, code, *, full_name: str, id_number: str, employer: str = "", group: str = ""):
    """What the worker typed, with the verified mobile and the consent times kept in the session."""
    consent = _consent(request, code) or {}
    return services.JoinData(
        full_name=full_name,
        id_number=id_number,
        mobile=_session_mobile(request, f"phone:{SmsPurpose.JOIN}:verified"),
        employer=employer,
        group=group,
        agreed_at=dt.datetime.fromisoformat(consent["agreed_at"]) if consent else None,
        id_number_agreed_at=dt.datetime.fromisoformat(consent["id_agreed_at"]) if consent else None,
    )


@access(PUBLIC)
def join_form(request, token: str):
    code, closed = _code(token)
    if code is None:
        return render(request, "outreach/phone/closed.html", {"message": closed}, status=410)
    mobile = _session_mobile(request, f"phone:{SmsPurpose.JOIN}:verified")
    if not _consent(request, code):
        return redirect("join", token)
    if not mobile:
        return redirect("join_phone", token)
    form = JoinForm(request.POST or None)
    offer = None
    if request.method == "POST" and form.is_valid():
        typed = form.cleaned_data
        data = _join_data(
            request,
            code,
            full_name=typed["full_name"],
            id_number=typed["id_number"],
            employer=typed.get("employer", ""),
            group=typed.get("group", ""),
        )
        try:
            outcome = services.join_submit(code=code, data=data)
        except services.IdentityRefused as exc:
            return _cannot_continue(request, code, exc)
        except DomainError as exc:
            # A verified mobile allows a few corrections, not a search of who is registered: after
            # REFUSALS_PER_VERIFICATION refused submissions the number must be verified again.
            refusals = request.session.get("join_refusals", 0) + 1
            request.session["join_refusals"] = refusals
            if refusals >= REFUSALS_PER_VERIFICATION:
                request.session.pop(f"phone:{SmsPurpose.JOIN}:verified", None)
                request.session.pop("join_refusals", None)
                messages.error(request, f"{exc.message}。提交未成功的次数过多，请重新验证手机号码")
                return redirect("join_phone", token)
            add_domain_error(form, exc)
        else:
            if outcome.elsewhere is not None:
                offer = outcome.elsewhere
                request.session[f"offer:{code.pk}"] = personal.encrypt(
                    json.dumps({"full_name": data.full_name, "id_number": data.id_number}),
                    purpose=JOIN_PURPOSE,
                )
            else:
                return _joined(request, code, outcome)
    employers = list(services.employers_of(code.org).order_by("name").values_list("name", flat=True)[:200])
    return render(
        request,
        "outreach/phone/form.html",
        {
            "code": code,
            "form": form,
            "mobile": personal.mask(mobile),
            "offer": offer,
            "employers": [*services.PLATFORMS, *employers],
            "step": 3,
        },
    )


@access(PUBLIC)
@require_POST
def join_transfer(request, token: str):
    """The worker active in another union asks to move here (the data they typed, kept encrypted)."""
    code, _ = _code(token)
    sealed = request.session.get(f"offer:{code.pk}") if code else None
    mobile = _session_mobile(request, f"phone:{SmsPurpose.JOIN}:verified")
    if code is None or not sealed or not mobile or not _consent(request, code):
        return redirect("join", token)
    typed = json.loads(personal.decrypt(sealed, purpose=JOIN_PURPOSE))
    data = _join_data(request, code, full_name=typed["full_name"], id_number=typed["id_number"])
    try:
        outcome = services.join_transfer(code=code, data=data)
    except services.IdentityRefused as exc:
        return _cannot_continue(request, code, exc)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("join_form", token)
    return _joined(request, code, outcome)


def _cannot_continue(request, code, exc: services.IdentityRefused):
    """Someone else's ID number on this mobile: the verification is used up at once (it was spent on asking
    about another person), and the page says what the refusal says, nothing more."""
    for key in (f"phone:{SmsPurpose.JOIN}:verified", f"offer:{code.pk}", "join_refusals"):
        request.session.pop(key, None)
    context = {"message": exc.message, "heading": "无法继续办理"}
    return render(request, "outreach/phone/closed.html", context, status=409)


def _joined(request, code, outcome: services.JoinOutcome):
    """After a join, a transfer request or finding the worker already here: one SMS verification serves one
    submission (it is used up), and the worker is signed in to their own pages."""
    for key in (f"phone:{SmsPurpose.JOIN}:verified", f"offer:{code.pk}", "join_refusals"):
        request.session.pop(key, None)
    sign_in_member(request, outcome.person)
    if outcome.already_here is not None:
        messages.info(request, f"您已是{code.org.name}的会员，无需重复入会")
        return redirect("me_card")
    assert outcome.record is not None
    request.session["joined"] = outcome.record.pk
    return redirect("join_done", code.token)


@access(PUBLIC)
def join_done(request, token: str):
    person = signed_in_member(request)
    record = (
        selectors.own_join_record(person=person, pk=request.session.get("joined") or 0) if person else None
    )
    if record is None:
        return redirect("join", token)
    return render(request, "outreach/phone/done.html", {"record": record, "membership": record.membership})


# ---- the member's own pages ---------------------------------------------------------------------------------


@access(PUBLIC)
def me_login(request):
    verified_key = f"phone:{SmsPurpose.LOGIN}:verified"
    mobile = _session_mobile(request, verified_key)
    if mobile:
        request.session.pop(verified_key, None)
        try:
            person = services.member_login(mobile=mobile)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            sign_in_member(request, person)
            target = request.GET.get("next", "")
            # back to the member's own page they came from (rule MEMBER), never to an arbitrary address
            return redirect(target if is_member_page(target) else "me_card")
    return _phone_step(
        request,
        purpose=SmsPurpose.LOGIN,
        template="outreach/phone/login.html",
        context={"title": "会员登录"},
        done_url=request.get_full_path(),
    )


@access(MEMBER)
def me_card(request):
    person = request.member
    membership = live_membership(person, timezone.localdate())  # a lapsed one (M7) is no card
    transfers = own_transfers(person=person)[:5] if membership else []
    card = cards.card_code(membership) if membership and membership.number else ""
    qr = ""
    if card:
        url = request.build_absolute_uri(reverse("outreach:verify_scanned", args=[card]))
        qr = segno.make(url, error="m").svg_inline(scale=5, title="会员码：请工作人员扫码核验")
    return render(
        request,
        "outreach/phone/card.html",
        {
            "person": person,
            "membership": membership,
            "status": membership.status_label() if membership else "",
            "card": card,
            "qr": qr,
            "transfers": transfers,
            "panels": panels("member_panels", request, person),
        },
    )


@access(PUBLIC)
@require_POST
def me_logout(request):
    request.session.flush()
    return redirect("me_login")


@access(PUBLIC)
def demo_sms(request):
    """The demo's stand-in for a phone: the codes the demo sender 'sent' (masked numbers)."""
    if not services.demo_sms_enabled():
        raise Http404
    return render(request, "outreach/phone/demo_sms.html", {"rows": DemoMessage.objects.all()[:20]})
