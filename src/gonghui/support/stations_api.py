"""The stations part's API, added to the services router by api.py: who is on duty at a station (V1)."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads

from . import stations_selectors as selectors

router = Router()


class DutyShiftOut(Schema):
    provider: str
    kind: str
    firm: str
    starts_at: str
    ends_at: str


class DutyDayOut(Schema):
    date: dt.date
    shifts: list[DutyShiftOut]


class StationDutyOut(Schema):
    place: int
    place_name: str
    days: list[DutyDayOut]


@router.get("/stations/{place_id}/duty", response=reads(StationDutyOut))
@access("org.view")
def station_duty(request: HttpRequest, place_id: Id):
    """Who is on duty at the station (a place) today and each of the next 14 days, with their hours."""
    place = selectors.place_get(actor=request.user, pk=place_id)
    days = selectors.duty(request.user, place, timezone.localdate())
    return {
        "place": place.pk,
        "place_name": place.name,
        "days": [
            {
                "date": d.date,
                "shifts": [
                    {
                        "provider": s.pairing.provider.name,
                        "kind": s.pairing.provider.get_kind_display(),
                        "firm": s.pairing.provider.firm,
                        "starts_at": f"{s.starts_at:%H:%M}",
                        "ends_at": f"{s.ends_at:%H:%M}",
                    }
                    for s in d.shifts
                ],
            }
            for d in days
        ],
    }
