"""The member API: the register with filters, search and keyset pages, one member, and each action.

Document numbers and mobiles are masked in every response; the full values come only from
`POST /api/members/{id}/reveal` with a reason, which is audited.
"""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja import Status as HttpStatus

from gonghui.core.access import access
from gonghui.core.api import Id, reads, writes
from gonghui.core.errors import DomainError, NotFound
from gonghui.orgs.selectors import org_get

from . import selectors, services, transitions
from .filters import MemberFilterForm
from .identity import DocType
from .models import Channel, LeaveReason

router = Router(tags=["会员 members"])
transfers_router = Router(tags=["转会 transfers"])


class PersonOut(Schema):
    full_name: str
    doc_type: str
    id_number: str = Field(..., alias="id_masked", description="脱敏：前3位与后4位")
    mobile: str = Field(..., alias="mobile_masked", description="脱敏：138****1234")
    gender: str
    birth_date: dt.date | None
    ethnicity: str
    education: str
    residence: str
    employment_status: str
    skill_level: str
    is_migrant: bool
    is_new_form: bool
    priority_group: str
    is_hardship: bool
    is_model_worker: bool


class MemberOut(Schema):
    id: int
    person: PersonOut
    union_id: int = Field(..., alias="org_id")
    union_name: str = Field(..., alias="org.name")
    employer_name: str
    number: str | None
    status: str
    status_label: str
    channel: str
    applied_on: dt.date
    join_date: dt.date | None
    dues_paid_until: dt.date | None
    actions: list[str] = Field(
        ...,
        description="当前会籍状态允许办理的事项，即 POST /{member_id}/<事项>（另需 member.manage 权限）",
    )

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.status_on(timezone.localdate())

    @staticmethod
    def resolve_actions(obj) -> list[str]:
        return [a.code for a in transitions.buttons(obj.status_on(timezone.localdate()), always=False)]

    @staticmethod
    def resolve_status_label(obj) -> str:
        return obj.status_label()


class MemberPage(Schema):
    items: list[MemberOut]
    next_after: int | None = Field(None, description="下一页：把它作为 after 参数传回")
    prev_before: int | None = Field(None, description="上一页：把它作为 before 参数传回")


class MemberQuery(Schema):
    search: str | None = Field(
        None, description="姓名或工作单位（前缀）、会员证号、手机号码或证件号码（精确）"
    )
    union: Id | None = Field(None, description="只列出该工会及其下级")
    status: str | None = None
    category: str | None = Field(None, description="woman / migrant / new_form / hardship / model")
    channel: str | None = None
    joined_from: dt.date | None = None
    joined_to: dt.date | None = None
    skill_level: str | None = None
    gender: str | None = None
    age_band: str | None = Field(None, description="u25 / 25-34 / 35-44 / 45-54 / 55+")
    employer: str | None = Field(None, max_length=100, description="工作单位名称（包含）")
    after: Id | None = Field(None, description="键集分页：上一页返回的 next_after")
    before: Id | None = Field(None, description="键集分页，向前翻：返回的 prev_before")
    limit: int = Field(50, ge=1, le=500)


class EnrolIn(Schema):
    union_id: Id
    full_name: str
    doc_type: DocType = DocType.RIC
    id_number: str
    mobile: str = ""
    gender: str = ""
    birth_date: dt.date | None = None
    ethnicity: str = "汉族"
    education: str = ""
    residence: str = ""
    employment_status: str = "employed"
    skill_level: str = ""
    is_migrant: bool = False
    is_new_form: bool = False
    priority_group: str = ""
    is_hardship: bool = False
    is_model_worker: bool = False
    employer_name: str = ""
    channel: Channel = Channel.STAFF
    approve: bool = True
    join_date: dt.date | None = None


class ReasonIn(Schema):
    reason: str = ""


class LeaveIn(ReasonIn):
    leave_reason: LeaveReason = LeaveReason.VOLUNTARY


class DuesIn(Schema):
    paid_until: dt.date


