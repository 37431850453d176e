"""Every write of the setup part (rule O3, R1): 筹建 by a preparatory group, the application to the node above, the
approval that creates the base union in the tree and links the employer from the day of approval (so 建会率 rises
from that day and not before), the return with its reason, the founding assembly and its first committee; and
coverage by a joint union for a small employer instead.

Who does what: the street's cadres (employer.manage on the target's node) start a set-up, apply and record a joint
union's coverage; the node the new union sits under approves or returns (org.manage there: rule O3, the parent's
approval, the same permission `orgs.services.org_create` asks of whoever creates a node under it). The founding
assembly is recorded by the same approvers: it makes the new union 正常 and sets its chair and term in the tree,
which is the tree's business (org.manage), and the tree's own history then names the person who did it."""

import datetime as dt

from django.db import transaction

from gonghui.core.audit import acting_user, audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound, validated
from gonghui.core.paths import is_within
from gonghui.core.scope import in_scope
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Coverage, EmployerStatus, Level, Org, Status

from . import services
from .models import OPEN_STATUSES, JointCover, SetUp, SetUpStatus, Stage, Target
from .setup_audit import SetupAudit
from .setup_selectors import joint_area, name_taken

MANAGE = "employer.manage"  # the cadres following the employer: start, apply, joint union
APPROVE = "org.manage"  # rule O3: the node the new union will sit under approves it
EDITABLE = ("union_name", "members_expected", "preparatory_group")
MAX_MEMBERS = 1_000_000


def _require(actor, perm: str, setup: SetUp, refusal: str) -> None:
    """Out of the actor's sight: 404. Seen but not theirs to do: a refusal that says who does it."""
    if not in_scope(actor, "org.view", setup.org):
        raise NotFound("未找到该筹建记录")
    if not in_scope(actor, perm, setup.org):
        raise DomainError("scope", refusal, fields={"decision": "无权办理"})


def _locked(setup: SetUp) -> SetUp:
    return (
        SetUp.objects.select_for_update(of=("self",))
        .select_related("org", "target__employer", "union")
        .get(pk=setup.pk)
    )


def _locked_target(target: Target) -> Target:
    return Target.objects.select_for_update(of=("self",)).select_related("org", "employer").get(pk=target.pk)


def _state(setup: SetUp, *allowed: str) -> None:
    if setup.status not in allowed:
        raise Conflict("state", f"该筹建当前为“{setup.get_status_display()}”，不能进行此操作")


def _uncovered(target: Target) -> None:
    employer = target.employer
    if employer.status != EmployerStatus.ACTIVE:
        raise Conflict("employer_closed", f"“{employer.name}”已注销")
    if employer.coverage != Coverage.NONE or target.stage == Stage.FORMED:
        raise Conflict("already_formed", f"“{employer.name}”已建会")


def _day(on_date: dt.date | None, field: str, label: str) -> dt.date:
    today = services.today()
    day = on_date or today
    if day > today:
        raise DomainError("future_date", f"{label}不能晚于今天", fields={field: "不能晚于今天"})
    return day


def _not_before(day: dt.date, earlier: dt.date | None, field: str, label: str, what: str) -> None:
    if earlier is not None and day < earlier:
        raise DomainError(
            "date_order",
            f"{label}不能早于{what}（{earlier:%Y-%m-%d}）",
            fields={field: f"不早于 {earlier:%Y-%m-%d}"},
        )


def _check_name(org: Org, name: str, setup: SetUp | None = None) -> None:
    """The proposed name is free under the node: no organisation there has it, nor another set-up in progress."""
    if name_taken(org, name):
        raise DomainError(
            "union_name",
            f"工会名称“{name}”在“{org.name}”下已有同名组织，请改用其他名称",
            fields={"union_name": "已有同名组织"},
        )
    others = SetUp.objects.filter(org=org, union_name=name, status__in=OPEN_STATUSES)
    if setup is not None:
        others = others.exclude(pk=setup.pk)
    if others.exists():
        raise DomainError(
            "union_name",
            f"工会名称“{name}”已用于“{org.name}”下另一家单位的筹建，请改用其他名称",
            fields={"union_name": "与其他筹建重名"},
        )


