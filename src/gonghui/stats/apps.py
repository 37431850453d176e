"""Statistics without pages (DOMAIN §4): the facts the figures are counted from, the journal, the rollups, their
recompute, and the figures of any subtree as of any day. Dashboards, reports and the API read from here."""

from django.apps import AppConfig

from gonghui.members import hooks as member_hooks
from gonghui.orgs import hooks as org_hooks


class StatsConfig(AppConfig):
    name = "gonghui.stats"
    label = "stats"
    verbose_name = "统计数据"

    def ready(self) -> None:
        # Every write of the register and the tree is journalled in its own transaction (core.hooks).
        from . import services

        member_hooks.memberships_changed.connect(services.on_memberships_changed)
        org_hooks.units_added.connect(services.units_added)
        org_hooks.units_changing.connect(services.units_changed)
        org_hooks.subtree_moved.connect(services.recompute_due)
