"""Reads of the organisation tree, always restricted to the actor's subtrees."""

from django.db.models import Count, Q

from gonghui.core.errors import NotFound
from gonghui.core.models import AuditEvent
from gonghui.core.paths import ancestor_paths, scope_q
from gonghui.core.scope import scope_prefixes

from .models import Coverage, Employer, Level, Org, Place, Status


def org_get(*, actor, pk, perm: str = "org.view") -> Org:
    """One node the actor may see with `perm`; anything else is indistinguishable from missing."""
    try:
        return Org.objects.restrict(actor, perm).select_related("parent").get(pk=pk)
    except (Org.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound("未找到该工会组织") from exc


def orgs_for(
    *,
    actor,
    level: str | None = None,
    district: str | None = None,
    subtree: Org | None = None,
    search: str | None = None,
    status: str | None = None,
):
    qs = Org.objects.restrict(actor, "view")
    if subtree is not None:
        qs = qs.subtree(subtree)
    if level:
        qs = qs.filter(level=level)
    if district:
        qs = qs.filter(district_code__startswith=district)
    if status:
        qs = qs.filter(status=status)
    if search:
        term = search.strip()
        qs = qs.filter(Q(name__icontains=term) | Q(short_name__icontains=term))
    return qs


def root_orgs_for(*, actor):
    """The top nodes of the actor's scope: where the tree browser starts."""
    prefixes = scope_prefixes(actor, "org.view")
    if prefixes is None:
        return Org.objects.filter(parent__isnull=True)
    return Org.objects.filter(path__in=prefixes)


def children_of(*, actor, org: Org):
    """Visible children with whether each has children of its own, for lazy expansion (one query)."""
    return (
        Org.objects.restrict(actor, "view")
        .filter(parent=org)
        .annotate(child_count=Count("children"))
        .order_by("status", "level", "name")
    )


def breadcrumbs(*, actor, org: Org) -> list[Org]:
    """The node's ancestors that the actor may see, from the top of their scope down."""
    return list(
        Org.objects.restrict(actor, "view").filter(path__in=ancestor_paths(org.path, include_self=False))
    )


def org_counts(*, org: Org) -> dict[str, int]:
    """Counts shown on a node page, for its whole subtree."""
    subtree = Org.objects.subtree(org)
    nodes = subtree.aggregate(
        descendants=Count("pk") - 1,
        children=Count("pk", filter=Q(parent_id=org.pk)),
        base_unions=Count("pk", filter=Q(level=Level.BASE) & ~Q(status=Status.DISSOLVED)),
        joint_unions=Count("pk", filter=Q(level=Level.JOINT) & ~Q(status=Status.DISSOLVED)),
    )
    employers = Employer.objects.in_subtree(org).aggregate(
        employers=Count("pk"),
        employers_own=Count("pk", filter=Q(coverage=Coverage.OWN)),
        employers_joint=Count("pk", filter=Q(coverage=Coverage.JOINT)),
        employers_none=Count("pk", filter=Q(coverage=Coverage.NONE)),
    )
    places = {"places": Place.objects.in_subtree(org).count()}
    return {**nodes, **employers, **places}


def employers_for(*, actor, org: Org | None = None, coverage: str | None = None, search: str | None = None):
    qs = Employer.objects.restrict(actor, "view").select_related("union", "org")
    if org is not None:
        qs = qs.in_subtree(org)
    if coverage:
        qs = qs.filter(coverage=coverage)
    if search:
        qs = qs.filter(name__icontains=search.strip())
    return qs


def employer_get(*, actor, pk, perm: str = "view") -> Employer:
    """An employer the actor may see (or act on, with `perm`), else 404."""
    employer = (
        Employer.objects.restrict(actor, perm).select_related("org", "union").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if employer is None:
        raise NotFound("未找到该用人单位")
    return employer


def employer_periods(*, actor, employer: Employer):
    """Rule R1: the employer's dated history, latest first (the caller got the employer through `employer_get`)."""
    if not Employer.objects.restrict(actor, "view").filter(pk=employer.pk).exists():
        raise NotFound("未找到该用人单位")
    return employer.periods.select_related("union").order_by("-started_on", "-id")


def places_for(*, actor, org: Org | None = None, kind: str | None = None, search: str | None = None):
    qs = Place.objects.restrict(actor, "view").select_related("org")
    if org is not None:
        qs = qs.in_subtree(org)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(name__icontains=search.strip())
    return qs


def org_history(*, org: Org):
    """Every change recorded for this node, newest first."""
    return AuditEvent.objects.filter(target_type="orgs.org", target_id=str(org.pk)).select_related("actor")


def move_targets(*, actor, org: Org, search: str = "", limit: int | None = 20):
    """Nodes the actor may move `org` under: in scope for org.manage, able to hold its level, not inside it."""
    from .models import ALLOWED_CHILDREN

    levels = [lv for lv, kids in ALLOWED_CHILDREN.items() if org.level in kids]
    qs = (
        Org.objects.restrict(actor, "org.manage")
        .filter(level__in=levels)
        .exclude(status=Status.DISSOLVED)
        .exclude(pk=org.parent_id)
        .exclude(scope_q("path", [org.path]))
    )
    if search:
        qs = qs.filter(Q(name__icontains=search.strip()) | Q(short_name__icontains=search.strip()))
    qs = qs.order_by("depth", "name")
    return qs if limit is None else qs[:limit]
