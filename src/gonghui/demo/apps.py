"""The demo world from the Beijing reports and the `gonghui demo` command."""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gonghui.demo"
    label = "demo"
    verbose_name = "演示数据"
