"""The organisation API: list with filters and search, detail, and each tree operation."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate
from pydantic import field_validator

from gonghui.core.access import access
from gonghui.core.api import Count, Id, Pages, reads, writes

from . import selectors, services
from .models import Level, Status

router = Router(tags=["组织 orgs"])


class OrgOut(Schema):
    id: int
    name: str
    short_name: str
    level: str
    level_display: str = Field(..., alias="get_level_display")
    parent_id: int | None
    depth: int
    district_code: str
    industry: str
    uscc: str
    legal_person_certificate: str
    committee_chair: str
    term_start: dt.date | None
    term_years: int | None
    established_on: dt.date | None
    status: str
    dissolved_on: dt.date | None


class OrgFilters(Schema):
    level: Level | None = None
    district: str | None = Field(None, description="GB/T 2260 代码或其前缀，如 110105")
    subtree: Id | None = Field(None, description="只列出该组织及其下级")
    status: Status | None = None
    search: str | None = Field(None, description="按名称或简称搜索")


class OrgFields(Schema):
    short_name: str = ""
    district_code: str = ""
    industry: str = ""
    uscc: str = ""
    legal_person_certificate: str = ""
    committee_chair: str = ""
    term_start: dt.date | None = None
    term_years: Count | None = None
    established_on: dt.date | None = None
    status: Status = Status.ACTIVE


class OrgCreateIn(OrgFields):
    parent_id: Id
    name: str
    level: Level
    reason: str = ""


class OrgPatchIn(Schema):
    """Only the fields sent change; null clears a field, as "" does for text (the name cannot be cleared)."""

    name: str | None = None
    short_name: str | None = None
    district_code: str | None = None
    industry: str | None = None
    uscc: str | None = None
    legal_person_certificate: str | None = None
    committee_chair: str | None = None
    term_start: dt.date | None = None
    term_years: Count | None = None
    established_on: dt.date | None = None
    reason: str = ""

    @field_validator(
        "name",
        "short_name",
        "district_code",
        "industry",
        "uscc",
        "legal_person_certificate",
        "committee_chair",
    )
    @classmethod
    def null_clears_text(cls, value: str | None) -> str:
        return "" if value is None else value


class MoveIn(Schema):
    new_parent_id: Id
    reason: str = ""


class DissolveIn(Schema):
    reason: str
    on_date: dt.date | None = None


class HistoryOut(Schema):
    created_at: dt.datetime
    actor: str = Field(..., alias="actor_username")
    action: str
    before: dict | None
    after: dict | None
    reason: str


@router.get("/", response=reads(list[OrgOut]))
@access("org.view")
@paginate(Pages)
def list_orgs(request: HttpRequest, filters: Query[OrgFilters]):
    subtree = selectors.org_get(actor=request.user, pk=filters.subtree) if filters.subtree else None
    return selectors.orgs_for(
        actor=request.user,
        level=filters.level,
        district=filters.district,
        subtree=subtree,
        search=filters.search,
        status=filters.status,
    ).order_by("path")


@router.get("/{org_id}", response=reads(OrgOut))
@access("org.view")
def get_org(request: HttpRequest, org_id: Id):
    return selectors.org_get(actor=request.user, pk=org_id)


@router.post("/", response=writes(OrgOut, 201))
@access("org.manage")
def create_org(request: HttpRequest, payload: OrgCreateIn):
    parent = selectors.org_get(actor=request.user, pk=payload.parent_id, perm="org.manage")
    data = payload.dict(exclude={"parent_id", "name", "level", "reason"})
    org = services.org_create(
        actor=request.user,
        parent=parent,
        name=payload.name,
        level=payload.level,
        reason=payload.reason,
        **data,
    )
    return HttpStatus(201, org)


@router.patch("/{org_id}", response=writes(OrgOut))
@access("org.manage")
def update_org(request: HttpRequest, org_id: Id, payload: OrgPatchIn):
    org = selectors.org_get(actor=request.user, pk=org_id, perm="org.manage")
    changes = payload.dict(exclude_unset=True, exclude={"reason"})
    return services.org_update(actor=request.user, org=org, reason=payload.reason, **changes)


@router.post("/{org_id}/move", response=writes(OrgOut))
@access("org.manage")
def move_org(request: HttpRequest, org_id: Id, payload: MoveIn):
    org = selectors.org_get(actor=request.user, pk=org_id, perm="org.manage")
    new_parent = selectors.org_get(actor=request.user, pk=payload.new_parent_id, perm="org.manage")
    return services.org_move(actor=request.user, org=org, new_parent=new_parent, reason=payload.reason)


@router.post("/{org_id}/dissolve", response=writes(OrgOut))
@access("org.manage")
def dissolve_org(request: HttpRequest, org_id: Id, payload: DissolveIn):
    org = selectors.org_get(actor=request.user, pk=org_id, perm="org.manage")
    return services.org_dissolve(actor=request.user, org=org, reason=payload.reason, on_date=payload.on_date)


@router.get("/{org_id}/history", response=reads(list[HistoryOut]))
@access("org.view")
def org_history(request: HttpRequest, org_id: Id):
    org = selectors.org_get(actor=request.user, pk=org_id)
    return list(selectors.org_history(org=org)[:200])


class EmployerOut(Schema):
    id: int
    name: str
    uscc: str
    industry: str
    ownership: str
    headcount: int
    address: str
    district_code: str
    org_id: int
    union_id: int | None
    coverage: str
    coverage_display: str = Field(..., alias="get_coverage_display")


class PlaceOut(Schema):
    id: int
    name: str
    kind: str
    kind_display: str = Field(..., alias="get_kind_display")
    address: str
    district_code: str
    opening_hours: str
    facilities: list[str]
    org_id: int
    is_open: bool


employers_router = Router(tags=["用人单位 employers"])
places_router = Router(tags=["服务阵地 places"])


@employers_router.get("/", response=reads(list[EmployerOut]))
@access("org.view")
@paginate(Pages)
def list_employers(
    request: HttpRequest, org: Id | None = None, coverage: str | None = None, search: str | None = None
):
    scope = selectors.org_get(actor=request.user, pk=org) if org else None
    return selectors.employers_for(actor=request.user, org=scope, coverage=coverage, search=search).order_by(
        "id"
    )


@places_router.get("/", response=reads(list[PlaceOut]))
@access("org.view")
@paginate(Pages)
def list_places(
    request: HttpRequest, org: Id | None = None, kind: str | None = None, search: str | None = None
):
    scope = selectors.org_get(actor=request.user, pk=org) if org else None
    return selectors.places_for(actor=request.user, org=scope, kind=kind, search=search).order_by("id")
