"""Writes about staff: sign-in outcomes (password, second factor), accounts, tokens. Every security event goes to
the audit log (category security)."""

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core.audit import Action, audit_record, client_ip
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditCategory
from gonghui.core.scope import SYSTEM, has_perm
from gonghui.orgs.permissions import MFA_PERMISSIONS, user_duties
from gonghui.orgs.services import require

from .audit import AccountAudit
from .models import AddressThrottle, ApiToken, LoginThrottle, User, token_digest

TOKEN_PREFIX = "ghp_"  # noqa: S105 - a marker, not a secret


class LoginRefused(DomainError):
    pass


def _security(
    action: Action, *, actor=SYSTEM, user: User | None = None, request=None, username: str = "", **kw
):
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
    """Check a password with lockout: after LOGIN_FAILURE_LIMIT failures the username is locked for a while, and
    after GONGHUI_LOGIN_ADDRESS_FAILURE_LIMIT failures within that while the client address is refused too.

    The failure count and its audit entries are committed before the refusal is raised: a refused login
    must still count. The session itself starts with `login_record`, after the second factor if one is due.
    """
    user, refusal = _login_check(request=request, username=username.strip(), password=password)
    if refusal is not None:
        raise refusal
    assert user is not None
    return user


def _minutes_left(until: dt.datetime) -> int:
    return max(1, int((until - timezone.now()).total_seconds() // 60) + 1)


def _address_locked(address: str | None) -> AddressThrottle | None:
    if not address:
        return None
    throttle = AddressThrottle.objects.select_for_update().filter(address=address).first()
    return throttle if throttle is not None and throttle.is_locked() else None


def _address_failure(address: str | None, *, request, username: str) -> None:
    if not address:
        return
    throttle, _ = AddressThrottle.objects.select_for_update().get_or_create(address=address)
    now, window = timezone.now(), dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
    if throttle.window_start is None or now - throttle.window_start > window:
        throttle.failures, throttle.window_start = 0, now
    throttle.failures += 1
    if throttle.failures >= settings.GONGHUI_LOGIN_ADDRESS_FAILURE_LIMIT:
        throttle.locked_until, throttle.failures, throttle.window_start = now + window, 0, None
        _security(
            AccountAudit.LOGIN_ADDRESS_LOCKOUT, request=request, username=username, after={"address": address}
        )
    throttle.save()


def _failure(throttle: LoginThrottle, *, action: Action, known: User | None, request, username: str):
    """Count one failed password or code against the account (and its address); lock it at the limit."""
    throttle.failures += 1
    throttle.last_failure_at = timezone.now()
    _security(action, user=known, request=request, username=username)
    _address_failure(client_ip(request), request=request, username=username)
    locked = throttle.failures >= settings.LOGIN_FAILURE_LIMIT
    if locked:
        throttle.locked_until = timezone.now() + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        throttle.failures = 0
        _security(AccountAudit.LOGIN_LOCKOUT, user=known, request=request, username=username)
    throttle.save()
    if locked:
        return LoginRefused("locked", f"登录失败次数过多，账号已锁定 {settings.LOGIN_LOCKOUT_MINUTES} 分钟")
    return None


def _refused_while_locked(throttle: LoginThrottle, *, known: User | None, request, username: str):
    address = _address_locked(client_ip(request))
    if address is not None and address.locked_until is not None:
        _security(
            AccountAudit.LOGIN_BLOCKED,
            user=known,
            request=request,
            username=username,
            after={"address": address.address},
        )
        return LoginRefused(
            "address_locked",
            f"此网络地址登录失败次数过多，请 {_minutes_left(address.locked_until)} 分钟后再试",
        )
    if throttle.locked_until is not None and throttle.is_locked():
        _security(AccountAudit.LOGIN_BLOCKED, user=known, request=request, username=username)
        return LoginRefused(
            "locked",
            f"登录失败次数过多，账号已锁定，请 {_minutes_left(throttle.locked_until)} 分钟后再试或联系安全管理员解锁",
        )
    return None


@transaction.atomic
def _login_check(*, request, username: str, password: str) -> tuple[User | None, LoginRefused | None]:
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username)
    known = User.objects.filter(username=username).select_related("org").first()
    refusal = _refused_while_locked(throttle, known=known, request=request, username=username)
    if refusal is not None:
        return None, refusal
    user = authenticate(request, username=username, password=password)
    if user is None:
        refusal = _failure(
            throttle, action=AccountAudit.LOGIN_FAILED, known=known, request=request, username=username
        )
        if refusal is not None:
            return None, refusal
        left = settings.LOGIN_FAILURE_LIMIT - throttle.failures
        return None, LoginRefused("bad_credentials", f"用户名或密码错误（再失败 {left} 次将锁定账号）")
    throttle.failures, throttle.locked_until = 0, None
    throttle.save()
    return user, None


def login_record(*, request, user: User, factor: str = "") -> None:
    """The session has started: after the password, and the second factor (`factor`) when one was asked."""
    _security(
        AccountAudit.LOGIN, actor=user, user=user, request=request, after={"mfa": factor} if factor else None
    )


# ---- the second factor (TOTP and recovery codes)

RECOVERY_CODES = 10


def mfa_enrolled(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_required(user: User) -> bool:
    """Whether the user must use a second factor even before enrolling (settings.GONGHUI_MFA_REQUIRED)."""
    if not settings.GONGHUI_MFA_REQUIRED:
        return False
    return user.is_superuser or any(has_perm(user, perm) for perm in MFA_PERMISSIONS)


def mfa_needed(user: User) -> bool:
    """Whether signing in takes a second factor: always once enrolled, and for the roles that require one."""
    return mfa_enrolled(user) or mfa_required(user)


def mfa_verify(*, request, user: User, code: str) -> TOTPDevice | StaticDevice:
    """Check a code from the authenticator app or a recovery code (used up). Failures count towards the same
    lockout as wrong passwords."""
    device, refusal = _mfa_check(request=request, user=user, code="".join(code.split()).lower())
    if refusal is not None:
        raise refusal
    assert device is not None
    return device


@transaction.atomic
def _mfa_check(*, request, user: User, code: str):
    username = user.get_username()
    throttle, _ = LoginThrottle.objects.select_for_update().get_or_create(username=username)
    refusal = _refused_while_locked(throttle, known=user, request=request, username=username)
    if refusal is not None:
        return None, refusal
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    device: TOTPDevice | StaticDevice | None = None
    if len(code) == 6 and code.isdigit():  # the app's code; recovery codes have 8 letters and digits
        device = totp if totp is not None and totp.verify_token(code) else None
    else:
        static = StaticDevice.objects.filter(user=user, confirmed=True).first()
        if static is not None and static.verify_token(code):
            device = static
            left = static.token_set.count()
            _security(
                AccountAudit.MFA_RECOVERY_USED, actor=user, user=user, request=request, after={"left": left}
            )
    if device is None:
        refusal = _failure(
            throttle, action=AccountAudit.MFA_FAILED, known=user, request=request, username=username
        )
        return None, refusal or LoginRefused("bad_code", "验证码不正确或已使用过，请重新输入")
    throttle.failures, throttle.locked_until = 0, None
    throttle.save()
    return device, None


@transaction.atomic
def totp_enrol_start(*, user: User) -> TOTPDevice:
    """The device being enrolled: a new secret, kept (unconfirmed) until the user types a code from it."""
    if mfa_enrolled(user):
        raise Conflict("mfa_enrolled", "已启用两步验证；如需更换手机，请联系安全管理员重置")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def totp_enrol_confirm(*, request, user: User, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the device with a code from the app; returns the new recovery codes, shown once. A wrong code is
    recorded (and counted by the device's own throttle) before the refusal."""
    device = TOTPDevice.objects.get(pk=device.pk, user=user, confirmed=False)
    if not device.verify_token("".join(code.split())):
        _security(AccountAudit.MFA_ENROL_FAILED, actor=user, user=user, request=request)
        raise DomainError(
            "bad_code", "验证码不正确，请输入身份验证器上当前显示的 6 位数字", fields={"code": "验证码不正确"}
        )
    return _enrol_finish(request=request, user=user, device=device)


@transaction.atomic
def _enrol_finish(*, request, user: User, device: TOTPDevice) -> list[str]:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    static = StaticDevice.objects.create(user=user, name="恢复码", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=c) for c in codes)
    _security(
        AccountAudit.MFA_ENROL, actor=user, user=user, request=request, after={"recovery_codes": len(codes)}
    )
    return codes


@transaction.atomic
def mfa_reset(*, actor, user: User, request=None) -> None:
    """The security administrator removes a user's authenticator and recovery codes (a lost phone); the user
    enrols again at the next sign-in."""
    require(actor, "security.manage", user.org)
    if actor is not SYSTEM and actor.pk == user.pk:
        raise DomainError("self_reset", "不能重置自己的两步验证，请由其他安全管理员办理")
    removed = (
        TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    )
    if not removed:
        raise Conflict("no_device", f"{user} 尚未启用两步验证")
    _security(AccountAudit.MFA_RESET, actor=actor, user=user, request=request)


def logout_record(*, request, user: User) -> None:
    _security(AccountAudit.LOGOUT, actor=user, user=user, request=request)


@transaction.atomic
def login_unlock(*, actor, user: User, request=None) -> None:
    """The security administrator lifts an account's lockout (三员分立: not the staff manager)."""
    require(actor, "security.manage", user.org)
    LoginThrottle.objects.filter(username=user.username).update(failures=0, locked_until=None)
    _security(AccountAudit.LOGIN_UNLOCK, actor=actor, user=user, request=request)


@transaction.atomic
def token_create(*, actor, user: User, name: str, request=None) -> tuple[ApiToken, str]:
    """Create a token for `user` (their own, or by the system); returns it with the raw value, shown once."""
    if actor is not SYSTEM and actor.pk != user.pk:
        raise NotFound()
    if not name.strip():
        raise DomainError("name_required", "请填写令牌用途", fields={"name": "必填"})
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=settings.GONGHUI_TOKEN_MAX_AGE_DAYS)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=raw[:10], digest=token_digest(raw), expires_at=expires_at
    )
    _security(
        AccountAudit.TOKEN_CREATE,
        actor=user if actor is SYSTEM else actor,
        user=user,
        request=request,
        after={"token": str(token)},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken, request=None, reason: str = "") -> None:
    if actor is not SYSTEM and actor.pk != token.user_id:
        raise NotFound()
    if token.revoked_at is not None:
        raise Conflict("revoked", "该令牌已撤销")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    _security(
        AccountAudit.TOKEN_REVOKE,
        actor=token.user if actor is SYSTEM else actor,
        user=token.user,
        request=request,
        before={"token": str(token)},
        reason=reason,
    )


def token_authenticate(raw: str) -> User | None:
    """The active user behind a bearer token, or None. Records when it was last used."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
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
    if actor is not SYSTEM:
        user.password_changed_at = None  # a password someone else chose is changed at the first sign-in
    user.full_clean(exclude=["password", "org_path"])
    user.save()
    _security(
        AccountAudit.USER_CREATE,
        actor=actor,
        user=user,
        request=request,
        after={"username": username, "org": org.name},
    )
    return user


@transaction.atomic
def user_set_active(*, actor, user: User, active: bool, request=None) -> User:
    require(actor, "staff.manage", user.org)
    if actor is not SYSTEM and actor.pk == user.pk and not active:
        raise DomainError("self_disable", "不能停用自己的账号")
    user.is_active = active
    user.save(update_fields=["is_active"])
    _security(
        AccountAudit.USER_ENABLE if active else AccountAudit.USER_DISABLE,
        actor=actor,
        user=user,
        request=request,
    )
    return user


@transaction.atomic
def user_set_password(*, actor, user: User, password: str, request=None) -> User:
    """Set a password: one's own (see `password_change`, which asks the current one first), or another user's
    as their staff manager, who may not do so for the other two administrators (三员分立); such a password is
    changed at the next sign-in. The user's API tokens are revoked either way."""
    own = actor is SYSTEM or actor.pk == user.pk
    if not own:
        require(actor, "staff.manage", user.org)
        if user_duties(user) - user_duties(actor):
            raise DomainError("separation_of_duties", "三员分立：不能设置安全管理员或审计员的密码")
    _check_password(password, user)
    user.set_password(password)
    if not own:
        user.password_changed_at = None
    user.save(update_fields=["password", "password_changed_at"])
    _security(AccountAudit.USER_PASSWORD, actor=actor, user=user, request=request)
    for token in ApiToken.objects.filter(user=user, revoked_at__isnull=True):
        token_revoke(actor=SYSTEM, token=token, request=request, reason="密码已修改")
    return user


def password_change(*, request, user: User, current: str, password: str) -> User:
    """The user changes their own password, proving the current one first (a wrong one is recorded, and
    committed, before the refusal)."""
    if not user.check_password(current):
        _security(AccountAudit.USER_PASSWORD_REFUSED, actor=user, user=user, request=request)
        raise DomainError("bad_current", "当前密码不正确", fields={"current": "当前密码不正确"})
    if current == password:
        raise DomainError("same_password", "新密码不能与当前密码相同", fields={"password": "与当前密码相同"})
    return user_set_password(actor=user, user=user, password=password, request=request)
