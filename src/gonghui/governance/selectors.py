"""The governance figures for a subtree and period (issue 20 §5): each part counts its own (`<part>_selectors`),
this file adds them up for the dashboards, the API and the report sentence; it also reads what the parts share:
the committees and their terms (O6)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.scope import has_perm, in_scope
from gonghui.orgs.models import Org, Status

from . import congresses_selectors, elections_selectors, evaluations_selectors, plans_selectors
from .models import Committee

PARTS = (congresses_selectors, elections_selectors, plans_selectors, evaluations_selectors)
TERM_WARNING_MONTHS = 6  # O6: a committee whose term ends within six months is due for its election


def _months_later(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def terms_ending(org: Org, on: dt.date, months: int = TERM_WARNING_MONTHS):
    """The live nodes of the subtree whose committee's term (O6: term_start + 3 or 5 years) ends between `on` and
    `months` later, or has ended already without a new one: due for their election."""
    nodes = (
        Org.objects.in_subtree(org)
        .exclude(status=Status.DISSOLVED)
        .filter(term_start__isnull=False, term_years__isnull=False)
    )
    horizon = _months_later(on, months)
    due = [o for o in nodes.only("pk", "term_start", "term_years", "name") if _term_end(o) <= horizon]
    return sorted(due, key=_term_end)


def _term_end(o: Org) -> dt.date:
    start, years = o.term_start, o.term_years
    assert start is not None and years is not None
    try:
        return start.replace(year=start.year + years)
    except ValueError:  # 29 February
        return start.replace(year=start.year + years, day=28)


@dataclass(frozen=True)
class Summary:
    figures: dict[str, int]
    parts: tuple[str, ...] = ()

    def __getitem__(self, key: str) -> int:
        return self.figures[key]

    def sentence(self) -> str:
        return "，".join(self.parts)


def summary(org: Org, start: dt.date, end: dt.date) -> Summary:
    figures: dict[str, int] = {}
    parts = []
    for part in PARTS:
        fig = part.figures(org, start, end)
        missing = set(part.FIGURES) - set(fig)
        assert not missing, f"{part.__name__}.figures is missing {sorted(missing)}"
        figures.update(fig)
        if said := part.sentence(fig):
            parts.append(said)
    as_of = min(end, timezone.localdate())
    figures["terms_ending"] = len(terms_ending(org, as_of))
    if figures["terms_ending"]:
        parts.append(f"{thousands(figures['terms_ending'])}个工会委员会任期将在半年内届满或已届满")
    return Summary(figures=figures, parts=tuple(parts))


# ---- the module contract: dashboards' work figures, their links and sentence, waiting work, the org page --------


def work_figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    f = summary(org, start, end).figures
    return {
        "congresses": f["congresses_held"] + f["plenaries_held"],
        "elections": f["elections_approved"],
        "plan_items": f["plan_items"],
    }


def work_details(org: Org, start: dt.date, end: dt.date) -> str:
    return summary(org, start, end).sentence()


def work_links(org: Org, start: dt.date, end: dt.date) -> dict[str, str]:
    index = f"{reverse('governance:index')}?org={org.pk}&year={end.year}"
    return dict.fromkeys(("congresses", "elections", "plan_items"), index)


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """What waits in the subtree: committees whose term ends within six months (O6), and each part's own."""
    if not in_scope(actor, "org.view", org):
        return []
    due = len(terms_ending(org, timezone.localdate()))
    rows = [("委员会任期半年内届满", due, f"{reverse('governance:index')}?org={org.pk}")]
    return rows + [row for part in PARTS if hasattr(part, "todo") for row in part.todo(actor, org)]


def present_committee(org: Org) -> Committee | None:
    return Committee.objects.filter(org=org, ended_on__isnull=True).prefetch_related("members").first()


def org_figures(actor, org: Org) -> list[tuple[str, object, str]]:
    """On the organisation's page: its committee's members now (O6), linked to the committee and its history."""
    if not has_perm(actor, "org.view", org):
        return []
    committee = present_committee(org)
    if committee is None:
        return []
    return [("本届委员会成员", committee.members.count(), reverse("governance:committee", args=[org.pk]))]


def committees_of(*, actor, org_id) -> tuple[Org, list[Committee]]:
    """A node the actor may see, and its committees, the present one first (O6)."""
    org = Org.objects.restrict(actor, "org.view").filter(pk=org_id).first() if str(org_id).isdigit() else None
    if org is None:
        raise NotFound("未找到该组织")
    rows = (
        Committee.objects.filter(org=org)
        .prefetch_related("members")
        .order_by(F("ended_on").desc(nulls_first=True), "-term_start")
    )
    return org, list(rows)
