"""The figures of hardship aid (V3) for a subtree and period, as `selectors.summary` adds them up, and the reads of
the hardship pages (always through `restrict(actor, "hardship.handle")`).

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor)."""

import datetime as dt

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.members.models import Person
from gonghui.orgs.models import Org

from .models.hardship import FileStatus, GrantKind, HardshipFile, HardshipGrant, IncomeLine

FIGURES = (
    "hardship_applications",
    "hardship_households",
    "aid_yuan",
)
REMIND_DAYS = 30  # V3: the re-review is announced this many days before the year ends


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """Applications submitted in the period; households (distinct files) that received aid in it; money granted."""
    files = HardshipFile.objects.in_subtree(org)
    grants = HardshipGrant.objects.in_subtree(org).filter(given_on__range=(start, end))
    return {
        "hardship_applications": files.filter(submitted_on__range=(start, end)).count(),
        "hardship_households": grants.values("file_id").distinct().count(),
        "aid_yuan": grants.filter(kind=GrantKind.MONEY).aggregate(n=Sum("amount_yuan"))["n"] or 0,
    }


def yuan_written(yuan: int) -> str:
    """Money as reports write it: under 10,000 in yuan (8,500元), else in 万元 to one decimal, cut not rounded
    (36,000 → 3.6万元; 30,000 → 3万元); integers only."""
    if yuan < 10_000:
        return f"{thousands(yuan)}元"
    tenths = yuan // 1_000
    whole, frac = divmod(tenths, 10)
    return f"{thousands(whole)}.{frac}万元" if frac else f"{thousands(whole)}万元"


def sentence(fig: dict[str, int]) -> str:
    """帮扶困难职工12户，发放帮扶资金3.6万元，受理帮扶申请5件 (only the parts that happened)."""
    parts = []
    if fig["hardship_households"]:
        parts.append(f"帮扶困难职工{thousands(fig['hardship_households'])}户")
    if fig["aid_yuan"]:
        parts.append(f"发放帮扶资金{yuan_written(fig['aid_yuan'])}")
    if fig["hardship_applications"]:
        parts.append(f"受理困难帮扶申请{thousands(fig['hardship_applications'])}件")
    return "，".join(parts)


def files_for(
    *,
    actor,
    status: str = "",
    category: str = "",
    org: Org | None = None,
    year: int | None = None,
    due: str = "",
    search: str = "",
    today: dt.date | None = None,
) -> QuerySet[HardshipFile]:
    """The files the actor handles, filtered as the list page asks. `due`: "soon" (re-review within 30 days),
    "overdue" (past the year, not yet re-reviewed). Search: a member number, or the start of a name."""
    today = today or timezone.localdate()
    qs = HardshipFile.objects.restrict(actor, "view").select_related("org")
    if org is not None:
        qs = qs.in_subtree(org)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(submitted_on__year=year)
    if due == "soon":
        qs = qs.filter(
            status=FileStatus.APPROVED,
            valid_until__gte=today,
            valid_until__lte=today + dt.timedelta(days=REMIND_DAYS),
        )
    elif due == "overdue":
        qs = qs.filter(status=FileStatus.APPROVED, valid_until__lt=today)
    term = search.strip()
    if term:
        qs = qs.filter(Q(member_number=term) | Q(person__full_name__startswith=term))
    return qs


def file_get(*, actor, pk, perm: str = "view") -> HardshipFile:
    found = (
        HardshipFile.objects.restrict(actor, perm)
        .select_related("org", "org__parent", "person")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该困难职工档案")
    return found


def grants_of(*, actor, file: HardshipFile) -> QuerySet[HardshipGrant]:
    return HardshipGrant.objects.restrict(actor, "view").filter(file=file).order_by("-given_on", "-pk")


def grants_total(*, actor, file: HardshipFile) -> int:
    return (
        grants_of(actor=actor, file=file).filter(kind=GrantKind.MONEY).aggregate(n=Sum("amount_yuan"))["n"]
        or 0
    )


def lines_for(*, actor) -> QuerySet[IncomeLine]:
    """The lines a handler works with: their city's (and any they set)."""
    return IncomeLine.objects.restrict(actor, "view").select_related("org").order_by("-year", "region_code")


def own_files(person: Person) -> QuerySet[HardshipFile]:
    """A member's own files, newest first, for their phone page (found by their person, not by scope)."""
    return HardshipFile.objects.filter(person=person).select_related("org").order_by("-created_at", "-pk")


def own_grants(person: Person) -> QuerySet[HardshipGrant]:
    return (
        HardshipGrant.objects.filter(file__person=person).select_related("file").order_by("-given_on", "-pk")
    )


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """Re-reviews due within 30 days and those overdue, and files waiting for a review, in the subtree."""
    today = timezone.localdate()
    base = files_for(actor=actor, org=org, today=today)
    url = reverse("support:hardship")
    rows = []
    soon = files_for(actor=actor, org=org, due="soon", today=today).count()
    if soon:
        rows.append((f"困难职工档案{REMIND_DAYS}天内到期待复审", soon, f"{url}?org={org.pk}&due=soon"))
    overdue = files_for(actor=actor, org=org, due="overdue", today=today).count()
    if overdue:
        rows.append(("困难职工档案复审已逾期", overdue, f"{url}?org={org.pk}&due=overdue"))
    waiting = base.filter(status__in=(FileStatus.SUBMITTED, FileStatus.BASE_APPROVED)).count()
    if waiting:
        rows.append(("困难职工档案待审核", waiting, f"{url}?org={org.pk}&status=submitted"))
    return rows
