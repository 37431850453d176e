"""The figures of congresses and members' assemblies with their delegates, sittings, reports and votes, and committee plenaries (G1):
for a subtree and period, as `selectors.summary` adds them up.

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor)."""

import datetime as dt

from gonghui.orgs.models import Org

FIGURES = (
    "congresses_held",
    "plenaries_held",
    "reports_approved",
    "delegates",
)


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    return dict.fromkeys(FIGURES, 0)


def sentence(fig: dict[str, int]) -> str:
    return ""
