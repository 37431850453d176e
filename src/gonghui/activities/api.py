"""The activities API: list, detail and record activities; register people, cancel, check in by e-card code,
attendance per session, and the people reached with how they were counted (S5)."""

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus
from ninja.pagination import paginate

from gonghui.core.access import access
from gonghui.core.api import Count, Id, Pages, reads, writes
from gonghui.core.errors import DomainError, NotFound
from gonghui.members.models import Membership
from gonghui.orgs.models import Org, Place
from gonghui.orgs.selectors import org_get

from . import selectors, services
from .models import Approx, Registration, RegistrationMode

router = Router(tags=["工会活动 activities"])


class KindOut(Schema):
    code: str
    name: str


class ReachOut(Schema):
    count: int
    source: str = Field(..., description="统计方式：签到、各场次签到累计，或填写的方式（如现场统计）")
    label: str = Field(..., description="如：86人次（签到）")


class ActivityOut(Schema):
    id: int
    org_id: int
    org_name: str = Field(..., alias="org.name")
    kind: str = Field(..., alias="kind.code")
    kind_name: str = Field(..., alias="kind.name")
    title: str
    starts_on: dt.date
    ends_on: dt.date | None
    place_id: int | None
    place: str = Field(..., alias="place_label")
    target_groups: list[str]
    leaders: str
    outcomes: list[str]
    registration: str
    family: bool
    capacity: int | None
    registered: int = Field(..., alias="n_registered")
    people: int = Field(..., alias="n_people", description="已报名人数（家庭报名含家属）")
    participant_count: int = Field(..., alias="n_participants")
    participant_orgs_count: int | None = Field(
        None, description="参加单位总数（未逐一列出时），如“20余家”为 20"
    )
    participant_orgs_approx: str = Field("", description="总数的说法：空为确数，over 余，about 约，nearly 近")
    participant_orgs_label: str = Field("", description="如：20余家")
    starts_at_time: dt.time | None
    ends_at_time: dt.time | None
    signup_deadline: dt.datetime | None
    checkin_opens_at: dt.datetime | None
    checkin_closes_at: dt.datetime | None
    voided: bool = Field(..., description="已作废（不计入工作数据）")
    void_reason: str
    reach: ReachOut

    @staticmethod
    def resolve_reach(obj) -> dict:
        r = selectors.reach_of(obj)
        return {"count": r.count, "source": r.source, "label": r.label}


class ParticipantIO(Schema):
    name: str = ""
    org_id: Id | None = None
    attendees: Count | None = None


class SessionIO(Schema):
    topic: str
    on_date: dt.date | None = None


class GroupIn(Schema):
    name: str
    capacity: Count | None = None


class SessionOut(SessionIO):
    id: int
    order: int


class GroupOut(Schema):
    id: int | None
    name: str
    capacity: int | None
    registered: int
    people: int
    waitlisted: int


class ActivityDetailOut(ActivityOut):
    summary: str
    completion_sessions: int | None
    co_organiser_ids: list[int]
    co_organisers: list[str] = Field(..., description="协办单位名称，与 co_organiser_ids 一一对应")
    participants: list[ParticipantIO]
    sessions: list[SessionOut]
    groups: list[GroupOut]

    @staticmethod
    def resolve_co_organiser_ids(obj) -> list[int]:
        return [o.pk for o in obj.co_organisers.order_by("pk")]

    @staticmethod
    def resolve_co_organisers(obj) -> list[str]:
        return [o.name for o in obj.co_organisers.order_by("pk")]

    @staticmethod
    def resolve_participants(obj) -> list[dict]:
        return list(selectors.participants_of(obj).values("name", "org_id", "attendees"))

    @staticmethod
    def resolve_sessions(obj) -> list:
        return list(obj.sessions.all())

    @staticmethod
    def resolve_groups(obj) -> list[dict]:
        return [
            {
                "id": g.group.pk if g.group else None,
                "name": g.name,
                "capacity": g.capacity,
                "registered": g.registered,
                "people": g.people,
                "waitlisted": g.waitlisted,
            }
            for g in selectors.group_fill(obj)
        ]


