"""Writes to the organisation tree, employers, places and role grants. Each is one atomic action with history."""

import datetime as dt

from django.apps import apps
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone

from gonghui.core.audit import acting_user, audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound, validated
from gonghui.core.models import AuditCategory
from gonghui.core.paths import PathField, depth_of, is_within, segment, subtree_q
from gonghui.core.scope import SYSTEM, forget_grants, has_perm, in_scope

from . import hooks
from .audit import OrgAudit
from .models import (
    ALLOWED_CHILDREN,
    DATED_EMPLOYER_FIELDS,
    Coverage,
    Employer,
    EmployerPeriod,
    EmployerStatus,
    FormedChannel,
    Level,
    Org,
    Place,
    Role,
    RoleGrant,
    Status,
)
from .permissions import duties_of

EDITABLE_ORG_FIELDS = (
    "name",
    "short_name",
    "district_code",
    "industry",
    "uscc",
    "legal_person_certificate",
    "committee_chair",
    "term_start",
    "term_years",
    "established_on",
    "status",
)


def require(actor, perm: str, org: Org | None) -> None:
    """Raise NotFound unless the actor holds `perm` on `org`. `actor=SYSTEM` is the system (commands, demo)."""
    if actor is SYSTEM:
        return
    if org is None:
        if not actor.is_superuser:
            raise NotFound()
        return
    if not has_perm(actor, perm, org):
        raise NotFound()


def path_copies() -> list[tuple[type[models.Model], str]]:
    """Every (model, field) holding a copy of a node's path (`org_path`, a transfer's `from_path` …),
    which a subtree move must rewrite."""
    return [
        (m, f.name)
        for m in apps.get_models()
        if m is not Org
        for f in m._meta.concrete_fields
        if isinstance(f, PathField)
    ]


def _check_placement(parent: Org | None, level: str) -> None:
    if parent is None:
        if level != Level.CITY:
            raise DomainError(
                "bad_level", "只有市(省)总工会可以作为根组织", fields={"parent": "请选择上级工会"}
            )
        return
    if parent.is_dissolved:
        raise DomainError(
            "parent_dissolved",
            f"上级工会“{parent.name}”已撤销，不能在其下设立组织",
            fields={"parent": "上级已撤销"},
        )
    if not parent.can_hold(level):
        allowed = "、".join(str(Level(lv).label) for lv in sorted(ALLOWED_CHILDREN.get(parent.level, ())))
        raise DomainError(
            "bad_level",
            f"“{parent.name}”({parent.get_level_display()})下不能设立{Level(level).label}；可设立：{allowed or '无'}",
            fields={"level": "层级不符"},
        )


@transaction.atomic
def org_create(*, actor, parent: Org | None, name: str, level: str, reason: str = "", **fields) -> Org:
    """Create a node under `parent` (O3: the parent's approval is the actor's org.manage on the parent)."""
    require(actor, "org.manage", parent)
    if parent is not None:
        parent = Org.objects.select_for_update().get(pk=parent.pk)
    _check_placement(parent, level)
    unknown = set(fields) - set(EDITABLE_ORG_FIELDS)
    if unknown:
        raise DomainError("bad_field", f"不能设置字段：{', '.join(sorted(unknown))}")
    org = Org(parent=parent, name=name.strip(), level=level, path="~", **fields)
    validated(org, exclude=["path", "depth"])
    org.save()
    org.path = (parent.path if parent else "") + segment(org.pk)
    org.depth = depth_of(org.path)
    Org.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)
    hooks.units_added.send(orgs=[org.pk])
    audit_record(
        actor=actor, action=OrgAudit.CREATE, org=org, target=org, after=org.snapshot(), reason=reason
    )
    return org


