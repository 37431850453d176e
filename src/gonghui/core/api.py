"""The audit-log API for the 审计员 role."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from .access import access
from .selectors import audit_events_for

router = Router(tags=["审计 audit"])


class AuditOut(Schema):
    id: int
    created_at: dt.datetime
    actor: str = Field(..., alias="actor_username")
    category: str
    action: str
    org_id: int | None
    target_type: str
    target_id: str
    target_label: str
    before: dict | None
    after: dict | None
    reason: str
    ip: str | None


class AuditFilters(Schema):
    category: str | None = None
    action: str | None = None
    username: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


@router.get("/", response=list[AuditOut])
@access("audit.view")
@paginate(LimitOffsetPagination)
def list_audit(request: HttpRequest, filters: Query[AuditFilters]):
    return audit_events_for(actor=request.user, **filters.dict())
