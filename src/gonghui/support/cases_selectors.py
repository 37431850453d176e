"""The figures of legal-aid cases (V1) for a subtree and period, as `selectors.summary` adds them up, and the reads
the cases' pages and API make.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.personal import mask_name
from gonghui.core.scope import in_scope
from gonghui.core.workdays import working_days_between
from gonghui.orgs.models import Org

from .models import LegalCase
from .models.cases import CaseStatus, PartyKind

FIGURES = (
    "cases_opened",
    "cases_closed",
    "recovered_yuan",
    "people_covered",
)

SOON_WORKING_DAYS = 5  # a deadline within this many working days is shown as near


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """Cases taken in (intake in the period) and closed in the period, with the money recovered and the workers
    covered by the cases closed in it."""
    cases = LegalCase.objects.in_subtree(org)
    closed = cases.filter(status=CaseStatus.CLOSED, closed_on__range=(start, end))
    sums = closed.aggregate(money=Sum("recovered_yuan"), people=Sum("people_covered"))
    return {
        "cases_opened": cases.filter(intake_date__range=(start, end)).count(),
        "cases_closed": closed.count(),
        "recovered_yuan": sums["money"] or 0,
        "people_covered": sums["people"] or 0,
    }


def yuan_written(yuan: int) -> str:
    """Money as reports write it: 125000 → "12.5万元", 80000 → "8万元", 8000 → "8,000元" (whole yuan; a sum in
    万 keeps two decimals at most, cut, never rounded up)."""
    if yuan < 10000:
        return f"{thousands(yuan)}元"
    wan, rest = divmod(yuan, 10000)
    cents = f"{rest // 100:02d}".rstrip("0")
    return f"{thousands(wan)}{'.' + cents if cents else ''}万元"


def sentence(fig: dict[str, int]) -> str:
    """ "受理法律援助案件5件，结案3件，为职工挽回经济损失12.5万元", naming only what is above zero."""
    parts = []
    if fig["cases_opened"]:
        parts.append(f"受理法律援助案件{thousands(fig['cases_opened'])}件")
    if fig["cases_closed"]:
        parts.append(f"结案{thousands(fig['cases_closed'])}件")
    if fig["recovered_yuan"]:
        parts.append(f"为职工挽回经济损失{yuan_written(fig['recovered_yuan'])}")
    return "，".join(parts)


# ---- deadlines (reminders) ------------------------------------------------------------------------------------------


def deadline_state(case: LegalCase, today: dt.date | None = None) -> tuple[str, int]:
    """("overdue", 0), ("soon", working days left) or ("", 0) for a case's current deadline."""
    if case.status != CaseStatus.OPEN or case.next_deadline is None:
        return "", 0
    today = today or timezone.localdate()
    if case.next_deadline < today:
        return "overdue", 0
    left = working_days_between(today, case.next_deadline)
    return ("soon", left) if left <= SOON_WORKING_DAYS else ("", 0)


def _soon_ids(cases: QuerySet, today: dt.date) -> list[int]:
    rows = cases.filter(
        status=CaseStatus.OPEN, next_deadline__gte=today, next_deadline__lte=today + dt.timedelta(days=31)
    ).values_list("pk", "next_deadline")
    return [pk for pk, day in rows if working_days_between(today, day) <= SOON_WORKING_DAYS]


def due_filter(cases: QuerySet, which: str, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    if which == "overdue":
        return cases.filter(status=CaseStatus.OPEN, next_deadline__lt=today)
    if which == "soon":
        return cases.filter(pk__in=_soon_ids(cases, today))
    return cases


def deadline_counts(cases: QuerySet, today: dt.date | None = None) -> tuple[int, int]:
    """(due within 5 working days, overdue) among open cases."""
    today = today or timezone.localdate()
    return len(_soon_ids(cases, today)), due_filter(cases, "overdue", today).count()


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """The cases of the subtree with a deadline within 5 working days, and those overdue (counts only)."""
    cases = LegalCase.objects.restrict(actor, "view").in_subtree(org)
    soon, overdue = deadline_counts(cases)
    url = reverse("support:cases")
    rows = []
    if soon:
        rows.append(("法律援助案件期限将至", soon, f"{url}?org={org.pk}&due=soon"))
    if overdue:
        rows.append(("法律援助案件已逾期", overdue, f"{url}?org={org.pk}&due=overdue"))
    return rows


# ---- the pages' reads ---------------------------------------------------------------------------------------------------


def case_get(*, actor, pk, perm: str = "view") -> LegalCase:
    found = (
        LegalCase.objects.restrict(actor, perm)
        .select_related("org", "lawyer", "membership__person", "membership__org")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该案件")
    return found


def cases_for(
    *,
    actor,
    status: str = "",
    claim_kind: str = "",
    org: Org | None = None,
    year: int | None = None,
    lawyer=None,
    due: str = "",
    search: str = "",
) -> QuerySet[LegalCase]:
    qs = LegalCase.objects.restrict(actor, "view").select_related("org", "lawyer")
    if status:
        qs = qs.filter(status=status)
    if claim_kind:
        qs = qs.filter(claim_kind=claim_kind)
    if org is not None:
        qs = qs.in_subtree(org)
    if year:
        qs = qs.filter(year=year)
    if lawyer is not None:
        qs = qs.filter(lawyer=lawyer)
    if due:
        qs = due_filter(qs, due)
    if search.strip():
        term = search.strip()
        digits = "".join(ch for ch in term if ch.isdigit())
        q = Q(number__icontains=term)
        if digits and len(digits) <= 4:
            q |= Q(seq=int(digits))
        qs = qs.filter(q)
    return qs


@dataclass(frozen=True)
class HitShown:
    """One match of the conflict check as this actor may see it: an earlier case outside their scope shows only
    its number and that it belongs to another node, never its parties or facts."""

    blocking: bool
    party: str
    number: str
    case_id: int | None  # a link only within the actor's scope
    org_name: str
    earlier_party: str
    side: str
    how: str


def _shown_name(party) -> str:
    return party.name if party.kind == PartyKind.ORGANISATION else mask_name(party.name)


def conflicts_shown(actor, case: LegalCase) -> list[HitShown]:
    shown = []
    for h in case.hits.select_related("party", "earlier__org", "earlier_party"):
        visible = in_scope(actor, "view", h.earlier)
        shown.append(
            HitShown(
                blocking=h.blocking,
                party=_shown_name(h.party),
                number=h.earlier.number,
                case_id=h.earlier.pk if visible else None,
                org_name=h.earlier.org.name if visible else "其他单位",
                earlier_party=_shown_name(h.earlier_party) if visible else "",
                side=h.earlier_party.get_side_display() if visible else "",
                how=h.how if visible else "",
            )
        )
    return shown


def parties_shown(case: LegalCase) -> list[dict]:
    return [
        {
            "pk": p.pk,
            "side": p.get_side_display(),
            "kind": p.get_kind_display(),
            "name": _shown_name(p),
            "is_applicant": p.is_applicant,
            "has_id": bool(p.id_hash),
        }
        for p in case.parties.all()
    ]
