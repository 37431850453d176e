"""The pipeline part's API operations (added to api.router): a subtree's targets (paged, filtered as the list
page is), one target with its visits and event contacts, and recording a visit (R1)."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from gonghui.core.access import access
from gonghui.core.api import Day, Id, Pages, reads, writes
from gonghui.core.errors import DomainError
from gonghui.orgs.selectors import org_get

from . import pipeline_selectors as selectors
from . import pipeline_services as pipeline
from .models import Priority, Stage

router = Router()


class PipelineTargetFilters(Schema):
    org: Id | None = Field(None, description="组织（含下级）")
    stage: str = Field("", description="阶段：none 未建会、visited 已走访、preparing 筹建中、formed 已建会")
    priority: str = Field("", description="优先级：high 重点、normal 一般、low 暂缓")
    overdue: bool = Field(False, description="只看下一步已逾期的")
    search: str = Field("", max_length=100, description="单位名称或统一社会信用代码")


class PipelineTargetOut(Schema):
    id: int
    employer_id: int
    employer: str = Field(..., alias="employer.name")
    uscc: str = Field(..., alias="employer.uscc")
    org_id: int
    org_name: str = Field(..., alias="org.name")
    headcount: int = Field(..., alias="employer.headcount")
    stage: str
    stage_name: str = Field(..., alias="get_stage_display")
    priority: str
    owner: str | None
    channel: str
    next_step: str
    next_step_on: dt.date | None
    overdue: bool = Field(..., description="下一步日期已过且尚未建会")
    first_contact_on: dt.date | None
    formed_on: dt.date | None

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return _who(obj.owner)

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return _overdue(obj, timezone.localdate())


class PipelineVisitOut(Schema):
    id: int
    target_id: int
    kind: str
    kind_name: str
    on: dt.date
    visitors: str
    met: str
    said: str
    outcome: str
    outcome_name: str
    next_step: str
    next_step_on: dt.date | None
    recorded_by: str | None


class PipelineContactOut(Schema):
    event_id: int
    event: str
    kind_name: str
    on: dt.date
    met: str
    outcome: str
    outcome_name: str
    next_step: str
    next_step_on: dt.date | None


class PipelineTargetDetailOut(PipelineTargetOut):
    is_priority_group: bool
    is_platform: bool
    note: str
    visits: list[PipelineVisitOut] = Field(..., alias="visit_rows")
    contacts: list[PipelineContactOut] = Field(..., alias="contact_rows")


class PipelineVisitIn(Schema):
    kind: str = Field("visit", description="visit 走访、meeting 沟通会、phone 电话联系")
    on: Day = Field(..., description="走访日期，不晚于今天")
    visitors: str = Field(..., max_length=200, description="走访人员")
    met: str = Field("", max_length=100, description="接待人，如：店长 王某")
    said: str = Field("", max_length=5000, description="沟通情况")
    outcome: str = Field(
        ..., description="agreed 同意筹建、interested 有意向、follow_up 需再沟通、declined 暂不同意"
    )
    next_step: str = Field("", max_length=200)
    next_step_on: Day | None = None


def _who(user) -> str | None:
    return (user.full_name or user.username) if user else None


def _overdue(t, today: dt.date) -> bool:
    return t.stage != Stage.FORMED and t.next_step_on is not None and t.next_step_on < today


def _visit(v) -> dict:
    return {
        "id": v.pk,
        "target_id": v.target_id,
        "kind": v.kind,
        "kind_name": v.get_kind_display(),
        "on": v.on,
        "visitors": v.visitors,
        "met": v.met,
        "said": v.said,
        "outcome": v.outcome,
        "outcome_name": v.get_outcome_display(),
        "next_step": v.next_step,
        "next_step_on": v.next_step_on,
        "recorded_by": _who(v.recorded_by),
    }


def _contact(c) -> dict:
    return {
        "event_id": c.event_id,
        "event": c.event.title,
        "kind_name": c.event.get_kind_display(),
        "on": c.event.on,
        "met": c.met,
        "outcome": c.outcome,
        "outcome_name": c.get_outcome_display(),
        "next_step": c.next_step,
        "next_step_on": c.next_step_on,
    }


@router.get("/targets", response=reads(list[PipelineTargetOut]))
@access("org.view")
@paginate(Pages)
def list_targets(request: HttpRequest, filters: Query[PipelineTargetFilters]):
    """The organising targets of a subtree (R1), dated next steps first (the overdue at the top)."""
    f = filters.dict()
    if f["stage"] and f["stage"] not in Stage.values:
        raise DomainError("invalid", "阶段无效", fields={"stage": "无效"})
    if f["priority"] and f["priority"] not in Priority.values:
        raise DomainError("invalid", "优先级无效", fields={"priority": "无效"})
    org_id = f.pop("org")
    org = org_get(actor=request.user, pk=org_id) if org_id else None
    return selectors.targets_for(actor=request.user, org=org, **f).order_by(
        "undated", "next_step_on", "employer__name", "pk"
    )


@router.get("/targets/{target_id}", response=reads(PipelineTargetDetailOut))
@access("org.view")
def get_target(request: HttpRequest, target_id: Id):
    """One target with its visits and the events where it was contacted, the latest first."""
    t = selectors.target_get(actor=request.user, pk=target_id)
    entries = selectors.timeline(t)
    t.visit_rows = [_visit(e.visit) for e in entries if e.visit]
    t.contact_rows = [_contact(e.contact) for e in entries if e.contact]
    return t


@router.post("/targets/{target_id}/visits", response=writes(PipelineVisitOut, 201))
@access("employer.manage")
def record_visit(request: HttpRequest, target_id: Id, payload: PipelineVisitIn):
    """Record a visit to the target (R1): the target moves to 已走访 and takes the visit's next step."""
    t = selectors.target_get(actor=request.user, pk=target_id, perm="manage")
    visit = pipeline.visit_record(actor=request.user, target=t, **payload.dict())
    return HttpStatus(201, _visit(visit))
