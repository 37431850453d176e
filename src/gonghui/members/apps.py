"""The member register: people, memberships, joining, transfers and leaving."""

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"

    def ready(self) -> None:
        from . import exports  # noqa: F401  (registers the export job kind)
