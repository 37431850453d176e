"""The services' figures for a subtree and period (issue 19 §5): each part counts its own (`<part>_selectors`),
this file adds them up for the dashboards, the API and the report sentence, and gathers what waits for the
cadres (reminders of deadlines, requests overdue)."""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse

from gonghui.core.numbers import thousands as zh_number
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from . import (
    cases_selectors,
    hardship_selectors,
    requests_selectors,
    stations_selectors,
    volunteers_selectors,
)

PARTS = (stations_selectors, cases_selectors, volunteers_selectors, hardship_selectors, requests_selectors)


@dataclass(frozen=True)
class Summary:
    figures: dict[str, int]
    consultations_by_topic: list[tuple[str, int]] = field(default_factory=list)
    requests_by_state: list[tuple[str, int]] = field(default_factory=list)
    parts: tuple[str, ...] = ()  # each part's own phrase, in order; empty ones left out

    def __getitem__(self, key: str) -> int:
        return self.figures[key]

    @property
    def on_time_percent(self) -> int | None:
        """V4: the share of answered requests answered within their deadline, rounded down to whole percent
        (integers only: 2 of 3 is 66%, never 67%), or None when nothing was answered."""
        answered = self.figures["requests_answered"]
        return self.figures["requests_on_time"] * 100 // answered if answered else None

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
    return Summary(
        figures=figures,
        consultations_by_topic=stations_selectors.consultations_by_topic(org, start, end),
        requests_by_state=requests_selectors.requests_by_state(org, start, end),
        parts=tuple(parts),
    )


# ---- the module contract: dashboards' work figures, their links and sentence, waiting work, e-card panel ------


def work_figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    f = summary(org, start, end).figures
    return {
        "consultations": f["consultations"],
        "legal_cases": f["cases_opened"],
        "volunteer_served": f["volunteer_served"],
        "hardship_households": f["hardship_households"],
        "requests": f["requests"],
    }


def work_details(org: Org, start: dt.date, end: dt.date) -> str:
    return summary(org, start, end).sentence()


def work_links(org: Org, start: dt.date, end: dt.date) -> dict[str, str]:
    index = f"{reverse('support:index')}?org={org.pk}&year={end.year}"
    return dict.fromkeys(
        ("consultations", "legal_cases", "volunteer_served", "hardship_households", "requests"), index
    )


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    """What waits in the subtree (deadlines near, requests overdue), from each part that has a `todo`; each part
    scopes its own counts with the actor."""
    if not in_scope(actor, "org.view", org):
        return []
    return [row for part in PARTS if hasattr(part, "todo") for row in part.todo(actor, org)]


def member_panel(request, person):
    return requests_selectors.member_panel(request, person)


def written(n: int) -> str:
    """A figure as reports write it (GB/T 15835 grouping)."""
    return zh_number(n)
