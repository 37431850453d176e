"""Writes about staff: sign-in outcomes, accounts, tokens. Every security event goes to the audit log."""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditCategory
from gonghui.orgs.services import require

from .models import ApiToken, LoginThrottle, User, token_digest

TOKEN_PREFIX = "ghp_"  # noqa: S105 - a marker, not a secret


class LoginRefused(DomainError):
    pass


def _security(action: str, *, actor=None, user: User | None = None, request=None, username: str = "", **kw):
    audit_record(
        actor=actor,
        action=action,
        category=AuditCategory.SECURITY,
        org=user.org if user else None,
        target=user,
        request=request,
        actor_username=username,
        **kw,
    )


def login_attempt(*, request, username: str, password: str) -> User:
    """Check a password with lockout: after LOGIN_FAILURE_LIMIT failures the username is locked for a while.

    The failure count and its audit entries are committed before the refusal is raised: a refused login
    must still count.
    """
    user, refusal = _login_check(request=request, username=username.strip(), password=password)
    if refusal is not None:
        raise refusal
    assert user is not None
    return user


@transaction.atomic
def _login_check(*, request, username: str, password: str) -> tuple[User | None, LoginRefused | None]:
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username)
    known = User.objects.filter(username=username).select_related("org").first()
    if throttle.locked_until is not None and throttle.is_locked():
        _security("login.blocked", user=known, request=request, username=username)
        minutes = max(1, int((throttle.locked_until - timezone.now()).total_seconds() // 60) + 1)
        return None, LoginRefused(
            "locked", f"登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试或联系管理员解锁"
        )
    user = authenticate(request, username=username, password=password)
    if user is None:
        throttle.failures += 1
        throttle.last_failure_at = timezone.now()
        _security("login.failed", user=known, request=request, username=username)
        locked = throttle.failures >= settings.LOGIN_FAILURE_LIMIT
        if locked:
            throttle.locked_until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
            throttle.failures = 0
            _security("login.lockout", user=known, request=request, username=username)
        throttle.save()
        if locked:
            return None, LoginRefused(
                "locked", f"登录失败次数过多，账号已锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟"
            )
        left = settings.LOGIN_FAILURE_LIMIT - throttle.failures
        return None, LoginRefused("bad_credentials", f"用户名或密码错误（再失败 {left} 次将锁定账号）")
    throttle.failures, throttle.locked_until = 0, None
    throttle.save()
    _security("login", actor=user, user=user, request=request)
    return user, None


def logout_record(*, request, user: User) -> None:
    _security("logout", actor=user, user=user, request=request)


@transaction.atomic
def login_unlock(*, actor, user: User, request=None) -> None:
    require(actor, "staff.manage", user.org)
    LoginThrottle.objects.filter(username=user.username).update(failures=0, locked_until=None)
    _security("login.unlock", actor=actor, user=user, request=request)


@transaction.atomic
def token_create(*, actor, user: User, name: str, request=None) -> tuple[ApiToken, str]:
    """Create a token for `user` (their own, or by the system); returns it with the raw value, shown once."""
    if actor is not None and actor.pk != user.pk:
        raise NotFound()
    if not name.strip():
        raise DomainError("name_required", "请填写令牌用途", fields={"name": "必填"})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name.strip(), prefix=raw[:10], digest=token_digest(raw))
    _security("token.create", actor=actor or user, user=user, request=request, after={"token": str(token)})
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken, request=None) -> None:
    if actor is not None and actor.pk != token.user_id:
        raise NotFound()
    if token.revoked_at is not None:
        raise Conflict("revoked", "该令牌已撤销")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _security(
        "token.revoke",
        actor=actor or token.user,
        user=token.user,
        request=request,
        before={"token": str(token)},
    )


def token_authenticate(raw: str) -> User | None:
    """The active user behind a bearer token, or None. Records when it was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(
            "weak_password", "；".join(exc.messages), fields={"password": "；".join(exc.messages)}
        ) from exc


@transaction.atomic
def user_create(*, actor, username: str, full_name: str, org, password: str, request=None) -> User:
    require(actor, "staff.manage", org)
    username = username.strip()
    if User.objects.filter(username=username).exists():
        raise Conflict("username_taken", f"用户名 {username} 已被使用", fields={"username": "已被使用"})
    user = User(username=username, full_name=full_name.strip(), org=org)
    _check_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password", "org_path"])
    user.save()
    _security(
        "user.create", actor=actor, user=user, request=request, after={"username": username, "org": org.name}
    )
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool, request=None) -> User:
    require(actor, "staff.manage", user.org)
    if actor is not None and actor.pk == user.pk and not active:
        raise DomainError("self_disable", "不能停用自己的账号")
    user.is_active = active
    user.save(update_fields=["is_active"])
    _security("user.enable" if active else "user.disable", actor=actor, user=user, request=request)
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str, request=None) -> User:
    if actor is not None and actor.pk != user.pk:
        require(actor, "staff.manage", user.org)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _security("user.password", actor=actor, user=user, request=request)
    return user
