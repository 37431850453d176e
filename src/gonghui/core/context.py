"""Template context shared by every staff page: the navigation the user is allowed to see."""

from .access import has_permission


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    items = [
        ("dashboards:home", "统计", "org.view"),
        ("orgs:tree", "组织", "org.view"),
        ("members:list", "会员", "member.view"),
        ("members:applications", "入会审批", "member.manage"),
        ("members:transfers", "转会", "member.manage"),
        ("imports:list", "名册导入", "member.manage"),
        ("outreach:index", "扫码入会", "member.view"),
        ("activities:index", "活动", "org.view"),
        ("care:index", "关爱", "org.view"),
        ("accounts:staff", "人员与角色", "staff.manage"),
        ("accounts:security", "安全管理", "security.manage"),
        ("core:audit", "审计日志", "audit.view"),
    ]
    return {"nav": [(name, label) for name, label, rule in items if has_permission(user, rule)]}
