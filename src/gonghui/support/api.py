"""The services API: a subtree's figures for a year (issue 19 §5); each part adds its own operations."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, Year, reads
from gonghui.orgs.selectors import org_get

from . import cases_api, hardship_api, requests_api, selectors, stations_api, volunteers_api

router = Router(tags=["维权服务 services"])


class ServicesCountOut(Schema):
    label: str
    count: int


class ServicesSummaryOut(Schema):
    org: int
    org_name: str
    year: int
    figures: dict[str, int]
    consultations_by_topic: list[ServicesCountOut]
    requests_by_state: list[ServicesCountOut]
    on_time_percent: int | None
    sentence: str


@router.get("/summary", response=reads(ServicesSummaryOut))
@access("org.view")
def summary(request: HttpRequest, org: Id, year: Year):
    """The services of the subtree in the year: consultations by topic, legal-aid cases opened and closed and
    money recovered, providers and station pairings, volunteer services and people served, hardship households
    helped, requests by state and the share answered on time, with the report's sentence."""
    node = org_get(actor=request.user, pk=org)
    s = selectors.summary(node, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return {
        "org": node.pk,
        "org_name": node.name,
        "year": year,
        "figures": s.figures,
        "consultations_by_topic": [{"label": k, "count": n} for k, n in s.consultations_by_topic],
        "requests_by_state": [{"label": k, "count": n} for k, n in s.requests_by_state],
        "on_time_percent": s.on_time_percent,
        "sentence": s.sentence(),
    }


for part in (stations_api, cases_api, volunteers_api, hardship_api, requests_api):
    router.add_router("", part.router)
