"""Recording honours. Each service checks scope, validates, writes and records its audit row in one transaction."""

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.paths import is_within
from gonghui.core.scope import in_scope
from gonghui.members.selectors import live_membership
from gonghui.orgs.models import Org

from .audit import AwardAudit
from .models import AwardType, Honour, Level, RecipientKind, Source
from .registry_services import model_worker_enter

FIRST_YEAR = 1950  # the first national model-worker conference


def _where(org: Org, *, employer=None, union=None, person=None) -> Org:
    """The node an honour hangs under: the recipient's own union where it has one inside `org`'s subtree (a
    street counts its employers' honours), else the node that records it."""
    candidates = []
    if union is not None:
        candidates.append(union)
    if employer is not None:
        candidates += [employer.union, employer.org]
    if person is not None:
        membership = live_membership(person, timezone.localdate())
        if membership is not None:
            candidates.append(membership.org)
    for node in candidates:
        if node is not None and is_within(node.path, org.path):
            return node
    return org


@transaction.atomic
def honour_record(
    *,
    actor,
    org: Org,
    award_type: AwardType,
    year: int,
    employer=None,
    union: Org | None = None,
    unit_name: str = "",
    team_name: str = "",
    person=None,
    person_name: str = "",
    position: str = "",
    source: str = Source.FORM,
    note: str = "",
) -> Honour:
    """Enter one honour held (rule A1) under `org`, a node where the actor records work."""
    if not in_scope(actor, "work.edit", org):
        raise NotFound("未找到该组织")
    if union is not None and not is_within(union.path, org.path):
        raise DomainError("union_outside", "获奖工会不在本单位管辖范围内", fields={"union": "不在管辖范围内"})
    if employer is not None and not is_within(employer.org_path, org.path):
        raise DomainError(
            "employer_outside", "获奖单位不在本单位管辖范围内", fields={"employer": "不在管辖范围内"}
        )
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year:
        raise DomainError("bad_year", f"年度应在{FIRST_YEAR}至{this_year}年之间", fields={"year": "年度无效"})
    kind = award_type.recipient_kind
    unit_name = (unit_name or (employer.name if employer else union.name if union else "")).strip()
    person_name = (person_name or (person.full_name if person else "")).strip()
    if kind in (RecipientKind.UNIT, RecipientKind.TEAM) and not unit_name:
        raise DomainError("unit_required", "请选择或填写获奖单位", fields={"unit_name": "必填"})
    if kind == RecipientKind.TEAM and not team_name.strip():
        raise DomainError("team_required", "请填写获奖集体（班组、车间）名称", fields={"team_name": "必填"})
    if kind in (RecipientKind.PERSON, RecipientKind.FAMILY) and not person_name:
        raise DomainError("person_required", "请填写获奖人姓名", fields={"person_name": "必填"})
    if award_type.org is not None and not is_within(org.path, award_type.org.path):
        raise DomainError(
            "type_outside", f"“{award_type.name}”是其他单位设立的荣誉", fields={"award_type": "无效"}
        )
    honour = Honour(
        award_type=award_type,
        year=year,
        recipient_kind=kind,
        employer=employer,
        union=union,
        unit_name=unit_name,
        team_name=team_name.strip() if kind == RecipientKind.TEAM else "",
        person=person if kind in (RecipientKind.PERSON, RecipientKind.FAMILY) else None,
        person_name=person_name if kind in (RecipientKind.PERSON, RecipientKind.FAMILY) else "",
        position=position.strip(),
        source=source,
        note=note.strip(),
        org=_where(org, employer=employer, union=union, person=person),
    )
    same = Honour.objects.standing().filter(
        award_type=award_type, year=year, unit_name=honour.unit_name, team_name=honour.team_name
    )
    same = same.filter(person=person) if person is not None else same.filter(person_name=honour.person_name)
    if same.exists():
        raise Conflict("duplicate", f"{honour.recipient_label}的{year}年{award_type.name}已登记")
    honour.save()
    audit_record(
        actor=actor,
        action=AwardAudit.HONOUR_RECORD,
        org=honour.org,
        target=honour,
        after={"award": award_type.name, "year": year, "recipient": honour.recipient_label},
    )
    model_worker_enter(actor=actor, honour=honour)  # A6: 劳动模范 and 先进工作者 enter the registry for life
    return honour


@transaction.atomic
def honour_withdraw(*, actor, honour: Honour, reason: str) -> Honour:
    """Withdraw an honour recorded in error or revoked; it stays in the register, marked, and stops counting."""
    if not in_scope(actor, "work.edit", honour.org):
        raise NotFound("未找到该荣誉记录")
    if honour.withdrawn_at is not None:
        raise Conflict("withdrawn", "该荣誉已撤销")
    if not reason.strip():
        raise DomainError("reason_required", "请填写撤销原因", fields={"reason": "必填"})
    honour.withdrawn_at = timezone.now()
    honour.withdraw_reason = reason.strip()
    honour.save(update_fields=["withdrawn_at", "withdraw_reason"])
    audit_record(
        actor=actor,
        action=AwardAudit.HONOUR_WITHDRAW,
        org=honour.org,
        target=honour,
        after={"recipient": honour.recipient_label},
        reason=honour.withdraw_reason,
    )
    return honour


@transaction.atomic
def award_type_create(
    *, actor, org: Org, name: str, level: str, recipient_kind: str, conferred_by: str, cycle_years: int = 1
) -> AwardType:
    """A node's own honour (区级, 行业, 企业; rule A1), offered in its subtree."""
    if not in_scope(actor, "work.edit", org):
        raise NotFound("未找到该组织")
    if level in (Level.NATIONAL, Level.CAPITAL):
        raise DomainError("level_reserved", "全国和首都级荣誉由市总工会统一设置", fields={"level": "无效"})
    name = name.strip()
    if not name:
        raise DomainError("name_required", "请填写荣誉名称", fields={"name": "必填"})
    if AwardType.objects.filter(name=name, org=org).exists():
        raise Conflict("duplicate", f"本单位已设立“{name}”")
    code = f"org{org.pk}-{AwardType.objects.filter(org=org).count() + 1}"
    award_type = AwardType.objects.create(
        code=code,
        name=name,
        level=level,
        recipient_kind=recipient_kind,
        conferred_by=conferred_by.strip() or org.name,
        cycle_years=cycle_years,
        org=org,
        order=500,
    )
    audit_record(
        actor=actor, action=AwardAudit.TYPE_CREATE, org=org, target=award_type, after={"award": name}
    )
    return award_type
