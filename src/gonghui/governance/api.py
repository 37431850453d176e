"""The governance API: a subtree's figures for a year (issue 20 §5); each part adds its own operations."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, Year, reads
from gonghui.orgs.selectors import org_get

from . import congresses_api, elections_api, evaluations_api, plans_api, selectors

router = Router(tags=["工会治理 governance"])


class GovernanceSummaryOut(Schema):
    org: int
    org_name: str
    year: int
    figures: dict[str, int]
    sentence: str


@router.get("/summary", response=reads(GovernanceSummaryOut))
@access("org.view")
def summary(request: HttpRequest, org: Id, year: Year):
    """The subtree's year: congresses and plenaries held, elections and their turnout, committees whose term ends
    within six months, plans and their progress, evaluation rounds, with the report's sentence."""
    node = org_get(actor=request.user, pk=org)
    s = selectors.summary(node, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return {
        "org": node.pk,
        "org_name": node.name,
        "year": year,
        "figures": s.figures,
        "sentence": s.sentence(),
    }


for part in (congresses_api, elections_api, plans_api, evaluations_api):
    router.add_router("", part.router)
