"""The plans part's API, added to the governance router by api.py: a plan's items with their progress, the plan's
progress and the overdue flags (G3), scoped as the pages are (an owner unit gets only its items)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads

from . import plans_selectors

router = Router()


class PlanItemOut(Schema):
    id: int
    label: str
    title: str
    parent: int | None
    owners: list[str]
    due_on: dt.date | None
    weight: int
    progress: int
    overdue: bool


class PlanOut(Schema):
    id: int
    title: str
    kind: str
    org: str
    year: int
    status: str
    whole: bool
    progress: int | None
    overdue_items: int
    items: list[PlanItemOut]


@router.get("/plans/{plan_id}", response=reads(PlanOut))
@access("org.view")
def plan(request: HttpRequest, plan_id: Id):
    """A plan as the caller sees it (G3): from its node and above every item and the plan's progress (the weighted
    roll-up of its items, floored); from an owner unit below only the items assigned to it and no plan progress."""
    view = plans_selectors.plan_view(actor=request.user, pk=plan_id)
    p = view.plan
    return {
        "id": p.pk,
        "title": p.title,
        "kind": p.get_kind_display(),
        "org": p.org.name,
        "year": p.year,
        "status": p.get_status_display(),
        "whole": view.whole,
        "progress": view.progress,
        "overdue_items": view.overdue,
        "items": [
            {
                "id": r.item.pk,
                "label": r.item.label,
                "title": r.item.title,
                "parent": r.item.parent_id if view.whole else None,
                "owners": [o.name for o in r.owners],
                "due_on": r.item.due_on,
                "weight": r.item.weight or 1,
                "progress": r.progress,
                "overdue": r.overdue,
            }
            for r in view.rows
        ],
    }