def _cleaned(org: Org, changes: dict, setup: SetUp | None = None) -> dict:
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise DomainError("bad_field", f"不能修改字段：{', '.join(sorted(unknown))}")
    out = dict(changes)
    if "union_name" in out:
        name = " ".join(str(out["union_name"] or "").split())
        if not name:
            raise DomainError("union_name", "请填写拟建工会名称", fields={"union_name": "必填"})
        if not name.endswith("工会"):
            raise DomainError(
                "union_name",
                "工会名称应以“工会”结尾，如“北京某某有限公司工会”",
                fields={"union_name": "应以“工会”结尾"},
            )
        _check_name(org, name, setup)
        out["union_name"] = name
    if "members_expected" in out:
        n = out["members_expected"]
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= MAX_MEMBERS:
            raise DomainError(
                "members_expected", "预计会员人数应为1以上的整数", fields={"members_expected": "至少为1"}
            )
    if "preparatory_group" in out:
        out["preparatory_group"] = str(out["preparatory_group"] or "").strip()
    return out


def _shown(value):
    return value.isoformat() if isinstance(value, dt.date) else value


@transaction.atomic
def setup_start(
    *,
    actor,
    target: Target,
    union_name: str,
    members_expected: int,
    preparatory_group: str = "",
    on_date: dt.date | None = None,
) -> SetUp:
    """筹建 begins (O3): a preparatory group proposes the union's name and the members it expects; the target moves
    to 筹建中 (R1) on that day."""
    target = _locked_target(target)
    if not in_scope(actor, MANAGE, target.org):
        raise NotFound("未找到该建会目标")
    _uncovered(target)
    if SetUp.objects.filter(target=target, status__in=OPEN_STATUSES).exists():
        raise Conflict(
            "setup_open", f"“{target.employer.name}”已有进行中的筹建", fields={"target": "已有进行中的筹建"}
        )
    day = _day(on_date, "started_on", "筹建开始日期")
    fields = _cleaned(
        target.org,
        {
            "union_name": union_name,
            "members_expected": members_expected,
            "preparatory_group": preparatory_group,
        },
    )
    setup = SetUp(org=target.org, target=target, started_on=day, **fields)
    validated(setup, exclude=["org_path"])
    setup.save()
    services.advance(target, Stage.PREPARING, on=day)
    audit_record(
        actor=actor,
        action=SetupAudit.START,
        org=target.org,
        target=setup,
        after={
            "employer": target.employer.name,
            "union_name": setup.union_name,
            "members_expected": setup.members_expected,
            "started_on": day.isoformat(),
        },
    )
    return setup


@transaction.atomic
def setup_submit(*, actor, setup: SetUp, on_date: dt.date | None = None, **changes) -> SetUp:
    """The application to the node above (O3), first or again after a return; the preparatory group may correct
    the name, the expected members and the group itself as it applies."""
    setup = _locked(setup)
    if not in_scope(actor, MANAGE, setup.org):
        raise NotFound("未找到该筹建记录")
    _state(setup, SetUpStatus.DRAFT, SetUpStatus.RETURNED)
    _uncovered(setup.target)
    fields = _cleaned(setup.org, changes, setup)
    day = _day(on_date, "applied_on", "申请日期")
    _not_before(day, setup.started_on, "applied_on", "申请日期", "筹建开始日期")
    before = {k: getattr(setup, k) for k in fields if getattr(setup, k) != fields[k]}
    for k, v in fields.items():
        setattr(setup, k, v)
    was = setup.get_status_display()
    setup.status = SetUpStatus.SUBMITTED
    setup.applied_on, setup.applied_by = day, acting_user(actor)
    setup.decided_on, setup.decided_by, setup.decision_note = None, None, ""
    validated(setup, exclude=["org_path"])
    setup.save()
    audit_record(
        actor=actor,
        action=SetupAudit.SUBMIT,
        org=setup.org,
        target=setup,
        before={"status": was, **before},
        after={
            "status": setup.get_status_display(),
            "applied_on": day.isoformat(),
            **{k: getattr(setup, k) for k in before},
        },
    )
    return setup


def may_decide(actor, setup: SetUp) -> bool:
    """Whether the actor may approve or return this application: the node above (O3), not its own applicant."""
    user = acting_user(actor)
    own = user is not None and setup.applied_by_id == user.pk
    return not own and in_scope(actor, APPROVE, setup.org)


