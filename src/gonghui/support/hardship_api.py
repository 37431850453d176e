"""The hardship part's API, added to the services router by api.py: a file's masked summary for a holder of
hardship.handle (state, category, band, aid total); never the income or the reasons."""

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads

from . import hardship_selectors

router = Router()


class HardshipFileOut(Schema):
    id: int
    org: int
    org_name: str
    name_masked: str
    status: str
    status_label: str
    category: str
    category_label: str
    band: str
    band_label: str
    submitted_on: dt.date | None
    valid_until: dt.date | None
    grants_total_yuan: int


@router.get("/hardship/{file_id}", response=reads(HardshipFileOut))
@access("hardship.handle")
def hardship_file(request: HttpRequest, file_id: Id):
    """A hardship file's masked summary (V3): state, category, income band and money granted in total."""
    f = hardship_selectors.file_get(actor=request.user, pk=file_id)
    return {
        "id": f.pk,
        "org": f.org_id,
        "org_name": f.org.name,
        "name_masked": f.name_masked,
        "status": f.status,
        "status_label": f.get_status_display(),
        "category": f.category,
        "category_label": f.get_category_display(),
        "band": f.band,
        "band_label": f.get_band_display(),
        "submitted_on": f.submitted_on,
        "valid_until": f.valid_until,
        "grants_total_yuan": hardship_selectors.grants_total(actor=request.user, file=f),
    }
