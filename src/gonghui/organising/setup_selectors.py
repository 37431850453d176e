"""The setup part's reads (rule O3, R1): the set-ups an actor may see, one set-up, what a target's page shows of
its set-up, the joint unions a small employer may join; and its figures for a subtree and period.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers); `sentence` quotes them
as a report does, empty when there is nothing to say; `todo(actor, org) -> [(label, count, url)]` lists what waits,
scoped with the actor."""

import datetime as dt

from django.db.models import Q, QuerySet
from django.urls import reverse

from gonghui.core.audit import acting_user
from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.paths import ancestor_paths
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Coverage, Level, Org, Status

from .models import OPEN_STATUSES, JointCover, SetUp, SetUpStatus, Stage, Target

FIGURES: tuple[str, ...] = ("setups_started", "setups_approved", "setups_waiting", "joint_covered")
DECIDED = (SetUpStatus.APPROVED, SetUpStatus.FOUNDED)


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """Set-ups started and approved in the subtree and period, applications waiting for approval now, and
    employers this part had covered by a joint union in the period."""
    setups = SetUp.objects.in_subtree(org)
    return {
        "setups_started": setups.filter(started_on__range=(start, end)).count(),
        "setups_approved": setups.filter(status__in=DECIDED, decided_on__range=(start, end)).count(),
        "setups_waiting": setups.filter(status=SetUpStatus.SUBMITTED).count(),
        "joint_covered": JointCover.objects.in_subtree(org).filter(on_date__range=(start, end)).count(),
    }


def sentence(fig: dict[str, int]) -> str:
    parts = []
    if fig["setups_started"] or fig["setups_approved"]:
        parts.append(
            f"筹建工会{thousands(fig['setups_started'])}家，批复{thousands(fig['setups_approved'])}家"
        )
    if fig["joint_covered"]:
        parts.append(f"联合工会覆盖{thousands(fig['joint_covered'])}家")
    return "，".join(parts)


def awaiting_approval(actor, org: Org) -> QuerySet:
    """Applications of the subtree waiting for this actor's approval (O3): where they hold org.manage, not their
    own."""
    rows = SetUp.objects.restrict(actor, "approve").in_subtree(org).filter(status=SetUpStatus.SUBMITTED)
    user = acting_user(actor)
    return rows.exclude(applied_by=user) if user is not None else rows


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    if not in_scope(actor, "org.view", org):
        return []
    url = reverse("organising:setups")
    rows = []
    waiting = awaiting_approval(actor, org).count()
    if waiting:
        rows.append(("建会申请待批复", waiting, f"{url}?status=submitted&org={org.pk}"))
    approved = (
        SetUp.objects.restrict(actor, "approve").in_subtree(org).filter(status=SetUpStatus.APPROVED).count()
    )
    if approved:
        rows.append(("已批复待登记成立大会", approved, f"{url}?status=approved&org={org.pk}"))
    return rows


# ---- reads of the pages ---------------------------------------------------------------------------------------


def setups_for(*, actor, status: str = "", org: Org | None = None, search: str = "") -> QuerySet:
    qs = SetUp.objects.restrict(actor, "view").select_related("org", "target__employer", "union")
    if org is not None:
        qs = qs.in_subtree(org)
    if status:
        qs = qs.filter(status=status)
    term = (search or "").strip()
    if term:
        qs = qs.filter(Q(union_name__icontains=term) | Q(target__employer__name__icontains=term))
    return qs


def setup_get(*, actor, pk, perm: str = "view") -> SetUp:
    found = (
        SetUp.objects.restrict(actor, perm)
        .select_related("org", "target__employer", "target__org", "union", "applied_by", "decided_by")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该筹建记录")
    return found


def target_get(*, actor, pk, perm: str = "manage") -> Target:
    """A target the actor may work on (start a set-up, record a joint union's coverage)."""
    found = (
        Target.objects.restrict(actor, perm).select_related("org", "employer").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该建会目标")
    return found


def open_setup(target: Target) -> SetUp | None:
    return SetUp.objects.filter(target=target, status__in=OPEN_STATUSES).first()


def may_start(actor, target: Target) -> bool:
    return (
        in_scope(actor, "employer.manage", target.org)
        and target.stage != Stage.FORMED
        and target.employer.coverage == Coverage.NONE
        and open_setup(target) is None
    )


def target_panel(actor, target) -> dict | None:
    """What the target's page shows of its set-up (the pipeline part's target page calls this): None when the
    actor may not see it; else {"status": label or "", "url": the set-up's page or "", "start_url": where to
    start one or ""}."""
    if not in_scope(actor, "org.view", target.org):
        return None
    setup = (
        SetUp.objects.restrict(actor, "view")
        .filter(target=target)
        .exclude(status=SetUpStatus.WITHDRAWN)
        .order_by("-started_on", "-id")
        .first()
    )
    status, url = "", ""
    if setup is not None:
        status, url = setup.get_status_display(), reverse("organising:setup", args=[setup.pk])
    elif target.stage == Stage.FORMED:
        cover = JointCover.objects.restrict(actor, "view").filter(target=target).select_related("joint_union")
        joint = cover.first()
        status = f"已建会（由{joint.joint_union.name}覆盖）" if joint else "已建会"
    start = may_start(actor, target)
    return {
        "status": status,
        "url": url,
        "start_url": reverse("organising:setup_new", args=[target.pk]) if start else "",
    }


def joint_area(org: Org) -> Org:
    """Where a joint union covering an employer of `org` may be (O3): the district (or development zone) the node
    lies in; the node itself when it lies above any district."""
    found = (
        Org.objects.filter(path__in=ancestor_paths(org.path), level__in=(Level.DISTRICT, Level.ZONE))
        .order_by("-depth")
        .first()
    )
    return found or org


def joint_unions_for(*, actor, target: Target) -> QuerySet:
    """The joint unions the actor may see in the target's area (its district), in tree order."""
    area = joint_area(target.org)
    return (
        Org.objects.restrict(actor, "view")
        .subtree(area)
        .filter(level=Level.JOINT)
        .exclude(status=Status.DISSOLVED)
        .order_by("path")
    )


def name_taken(parent: Org, name: str) -> bool:
    """Whether a live organisation under `parent` already has this name (the tree allows one)."""
    return parent.children.filter(name=name).exclude(status=Status.DISSOLVED).exists()
