"""Sign-in (password, then the second factor when due), sign-out, the user's own page with password and tokens,
staff management inside the actor's subtree, and the security administrator's page."""

import base64
import contextlib

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core.access import LOGIN, PUBLIC, access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.core.lists import Listing
from gonghui.core.scope import has_perm
from gonghui.orgs.models import Org, RoleGrant
from gonghui.orgs.services import role_grant, role_revoke

from . import services
from .forms import CodeForm, EnrolForm, GrantForm, LoginForm, OwnPasswordForm, StaffForm, TokenForm
from .lists import SECURITY, STAFF
from .models import LoginThrottle, User
from .selectors import grants_of, security_staff_for, signing_in, staff_for, tokens_for

# Between a right password and the second factor: who, since when, where to go next. Not signed in yet.
PENDING = "gonghui_pending_sign_in"
PENDING_MINUTES = 5


def _safe_next(request) -> str:
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return "/"
    return target or "/"


def _pending_user(request) -> User | None:
    pending = request.session.get(PENDING)
    if not pending or timezone.now().timestamp() - pending["at"] > PENDING_MINUTES * 60:
        return None
    return signing_in(pk=pending["user"])


def _start_session(request, user: User, device=None, *, backend: str | None = None, target: str = "/") -> str:
    """Sign the user in (with the device that verified them, if any); returns where to go next."""
    pending = request.session.pop(PENDING, None) or {}
    login(request, user, backend=pending.get("backend", backend))
    if device is not None:
        otp_login(request, device)
    factor = "" if device is None else ("recovery" if isinstance(device, StaticDevice) else "totp")
    services.login_record(request=request, user=user, factor=factor)
    return pending.get("next", target)


@access(PUBLIC)
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_attempt(request=request, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            target = _safe_next(request)
            if not services.mfa_needed(user):
                return redirect(_start_session(request, user, backend=user.backend, target=target))
            request.session[PENDING] = {
                "user": user.pk,
                "at": timezone.now().timestamp(),
                "next": target,
                "backend": user.backend,
            }
            return redirect("accounts:verify" if services.mfa_enrolled(user) else "accounts:enrol")
    return render(request, "accounts/login.html", {"form": form})


@access(PUBLIC)
def login_verify(request):
    """The second step of signing in: a code from the authenticator app, or a recovery code."""
    user = _pending_user(request)
    if user is None:
        messages.warning(request, "请先输入用户名和密码")
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.mfa_verify(request=request, user=user, code=form.cleaned_data["code"])
        except DomainError as exc:
            if exc.code in ("locked", "address_locked"):
                request.session.pop(PENDING, None)
                messages.error(request, exc.message)
                return redirect("accounts:login")
            form.add_error("code", exc.message)
        else:
            target = _start_session(request, user, device)
            if isinstance(device, StaticDevice):
                left = StaticToken.objects.filter(device__user=user).count()
                messages.warning(
                    request, f"已使用一个恢复码，还剩 {left} 个；请尽快联系安全管理员重新绑定身份验证器"
                )
            return redirect(target)
    return render(request, "accounts/verify.html", {"form": form, "pending": user})


def _qr_and_key(device: TOTPDevice) -> tuple[str, str]:
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, light="#fff", title="用身份验证器扫描此二维码"
    )
    key = base64.b32encode(device.bin_key).decode()
    return svg, " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@access(PUBLIC)