@transaction.atomic
def org_update(*, actor, org: Org, reason: str = "", **changes) -> Org:
    """Rename or edit a node's fields. O4: a legal-person union's new name must be re-registered within 30 days."""
    org = Org.objects.select_for_update().get(pk=org.pk)
    require(actor, "org.manage", org)
    unknown = set(changes) - set(EDITABLE_ORG_FIELDS)
    if unknown:
        raise DomainError("bad_field", f"不能修改字段：{', '.join(sorted(unknown))}")
    if changes.get("status") == Status.DISSOLVED:
        raise DomainError("use_dissolve", "撤销组织请使用“撤销”操作", fields={"status": "请使用撤销操作"})
    before = org.snapshot()
    for name, value in changes.items():
        setattr(org, name, value.strip() if isinstance(value, str) else value)
    validated(org, exclude=["path", "depth"])
    after = org.snapshot()
    if after == before:
        return org
    with hooks.units_changing.around(orgs=[org.pk]):
        org.save()
    changed = {k for k in after if after[k] != before[k]}
    if "name" in changed:
        hooks.org_renamed.send(org=org, old=before["name"], new=org.name, on=_today(), actor=actor)
    action = OrgAudit.RENAME if changed <= {"name", "short_name"} else OrgAudit.UPDATE
    audit_record(
        actor=actor,
        action=action,
        org=org,
        target=org,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
        reason=reason,
    )
    return org


@transaction.atomic
def org_move(*, actor, org: Org, new_parent: Org, reason: str = "") -> Org:
    """Move a node and its whole subtree under another parent (O1).

    Set-based: one UPDATE rewrites every descendant's path and depth, and one UPDATE per table holding path
    copies moves everything recorded under the subtree, so the query count does not depend on its size.
    """
    org = Org.objects.select_for_update(of=("self",)).select_related("parent").get(pk=org.pk)
    new_parent = Org.objects.select_for_update().get(pk=new_parent.pk)
    require(actor, "org.manage", org)
    require(actor, "org.manage", new_parent)
    if org.parent_id is None:
        raise DomainError("move_root", "根组织不能迁移")
    if new_parent.pk == org.parent_id:
        raise DomainError(
            "same_parent", f"“{org.name}”已在“{new_parent.name}”之下", fields={"new_parent": "与当前上级相同"}
        )
    if is_within(new_parent.path, org.path):
        raise DomainError(
            "move_into_self",
            "不能把组织迁移到它自己或它的下级之下",
            fields={"new_parent": "不能选择本组织的下级"},
        )
    _check_placement(new_parent, org.level)

    before = org.snapshot()
    old_path, new_path = org.path, new_parent.path + segment(org.pk)
    cut, shift = len(old_path) + 1, depth_of(new_path) - depth_of(old_path)
    Org.objects.filter(subtree_q("path", old_path)).update(
        path=Concat(Value(new_path), Substr("path", cut), output_field=models.CharField()),
        depth=F("depth") + shift,
    )
    Org.objects.filter(pk=org.pk).update(parent=new_parent)
    for model, field in path_copies():
        model._base_manager.filter(subtree_q(field, old_path)).update(
            **{field: Concat(Value(new_path), Substr(field, cut), output_field=models.CharField())}
        )
    org.refresh_from_db()
    hooks.subtree_moved.send()  # every ancestor's totals change at once (statistics)
    if actor is not SYSTEM:
        forget_grants(actor)
        require(actor, "org.manage", org)  # still inside the actor's subtree after the write
    audit_record(
        actor=actor,
        action=OrgAudit.MOVE,
        org=org,
        target=org,
        before={"parent": before["parent"]},
        after={"parent": new_parent.name},
        reason=reason,
    )
    return org


@transaction.atomic
def org_dissolve(*, actor, org: Org, reason: str, on_date: dt.date | None = None) -> Org:
    """Dissolve a node (never delete it). Its active children must be moved or dissolved first."""
    org = Org.objects.select_for_update().get(pk=org.pk)
    require(actor, "org.manage", org)
    if org.is_dissolved:
        raise Conflict("already_dissolved", f"“{org.name}”已撤销")
    if org.parent_id is None:
        raise DomainError("dissolve_root", "根组织不能撤销")
    if not reason.strip():
        raise DomainError("reason_required", "请填写撤销原因", fields={"reason": "必填"})
    active_children = org.children.exclude(status=Status.DISSOLVED).count()
    if active_children:
        raise Conflict(
            "has_children", f"“{org.name}”下还有 {active_children} 个未撤销的下级组织，请先迁移或撤销它们"
        )
    before = org.snapshot()
    org.status = Status.DISSOLVED
    org.dissolved_on = on_date or dt.date.today()
    with hooks.units_changing.around(orgs=[org.pk]):
        org.save(update_fields=["status", "dissolved_on", "updated_at"])
    audit_record(
        actor=actor,
        action=OrgAudit.DISSOLVE,
        org=org,
        target=org,
        before={"status": before["status"]},
        after={"status": org.status},
        reason=reason.strip(),
    )
    return org


