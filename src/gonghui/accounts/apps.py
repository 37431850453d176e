"""Staff accounts: sign-in with lockout, personal access tokens for the API."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gonghui.accounts"
    label = "accounts"
    verbose_name = "账号"
