"""Who may reach a view: every view declares a rule, and anything undeclared is denied.

Rules: PUBLIC (anyone), LOGIN (any signed-in staff user), MEMBER (a worker signed in to their own pages with
their mobile; the page reads them as `request.member`), or a permission code such as "org.view" (signed in and
holding that permission somewhere). Which objects a user sees is decided by the selectors, which start
from querysets restricted to the user's subtrees, so an object outside them answers 404.
"""

import logging
from collections.abc import Callable
from functools import wraps
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from .scope import has_perm

PUBLIC = "public"
LOGIN = "login"
MEMBER = "member"
API_PREFIX = "/api/"
RULES = (PUBLIC, LOGIN, MEMBER)

# Who the signed-in member is: the register tells core how to read them from the session (core cannot import it).
_member_loader: list[Callable] = []


def register_member_loader(loader: Callable) -> None:
    """`loader(request)` returns the person signed in to the worker's pages in this session, or None."""
    _member_loader[:] = [loader]


def signed_in_member(request):
    if not _member_loader:
        return None
    return _member_loader[0](request)


def member_login_redirect(request):
    return redirect(f"{settings.GONGHUI_MEMBER_LOGIN_URL}?next={quote(request.path, safe='/')}")


def is_member_page(target: str) -> bool:
    """Whether a local address is one of the members' own pages (rule MEMBER): where signing in may send them
    back to. Another host (`//host/…`, `https://…`) never is."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return False
    try:
        match = resolve(parts.path)
    except Resolver404:
        return False
    return getattr(match.func, "access_rule", None) == MEMBER


log = logging.getLogger(__name__)


def has_permission(user, rule: str) -> bool:
    if rule == PUBLIC:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if rule == MEMBER:
        return False  # a member is not a staff user: member pages are checked by the middleware
    return rule == LOGIN or has_perm(user, rule)


def access(rule: str) -> Callable:
    """Declare a view's or API operation's access rule; permission rules are enforced here too."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(request, *args, **kwargs):
            if rule == MEMBER:
                member = getattr(request, "member", None) or signed_in_member(request)
                if member is None:
                    return member_login_redirect(request)
                request.member = member
            elif rule not in (PUBLIC, LOGIN) and not has_permission(request.user, rule):
                raise Http404
            return view(request, *args, **kwargs)

        checked.access_rule = rule  # type: ignore[attr-defined]
        return checked

    return decorate


class AccessRuleMiddleware:
    """Deny by default: a page without a declared rule is a 404; anonymous users go to the login page (members'
    pages: to the members' sign-in, with `request.member` set once signed in); and a selector's NotFound (the object is outside the user's subtrees, or does not exist) is a 404 on every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith(API_PREFIX):
            return None  # the API authenticates per request and declares rules per operation
        rule = getattr(view_func, "access_rule", None)
        if rule is None:
            log.error(
                "view %s declares no access rule; denied", getattr(view_func, "__qualname__", view_func)
            )
            raise Http404
        if rule == MEMBER:
            member = signed_in_member(request)
            if member is None:
                return member_login_redirect(request)
            request.member = member
            return None
        if rule != PUBLIC and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return None

    def process_exception(self, request, exception):
        from .errors import NotFound

        if isinstance(exception, NotFound) and not request.path.startswith(API_PREFIX):
            raise Http404 from exception
        return None
