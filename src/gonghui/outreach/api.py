"""The outreach API: events and join codes with their figures, and card checks (the worker's pages are pages only)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja import Status as HttpStatus

from gonghui.core.access import access
from gonghui.core.api import Id, Moment, reads, writes
from gonghui.members import cards
from gonghui.orgs.selectors import org_get

from . import selectors, services

router = Router(tags=["扫码入会 outreach"])


class EventIn(Schema):
    union_id: Id
    name: str
    place: str = ""
    on_date: dt.date | None = None
    staff_present: str = ""
    gift: str = ""


class OutreachEventOut(Schema):
    id: int
    union_id: int = Field(..., alias="org_id")
    name: str
    place: str
    on_date: dt.date
    staff_present: str
    gift: str


class FiguresOut(Schema):
    scans: int
    joins: int
    approvals: int
    gifts: int


class HourOut(FiguresOut):
    hour: dt.datetime


class StatsOut(Schema):
    totals: FiguresOut
    by_hour: list[HourOut]


class CodeIn(Schema):
    union_id: Id
    label: str = ""
    event_id: Id | None = None
    auto_approve: bool = False
    expires_at: Moment | None = None


class CodeOut(Schema):
    id: int
    union_id: int = Field(..., alias="org_id")
    token: str
    label: str
    event_id: int | None
    auto_approve: bool
    expires_at: dt.datetime | None
    closed_at: dt.datetime | None
    join_path: str = Field(..., description="扫码打开的地址（相对路径）")

    @staticmethod
    def resolve_join_path(obj) -> str:
        return f"/j/{obj.token}/"


class VerifyIn(Schema):
    code: str = Field(..., description="电子会员证二维码中的会员码")


class VerifyOut(Schema):
    valid: bool
    message: str
    name: str = Field("", description="仅显示姓氏")
    union_name: str = ""
    number: str | None = None


def _stats(stats: selectors.EventStats) -> dict:
    return {
        "totals": stats.totals.__dict__,
        "by_hour": [{"hour": hour, **f.__dict__} for hour, f in stats.by_hour],
    }


@router.get("/events", response=reads(list[OutreachEventOut]))
@access("member.view")
def list_events(request: HttpRequest, search: str = ""):
    return list(selectors.events_for(actor=request.user, search=search)[:500])


@router.post("/events", response=writes(OutreachEventOut, 201))
@access("member.manage")
def create_event(request: HttpRequest, payload: EventIn):
    union = org_get(actor=request.user, pk=payload.union_id, perm="member.manage")
    data = payload.dict(exclude={"union_id"})
    return HttpStatus(201, services.event_create(actor=request.user, union=union, **data))


@router.get("/events/{event_id}/stats", response=reads(StatsOut))
@access("member.view")
def event_stats(request: HttpRequest, event_id: Id):
    event = selectors.event_get(actor=request.user, pk=event_id)
    return _stats(selectors.event_stats(event))


@router.get("/codes", response=reads(list[CodeOut]))
@access("member.view")
def list_codes(request: HttpRequest):
    return list(selectors.codes_for(actor=request.user)[:500])


@router.post("/codes", response=writes(CodeOut, 201))
@access("member.manage")
def create_code(request: HttpRequest, payload: CodeIn):
    union = org_get(actor=request.user, pk=payload.union_id, perm="member.manage")
    event = selectors.event_get(actor=request.user, pk=payload.event_id) if payload.event_id else None
    code = services.code_create(
        actor=request.user,
        union=union,
        label=payload.label,
        event=event,
        auto_approve=payload.auto_approve,
        expires_at=payload.expires_at,
    )
    return HttpStatus(201, code)


@router.post("/codes/{code_id}/close", response=writes(CodeOut))
@access("member.manage")
def close_code(request: HttpRequest, code_id: Id):
    code = selectors.code_get(actor=request.user, pk=code_id, perm="member.manage")
    return services.code_close(actor=request.user, code=code)


@router.get("/codes/{code_id}/stats", response=reads(StatsOut))
@access("member.view")
def code_stats(request: HttpRequest, code_id: Id):
    code = selectors.code_get(actor=request.user, pk=code_id)
    return _stats(selectors.code_stats(code))


@router.post("/verify", response=writes(VerifyOut))
@access("member.view")
def verify_card(request: HttpRequest, payload: VerifyIn):
    result = cards.card_verify(actor=request.user, code_text=payload.code)
    m = result.membership
    return {
        "valid": result.valid,
        "message": result.message,
        "name": result.masked_name,
        "union_name": m.org.name if m else "",
        "number": m.number if m else None,
    }
