"""The figures of lawyers and professionals, their pairings with service stations and rota, consultations and materials, dispute screening (V1):
for a subtree and period, as `selectors.summary` adds them up.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor)."""

import datetime as dt

from gonghui.orgs.models import Org

FIGURES = (
    "providers",
    "lawyers",
    "stations_paired",
    "pairings",
    "consultations",
    "materials",
    "screening_visits",
    "risks_found",
)


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def sentence(fig: dict[str, int]) -> str:
    return ""


def consultations_by_topic(org: Org, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """consultations by topic: (label, count), in the order a report lists them, only those above zero"""
    return []
