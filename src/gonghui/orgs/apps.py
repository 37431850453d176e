"""The organisation tree, employers, places, and the roles staff hold on nodes."""

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织"

    @property
    def permissions(self) -> dict[str, str]:
        from .permissions import PERMISSIONS

        return PERMISSIONS

    def ready(self) -> None:
        from gonghui.core.scope import register_grants_loader

        from . import exports  # noqa: F401  (registers the export job kind)
        from .permissions import grants_of

        register_grants_loader(grants_of)