class ActivityIn(Schema):
    org_id: Id
    kind: str = Field(..., description="活动类型代码，见 GET /api/activities/kinds")
    title: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    place_id: Id | None = None
    place_text: str = ""
    co_organiser_ids: list[Id] = Field([], description="协办单位的编号（只能是调用者管辖范围内的工会组织）")
    target_groups: list[str] = []
    leaders: str = ""
    summary: str = ""
    outcomes: list[str] = []
    registration: RegistrationMode = RegistrationMode.NONE
    family: bool = False
    max_party_size: Count = Field(1, ge=1)
    capacity: Count | None = None
    completion_sessions: Count | None = None
    participants: list[ParticipantIO] = []
    groups: list[GroupIn] = []
    sessions: list[SessionIO] = []
    starts_at_time: dt.time | None = None
    ends_at_time: dt.time | None = None
    signup_deadline: dt.datetime | None = None
    checkin_opens_at: dt.datetime | None = None
    checkin_closes_at: dt.datetime | None = None
    participant_orgs_count: Count | None = Field(None, description="参加单位总数，不少于 participants 的个数")
    participant_orgs_approx: Approx = Approx.EXACT
    backdate_reason: str = Field("", description="补录原因：开始日期早于补录期限（默认 30 天）时必填")


class ActivityFilters(Schema):
    kind: str = ""
    org_id: Id | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    search: str = ""
    voided: str = Field("", description="空：不含已作废；only：仅已作废；all：含已作废")


class RegistrationIn(Schema):
    member_number: str = Field("", description="会员证号（会员）；非会员填写 guest_name")
    guest_name: str = ""
    guest_unit: str = ""
    group_id: Id | None = None
    party_size: Count = Field(1, ge=1)
    family_note: str = ""
    invite: bool = False


class RegistrationOut(Schema):
    id: int
    name: str
    unit: str
    group: str | None = Field(None, alias="group.name")
    party_size: int
    family_note: str
    status: str
    checked_in_at: dt.datetime | None
    checked_in_via: str


class CheckInIn(Schema):
    code: str = Field(..., description="电子会员证二维码中的会员码")
    session_id: Id | None = None


class CheckInOut(Schema):
    already: bool
    message: str
    registration: RegistrationOut


class AttendanceIn(Schema):
    session_id: Id
    registration_id: Id
    present: bool = True


class ReachIn(Schema):
    count: Count | None = Field(None, description="不填（null）则按签到计")
    method: str = Field("", description="统计方式，如：现场统计")


def _data(request, payload: ActivityIn) -> services.ActivityData:
    kind = selectors.kinds().filter(code=payload.kind).first()
    if kind is None:
        raise DomainError("kind", f"未知的活动类型：{payload.kind}", fields={"kind": "未知的活动类型"})
    place = None
    if payload.place_id is not None:
        place = Place.objects.restrict(request.user, "view").filter(pk=payload.place_id).first()
        if place is None:
            raise NotFound("未找到该服务阵地")
    co = list(selectors.co_organiser_choices(actor=request.user).filter(pk__in=payload.co_organiser_ids))
    unknown = set(payload.co_organiser_ids) - {o.pk for o in co}
    if unknown:
        raise services.co_organisers_unknown(unknown, field="co_organiser_ids")
    # a participant is linked to a union only inside the caller's tree: any id would tell a name outside it
    wanted = {p.org_id for p in payload.participants if p.org_id}
    orgs = {o.pk: o for o in Org.objects.restrict(request.user, "org.view").filter(pk__in=wanted)}
    if wanted - orgs.keys():
        listed = "、".join(str(pk) for pk in sorted(wanted - orgs.keys()))
        raise DomainError(
            "participants",
            f"参加单位：未找到编号为 {listed} 的工会组织（其他地区的单位请只填写名称）",
            fields={"participants": "只能关联您管辖范围内的工会组织"},
        )
    return services.ActivityData(
        org=org_get(actor=request.user, pk=payload.org_id, perm=services.WRITE),
        kind=kind,
        place=place,
        co_organisers=co,
        participants=[
            services.ParticipantData(name=p.name, org=orgs.get(p.org_id or 0), attendees=p.attendees)
            for p in payload.participants
        ],
        groups=[services.GroupData(name=g.name, capacity=g.capacity) for g in payload.groups],
        sessions=[services.SessionData(topic=s.topic, on_date=s.on_date) for s in payload.sessions],
        backdate_reason=payload.backdate_reason,
        **payload.dict(include=set(services.SCALARS) - {"kind", "place"}),
    )


@router.get("/kinds", response=reads(list[KindOut]))
@access("org.view")
def list_kinds(request: HttpRequest):
    return list(selectors.kinds())


@router.get("/", response=reads(list[ActivityOut]))
@access("org.view")
@paginate(Pages)
def list_activities(request: HttpRequest, filters: Query[ActivityFilters]):
    f = filters.dict()
    org_id = f.pop("org_id")
    org = org_get(actor=request.user, pk=org_id) if org_id else None
    return selectors.activities_for(actor=request.user, org=org, **f)


@router.post("/", response=writes(ActivityDetailOut, 201))
@access("work.edit")
def create_activity(request: HttpRequest, payload: ActivityIn):
    activity = services.activity_create(actor=request.user, data=_data(request, payload))
    return HttpStatus(201, selectors.activity_get(actor=request.user, pk=activity.pk))


