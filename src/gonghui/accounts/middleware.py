"""The sign-in policy on every request of a signed-in user (GB/T 22239 §8.1.4.1): a session ends
GONGHUI_SESSION_MAX_HOURS after sign-in; a session without its due second factor ends; and a user whose password
has expired may only change it (or sign out)."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from gonghui.core.access import API_PREFIX

SIGNED_IN_AT = "gonghui_signed_in_at"
PASSWORD_PAGES = ("accounts:password", "accounts:logout")


def remember_sign_in(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_in: the moment the absolute session lifetime counts from."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = timezone.now().timestamp()


user_logged_in.connect(remember_sign_in, dispatch_uid="gonghui.accounts.remember_sign_in")


def session_too_old(request) -> bool:
    started = request.session.get(SIGNED_IN_AT)
    if started is None:
        return True
    age = timezone.now() - dt.datetime.fromtimestamp(started, tz=dt.UTC)
    return age > dt.timedelta(hours=settings.GONGHUI_SESSION_MAX_HOURS)


class SignInPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            refusal = self.check(request, user)
            if refusal is not None:
                return refusal
        return self.get_response(request)

    def check(self, request, user):
        from .services import mfa_needed

        api = request.path.startswith(API_PREFIX)
        if session_too_old(request):
            return self.sign_out(
                request, api, f"登录已超过 {settings.GONGHUI_SESSION_MAX_HOURS} 小时，请重新登录"
            )
        if not user.is_verified() and mfa_needed(user):
            return self.sign_out(request, api, "请重新登录并完成两步验证")
        if user.password_expired and request.path not in {reverse(name) for name in PASSWORD_PAGES}:
            if api:
                return JsonResponse(
                    {"code": "password_expired", "message": "密码已过期，请先在网页上修改密码", "fields": {}},
                    status=403,
                )
            return redirect("accounts:password")
        return None

    @staticmethod
    def sign_out(request, api: bool, message: str):
        logout(request)
        if api:
            return JsonResponse({"code": "unauthorized", "message": message, "fields": {}}, status=401)
        messages.warning(request, message)
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
