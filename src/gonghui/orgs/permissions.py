"""The organisation app's permission codes, the built-in roles, and the three administrators' duties.

Codes are registered per app (each `AppConfig.permissions`); who holds which where is answered by
`gonghui.core.scope` alone.
"""

from gonghui.core.scope import grants

PERMISSIONS = {
    "org.view": "查看组织、用人单位与阵地",
    "org.manage": "新建、更名、迁移、撤销组织",
    "employer.manage": "登记与维护用人单位、服务阵地",
    "staff.manage": "管理本级及下级人员与角色",
    "work.edit": "日常业务经办",
}

# 三员分立 (GB/T 22239-2019 §8.1.4.2 c, §8.1.4.4): the permission that makes its holder one of the three
# administrators. Nobody may hold two of them; the 管理员 role counts as 系统管理员 through staff.manage.
DUTIES = {"staff.manage": "系统管理员", "security.manage": "安全管理员", "audit.view": "审计员"}

# Who must sign in with a second factor when settings.GONGHUI_MFA_REQUIRED is on (§8.1.4.1 d): whoever can
# reveal or export personal data, and the three administrators.
MFA_PERMISSIONS = ("member.reveal", "staff.manage", "security.manage", "audit.view")

# The roles as the code knows them; the migrations that create them write their data out (0002, 0004), and a
# test keeps the two the same.
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


def grants_of(user):
    """The grants loader registered with core.scope: (node path, permission codes) of each grant."""
    from .models import RoleGrant

    return RoleGrant.objects.filter(user=user).values_list("org_path", "role__permissions")


def duties_of(permissions) -> set[str]:
    """Which of the three administrators' duties (DUTIES) a set of permission codes carries."""
    return {DUTIES[p] for p in permissions if p in DUTIES}


def user_duties(user) -> set[str]:
    """The administrators' duties a user holds through any grant, anywhere."""
    return duties_of({p for _, perms in grants(user) for p in perms})