def _decider(actor, setup: SetUp) -> None:
    _require(actor, APPROVE, setup, f"建会申请由上级工会（{setup.org.name}）批复")
    user = acting_user(actor)
    if user is not None and setup.applied_by_id == user.pk:
        raise DomainError(
            "own_application",
            "不能批复本人提交的建会申请，请由上级工会的其他负责人批复",
            fields={"decision": "本人提交的申请"},
        )


@transaction.atomic
def setup_approve(*, actor, setup: SetUp, on_date: dt.date | None = None, note: str = "") -> SetUp:
    """Rule O3: the node above approves. In one transaction the base union is created under it (筹建中, formed
    on the day of approval), the employer is linked to it from that day (R1: 建会率 counts it from then, and the
    new union counts by the channel the employer was reached through) and the target is 已建会. If any step is
    refused nothing is written."""
    setup = _locked(setup)
    _decider(actor, setup)
    _state(setup, SetUpStatus.SUBMITTED)
    day = _day(on_date, "on_date", "批复日期")
    _not_before(day, setup.applied_on, "on_date", "批复日期", "申请日期")
    target = _locked_target(setup.target)
    _uncovered(target)
    setup.status = SetUpStatus.APPROVED
    setup.decided_on, setup.decided_by = day, acting_user(actor)
    setup.decision_note = (note or "").strip()[:300]
    setup.save()
    try:
        union = org_services.org_create(
            actor=actor,
            parent=target.org,
            name=setup.union_name,
            level=Level.BASE,
            status=Status.PREPARING,
            established_on=day,
            reason=f"批复“{target.employer.name}”建会申请",
        )
    except DomainError as exc:
        if name_taken(target.org, setup.union_name):
            raise DomainError(
                "union_name",
                f"工会名称“{setup.union_name}”在“{target.org.name}”下已有同名组织，未能批复；"
                "请退回申请，由筹建组改用其他名称后重新申请",
                fields={"union_name": "已有同名组织"},
            ) from exc
        raise
    org_services.employer_update(
        actor=actor, employer=target.employer, union=union, on_date=day, channel=target.channel
    )
    services.advance(target, Stage.FORMED, on=day)
    setup.union = union
    setup.save(update_fields=["union", "updated_at"])
    audit_record(
        actor=actor,
        action=SetupAudit.APPROVE,
        org=setup.org,
        target=setup,
        before={"status": SetUpStatus.SUBMITTED.label},
        after={
            "status": setup.get_status_display(),
            "decided_on": day.isoformat(),
            "union": union.name,
            "employer": target.employer.name,
            "decision_note": setup.decision_note,
        },
    )
    return setup


@transaction.atomic
def setup_return(*, actor, setup: SetUp, note: str, on_date: dt.date | None = None) -> SetUp:
    """The node above returns the application with its reason; the preparatory group may correct and apply
    again."""
    setup = _locked(setup)
    _require(actor, APPROVE, setup, f"建会申请由上级工会（{setup.org.name}）批复")
    _state(setup, SetUpStatus.SUBMITTED)
    reason = (note or "").strip()
    if not reason:
        raise DomainError("note", "退回时请写明原因", fields={"note": "必填"})
    day = _day(on_date, "on_date", "退回日期")
    _not_before(day, setup.applied_on, "on_date", "退回日期", "申请日期")
    setup.status = SetUpStatus.RETURNED
    setup.decided_on, setup.decided_by, setup.decision_note = day, acting_user(actor), reason[:300]
    setup.save()
    audit_record(
        actor=actor,
        action=SetupAudit.RETURN,
        org=setup.org,
        target=setup,
        before={"status": SetUpStatus.SUBMITTED.label},
        after={"status": setup.get_status_display(), "decided_on": day.isoformat()},
        reason=reason,
    )
    return setup


