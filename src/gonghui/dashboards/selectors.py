"""Which nodes a cadre's dashboards reach: inside their subtree, from their own roots down."""

from django.http import Http404

from gonghui.core.paths import ancestor_paths
from gonghui.core.scope import scope_prefixes
from gonghui.orgs.models import Org, Status

# ---- scope --------------------------------------------------------------------------------------------


def stats_org_get(*, actor, org_id: int) -> Org:
    """The node whose figures the actor asks for: inside their subtree, or 404 (never 403)."""
    org = Org.objects.restrict(actor, "org.view").filter(pk=org_id).first()
    if org is None:
        raise Http404
    return org


def stats_roots(actor) -> list[Org]:
    """The top nodes of the actor's subtree: where their breadcrumbs start."""
    prefixes = scope_prefixes(actor, "org.view")
    if prefixes is None:
        return list(Org.objects.filter(parent__isnull=True).order_by("pk"))
    return list(Org.objects.filter(path__in=prefixes).order_by("path"))


def breadcrumbs(actor, org: Org) -> list[Org]:
    """From the actor's own root down to `org`."""
    roots = {o.path for o in stats_roots(actor)}
    chain = ancestor_paths(org.path)
    start = next((i for i, p in enumerate(chain) if p in roots), len(chain) - 1)
    by_path = {o.path: o for o in Org.objects.filter(path__in=chain[start:])}
    return [by_path[p] for p in chain[start:]]


def children_of(org: Org) -> list[Org]:
    return list(org.children.exclude(status=Status.DISSOLVED).order_by("name"))
