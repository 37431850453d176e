"""The figures of members' requests (V4) for a subtree and period, as `selectors.summary` adds them up.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor)."""

import datetime as dt

from gonghui.orgs.models import Org

FIGURES = (
    "requests",
    "requests_answered",
    "requests_on_time",
    "requests_overdue",
    "requests_escalated",
)


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def sentence(fig: dict[str, int]) -> str:
    return ""


def requests_by_state(org: Org, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    """requests by state: (label, count), in the order a report lists them, only those above zero"""
    return []


def member_panel(request, person):
    """The e-card's link to the member's own requests (contract `member_panels`): (template, context) or None."""
    return None
