"""Roster import and export: Excel in and out of the member register at federation scale."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "gonghui.imports"
    label = "imports"
    verbose_name = "名册导入"
