"""The organisation tree, employers, places, and the roles staff hold on nodes."""

from django.apps import AppConfig

from gonghui.core.modules import Module, NavItem
from gonghui.core.scope import register_grants_loader


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织"
    contract = Module(
        urls=("orgs/", "gonghui.orgs.urls"),
        api=(
            ("/orgs/", "gonghui.orgs.api.router"),
            ("/employers/", "gonghui.orgs.api.employers_router"),
            ("/places/", "gonghui.orgs.api.places_router"),
        ),
        nav=(NavItem("orgs:tree", "组织", "org.view", order=20),),
    )

    @property
    def permissions(self) -> dict[str, str]:
        from .permissions import PERMISSIONS

        return PERMISSIONS

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the export job kind)
        from .permissions import grants_of

        register_grants_loader(grants_of)
