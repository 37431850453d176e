"""The organising API: a subtree's figures for a year (issue 21 §4); each part adds its own operations."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, Year, reads
from gonghui.orgs.selectors import org_get

from . import pipeline_api, registry_api, selectors, setup_api

router = Router(tags=["建会入会 organising"])


class OrganisingSummaryOut(Schema):
    org: int
    org_name: str
    year: int
    figures: dict[str, int]
    unionisation_rate_permille: int | None
    unionisation_rate_before_permille: int | None
    sentence: str


@router.get("/summary", response=reads(OrganisingSummaryOut))
@access("org.view")
def summary(request: HttpRequest, org: Id, year: Year):
    """The subtree's year: employers visited, new unions formed by channel and the workers they cover, targets by
    stage, conversion from visit to union, median days from first visit to union, certificates due, with 建会率
    (‰) at the year's end (or today) and at the end of the year before, and the report's sentence."""
    node = org_get(actor=request.user, pk=org)
    s = selectors.summary(node, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return {
        "org": node.pk,
        "org_name": node.name,
        "year": year,
        "figures": s.figures,
        "unionisation_rate_permille": s.rate_permille,
        "unionisation_rate_before_permille": s.rate_before_permille,
        "sentence": s.sentence(),
    }


router.add_router("", pipeline_api.router)
router.add_router("", setup_api.router)
router.add_router("", registry_api.router)
