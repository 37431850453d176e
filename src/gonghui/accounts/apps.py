"""Staff accounts: sign-in with lockout and a second factor, personal access tokens for the API."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号"
    permissions = {"security.manage": "安全管理：解除登录锁定、重置两步验证"}

    def ready(self) -> None:
        from . import checks, middleware  # noqa: F401 - registers the deploy checks and the sign-in signal
