"""Deployment checks for the 等保 sign-in controls: `gonghui check --deploy [--database default]`."""

from django.conf import settings
from django.core.checks import Warning, register
from django.db.utils import DatabaseError

from gonghui.orgs.models import RoleGrant
from gonghui.orgs.permissions import duties_of


@register("security", deploy=True)
def mfa_required_in_production(app_configs=None, **kwargs):
    if settings.GONGHUI_MFA_REQUIRED or settings.DEBUG:
        return []
    return [
        Warning(
            "两步验证未强制启用 (GONGHUI_MFA_REQUIRED is off)",
            hint="等保三级要求管理用户与可查看个人信息的用户使用两种鉴别方式：设置 GONGHUI_MFA_REQUIRED=1。",
            id="gonghui.W101",
        )
    ]


@register("security", "database", deploy=True)
def separated_administrators(app_configs=None, databases=None, **kwargs):
    """三员分立: grants made before the rule (or by hand in the database) may still give one person two duties."""
    if not databases:
        return []
    held: dict[str, set[str]] = {}
    try:
        for username, perms in RoleGrant.objects.values_list("user__username", "role__permissions"):
            held.setdefault(username, set()).update(duties_of(perms))
    except DatabaseError:
        return []
    both = sorted(u for u, duties in held.items() if len(duties) > 1)
    return (
        [
            Warning(
                f"三员分立：{'、'.join(both)} 同时担任系统管理员、安全管理员、审计员中的两种以上",
                hint="收回多余的角色，每人只担任其中一种。",
                id="gonghui.W102",
            )
        ]
        if both
        else []
    )
