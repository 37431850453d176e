"""报道与记录 (issue 23): a cadre pastes a 本报讯 report and gets the records pre-filled; a record drafts its report.
It reads and writes through the work modules' own selectors and services, so it sits above them in the layers
(docs/decisions/0012-reading-reports.md)."""

from django.apps import AppConfig

from gonghui.core.modules import Module, NavItem


class PressConfig(AppConfig):
    name = "gonghui.press"
    label = "press"
    verbose_name = "报道与记录"
    contract = Module(
        urls=("press/", "gonghui.press.urls"),
        api=(("/press/", "gonghui.press.api.router"),),
        nav=(NavItem("press:index", "报道", "work.edit", order=120),),
        access_rows="gonghui.press.tests.access_rows",
    )
