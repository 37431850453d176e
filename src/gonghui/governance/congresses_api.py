"""The congresses part's API, added to the governance router by api.py: one congress with its sittings'
attendance and its reports' votes (G1)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads

from . import congresses_selectors as sel

router = Router()


class SittingOut(Schema):
    id: int
    on: dt.date
    label: str
    present: int
    entitled: int


class MatterOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    present: int | None
    result: str


class CongressOut(Schema):
    id: int
    org: int
    org_name: str
    kind: str
    number: int
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    place: str
    entitled: int
    delegates: int
    sittings: list[SittingOut]
    reports: list[MatterOut]


@router.get("/congresses/{congress_id}", response=reads(CongressOut))
@access("org.view")
def congress(request: HttpRequest, congress_id: Id):
    """A congress or members' assembly: its dates, entitled (应到), each sitting's present count, and the
    reports and resolutions with their votes and result (approved iff for*2 > present, rule G1)."""
    c = sel.congress_get(actor=request.user, pk=congress_id)
    sittings = []
    for s in c.sittings.all():
        present, entitled = sel.attendance(s)
        sittings.append({"id": s.pk, "on": s.on, "label": s.label, "present": present, "entitled": entitled})
    return {
        "id": c.pk,
        "org": c.org_id,
        "org_name": c.org.name,
        "kind": c.kind,
        "number": c.number,
        "title": c.title,
        "starts_on": c.starts_on,
        "ends_on": c.ends_on,
        "place": c.place,
        "entitled": c.entitled,
        "delegates": c.delegates.count(),
        "sittings": sittings,
        "reports": [
            {
                "id": m.pk,
                "kind": m.kind,
                "kind_label": m.get_kind_display(),
                "title": m.title,
                "votes_for": m.votes_for,
                "votes_against": m.votes_against,
                "votes_abstain": m.votes_abstain,
                "present": m.present,
                "result": m.result_label,
            }
            for m in c.matters.all()
        ],
    }
