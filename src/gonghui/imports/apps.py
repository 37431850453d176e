"""Roster import and export: Excel in and out of the member register at federation scale."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "gonghui.imports"
    label = "imports"
    verbose_name = "名册导入"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the preview and apply job kinds)
