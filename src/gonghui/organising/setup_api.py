"""The setup part's API operations (added to api.router): the set-ups of a subtree, and the approval above that
creates the base union and links the employer (rule O3, R1)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from gonghui.core.access import access
from gonghui.core.api import Day, Id, Pages, reads, writes
from gonghui.orgs.selectors import org_get

from . import setup_selectors as selectors
from . import setup_services as services
from .models import SetUpStatus

router = Router()


class OrganisingSetupOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    org_name: str = Field(..., alias="org.name")
    employer: str = Field(..., alias="target.employer.name")
    union_name: str
    members_expected: int
    status: str
    status_display: str = Field(..., alias="get_status_display")
    started_on: dt.date
    applied_on: dt.date | None
    decided_on: dt.date | None
    decision_note: str
    union: int | None = Field(None, alias="union_id")
    founding_on: dt.date | None


class OrganisingSetupApproveIn(Schema):
    on_date: Day | None = None
    note: str = ""


@router.get("/setups", response=reads(list[OrganisingSetupOut]))
@access("org.view")
@paginate(Pages)
def setups(request: HttpRequest, org: Id | None = None, status: SetUpStatus | None = None):
    """The set-ups of the subtree the caller sees (or of one node, `org`), newest first; `status`: draft (筹建中),
    submitted (已申请), approved (已批复), returned (已退回), founded (已成立), withdrawn (已撤回)."""
    node = org_get(actor=request.user, pk=org) if org else None
    rows = selectors.setups_for(actor=request.user, org=node, status=status or "")
    return rows.order_by("-started_on", "-id")


@router.post("/setups/{setup_id}/approve", response=writes(OrganisingSetupOut))
@access("org.manage")
def approve(request: HttpRequest, setup_id: Id, payload: OrganisingSetupApproveIn):
    """Rule O3: the node above approves an application (on `on_date`, today unless given): the base union is
    created under it and the employer linked from that day. Not the applicant's own application."""
    s = selectors.setup_get(actor=request.user, pk=setup_id, perm="approve")
    done = services.setup_approve(actor=request.user, setup=s, on_date=payload.on_date, note=payload.note)
    return selectors.setup_get(actor=request.user, pk=done.pk)
