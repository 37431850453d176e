"""Which actions each membership status allows: the one table the services' refusals, the member page's buttons
and the API's list of allowed actions all read (M2, M5, M6, M7).

A status is read after any lapse (M7): the services look at it once `_locked` has recorded a lapse due, the page
and the API through `Membership.status_on(day)`, so a lapsed membership offers what a left one does.
"""

from dataclasses import dataclass, replace

from gonghui.core.errors import Conflict

from .models import Membership, MembershipStatus


@dataclass(frozen=True)
class Action:
    code: str  # the page's URL segment and the API's path segment
    label: str
    style: str = "outline-secondary"  # the button's look on the member page
    reason_required: bool = False
    reason_label: str = "原因"
    # what a refusal says; {name} is the member, {status} the membership's status, {label} this action's label
    refusal: str = "当前会籍状态为“{status}”，不能办理“{label}”"
    refusal_code: str = "bad_status"
    button: bool = True  # offered on the member's page (a transfer request starts from the enrolment page)


_NOT_PENDING = "{name}的入会申请已处理（{status}）"

APPROVE = Action(
    "approve",
    "批准入会",
    "primary",
    reason_label="审批意见",
    refusal=_NOT_PENDING,
    refusal_code="not_pending",
)
REJECT = Action(
    "reject",
    "不予批准",
    "outline-danger",
    reason_required=True,
    reason_label="不予批准的原因",
    refusal=_NOT_PENDING,
    refusal_code="not_pending",
)
TRANSFER = Action(
    "transfer",
    "办理转出",
    "primary",
    reason_label="转会原因",
    refusal="只有正常状态的会员可以转出（当前：{status}）",
    refusal_code="not_active",
)
# M5: the new union asks for a member of another union; the old union's consent completes it.
TRANSFER_REQUEST = Action(
    "transfer_request",
    "申请转入",
    reason_label="转会原因",
    refusal="该会员当前不能转会（{status}）",
    refusal_code="not_active",
    button=False,
)
DUES = Action("dues", "登记会费", "outline-primary", refusal="当前会籍状态为“{status}”，不能登记会费")
RETAIN = Action("retain", "保留会籍", reason_required=True, reason_label="保留会籍的原因（如退休、失业）")
LEAVE = Action("leave", "退会", "outline-danger", reason_required=True, reason_label="退会说明")
EXPEL = Action(
    "expel", "除名", "outline-danger", reason_required=True, reason_label="除名依据（刑事处罚文书）"
)
REINSTATE = Action("reinstate", "恢复会籍", "primary", reason_required=True, reason_label="恢复会籍的原因")
# Staff confirm a new mobile whatever the status: the register keeps the person's details either way.
MOBILE = Action(
    "mobile",
    "更换手机号码",
    reason_required=True,
    reason_label="更换手机号码的依据（如：已核验本人身份证件）",
)

TRANSITIONS: dict[str, tuple[Action, ...]] = {
    MembershipStatus.PENDING: (APPROVE, REJECT),  # M2
    # M5 transfer, M8 dues, M6 retain, M7 leave and expel
    MembershipStatus.ACTIVE: (TRANSFER, DUES, RETAIN, LEAVE, EXPEL, TRANSFER_REQUEST),
    # M5: still a member, counted once at the old union, so dues go on being recorded there
    MembershipStatus.IN_TRANSFER: (DUES,),
    # M6: back to active when working again; M7: a retained member may leave or be expelled too
    MembershipStatus.RETAINED: (REINSTATE, LEAVE, EXPEL, TRANSFER_REQUEST),
    # M7: leaving is a status, not a deletion, so it can be undone (M4 permitting)
    MembershipStatus.LEFT: (replace(REINSTATE, style="outline-primary"),),
    MembershipStatus.EXPELLED: (),
    MembershipStatus.REJECTED: (),
}
ALWAYS: tuple[Action, ...] = (MOBILE,)
ACTIONS: dict[str, Action] = {a.code: a for row in (*TRANSITIONS.values(), ALWAYS) for a in row}


def allowed(status: str) -> tuple[Action, ...]:
    """Every action a membership in this status allows, buttons or not."""
    return (*TRANSITIONS[status], *ALWAYS)


def buttons(status: str, *, always: bool = True) -> list[Action]:
    """The member page's buttons for a membership reading as `status`, in the table's order; without the actions
    every status allows when `always` is false (the API: each of those has its own POST /{member_id}/<code>)."""
    return [a for a in (allowed(status) if always else TRANSITIONS[status]) if a.button]


def allows(status: str, code: str) -> bool:
    return any(a.code == code for a in allowed(status))


def require_allowed(membership: Membership, action: Action) -> None:
    """Refuse the action unless the membership's status (any lapse already recorded) allows it."""
    if not allows(membership.status, action.code):
        message = action.refusal.format(
            name=membership.person.full_name, status=membership.status_label(), label=action.label
        )
        raise Conflict(action.refusal_code, message)