@router.get("/{activity_id}", response=reads(ActivityDetailOut))
@access("org.view")
def get_activity(request: HttpRequest, activity_id: Id):
    return selectors.activity_get(actor=request.user, pk=activity_id)


@router.get("/{activity_id}/registrations", response=reads(list[RegistrationOut]))
@access("member.view")
def list_registrations(request: HttpRequest, activity_id: Id, status: str = ""):
    activity = selectors.activity_get(actor=request.user, pk=activity_id, perm=selectors.PEOPLE)
    return list(selectors.registrations_of(activity, status=status)[:5000])


@router.post("/{activity_id}/registrations", response=writes(RegistrationOut, 201))
@access("work.edit")
def register(request: HttpRequest, activity_id: Id, payload: RegistrationIn):
    activity = selectors.activity_get(actor=request.user, pk=activity_id, perm=services.WRITE)
    person = None
    if payload.member_number.strip():
        membership = (
            Membership.objects.restrict(request.user, "member.view")
            .filter(number=payload.member_number.strip())
            .select_related("person")
            .first()
        )
        if membership is None:
            raise DomainError("number", "未找到该会员证号的会员", fields={"member_number": "未找到"})
        person = membership.person
    group = activity.groups.filter(pk=payload.group_id).first() if payload.group_id else None
    if payload.group_id and group is None:
        raise DomainError("group", "所选小组不属于本活动", fields={"group_id": "不属于本活动"})
    registration = services.registration_add(
        actor=request.user,
        activity=activity,
        person=person,
        guest_name=payload.guest_name,
        guest_unit=payload.guest_unit,
        group=group,
        party_size=payload.party_size,
        family_note=payload.family_note,
        invite=payload.invite,
    )
    return HttpStatus(201, registration)


@router.post("/registrations/{registration_id}/cancel", response=writes(list[RegistrationOut]))
@access("work.edit")
def cancel_registration(request: HttpRequest, registration_id: Id):
    """Cancel; answers with the registrations promoted from the waiting list (first come, first served)."""
    registration = selectors.registration_get(actor=request.user, pk=registration_id)
    return services.registration_cancel(actor=request.user, registration=registration)


@router.post("/{activity_id}/checkin", response=writes(CheckInOut))
@access("work.edit")
def check_in(request: HttpRequest, activity_id: Id, payload: CheckInIn):
    activity = selectors.activity_get(actor=request.user, pk=activity_id, perm=services.WRITE)
    session = activity.sessions.filter(pk=payload.session_id).first() if payload.session_id else None
    if payload.session_id and session is None:
        raise NotFound("未找到该场次")
    result = services.check_in_card(
        actor=request.user, activity=activity, code_text=payload.code, session=session
    )
    return {"already": result.already, "message": result.message, "registration": result.registration}


@router.post("/{activity_id}/attendance", response=writes(RegistrationOut))
@access("work.edit")
def mark_attendance(request: HttpRequest, activity_id: Id, payload: AttendanceIn):
    activity = selectors.activity_get(actor=request.user, pk=activity_id, perm=services.WRITE)
    session = activity.sessions.filter(pk=payload.session_id).first()
    registration = (
        Registration.objects.restrict(request.user, "view")
        .filter(activity=activity, pk=payload.registration_id)
        .first()
    )
    if session is None or registration is None:
        raise NotFound()
    services.attendance_mark(
        actor=request.user, session=session, registration=registration, present=payload.present
    )
    return registration


@router.post("/{activity_id}/reach", response=writes(ReachOut))
@access("work.edit")
def set_reach(request: HttpRequest, activity_id: Id, payload: ReachIn):
    activity = selectors.activity_get(actor=request.user, pk=activity_id, perm=services.WRITE)
    services.reach_set(actor=request.user, activity=activity, count=payload.count, method=payload.method)
    r = selectors.reach_of(selectors.activity_get(actor=request.user, pk=activity_id))
    return {"count": r.count, "source": r.source, "label": r.label}


class VoidIn(Schema):
    reason: str = Field(..., description="作废原因，如：重复录入")


@router.post("/{activity_id}/void", response=writes(ActivityDetailOut))
@access("work.edit")
def void_activity(request: HttpRequest, activity_id: Id, payload: VoidIn):
    """Void an activity recorded in error: it stays, marked 已作废 with the reason, and stops counting."""
    activity = selectors.activity_get(actor=request.user, pk=activity_id, perm=services.WRITE)
    services.activity_void(actor=request.user, activity=activity, reason=payload.reason)
    return selectors.activity_get(actor=request.user, pk=activity_id)
