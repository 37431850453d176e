"""The model-worker registry (DOMAIN §6 A6): entering a model worker when their honour is recorded, editing what
the federation keeps of them (allowance, contact person, status), their condolence visits, and the lecture teams
and innovation studios they belong to. Each service checks scope, validates, writes and records its audit row in
one transaction."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.backdating import check_happened_on
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from .audit import RegistryAudit
from .models import LEVEL_ORDER, CareVisit, Honour, ModelWorker, Team, TeamKind, TeamMember, WorkerStatus

ALLOWANCE_MAX = 100_000  # yuan a month: anything above is a typing slip


def _not_future(day: dt.date, *, label: str, field: str) -> None:
    """A team's founding or a member's joining is a fact of any past date (no back-dating window), never ahead."""
    if day > timezone.localdate():
        raise DomainError("future_date", f"{label}不能晚于今天", fields={field: f"{label}不能晚于今天"})


def _higher(level: str, than: str) -> bool:
    return LEVEL_ORDER.index(level) < LEVEL_ORDER.index(than)


def model_worker_enter(*, actor, honour: Honour) -> ModelWorker | None:
    """Called by `honour_record` inside its transaction: a person honoured with a `model_worker` type (劳动模范,
    先进工作者) is in the registry for life (A6). Already there, they keep one record; a higher honour (a capital
    劳动模范 later named national) becomes its level, title and year."""
    if not honour.award_type.model_worker or honour.recipient_kind != "person":
        return None
    if honour.person_id is not None:
        found = ModelWorker.objects.filter(person_id=honour.person_id).first()
    else:
        found = ModelWorker.objects.filter(
            person__isnull=True, name=honour.person_name, unit_name=honour.unit_name
        ).first()
    award = honour.award_type
    if found is not None:
        if not _higher(award.level, found.level):
            return found
        before = {"title": found.title, "level": found.get_level_display(), "year": found.year}
        found.title, found.level, found.year, found.honour = award.name, award.level, honour.year, honour
        found.save(update_fields=["title", "level", "year", "honour"])
        audit_record(
            actor=actor,
            action=RegistryAudit.WORKER_EDIT,
            org=found.org,
            target=found,
            before=before,
            after={"title": found.title, "level": found.get_level_display(), "year": found.year},
        )
        return found
    worker = ModelWorker(
        person_id=honour.person_id,
        name=honour.person_name,
        unit_name=honour.unit_name,
        title=award.name,
        level=award.level,
        year=honour.year,
        honour=honour,
        org=honour.org,
    )
    worker.full_clean()
    worker.save()
    audit_record(
        actor=actor,
        action=RegistryAudit.WORKER_ENTER,
        org=worker.org,
        target=worker,
        after={"name": worker.name, "title": worker.title, "year": worker.year},
    )
    return worker


@transaction.atomic
def model_worker_edit(
    *, actor, worker: ModelWorker, allowance: int, contact: str = "", status: str, note: str = ""
) -> ModelWorker:
    """What the federation keeps of a model worker: the honour allowance (whole yuan a month), the contact person
    who looks after them, whether they are serving, retired or deceased."""
    if not in_scope(actor, "work.edit", worker.org):
        raise NotFound("未找到该劳模")
    if not 0 <= allowance <= ALLOWANCE_MAX:
        raise DomainError(
            "bad_allowance", f"荣誉津贴应在0至{ALLOWANCE_MAX}元之间", fields={"allowance": "金额无效"}
        )
    if status not in WorkerStatus.values:
        raise DomainError("bad_status", "请选择状态", fields={"status": "必填"})
    fields = ("allowance", "contact", "status", "note")
    before = {f: getattr(worker, f) for f in fields}
    worker.allowance, worker.contact, worker.status, worker.note = (
        allowance,
        contact.strip(),
        status,
        note.strip(),
    )
    after = {f: getattr(worker, f) for f in fields}
    if after == before:
        return worker
    worker.save(update_fields=list(fields))
    changed = [f for f in fields if before[f] != after[f]]
    audit_record(
        actor=actor,
        action=RegistryAudit.WORKER_EDIT,
        org=worker.org,
        target=worker,
        before={f: before[f] for f in changed},
        after={f: after[f] for f in changed},
    )
    return worker


@transaction.atomic
def visit_record(
    *,
    actor,
    worker: ModelWorker,
    visited_on: dt.date,
    visitors: str,
    given: str,
    note: str = "",
    backdate_reason: str = "",
) -> CareVisit:
    """A condolence visit to a model worker (W2, A6): when, who went, what was given."""
    if not in_scope(actor, "work.edit", worker.org):
        raise NotFound("未找到该劳模")
    reason = check_happened_on(
        visited_on,
        reason=backdate_reason,
        label="慰问日期",
        field="visited_on",
        reason_field="backdate_reason",
    )
    if not visitors.strip():
        raise DomainError("visitors_required", "请填写慰问人", fields={"visitors": "必填"})
    if not given.strip():
        raise DomainError("given_required", "请填写慰问内容", fields={"given": "必填"})
    visit = CareVisit(
        model_worker=worker,
        visited_on=visited_on,
        visitors=visitors.strip(),
        given=given.strip(),
        note=note.strip(),
        org=worker.org,
    )
    visit.full_clean()
    visit.save()
    audit_record(
        actor=actor,
        action=RegistryAudit.VISIT_RECORD,
        org=worker.org,
        target=visit,
        after={"visited_on": visited_on.isoformat(), "visitors": visit.visitors, "given": visit.given},
        reason=reason,
    )
    return visit


@transaction.atomic
def team_create(*, actor, org: Org, kind: str, name: str, founded_on: dt.date, note: str = "") -> Team:
    """A node's lecture team (宣讲团) or innovation studio (创新工作室, O7)."""
    if not in_scope(actor, "work.edit", org):
        raise NotFound("未找到该组织")
    if kind not in TeamKind.values:
        raise DomainError("bad_kind", "请选择类型", fields={"kind": "必填"})
    name = name.strip()
    if not name:
        raise DomainError("name_required", "请填写名称", fields={"name": "必填"})
    _not_future(founded_on, label="成立日期", field="founded_on")
    if Team.objects.filter(org=org, name=name).exists():
        raise Conflict("duplicate", f"本单位已有“{name}”", fields={"name": "名称重复"})
    team = Team.objects.create(org=org, kind=kind, name=name, founded_on=founded_on, note=note.strip())
    audit_record(
        actor=actor,
        action=RegistryAudit.TEAM_CREATE,
        org=org,
        target=team,
        after={"name": name, "kind": team.get_kind_display()},
    )
    return team


@transaction.atomic
def team_member_add(
    *, actor, team: Team, worker: ModelWorker, joined_on: dt.date, role: str = ""
) -> TeamMember:
    """A model worker joins a lecture team or studio; they must be in the registry the actor sees (A6)."""
    if not in_scope(actor, "work.edit", team.org):
        raise NotFound("未找到该团队")
    if not in_scope(actor, "org.view", worker.org):
        raise NotFound("未找到该劳模")
    if worker.status == WorkerStatus.DECEASED:
        raise DomainError("deceased", f"{worker.name}已故，不能加入团队", fields={"model_worker": "已故"})
    if TeamMember.objects.filter(team=team, model_worker=worker).exists():
        raise Conflict("duplicate", f"{worker.name}已是{team.name}成员", fields={"model_worker": "已是成员"})
    _not_future(joined_on, label="加入日期", field="joined_on")
    member = TeamMember.objects.create(team=team, model_worker=worker, joined_on=joined_on, role=role.strip())
    audit_record(
        actor=actor,
        action=RegistryAudit.TEAM_JOIN,
        org=team.org,
        target=team,
        after={"member": worker.name, "role": member.role, "team": team.name},
    )
    return member
