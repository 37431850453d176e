"""Staff accounts: sign-in with lockout and a second factor, personal access tokens for the API."""

from django.apps import AppConfig

from gonghui.core.modules import Module, NavItem


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号"
    permissions = {"security.manage": "安全管理：解除登录锁定、重置两步验证"}
    contract = Module(
        urls=("accounts/", "gonghui.accounts.urls"),
        nav=(
            NavItem("accounts:staff", "人员与角色", "staff.manage", order=100),
            NavItem("accounts:security", "安全管理", "security.manage", order=110),
        ),
        access_rows="gonghui.accounts.tests.access_rows",
    )

    def ready(self) -> None:
        from . import checks, middleware  # noqa: F401 - registers the deploy checks and the sign-in signal
