"""The dashboards (DOMAIN §4): the figures of a subtree as pages, charts, report sentences and the yearbook form;
the figures themselves are counted by `gonghui.stats`."""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "gonghui.dashboards"
    label = "dashboards"
    verbose_name = "统计"