def _coverage_for(union: Org | None) -> str:
    if union is None:
        return Coverage.NONE
    return Coverage.OWN if union.level in (Level.BASE, Level.BRANCH) else Coverage.JOINT


def _check_union(actor, employer: Employer, union: Org | None) -> None:
    if union is None:
        return
    require(actor, "org.view", union)
    if union.level not in (Level.BASE, Level.JOINT):
        raise DomainError(
            "bad_union", "用人单位只能关联本单位的基层工会或覆盖它的联合工会", fields={"union": "层级不符"}
        )
    if union.is_dissolved:
        raise DomainError("union_dissolved", f"“{union.name}”已撤销", fields={"union": "已撤销"})
    if union.level == Level.BASE:
        other = Employer.objects.filter(union=union).exclude(pk=employer.pk).first()
        if other is not None:
            raise Conflict(
                "union_taken",
                f"基层工会“{union.name}”已是“{other.name}”的工会，一个基层工会只对应一家单位",
                fields={"union": "已被其他单位使用"},
            )


def _save_employer(actor, employer: Employer) -> None:
    """Save, turning a constraint that a concurrent request won into the refusal a user reads: the checks above
    read before writing, so two requests can both pass them and only the database sees the second one."""
    try:
        with transaction.atomic():
            employer.save()
    except IntegrityError:
        _check_union(actor, employer, employer.union)  # names the employer that now holds the base union
        validated(employer, exclude=["org_path"])  # any other constraint (the USCC) in its own words
        raise


EMPLOYER_FIELDS = ("name", "uscc", "industry", "ownership", "headcount", "address", "district_code")


def _today() -> dt.date:
    return timezone.localdate()  # Beijing's date (TIME_ZONE), not the server's, as members' services read it


def _effective_day(on_date: dt.date | None) -> dt.date:
    """The day a change of an employer took effect (R1): today unless told, never later than today."""
    today = _today()
    if on_date is None:
        return today
    if on_date > today:
        raise DomainError("future_date", "生效日期不能晚于今天", fields={"on_date": "不能晚于今天"})
    return on_date


def _dated(employer: Employer) -> tuple:
    return tuple(getattr(employer, f) for f in DATED_EMPLOYER_FIELDS)


def _new_period(employer: Employer, day: dt.date, *, formed: bool, channel: str) -> EmployerPeriod:
    return EmployerPeriod(
        employer=employer,
        org_id=employer.org_id,
        org_path=employer.org_path,
        union_id=employer.union_id,
        coverage=employer.coverage,
        ownership=employer.ownership,
        headcount=employer.headcount,
        started_on=day,
        formed=formed,
        channel=channel if formed else "",
    )


def _record_period(employer: Employer, day: dt.date, *, channel: str) -> None:
    """Rule R1: close the employer's open period on `day` and open one with what it is now (none when it has
    closed). A second change on the same day replaces that day's period; a day before the open period began
    would rewrite history, and is refused. The new period is a new union (`formed`) when the employer is covered
    now and was not at the end of the day before (an employer recorded that very day was not organised by us)."""
    current = EmployerPeriod.objects.select_for_update().filter(employer=employer, ended_on=None).first()
    if current is not None and day < current.started_on:
        raise DomainError(
            "date_before_last_change",
            f"生效日期不能早于该单位上次变更的日期（{current.started_on:%Y-%m-%d}）",
            fields={"on_date": f"不早于 {current.started_on:%Y-%m-%d}"},
        )
    if current is not None and day == current.started_on:
        channel = channel or current.channel
        current.delete()
    elif current is not None:
        current.ended_on = day
        current.save(update_fields=["ended_on"])
    if employer.status != EmployerStatus.ACTIVE:
        return
    before = EmployerPeriod.objects.filter(employer=employer, ended_on=day).first()
    formed = employer.coverage != Coverage.NONE and before is not None and before.coverage == Coverage.NONE
    _new_period(employer, day, formed=formed, channel=channel or FormedChannel.OTHER).save()


