"""The requests part's API, added to the services router by api.py: one request's state and dates, never its
description or the person."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads

from . import requests_selectors as selectors

router = Router()


class RequestOut(Schema):
    id: int
    number: str
    channel: str
    category: str
    state: str
    state_label: str
    org: int
    org_name: str
    received_on: dt.date
    acknowledge_due: dt.date
    answer_due: dt.date
    acknowledged_on: dt.date | None
    answered_on: dt.date | None
    closed_on: dt.date | None
    overdue: bool
    escalated_to: int | None
    escalated_at: dt.datetime | None
    rating: int | None


@router.get("/requests/{request_id}", response=reads(RequestOut))
@access("org.view")
def request_get(request: HttpRequest, request_id: Id):
    """One member's request (rule V4): its state, deadlines and dates, category and the union it is routed to;
    the description and the person are not given."""
    r = selectors.request_get(actor=request.user, pk=request_id)
    return {
        "id": r.pk,
        "number": r.number,
        "channel": r.channel,
        "category": r.get_category_display(),
        "state": r.state,
        "state_label": r.get_state_display(),
        "org": r.org_id,
        "org_name": r.org.name,
        "received_on": r.received_on,
        "acknowledge_due": r.acknowledge_due,
        "answer_due": r.answer_due,
        "acknowledged_on": r.acknowledged_on,
        "answered_on": r.answered_on,
        "closed_on": r.closed_on,
        "overdue": r.overdue_on(selectors.today()),
        "escalated_to": r.escalated_to_id,
        "escalated_at": r.escalated_at,
        "rating": r.rating,
    }
