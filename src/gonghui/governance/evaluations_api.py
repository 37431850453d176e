"""The evaluations part's API, added to the governance router by api.py: one round's units with their totals and
ranks (G4): for the round's node at any time, for the evaluated units once published."""

from django.http import HttpRequest
from ninja import Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Id, reads

from . import evaluations_selectors as selectors
from .evaluations_scoring import shown

router = Router()


class EvaluationUnitOut(Schema):
    unit_id: int
    unit: str
    total: str
    rank: int
    vetoed: bool


class EvaluationRoundOut(Schema):
    id: int
    name: str
    year: int
    org: int
    org_name: str
    status: str
    status_label: str
    published: bool
    units: list[EvaluationUnitOut]


@router.get("/evaluations/{round_id}", response=reads(EvaluationRoundOut))
@access("org.view")
def evaluation(request: HttpRequest, round_id: Id):
    """A round with its units' totals (2 decimals, half-up) and shared ranks (1, 2, 2, 4): the round's node sees
    them at any time, an evaluated unit once the ranking is published (before that, an empty list)."""
    rnd = selectors.round_get(actor=request.user, pk=round_id)
    rows = selectors.results(rnd) if selectors.ranking_visible(request.user, rnd) else []
    return {
        "id": rnd.pk,
        "name": rnd.name,
        "year": rnd.year,
        "org": rnd.org_id,
        "org_name": rnd.org.name,
        "status": rnd.status,
        "status_label": rnd.get_status_display(),
        "published": rnd.published_at is not None,
        "units": [
            {
                "unit_id": r.unit.org_id,
                "unit": r.unit.org.name,
                "total": shown(r.result.total),
                "rank": r.result.rank,
                "vetoed": r.result.vetoed,
            }
            for r in rows
        ],
    }
