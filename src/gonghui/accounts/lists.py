"""The staff list as the shared list declares it (core/lists.py): search, status, order and sheet."""

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.core.lists import Column, ListSpec, Sort

from .audit import AccountAudit
from .models import LoginThrottle
from .selectors import security_staff_for, staff_for


def _staff(actor, params: dict[str, str]):
    users = staff_for(actor=actor).prefetch_related("grants__role", "grants__org")
    q = params.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(org__name__icontains=q))
    if params.get("active") in ("1", "0"):
        users = users.filter(is_active=params["active"] == "1")
    return users


def _roles(user) -> str:
    return "；".join(f"{g.role.name} · {g.org.display_name}" for g in user.grants.all())


STAFF = ListSpec(
    name="accounts.staff",
    title="人员与角色",
    rows=_staff,
    sorts=(
        Sort("org", "所属组织", ("org_path", "username")),
        Sort("username", "用户名", ("username",)),
        Sort("name", "姓名", ("full_name",)),
    ),
    default_sort="org",
    columns=(
        Column("用户名", lambda u: u.username, 16),
        Column("姓名", lambda u: u.full_name, 10),
        Column("所属组织", lambda u: u.org.name if u.org else "", 30),
        Column("角色", _roles, 40),
        Column("状态", lambda u: "正常" if u.is_active else "已停用", 8),
        Column("最近登录", lambda u: u.last_login, 18),
    ),
    export_action=AccountAudit.STAFF_EXPORT,
    download_action=AccountAudit.STAFF_EXPORT_DOWNLOAD,
)


def _security(actor, params: dict[str, str]):
    locked = LoginThrottle.objects.filter(username=OuterRef("username"), locked_until__gt=timezone.now())
    users = security_staff_for(actor=actor).annotate(
        locked=Exists(locked),
        enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
    )
    q = params.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(org__name__icontains=q))
    return users


# The security administrator's page: locked accounts first. No export: the page is for unlocking, not a register.
SECURITY = ListSpec(
    name="accounts.security",
    title="安全管理",
    rows=_security,
    sorts=(
        Sort("locked", "登录", ("-locked", "org_path", "username")),
        Sort("username", "用户名", ("username",)),
        Sort("name", "姓名", ("full_name",)),
        Sort("org", "所属组织", ("org_path", "username")),
    ),
    default_sort="locked",
)
