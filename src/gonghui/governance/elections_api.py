"""The elections part's API, added to the governance router by api.py: an election's seats, candidates in
姓氏笔画 order with their votes, the count's validity, who is elected, and where it stands (rule G2, R21)."""

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads

from . import elections_selectors as selectors

router = Router()


class CandidateOut(Schema):
    name: str
    role: str
    write_in: bool
    yes: int
    elected: bool


class ElectionOut(Schema):
    id: int
    org: int
    org_name: str
    title: str
    body: str
    held_on: str
    status: str
    seats: int
    entitled: int
    present: int
    ballots_issued: int
    ballots_returned: int
    invalid_ballots: int
    quorum_met: bool
    valid: bool
    invalid_reason: str
    candidates: list[CandidateOut]
    elected: list[str]
    tied: list[str]
    shortfall: int
    signed: bool


@router.get("/elections/{election_id}", response=reads(ElectionOut))
@access("org.view")
def election(request: HttpRequest, election_id: Id):
    """One election: seats, candidates with their yes votes, whether the vote is valid (rule G2), who is elected,
    any tie at the last seat or shortfall, and its status up to the approval above (R21)."""
    e = selectors.election_get(actor=request.user, pk=election_id)
    r = selectors.election_result(e)
    elected = set(r.count.elected)
    return {
        "id": e.pk,
        "org": e.org_id,
        "org_name": e.org.name,
        "title": e.title,
        "body": e.get_body_display(),
        "held_on": e.held_on.isoformat(),
        "status": e.get_status_display(),
        "seats": e.seats,
        "entitled": e.entitled,
        "present": e.present,
        "ballots_issued": e.ballots_issued,
        "ballots_returned": e.ballots_returned,
        "invalid_ballots": e.invalid_ballots,
        "quorum_met": r.quorum_met,
        "valid": r.count.valid,
        "invalid_reason": r.reason,
        "candidates": [
            {
                "name": c.name,
                "role": c.get_role_display(),
                "write_in": c.write_in,
                "yes": c.yes,
                "elected": c.pk in elected,
            }
            for c in r.candidates
        ],
        "elected": r.elected_names,
        "tied": [c.name for c in r.tied],
        "shortfall": r.count.shortfall,
        "signed": e.signed_at is not None,
    }
