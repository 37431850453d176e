"""The dashboards (DOMAIN §4): the figures of a subtree as pages, charts, report sentences and the yearbook form;
the figures themselves are counted by `gonghui.stats`."""

from django.apps import AppConfig

from gonghui.core.modules import Module, NavItem


class DashboardsConfig(AppConfig):
    name = "gonghui.dashboards"
    label = "dashboards"
    contract = Module(
        urls=("stats/", "gonghui.dashboards.urls"),
        api=(("/stats/", "gonghui.dashboards.api.router"),),
        nav=(NavItem("dashboards:home", "统计", "org.view", order=10),),
    )
    verbose_name = "统计"
