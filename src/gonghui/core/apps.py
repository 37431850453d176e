"""Shared foundations: tree paths, access rules, errors, audit."""

from django.apps import AppConfig

from .modules import Module, NavItem


class CoreConfig(AppConfig):
    name = "gonghui.core"
    label = "core"
    verbose_name = "基础"
    permissions = {"audit.view": "查阅审计日志"}
    contract = Module(
        urls=("", "gonghui.core.urls"),
        api=(("/audit/", "gonghui.core.api.router"),),
        nav=(NavItem("core:audit", "审计日志", "audit.view", order=120),),
    )

    def ready(self) -> None:
        from django.db.models import fields
        from django.utils.module_loading import autodiscover_modules

        from . import auditlog, checks, sessions  # noqa: F401

        # Django 6.1's empty choice reads "- Select an option -" and has no Chinese translation; Django's notes
        # name an app's ready() as the place to set it. Set first: a form imported below takes it when defined.
        fields.BLANK_CHOICE_LABEL = "请选择"

        # Each app's list declarations (core/lists.py) register their export job kinds when imported: the task
        # worker, which never imports a view, must know them too. A module in parts keeps each part's lists in
        # `<part>_lists.py`: those are imported as well.
        autodiscover_modules("lists")
        import_part_lists()


def import_part_lists() -> list[str]:
    """Import every installed app's `<part>_lists.py` (their list declarations register export job kinds)."""
    import importlib
    from pathlib import Path

    from django.apps import apps

    names = []
    for config in apps.get_app_configs():
        if not hasattr(config, "contract"):
            continue
        for path in sorted(Path(config.path).glob("*_lists.py")):
            names.append(f"{config.name}.{path.stem}")
            importlib.import_module(names[-1])
    return names