def mfa_enrol(request):
    """Bind an authenticator app (TOTP): at the first sign-in when it is required, or from the user's own page.

    Public because a user who must enrol is not signed in yet: the right password put them in the pending state.
    """
    signed_in = request.user.is_authenticated
    user = request.user if signed_in else _pending_user(request)
    if user is None:
        return redirect("accounts:login")
    if services.mfa_enrolled(user):
        return redirect("accounts:me" if signed_in else "accounts:verify")
    device = services.totp_enrol_start(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_enrol_confirm(
                request=request, user=user, device=device, code=form.cleaned_data["code"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            if signed_in:
                otp_login(request, device)
                target = "/"
            else:
                target = _start_session(request, user, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": target})
    qr, key = _qr_and_key(device)
    return render(
        request, "accounts/enrol.html", {"form": form, "qr": qr, "key": key, "pending": not signed_in}
    )


@require_POST
@access(LOGIN)
def logout_view(request):
    services.logout_record(request=request, user=request.user)
    logout(request)
    return redirect("accounts:login")


@access(LOGIN)
def me(request):
    """The signed-in user's page: roles, password, second factor, personal access tokens."""
    token_form, new_token = TokenForm(request.POST or None, prefix="token"), None
    if request.method == "POST" and token_form.is_valid():
        try:
            _, new_token = services.token_create(
                actor=request.user, user=request.user, name=token_form.cleaned_data["name"], request=request
            )
            token_form = TokenForm(prefix="token")
        except DomainError as exc:
            add_domain_error(token_form, exc)
    grants = grants_of(user=request.user)
    return render(
        request,
        "accounts/me.html",
        {
            "token_form": token_form,
            "new_token": new_token,
            "tokens": tokens_for(user=request.user),
            "grants": grants,
            "mfa_enrolled": services.mfa_enrolled(request.user),
            "recovery_left": StaticToken.objects.filter(device__user=request.user).count(),
            "security_admin": has_perm(request.user, "security.manage"),
            "token_days": settings.GONGHUI_TOKEN_MAX_AGE_DAYS,
        },
    )


@access(LOGIN)
def password_change(request):
    """Change one's own password (the current one first); where an expired password sends its user."""
    form = OwnPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                request=request,
                user=request.user,
                current=form.cleaned_data["current"],
                password=form.cleaned_data["password"],
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)  # this session stays valid after the hash changes
            messages.success(request, "密码已修改；个人访问令牌已全部撤销，如需请重新生成")
            return redirect("accounts:me")
    return render(request, "accounts/password.html", {"form": form, "expired": request.user.password_expired})


@require_POST
@access(LOGIN)
def token_revoke(request, token_id: int):
    token = get_object_or_404(tokens_for(user=request.user), pk=token_id)
    with contextlib.suppress(DomainError):  # already revoked: nothing left to do
        services.token_revoke(actor=request.user, token=token, request=request)
    return redirect("accounts:me")


def _manageable_orgs(user):
    return Org.objects.restrict(user, "staff.manage").exclude(status="dissolved").order_by("path")


@access("staff.manage")
def staff_list(request):
    listing = Listing(request, STAFF)
    if listing.exporting:
        return listing.export()
    return render(
        request,
        "accounts/staff_list.html",
        {"listing": listing, "q": request.GET.get("q", "").strip(), "active": request.GET.get("active", "")},
    )


@access("staff.manage")
def staff_new(request):
    form = StaffForm(request.POST or None, orgs=_manageable_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,
                username=data["username"],
                full_name=data["full_name"],
                org=data["org"],
                password=data["password"],
                request=request,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("accounts:staff_detail", user_id=user.pk)
    return render(request, "accounts/staff_new.html", {"form": form})


@access("staff.manage")
def staff_detail(request, user_id: int):
    staff = get_object_or_404(staff_for(actor=request.user), pk=user_id)
    form = GrantForm(request.POST or None, orgs=_manageable_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            role_grant(
                actor=request.user,
                user=staff,
                org=form.cleaned_data["org"],
                role=form.cleaned_data["role"],
                request=request,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        else:
            return redirect("accounts:staff_detail", user_id=staff.pk)
    grants = grants_of(user=staff)
    throttle = LoginThrottle.objects.filter(username=staff.username).first()
    return render(
        request,
        "accounts/staff_detail.html",
        {
            "staff": staff,
            "form": form,
            "grants": grants,
            "locked": bool(throttle and throttle.is_locked()),
        },
    )


@require_POST
@access("staff.manage")
def staff_action(request, user_id: int, action: str):
    staff = get_object_or_404(staff_for(actor=request.user), pk=user_id)
    actions = {
        "disable": lambda: services.user_set_active(
            actor=request.user, user=staff, active=False, request=request
        ),
        "enable": lambda: services.user_set_active(
            actor=request.user, user=staff, active=True, request=request
        ),
    }
    if action not in actions:
        raise Http404
    try:
        actions[action]()
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("accounts:staff_detail", user_id=staff.pk)


@require_POST
@access("staff.manage")
def grant_revoke(request, grant_id: int):
    grant = get_object_or_404(
        RoleGrant.objects.restrict(request.user, "staff.manage").select_related("user", "org", "role"),
        pk=grant_id,
    )
    role_revoke(actor=request.user, grant=grant, request=request)
    return redirect("accounts:staff_detail", user_id=grant.user_id)


@access("security.manage")
def security(request):
    """The security administrator's page: locked accounts first, then every account in scope with its second
    factor; unlock and reset the authenticator from here."""
    listing = Listing(request, SECURITY)
    return render(
        request, "accounts/security.html", {"listing": listing, "q": request.GET.get("q", "").strip()}
    )


@require_POST
@access("security.manage")
def security_action(request, user_id: int, action: str):
    staff = get_object_or_404(security_staff_for(actor=request.user), pk=user_id)
    actions = {
        "unlock": (services.login_unlock, "已解除 {} 的登录锁定"),
        "mfa_reset": (services.mfa_reset, "已重置 {} 的两步验证，其下次登录时重新绑定"),
    }
    if action not in actions:
        raise Http404
    service, done = actions[action]
    try:
        service(actor=request.user, user=staff, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done.format(staff))
    return redirect("accounts:security")