class TransferIn(ReasonIn):
    to_union_id: Id


class BulkIn(ReasonIn):
    ids: list[Id]
    approve: bool = True


class MemberEventOut(Schema):
    on_date: dt.date
    kind: str
    kind_label: str = Field(..., alias="get_kind_display")
    union: str = Field(..., alias="org.name")
    other_union: str | None = Field(None, alias="other_org.name")
    from_status: str
    to_status: str
    reason: str
    actor: str = Field(..., alias="actor_username")


class TransferOut(Schema):
    id: int
    membership_id: int
    member_name: str = Field(..., alias="membership.person.full_name")
    from_union_id: int = Field(..., alias="from_org_id")
    from_union: str = Field(..., alias="from_org.name")
    to_union_id: int = Field(..., alias="to_org_id")
    to_union: str = Field(..., alias="to_org.name")
    status: str
    reason: str
    decision_reason: str
    created_at: dt.datetime
    decided_at: dt.datetime | None


class DecidedOut(Schema):
    decided: int = Field(..., description="已处理的入会申请数")


class RevealOut(Schema):
    id_number: str
    mobile: str


@router.get("/", response=reads(MemberPage))
@access("member.view")
def list_members(request: HttpRequest, query: Query[MemberQuery]):
    params = {
        k: v for k, v in query.dict().items() if v not in (None, "") and k not in ("after", "before", "limit")
    }
    params["q"] = params.pop("search", "")
    form = MemberFilterForm(params, actor=request.user)
    if not form.is_valid():
        fields = {k: "；".join(v) for k, v in form.errors.items()}
        raise DomainError(
            "bad_filter", "筛选条件有误：" + "；".join(f"{k} {v}" for k, v in fields.items()), fields=fields
        )
    qs = selectors.members_for(actor=request.user, filters=form.filters())
    rows, next_after, prev_before = selectors.keyset_page(
        qs, after=query.after, before=query.before, size=query.limit
    )
    return {"items": rows, "next_after": next_after, "prev_before": prev_before}


@router.post("/decide", response=writes(DecidedOut))
@access("member.manage")
def decide(request: HttpRequest, payload: BulkIn):
    """Approve or reject many applications at once: all of them, or none with the reason why."""
    chosen = list(selectors.applications_for(actor=request.user).filter(pk__in=payload.ids))
    if len(chosen) != len(set(payload.ids)):
        raise NotFound("部分入会申请不存在或已处理")
    n = services.memberships_decide(
        actor=request.user, memberships=chosen, approve=payload.approve, reason=payload.reason
    )
    return {"decided": n}


@router.get("/{member_id}", response=reads(MemberOut))
@access("member.view")
def get_member(request: HttpRequest, member_id: Id):
    return selectors.membership_get(actor=request.user, pk=member_id)


@router.get("/{member_id}/timeline", response=reads(list[MemberEventOut]))
@access("member.view")
def member_timeline(request: HttpRequest, member_id: Id):
    m = selectors.membership_get(actor=request.user, pk=member_id)
    return list(selectors.timeline(actor=request.user, membership=m))


@router.post("/", response=writes(MemberOut, 201))
@access("member.manage")
def enrol(request: HttpRequest, payload: EnrolIn):
    union = org_get(actor=request.user, pk=payload.union_id, perm="member.manage")
    person_fields = payload.dict(exclude={"union_id", "employer_name", "channel", "approve", "join_date"})
    m = services.membership_enrol(
        actor=request.user,
        union=union,
        person_data=services.PersonData(**person_fields),
        channel=payload.channel,
        approve=payload.approve,
        employer_name=payload.employer_name,
        join_date=payload.join_date,
    )
    return HttpStatus(201, m)


def _managed(request, member_id: Id):
    return selectors.membership_get(actor=request.user, pk=member_id, perm="member.manage")


