"""Permission codes, the built-in roles, and the one function that answers "may this user do this here?"."""

from gonghui.core.paths import minimal_prefixes

PERMISSIONS = {
    "org.view": "查看组织、用人单位与阵地",
    "org.manage": "新建、更名、迁移、撤销组织",
    "employer.manage": "登记与维护用人单位、服务阵地",
    "staff.manage": "管理本级及下级人员与角色",
    "work.edit": "日常业务经办",
    "audit.view": "查阅审计日志",
    "member.view": "查看会员名册（证件号码、手机号码脱敏）",
    "member.manage": "会员入会、审批、转会、保留会籍、退会",
    "member.reveal": "查看完整证件号码与手机号码、导出完整名册（留痕）",
    "security.manage": "安全管理：解除登录锁定、重置两步验证",
}

# 三员分立 (GB/T 22239-2019 §8.1.4.2 c, §8.1.4.4): the permission that makes its holder one of the three
# administrators. Nobody may hold two of them; the 管理员 role counts as 系统管理员 through staff.manage.
DUTIES = {"staff.manage": "系统管理员", "security.manage": "安全管理员", "audit.view": "审计员"}

# Who must sign in with a second factor when settings.GONGHUI_MFA_REQUIRED is on (§8.1.4.1 d): whoever can
# reveal or export personal data, and the three administrators.
MFA_PERMISSIONS = ("member.reveal", "staff.manage", "security.manage", "audit.view")

BUILTIN_ROLES = [
    (
        "admin",
        "管理员",
        [
            "org.view",
            "org.manage",
            "employer.manage",
            "staff.manage",
            "work.edit",
            "member.view",
            "member.manage",
            "member.reveal",
        ],
        "管理本级及下级组织与人员",
    ),
    (
        "operator",
        "经办人",
        ["org.view", "employer.manage", "work.edit", "member.view", "member.manage"],
        "日常业务经办",
    ),
    ("viewer", "只读", ["org.view", "member.view"], "只能查看"),
    ("auditor", "审计员", ["audit.view"], "只能查阅审计日志"),
    ("sysadmin", "系统管理员", ["org.view", "staff.manage"], "三员之一：管理本级及下级人员账号与角色"),
    ("secadmin", "安全管理员", ["org.view", "security.manage"], "三员之一：解除登录锁定、重置两步验证"),
]

_CACHE_ATTR = "_gonghui_grants"


def _grants(user) -> list[tuple[str, frozenset[str]]]:
    """(path, permissions) of every grant the user holds; loaded once per user object (per request)."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from .models import RoleGrant

        rows = RoleGrant.objects.filter(user=user).values_list("org_path", "role__permissions")
        cached = [(path, frozenset(perms)) for path, perms in rows]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def duties_of(permissions) -> set[str]:
    """Which of the three administrators' duties (DUTIES) a set of permission codes carries."""
    return {DUTIES[p] for p in permissions if p in DUTIES}


def user_duties(user) -> set[str]:
    """The administrators' duties a user holds through any grant, anywhere."""
    return duties_of({p for _, perms in _grants(user) for p in perms})


def forget_grants(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def scope_prefixes(user, perm: str) -> list[str] | None:
    """Paths of the subtrees where the user holds `perm`; None means everywhere (superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    return minimal_prefixes(path for path, perms in _grants(user) if perm in perms)


def has_perm(user, perm: str, org=None) -> bool:
    """Whether the user holds `perm` anywhere, or on `org` (through a grant on it or an ancestor)."""
    prefixes = scope_prefixes(user, perm)
    if prefixes is None:
        return True
    if org is None:
        return bool(prefixes)
    return any(org.path.startswith(p) for p in prefixes)