@transaction.atomic
def employer_create(
    *, actor, org: Org, union: Org | None = None, on_date: dt.date | None = None, **fields
) -> Employer:
    """Record an employer, as it is from `on_date` (the day it was recorded or the union it already has was
    formed; today unless told)."""
    require(actor, "employer.manage", org)
    day = _effective_day(on_date)
    employer = Employer(org=org, **{k: v for k, v in fields.items() if k in EMPLOYER_FIELDS})
    _check_union(actor, employer, union)
    employer.union, employer.coverage = union, _coverage_for(union)
    validated(employer, exclude=["org_path"])
    # The union was counted already: what it counts changes (its employer type, whether its members are in an
    # employer's union), so it is taken back and added again around the save; the employer itself is new.
    with hooks.units_changing.around(orgs=[employer.union_id] if employer.union_id else []):
        _save_employer(actor, employer)
        _new_period(employer, day, formed=False, channel="").save()
    hooks.units_added.send(employers=[employer.pk])
    audit_record(
        actor=actor,
        action=OrgAudit.EMPLOYER_CREATE,
        org=org,
        target=employer,
        after={"name": employer.name, "coverage": employer.coverage, "on_date": day.isoformat()},
    )
    return employer


class _Unchanged:
    """Marks an argument the caller did not pass (None is a meaningful union: 未建会)."""


UNCHANGED = _Unchanged()


def _union_name(employer: Employer) -> str | None:
    return employer.union.name if employer.union else None


