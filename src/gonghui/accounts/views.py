"""Sign-in and sign-out, the user's own page with tokens, and staff management inside the actor's subtree."""

import contextlib

from django.contrib.auth import login, logout
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gonghui.core.access import LOGIN, PUBLIC, access
from gonghui.core.errors import DomainError
from gonghui.core.forms import add_domain_error
from gonghui.orgs.models import Org, RoleGrant
from gonghui.orgs.services import role_grant, role_revoke

from . import services
from .forms import GrantForm, LoginForm, PasswordForm, StaffForm, TokenForm
from .models import LoginThrottle
from .selectors import staff_for, tokens_for


@access(PUBLIC)
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_attempt(request=request, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            login(request, user)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
                target = "/"
            return redirect(target or "/")
    return render(request, "accounts/login.html", {"form": form})


@require_POST
@access(LOGIN)
def logout_view(request):
    services.logout_record(request=request, user=request.user)
    logout(request)
    return redirect("accounts:login")


@access(LOGIN)
def me(request):
    """The signed-in user's page: roles, password, personal access tokens."""
    token_form, password_form, new_token = TokenForm(prefix="token"), PasswordForm(prefix="pw"), None
    if request.method == "POST":
        if "token-name" in request.POST:
            token_form = TokenForm(request.POST, prefix="token")
            if token_form.is_valid():
                try:
                    _, new_token = services.token_create(
                        actor=request.user,
                        user=request.user,
                        name=token_form.cleaned_data["name"],
                        request=request,
                    )
                    token_form = TokenForm(prefix="token")
                except DomainError as exc:
                    add_domain_error(token_form, exc)
        elif "pw-password" in request.POST:
            password_form = PasswordForm(request.POST, prefix="pw")
            if password_form.is_valid():
                try:
                    services.user_set_password(
                        actor=request.user,
                        user=request.user,
                        password=password_form.cleaned_data["password"],
                        request=request,
                    )
                except DomainError as exc:
                    add_domain_error(password_form, exc)
                else:
                    login(request, request.user)  # keep the session valid after the hash changes
                    return redirect("accounts:me")
    grants = RoleGrant.objects.filter(user=request.user).select_related("org", "role")
    return render(
        request,
        "accounts/me.html",
        {
            "token_form": token_form,
            "password_form": password_form,
            "new_token": new_token,
            "tokens": tokens_for(user=request.user),
            "grants": grants,
        },
    )


@require_POST
@access(LOGIN)
def token_revoke(request, token_id: int):
    token = get_object_or_404(tokens_for(user=request.user), pk=token_id)
    with contextlib.suppress(DomainError):  # already revoked: nothing left to do
        services.token_revoke(actor=request.user, token=token, request=request)
    return redirect("accounts:me")


def _manageable_orgs(user):
    return Org.objects.visible_to(user, "staff.manage").exclude(status="dissolved").order_by("path")


@access("staff.manage")
def staff_list(request):
    q = request.GET.get("q", "").strip()
    users = staff_for(actor=request.user).prefetch_related("grants__role", "grants__org")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(org__name__icontains=q))
    page = Paginator(users.order_by("org_path", "username"), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html", {"page": page, "q": q})


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
    grants = RoleGrant.objects.filter(user=staff).select_related("org", "role")
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
        "unlock": lambda: services.login_unlock(actor=request.user, user=staff, request=request),
    }
    if action not in actions:
        raise Http404
    try:
        actions[action]()
    except DomainError as exc:
        from django.contrib import messages

        messages.error(request, exc.message)
    return redirect("accounts:staff_detail", user_id=staff.pk)


@require_POST
@access("staff.manage")
def grant_revoke(request, grant_id: int):
    grant = get_object_or_404(
        RoleGrant.objects.visible_to(request.user, "staff.manage").select_related("user", "org", "role"),
        pk=grant_id,
    )
    role_revoke(actor=request.user, grant=grant, request=request)
    return redirect("accounts:staff_detail", user_id=grant.user_id)
