"""The registry part's figures for a subtree and period (the contract with selectors.py: `FIGURES` names the keys
`figures` returns, whole numbers; `sentence` quotes them as a report does, empty when there is nothing to say;
`todo(actor, org) -> [(label, count, url)]` lists what waits, scoped with the actor)."""

import datetime as dt

from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

FIGURES: tuple[str, ...] = ()


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    return {}


def sentence(fig: dict[str, int]) -> str:
    return ""


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    if not in_scope(actor, "org.view", org):
        return []
    return []
