"""Shared foundations: tree paths, access rules, errors, audit."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "基础"
    permissions = {"audit.view": "查阅审计日志"}

    def ready(self) -> None:
        from . import checks, sessions  # noqa: F401