@transaction.atomic
def employer_update(
    *,
    actor,
    employer: Employer,
    union: Org | _Unchanged | None = UNCHANGED,
    on_date: dt.date | None = None,
    channel: str = "",
    **fields,
) -> Employer:
    """Change an employer. A change of its union (coverage), type or headcount takes effect on `on_date` (today
    unless told) and is kept as of that day (R1); `channel` says how a new union came about (FormedChannel)."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    require(actor, "employer.manage", employer.org)
    if employer.status != EmployerStatus.ACTIVE:
        raise Conflict("employer_closed", f"“{employer.name}”已注销，不能再修改")
    if channel and channel not in FormedChannel.values:
        raise DomainError("bad_channel", "建会途径无效", fields={"channel": "无效"})
    day = _effective_day(on_date)
    before = {
        "union": _union_name(employer),
        **{k: getattr(employer, k) for k in fields},
    }
    was = _dated(employer)
    unions = {employer.union_id, *([] if isinstance(union, _Unchanged) else [union.pk if union else None])}
    with hooks.units_changing.around(employers=[employer.pk], orgs=[u for u in unions if u]):
        for name, value in fields.items():
            if name not in EMPLOYER_FIELDS:
                raise DomainError("bad_field", f"不能修改字段：{name}")
            setattr(employer, name, value)
        if not isinstance(union, _Unchanged):
            _check_union(actor, employer, union)
            employer.union, employer.coverage = union, _coverage_for(union)
        validated(employer, exclude=["org_path"])
        _save_employer(actor, employer)
        if _dated(employer) != was:
            _record_period(employer, day, channel=channel)
    after = {
        "union": _union_name(employer),
        **{k: getattr(employer, k) for k in fields},
    }
    changed_before = {k: v for k, v in before.items() if after[k] != v}
    changed_after = {k: v for k, v in after.items() if before[k] != v}
    if changed_after and _dated(employer) != was:
        changed_after["on_date"] = day.isoformat()
    audit_record(
        actor=actor,
        action=OrgAudit.EMPLOYER_UPDATE,
        org=employer.org,
        target=employer,
        before=changed_before,
        after=changed_after,
    )
    return employer


@transaction.atomic
def employer_close(*, actor, employer: Employer, reason: str, on_date: dt.date | None = None) -> Employer:
    """The employer closed (注销) on `on_date`: from that day it counts nowhere (R1, S3); its history stays."""
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    require(actor, "employer.manage", employer.org)
    if employer.status != EmployerStatus.ACTIVE:
        raise Conflict("employer_closed", f"“{employer.name}”已注销")
    if not reason.strip():
        raise DomainError("reason_required", "请填写注销原因", fields={"reason": "必填"})
    day = _effective_day(on_date)
    with hooks.units_changing.around(employers=[employer.pk]):
        employer.status = EmployerStatus.CLOSED
        employer.save(update_fields=["status", "updated_at"])
        _record_period(employer, day, channel="")
    audit_record(
        actor=actor,
        action=OrgAudit.EMPLOYER_CLOSE,
        org=employer.org,
        target=employer,
        before={"status": str(EmployerStatus.ACTIVE.label)},
        after={"status": str(EmployerStatus.CLOSED.label), "on_date": day.isoformat()},
        reason=reason.strip(),
    )
    return employer


PLACE_FIELDS = ("name", "kind", "address", "district_code", "opening_hours", "facilities", "is_open")


@transaction.atomic
def place_create(*, actor, org: Org, **fields) -> Place:
    require(actor, "employer.manage", org)
    place = Place(org=org, **{k: v for k, v in fields.items() if k in PLACE_FIELDS})
    validated(place, exclude=["org_path"])
    place.save()
    audit_record(
        actor=actor,
        action=OrgAudit.PLACE_CREATE,
        org=org,
        target=place,
        after={"name": place.name, "kind": place.kind},
    )
    return place


def _check_separation(actor, user, role: Role) -> None:
    """三员分立 (GB/T 22239 §8.1.4.2): no role granted to oneself, and never two of 系统管理员, 安全管理员, 审计员
    on one person (whichever organisations the grants are on)."""
    if actor is not SYSTEM and actor.pk == user.pk:
        raise DomainError(
            "self_grant", "不能给自己授予角色：角色须由其他管理员授予", fields={"role": "不能授予自己"}
        )
    new = duties_of(role.permissions)
    held = duties_of(
        {
            p
            for perms in RoleGrant.objects.filter(user=user).values_list("role__permissions", flat=True)
            for p in perms
        }
    )
    if len(new | held) > 1:
        raise DomainError(
            "separation_of_duties",
            f"三员分立：系统管理员、安全管理员、审计员不得由同一人兼任；{user.get_username()} "
            f"已是{'、'.join(sorted(held)) or '—'}，不能再授予“{role.name}”",
            fields={"role": "与已有职责冲突"},
        )


@transaction.atomic
def role_grant(*, actor, user, org: Org, role: Role, request=None) -> RoleGrant:
    """Grant a role on a node. Staff managers grant only inside their subtree, to staff of their subtree,
    never to themselves, and never a second of the three administrators' duties (三员分立)."""
    require(actor, "staff.manage", org)
    if not in_scope(
        actor, "manage", user
    ):  # the account's organisation lies in the actor's staff.manage scope
        raise NotFound("未找到该人员")
    type(user)._default_manager.select_for_update().filter(
        pk=user.pk
    ).first()  # one grant per person at a time
    _check_separation(actor, user, role)
    if RoleGrant.objects.filter(user=user, org=org, role=role).exists():
        raise Conflict("grant_exists", f"{user.get_username()} 在“{org.name}”已有“{role.name}”角色")
    grant = RoleGrant.objects.create(user=user, org=org, role=role, granted_by=acting_user(actor))
    forget_grants(user)
    audit_record(
        actor=actor,
        action=OrgAudit.ROLE_GRANT,
        category=AuditCategory.SECURITY,
        org=org,
        target=user,
        after={"role": role.name, "org": org.name},
        request=request,
    )
    return grant


@transaction.atomic
def role_revoke(*, actor, grant: RoleGrant, request=None) -> None:
    require(actor, "staff.manage", grant.org)
    audit_record(
        actor=actor,
        action=OrgAudit.ROLE_REVOKE,
        category=AuditCategory.SECURITY,
        org=grant.org,
        target=grant.user,
        before={"role": grant.role.name, "org": grant.org.name},
        request=request,
    )
    grant.delete()
    forget_grants(grant.user)
