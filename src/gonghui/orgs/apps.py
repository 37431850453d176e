"""The organisation tree, employers, places, and the roles staff hold on nodes."""

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织"

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the export job kind)