@transaction.atomic
def setup_found(
    *,
    actor,
    setup: SetUp,
    founding_on: dt.date,
    first_chair: str,
    committee_size: int,
    term_years: int,
) -> SetUp:
    """The founding assembly (成立大会) was held: the first chair (or 组织员, O3: fewer than 25 members) and the
    committee's size and term (O6: 3 or 5 years). The new union becomes 正常 with its chair and term."""
    setup = _locked(setup)
    _require(actor, APPROVE, setup, f"成立大会由批复建会的上级工会（{setup.org.name}）登记")
    _state(setup, SetUpStatus.APPROVED)
    day = _day(founding_on, "founding_on", "成立大会日期")
    _not_before(day, setup.decided_on, "founding_on", "成立大会日期", "批复日期")
    chair = " ".join((first_chair or "").split())
    if not chair:
        raise DomainError("first_chair", "请填写首任工会主席（组织员）", fields={"first_chair": "必填"})
    if (
        not isinstance(committee_size, int)
        or isinstance(committee_size, bool)
        or not 1 <= committee_size <= 99
    ):
        raise DomainError(
            "committee_size", "委员会人数应在1至99之间", fields={"committee_size": "应在1至99之间"}
        )
    if term_years not in (3, 5):
        raise DomainError("term_years", "任期为3年或5年（工会法第十六条）", fields={"term_years": "应为3或5"})
    assert setup.union is not None  # set with the approval
    org_services.org_update(
        actor=actor,
        org=setup.union,
        status=Status.ACTIVE,
        committee_chair=chair[:60],
        term_start=day,
        term_years=term_years,
        reason="召开成立大会",
    )
    setup.status = SetUpStatus.FOUNDED
    setup.founding_on, setup.first_chair = day, chair[:60]
    setup.committee_size, setup.term_years = committee_size, term_years
    validated(setup, exclude=["org_path"])
    setup.save()
    audit_record(
        actor=actor,
        action=SetupAudit.FOUND,
        org=setup.org,
        target=setup,
        before={"status": SetUpStatus.APPROVED.label},
        after={
            "status": setup.get_status_display(),
            "founding_on": day.isoformat(),
            "first_chair": setup.first_chair,
            "committee_size": committee_size,
            "term_years": term_years,
        },
    )
    return setup


@transaction.atomic
def joint_cover(
    *, actor, target: Target, joint_union: Org, on_date: dt.date | None = None, note: str = ""
) -> JointCover:
    """O3: an employer (typically under 25 members) joins a joint union of its area instead of setting up its own:
    linked from `on_date` (R1) and 已建会. A set-up still in preparation or returned is withdrawn; one waiting for
    or past its approval is left to finish."""
    target = _locked_target(target)
    if not in_scope(actor, MANAGE, target.org):
        raise NotFound("未找到该建会目标")
    _uncovered(target)
    joint_union = Org.objects.select_for_update().get(pk=joint_union.pk)
    if not in_scope(actor, "org.view", joint_union):
        raise DomainError("joint_union", "请选择能查看的联合工会", fields={"joint_union": "不在查看范围"})
    if joint_union.level != Level.JOINT:
        raise DomainError(
            "joint_union", f"“{joint_union.name}”不是联合工会", fields={"joint_union": "不是联合工会"}
        )
    if joint_union.is_dissolved:
        raise DomainError("joint_union", f"“{joint_union.name}”已撤销", fields={"joint_union": "已撤销"})
    area = joint_area(target.org)
    if not is_within(joint_union.path, area.path):
        raise DomainError(
            "joint_union",
            f"联合工会须在{area.name}范围内",
            fields={"joint_union": f"不在{area.name}范围内"},
        )
    day = _day(on_date, "on_date", "覆盖日期")
    open_setup = SetUp.objects.select_for_update().filter(target=target, status__in=OPEN_STATUSES).first()
    if open_setup is not None and open_setup.status in (SetUpStatus.SUBMITTED, SetUpStatus.APPROVED):
        raise Conflict(
            "setup_open",
            f"“{target.employer.name}”的建会申请{open_setup.get_status_display()}，不能再改由联合工会覆盖",
        )
    if open_setup is not None:
        open_setup.status = SetUpStatus.WITHDRAWN
        open_setup.save(update_fields=["status", "updated_at"])
    org_services.employer_update(
        actor=actor, employer=target.employer, union=joint_union, on_date=day, channel=target.channel
    )
    services.advance(target, Stage.FORMED, on=day)
    cover = JointCover.objects.create(
        org=target.org,
        target=target,
        joint_union=joint_union,
        on_date=day,
        note=(note or "").strip()[:300],
        recorded_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action=SetupAudit.JOINT_COVER,
        org=target.org,
        target=target,
        after={
            "employer": target.employer.name,
            "joint_union": joint_union.name,
            "on_date": day.isoformat(),
            "note": cover.note,
            **({"withdrawn": open_setup.union_name} if open_setup is not None else {}),
        },
    )
    return cover
