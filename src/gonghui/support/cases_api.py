"""The cases part's API, added to the services router by api.py: one legal-aid case as a program reads it, the
applicant masked and no facts (rule V1, I3)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads
from gonghui.core.personal import mask_name

from . import cases_selectors

router = Router()


class CaseEventOut(Schema):
    kind: str
    on_date: dt.date
    deadline: dt.date | None
    note: str


class CaseOut(Schema):
    id: int
    number: str
    org: int
    org_name: str
    status: str
    stage: str
    claim_kind: str
    intake_date: dt.date
    closed_on: dt.date | None
    next_deadline: dt.date | None
    applicant: str
    lawyer: str | None
    conflict_open: bool
    result: str | None
    recovered_yuan: int | None
    people_covered: int | None
    timeline: list[CaseEventOut]


@router.get("/cases/{case_id}", response=reads(CaseOut))
@access("org.view")
def case(request: HttpRequest, case_id: Id):
    """A legal-aid case: number, status and stage, dates, lawyer, the applicant's masked name and the timeline
    (steps, dates, deadlines, notes); never the facts or a document number."""
    c = cases_selectors.case_get(actor=request.user, pk=case_id)
    closed = c.closed_on is not None
    return {
        "id": c.pk,
        "number": c.number,
        "org": c.org_id,
        "org_name": c.org.name,
        "status": c.get_status_display(),
        "stage": c.get_stage_display(),
        "claim_kind": c.get_claim_kind_display(),
        "intake_date": c.intake_date,
        "closed_on": c.closed_on,
        "next_deadline": c.next_deadline if not closed else None,
        "applicant": mask_name(c.applicant_name),
        "lawyer": c.lawyer.name if c.lawyer_id else None,
        "conflict_open": c.conflict_open,
        "result": c.get_result_display() if closed else None,
        "recovered_yuan": c.recovered_yuan if closed else None,
        "people_covered": c.people_covered if closed else None,
        "timeline": [
            {"kind": e.get_kind_display(), "on_date": e.on_date, "deadline": e.deadline, "note": e.note}
            for e in c.events.all()
        ],
    }
