"""Statistics (DOMAIN §4): the figures of any subtree as of any date, the dashboards and the report forms."""

from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "gonghui.dashboards"
    label = "dashboards"
    verbose_name = "统计"
