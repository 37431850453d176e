"""The reports API: read a report into proposed records (nothing written), and a confirmed report's figures checked
against its record. Confirming stays on the pages, where a cadre sees each field beside its sentence."""

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from gonghui.core.access import access
from gonghui.core.api import Day, Id, reads, writes

from . import reader, selectors

router = Router(tags=["报道与记录 press"])


class PressReadIn(Schema):
    text: str = Field(..., min_length=1, max_length=200_000, description="报道原文，可含多篇")
    reported_on: Day = Field(..., description="报道日期：“近日”“今年3月以来”按此推算")


class PressFoundOut(Schema):
    value: Any
    sentence: str
    confidence: float
    note: str


class PressQuotedOut(Schema):
    key: str
    label: str
    value: int
    unit: str
    approx: str
    text: str
    upper: int | None


class PressProposalOut(Schema):
    kind: str
    label: str
    confidence: float
    fields: dict[str, PressFoundOut]
    quoted: list[PressQuotedOut]
    why_not: str


class PressOrgOut(Schema):
    id: int
    name: str


class PressNewOrgOut(Schema):
    name: str
    level: str
    parent_id: int | None
    parent_name: str


class PressArticleOut(Schema):
    headline: str
    orgs: list[PressOrgOut]
    new_orgs: list[PressNewOrgOut]
    proposals: list[PressProposalOut]


class PressReadOut(Schema):
    articles: list[PressArticleOut]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


@router.post("/read", response=writes(PressReadOut))
@access("work.edit")
def read(request: HttpRequest, payload: PressReadIn):
    """The articles of the text, each with the records it proposes: every field with the sentence it came from and
    a confidence (0 to 1), and the figures the report quotes. Nothing is written."""
    readings = reader.read(
        payload.text, matcher=selectors.matcher_for(actor=request.user), report_day=payload.reported_on
    )
    return {
        "articles": [
            {
                "headline": r.article.headline,
                "orgs": [{"id": m.org_id, "name": m.name} for m in r.named],
                "new_orgs": [o.__dict__ for o in r.new_orgs],
                "proposals": [
                    {
                        "kind": p.kind,
                        "label": p.label,
                        "confidence": p.confidence,
                        "fields": {
                            k: {
                                "value": _plain(f.value),
                                "sentence": f.sentence,
                                "confidence": f.confidence,
                                "note": f.note,
                            }
                            for k, f in p.fields.items()
                        },
                        "quoted": [q.__dict__ for q in p.quoted],
                        "why_not": p.why_not,
                    }
                    for p in r.proposals
                ],
            }
            for r in readings
        ]
    }


class PressCheckOut(Schema):
    label: str
    reported: str
    recorded: int | None
    agrees: bool


class PressClippingOut(Schema):
    id: int
    headline: str
    reported_on: dt.date
    org: int
    record_kind: str
    record_id: int
    record_label: str
    checks: list[PressCheckOut]


@router.get("/clippings/{clipping_id}", response=reads(PressClippingOut))
@access("work.edit")
def clipping(request: HttpRequest, clipping_id: Id):
    """A report confirmed into a record, with each figure it quoted beside what the record computes now."""
    c = selectors.clipping_get(actor=request.user, pk=clipping_id)
    return {
        "id": c.pk,
        "headline": c.headline,
        "reported_on": c.reported_on,
        "org": c.org_id,
        "record_kind": c.record_kind,
        "record_id": c.record_id,
        "record_label": c.record_label,
        "checks": [
            {"label": k.label, "reported": k.reported, "recorded": k.recorded, "agrees": k.agrees}
            for k in selectors.checks(actor=request.user, clipping=c)
        ],
    }
