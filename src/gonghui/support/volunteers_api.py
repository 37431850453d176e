"""The volunteers part's API, added to the services router by api.py: one team with its members and events."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads

from . import volunteers_selectors as selectors

router = Router()


class ServiceCountOut(Schema):
    kind: str
    label: str
    count: int


class TeamEventOut(Schema):
    id: int
    date: dt.date
    title: str
    place: str
    people_served: int
    volunteers: int
    minutes: int
    enterprises_named: int
    enterprises_total: int
    services: list[ServiceCountOut]


class TeamOut(Schema):
    id: int
    name: str
    org: int
    org_name: str
    leader_name: str
    founded_on: dt.date | None
    skills: str
    active: bool
    members: int
    members_registered: int
    events: list[TeamEventOut]


@router.get("/teams/{team_id}", response=reads(TeamOut))
@access("org.view")
def team(request: HttpRequest, team_id: Id):
    """A volunteer team (V2): its members now in the team (how many are registered members), and its standing
    service events, newest first, each with its services by type, people served (人次), the volunteers who served
    and their minutes, and the enterprises taking part."""
    found = selectors.team_get(actor=request.user, pk=team_id)
    members = [m for m in found.members.all() if m.left_on is None]
    events = selectors.team_events(actor=request.user, team=found).prefetch_related(
        "volunteers", "enterprises"
    )
    return {
        "id": found.pk,
        "name": found.name,
        "org": found.org_id,
        "org_name": found.org.name,
        "leader_name": found.leader_name,
        "founded_on": found.founded_on,
        "skills": found.skills,
        "active": found.is_active,
        "members": len(members),
        "members_registered": sum(1 for m in members if m.person_id),
        "events": [
            {
                "id": e.pk,
                "date": e.date,
                "title": e.title,
                "place": e.place_text,
                "people_served": e.people_served,
                "volunteers": len(e.volunteers.all()),
                "minutes": sum(v.minutes for v in e.volunteers.all()),
                "enterprises_named": len(e.enterprises.all()),
                "enterprises_total": e.enterprises_total,
                "services": [
                    {"kind": s.kind, "label": s.get_kind_display(), "count": s.count}
                    for s in e.services.all()
                ],
            }
            for e in events
        ],
    }
