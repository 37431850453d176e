"""Roster import and export: Excel in and out of the member register at federation scale."""

from django.apps import AppConfig

from gonghui.core.modules import Module, NavItem


class ImportsConfig(AppConfig):
    name = "gonghui.imports"
    label = "imports"
    verbose_name = "名册导入"
    contract = Module(
        urls=("imports/", "gonghui.imports.urls"),
        nav=(NavItem("imports:list", "名册导入", "member.manage", order=60),),
    )

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers the preview and apply job kinds)
