"""Which nodes a cadre's dashboards reach: inside their subtree, from their own roots down."""

from django.http import Http404

from gonghui.core.modules import load, work_modules
from gonghui.core.paths import ancestor_paths
from gonghui.core.scope import scope_prefixes
from gonghui.orgs.models import Org, Status

from .sentences import zh_number

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


# ---- the modules' work ------------------------------------------------------------------------------


def work_of(org, period) -> tuple[list[dict], list[str], list[str]]:
    """S5: every module's work figures for the subtree and period (core.modules), as cards, the modules' text
    details (supplies per unit: never a sum across units) and the parts of the report sentence (the dashboard, and the 工作简报 press drafts from it, read the same)."""
    cards, details, phrases = [], [], []
    for work in work_modules():
        values = load(work.count)(org, period.start, period.end)
        links = load(work.links)(org, period.start, period.end) if work.links else {}
        text = load(work.details)(org, period.start, period.end) if work.details else ""
        cards += [
            {
                "key": f.key,
                "label": f.label,
                "unit": f.unit,
                "value": values[f.key],
                "url": links.get(f.key, ""),
            }
            for f in work.figures
        ]
        if text:
            details.append(text)
        if any(values[k] for k in work.shown_when or work.figure_keys()):
            phrases.append(work.sentence_part({k: zh_number(v) for k, v in values.items()}, text))
    return cards, details, phrases
