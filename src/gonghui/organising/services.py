"""Writes every part shares: opening an employer as an organising target, changing who follows it and what comes
next, and moving it along its stages (R1). Each service checks scope, validates, writes and records its audit row
in one transaction; the parts' own services call `advance` inside theirs."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.scope import SYSTEM, in_scope
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Coverage, Employer, EmployerStatus, FormedChannel, Org

from .audit import OrganisingAudit
from .models import STAGE_ORDER, Priority, Stage, Target

TARGET_FIELDS = (
    "owner",
    "priority",
    "is_priority_group",
    "is_platform",
    "channel",
    "next_step",
    "next_step_on",
    "note",
)


def _check_owner(actor, org: Org, owner) -> None:
    """The owner follows the target for the node: a staff user who may see that node."""
    if owner is None:
        return
    if not isinstance(owner, get_user_model()) or not in_scope(owner, "org.view", org):
        raise DomainError("bad_owner", "责任人须是能查看该组织的工作人员", fields={"owner": "不在本组织范围"})


def _clean(fields: dict) -> dict:
    bad = set(fields) - set(TARGET_FIELDS)
    if bad:
        raise DomainError("bad_field", f"不能修改字段：{', '.join(sorted(bad))}")
    if "priority" in fields and fields["priority"] not in Priority.values:
        raise DomainError("bad_priority", "优先级无效", fields={"priority": "无效"})
    if "channel" in fields and fields["channel"] not in FormedChannel.values:
        raise DomainError("bad_channel", "接触途径无效", fields={"channel": "无效"})
    if "next_step" in fields:
        fields["next_step"] = (fields["next_step"] or "").strip()
    return fields


@transaction.atomic
def target_open(*, actor, employer: Employer, **fields) -> Target:
    """List an employer without a union as an organising target (R1) under the node it is recorded at."""
    employer = Employer.objects.select_for_update().select_related("org").get(pk=employer.pk)
    if not in_scope(actor, "employer.manage", employer.org):
        raise NotFound()
    if employer.status != EmployerStatus.ACTIVE:
        raise Conflict("employer_closed", f"“{employer.name}”已注销")
    if employer.coverage != Coverage.NONE:
        raise Conflict("already_covered", f"“{employer.name}”已建会，不必列为建会目标")
    if Target.objects.filter(employer=employer).exists():
        raise Conflict("already_target", f"“{employer.name}”已是建会目标")
    fields = _clean(fields)
    _check_owner(actor, employer.org, fields.get("owner"))
    target = Target.objects.create(employer=employer, org=employer.org, **fields)
    audit_record(
        actor=actor,
        action=OrganisingAudit.TARGET_OPEN,
        org=employer.org,
        target=target,
        after={"employer": employer.name, "stage": target.get_stage_display()},
    )
    return target


@transaction.atomic
def target_register(
    *, actor, org: Org, employer_fields: dict, on_date: dt.date | None = None, **fields
) -> Target:
    """Record a new employer found without a union (O5: as 未建会, from `on_date`) and open it as a target."""
    employer = org_services.employer_create(
        actor=actor, org=org, union=None, on_date=on_date, **employer_fields
    )
    return target_open(actor=actor, employer=employer, **fields)


@transaction.atomic
def target_update(*, actor, target: Target, **fields) -> Target:
    target = Target.objects.select_for_update(of=("self",)).select_related("org").get(pk=target.pk)
    if not in_scope(actor, "employer.manage", target.org):
        raise NotFound()
    fields = _clean(fields)
    if "owner" in fields:
        _check_owner(actor, target.org, fields["owner"])
    before = {k: _shown(getattr(target, k)) for k in fields}
    for k, v in fields.items():
        setattr(target, k, v)
    target.save()
    after = {k: _shown(getattr(target, k)) for k in fields}
    audit_record(
        actor=actor,
        action=OrganisingAudit.TARGET_UPDATE,
        org=target.org,
        target=target,
        before={k: v for k, v in before.items() if after[k] != v},
        after={k: v for k, v in after.items() if before[k] != v},
    )
    return target


def _shown(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "get_username"):
        return value.get_full_name() or value.get_username()
    return value


def advance(target: Target, stage: str, *, on: dt.date) -> bool:
    """Move the target to `stage` if that is further along (R1: never backwards; the caller's transaction and
    audit row record why). The first contact's day and the day the union formed are kept. True if it moved."""
    if stage not in STAGE_ORDER:
        raise DomainError("bad_stage", "阶段无效")
    changed = []
    if stage != Stage.NONE and (target.first_contact_on is None or on < target.first_contact_on):
        target.first_contact_on = on
        changed.append("first_contact_on")
    moved = STAGE_ORDER[stage] > STAGE_ORDER[target.stage]
    if moved:
        target.stage = stage
        changed.append("stage")
        if stage == Stage.FORMED:
            target.formed_on = on
            changed.append("formed_on")
    if changed:
        target.save(update_fields=[*changed, "updated_at"])
    return moved


def today() -> dt.date:
    return timezone.localdate()


__all__ = ["SYSTEM", "advance", "target_open", "target_register", "target_update", "today"]