def _reason_action(name: str, doc: str) -> None:
    """POST /{member_id}/<name> with a reason, calling services.membership_<name>."""
    call = getattr(services, f"membership_{name}")

    @access("member.manage")
    def run(request: HttpRequest, member_id: Id, payload: ReasonIn):
        return call(actor=request.user, membership=_managed(request, member_id), reason=payload.reason)

    run.__name__ = f"member_{name}"
    run.__doc__ = doc
    router.post(f"/{{member_id}}/{name}", response=writes(MemberOut))(run)


_reason_action("approve", "Approve a pending application (M2); the member number is issued.")
_reason_action("reject", "Refuse a pending application; a reason is required.")
_reason_action("retain", "Retained membership without dues (M6), e.g. on retirement.")
_reason_action("expel", "Expulsion after a criminal penalty (M7); the reason names it.")
_reason_action("reinstate", "Back to active from retained or left, if no other live membership (M4).")


@router.post("/{member_id}/leave", response=writes(MemberOut))
@access("member.manage")
def leave(request: HttpRequest, member_id: Id, payload: LeaveIn):
    return services.membership_leave(
        actor=request.user,
        membership=_managed(request, member_id),
        reason=payload.reason,
        leave_reason=payload.leave_reason,
    )


@router.post("/{member_id}/dues", response=writes(MemberOut))
@access("member.manage")
def dues(request: HttpRequest, member_id: Id, payload: DuesIn):
    return services.membership_record_dues(
        actor=request.user, membership=_managed(request, member_id), paid_until=payload.paid_until
    )


@router.post("/{member_id}/transfer", response=writes(TransferOut, 201))
@access("member.manage")
def transfer(request: HttpRequest, member_id: Id, payload: TransferIn):
    """The old union starts a transfer to any union (cross-district transfers included)."""
    to_union = selectors.transfer_targets(search=None).filter(pk=payload.to_union_id).first()
    if to_union is None:
        raise DomainError("bad_union", "转入工会不存在或不能接收会员", fields={"to_union_id": "无效"})
    t = services.transfer_start(
        actor=request.user, membership=_managed(request, member_id), to_union=to_union, reason=payload.reason
    )
    return HttpStatus(201, t)


@router.post("/{member_id}/reveal", response=writes(RevealOut))
@access("member.reveal")
def reveal(request: HttpRequest, member_id: Id, payload: ReasonIn):
    """The full document number and mobile; needs member.reveal and a reason, and is audited."""
    m = selectors.membership_get(actor=request.user, pk=member_id, perm="member.reveal")
    response = services.person_reveal(
        actor=request.user, membership=m, reason=payload.reason, request=request
    )
    request.gonghui_reveals = True  # type: ignore[attr-defined]
    return response


@transfers_router.get("/", response=reads(list[TransferOut]))
@access("member.manage")
def list_transfers(request: HttpRequest, direction: str = "in", open_only: bool = True):
    """Transfers waiting on the actor (`in`: to accept or release) or started by the actor (`out`)."""
    return list(selectors.transfers_for(actor=request.user, direction=direction, open_only=open_only)[:500])


@transfers_router.get("/{transfer_id}", response=reads(TransferOut))
@access("member.view")
def get_transfer(request: HttpRequest, transfer_id: Id):
    return selectors.transfer_get(actor=request.user, pk=transfer_id)


def _transfer_action(name: str, doc: str):
    call = getattr(services, f"transfer_{name}")

    @access("member.manage")
    def run(request: HttpRequest, transfer_id: Id, payload: ReasonIn):
        t = selectors.transfer_get(actor=request.user, pk=transfer_id, perm="member.manage")
        return call(actor=request.user, transfer=t, reason=payload.reason)

    run.__name__ = f"transfer_{name}"
    run.__doc__ = doc
    transfers_router.post(f"/{{transfer_id}}/{name}", response=writes(TransferOut))(run)


_transfer_action("accept", "The new union accepts a transfer the old union started.")
_transfer_action("release", "The old union consents to a transfer the new union asked for.")
_transfer_action("reject", "The side that must act refuses (a reason is required).")
_transfer_action("cancel", "The side that started the transfer withdraws it.")
