"""Writing legal-aid cases (DOMAIN V1): opening a case (its number per node and year, the applicant found in the
register or recorded with an encrypted document number, eligibility with an override reason, the encrypted facts,
the parties), the conflict check run whenever a case is opened or its parties change (rule V1, comparisons in
`cases_conflicts`), clearing a conflict with a reason, assigning a lawyer, the timeline with deadlines, closing with
the outcome, and the audited full view of the facts and the applicant's document number."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from gonghui.core import personal
from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.models import AuditCategory
from gonghui.core.paths import is_within
from gonghui.core.scope import SYSTEM, in_scope
from gonghui.members.identity import DocType, parse_document
from gonghui.members.models import LIVE_STATUSES, Membership, Person
from gonghui.members.selectors import membership_by_number
from gonghui.orgs.models import Employer, Org

from . import cases_conflicts as cc
from .cases_audit import CasesAudit
from .models import CaseEvent, ConflictHit, LegalCase, Party, Provider
from .models.base import LAWYER_KINDS
from .models.cases import (
    APPLICANT_ID_PURPOSE,
    FACTS_PURPOSE,
    RECORDED_STAGES,
    CaseResult,
    CaseStage,
    CaseStatus,
    ClaimKind,
    PartyKind,
    PartySide,
)

WRITE = "work.edit"
NO_MONEY = (CaseResult.DISMISSED, CaseResult.WITHDRAWN)


@dataclass
class PartyData:
    side: str
    kind: str
    name: str
    doc_type: str = DocType.RIC
    id_number: str = ""


@dataclass
class CaseData:
    org: Org
    intake_date: dt.date
    claim_kind: str
    facts: str
    member_number: str = ""
    doc_type: str = DocType.RIC
    id_number: str = ""
    applicant_name: str = ""
    employer_name: str = ""
    employer: Employer | None = None
    is_migrant: bool = False
    is_low_income: bool = False
    eligibility_override: str = ""
    opposing: list[PartyData] = field(default_factory=list)


def case_number(year: int, seq: int) -> str:
    return f"援字〔{year}〕第{seq}号"


def _who(actor) -> str:
    if actor is SYSTEM:
        return "系统"
    return actor.get_full_name() or actor.get_username()


def _require(actor, perm: str, org: Org) -> None:
    if not in_scope(actor, perm, org):
        raise NotFound("未找到该案件")


def _label(case: LegalCase) -> str:
    return f"{case.number}（{personal.mask_name(case.applicant_name)}）"


def _party_hash(p: PartyData) -> str:
    if p.kind != PartyKind.PERSON or not p.id_number.strip():
        return ""
    doc = parse_document(p.doc_type or DocType.RIC, p.id_number, field="party_id_number")
    return Person.id_lookup(doc.doc_type, doc.number)


def _party(case: LegalCase, p: PartyData, *, is_applicant: bool = False, id_hash: str | None = None) -> Party:
    name = " ".join((p.name or "").split())
    if not name:
        raise DomainError("party_name", "请填写当事人名称", fields={"party_name": "必填"})
    if p.side not in PartySide.values or p.kind not in PartyKind.values:
        raise DomainError("party_kind", "请选择当事人的方和类别", fields={"party_kind": "请选择"})
    k = cc.keys(p.side, p.kind, name, _party_hash(p) if id_hash is None else id_hash)
    if not k.name_key:
        raise DomainError("party_name", f"当事人名称“{name}”无法识别", fields={"party_name": "无法识别"})
    return Party.objects.create(
        case=case,
        side=p.side,
        kind=p.kind,
        name=name,
        name_key=k.name_key,
        pinyin_key=k.pinyin_key,
        id_hash=k.id_hash,
        is_applicant=is_applicant,
    )


def _keys(p: Party) -> cc.Keys:
    return cc.Keys(side=p.side, kind=p.kind, name_key=p.name_key, pinyin_key=p.pinyin_key, id_hash=p.id_hash)


def conflicts_check(case: LegalCase) -> tuple[int, int]:
    """rule V1: compare this case's parties with the parties of every earlier case, on every node (a conflict is
    one wherever it was recorded), and keep what was found. A clearance stays only while the blocking matches are
    the ones it cleared. Returns (conflicts, related)."""
    mine = list(case.parties.all())
    q = Q()
    for p in mine:
        q |= Q(kind=p.kind, name_key=p.name_key) | Q(kind=p.kind, pinyin_key=p.pinyin_key)
        if p.id_hash:
            q |= Q(kind=p.kind, id_hash=p.id_hash)
    earlier = list(Party.objects.filter(q, case__pk__lt=case.pk).select_related("case")) if mine else []
    before = set(case.hits.filter(blocking=True).values_list("earlier_party_id", "party_id"))
    case.hits.all().delete()
    found = cc.hits([_keys(p) for p in mine], [_keys(p) for p in earlier])
    ConflictHit.objects.bulk_create(
        ConflictHit(
            case=case,
            party=mine[h.new],
            earlier=earlier[h.old].case,
            earlier_party=earlier[h.old],
            how=h.how,
            blocking=h.blocking,
        )
        for h in found
    )
    now = {(earlier[h.old].pk, mine[h.new].pk) for h in found if h.blocking}
    case.conflict_blocking = len({(earlier[h.old].case_id) for h in found if h.blocking})
    case.conflict_related = len({(earlier[h.old].case_id) for h in found if not h.blocking})
    if case.cleared_at is not None and not now <= before:
        case.cleared_at, case.cleared_by, case.cleared_by_name, case.clear_reason = None, None, "", ""
    case.save()
    return case.conflict_blocking, case.conflict_related


def _check_note(blocking: int, related: int) -> str:
    if not blocking and not related:
        return "未发现利益冲突"
    parts = [f"发现利益冲突{blocking}件" if blocking else "", f"关联案件{related}件" if related else ""]
    return "，".join(p for p in parts if p)


def _applicant(actor, data: CaseData) -> dict:
    """The applicant: a member by member number or document number, else a worker who is not a member (name and
    document, the number kept only as cipher, lookup hash and mask)."""
    membership = None
    if data.member_number.strip():
        try:
            membership = membership_by_number(actor=actor, number=data.member_number)
        except DomainError as exc:
            raise DomainError(exc.code, exc.message, fields={"member_number": "未找到"}) from exc
    elif data.id_number.strip():
        doc = parse_document(data.doc_type or DocType.RIC, data.id_number)
        id_hash = Person.id_lookup(doc.doc_type, doc.number)
        membership = (
            Membership.objects.filter(person__id_hash=id_hash, status__in=LIVE_STATUSES)
            .select_related("person")
            .first()
        )
        if membership is None:
            name = " ".join(data.applicant_name.split())
            if not name:
                raise DomainError(
                    "applicant_name", "申请人不是会员，请填写姓名", fields={"applicant_name": "必填"}
                )
            return {
                "membership": None,
                "applicant_name": name,
                "applicant_doc_type": doc.doc_type,
                "applicant_id_cipher": personal.encrypt(doc.number, purpose=APPLICANT_ID_PURPOSE),
                "applicant_id_hash": id_hash,
                "applicant_id_masked": personal.mask(doc.number),
                "is_migrant": data.is_migrant,
            }
    else:
        raise DomainError(
            "applicant",
            "请填写申请人的会员证号或证件号码",
            fields={"member_number": "会员证号或证件号码", "id_number": "会员证号或证件号码"},
        )
    person = membership.person
    return {
        "membership": membership,
        "applicant_name": person.full_name,
        "applicant_doc_type": person.doc_type,
        "applicant_id_cipher": "",
        "applicant_id_hash": person.id_hash,
        "applicant_id_masked": person.id_masked,
        "is_migrant": data.is_migrant or person.is_migrant,
    }


@transaction.atomic
def case_open(*, actor, data: CaseData) -> LegalCase:
    """Open (受理) a legal-aid case at a node: numbered 援字〔year〕第n号 in the node's own series for the intake
    year, its parties recorded and the conflict check run (rule V1)."""
    org = data.org
    _require(actor, WRITE, org)
    today = timezone.localdate()
    if data.intake_date > today:
        raise DomainError("intake_date", "受理日期不能晚于今天", fields={"intake_date": "不能晚于今天"})
    if data.claim_kind not in ClaimKind.values:
        raise DomainError("claim_kind", "请选择请求类别", fields={"claim_kind": "请选择"})
    facts = data.facts.strip()
    if not facts:
        raise DomainError("facts", "请填写案情", fields={"facts": "必填"})
    applicant = _applicant(actor, data)
    eligible = applicant["membership"] is not None or applicant["is_migrant"] or data.is_low_income
    override = data.eligibility_override.strip()
    if not eligible and not override:
        raise DomainError(
            "eligibility_override",
            "申请人不是会员、农民工或低收入职工，如仍受理请填写理由",
            fields={"eligibility_override": "请填写受理理由"},
        )
    opposing = [p for p in data.opposing if p.name.strip()]
    if not opposing:
        raise DomainError("opposing", "请填写对方当事人", fields={"opposing_org": "至少填写一个对方当事人"})
    employer = data.employer
    employer_name = " ".join(data.employer_name.split()) or (employer.name if employer else "")
    Org.objects.select_for_update(of=("self",)).get(pk=org.pk)  # one number at a time in the node's series
    year = data.intake_date.year
    seq = (LegalCase.objects.filter(org=org, year=year).aggregate(m=Max("seq"))["m"] or 0) + 1
    case = LegalCase.objects.create(
        org=org,
        year=year,
        seq=seq,
        number=case_number(year, seq),
        intake_date=data.intake_date,
        membership=applicant["membership"],
        applicant_name=applicant["applicant_name"],
        applicant_doc_type=applicant["applicant_doc_type"],
        applicant_id_cipher=applicant["applicant_id_cipher"],
        applicant_id_hash=applicant["applicant_id_hash"],
        applicant_id_masked=applicant["applicant_id_masked"],
        employer_name=employer_name,
        employer=employer,
        claim_kind=data.claim_kind,
        facts_cipher=personal.encrypt(facts, purpose=FACTS_PURPOSE),
        is_member=applicant["membership"] is not None,
        is_migrant=applicant["is_migrant"],
        is_low_income=data.is_low_income,
        eligibility_override="" if eligible else override,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    applicant_party = PartyData(PartySide.APPLICANT, PartyKind.PERSON, case.applicant_name)
    _party(case, applicant_party, is_applicant=True, id_hash=case.applicant_id_hash)
    for p in opposing:
        _party(case, PartyData(PartySide.OPPOSING, p.kind, p.name, p.doc_type, p.id_number))
    CaseEvent.objects.create(
        case=case, kind=CaseStage.INTAKE, on_date=data.intake_date, actor_username=_who(actor)
    )
    blocking, related = conflicts_check(case)
    CaseEvent.objects.create(
        case=case,
        kind=CaseStage.CONFLICT,
        on_date=data.intake_date,
        note=_check_note(blocking, related),
        actor_username=_who(actor),
    )
    case.stage = CaseStage.CONFLICT
    case.save(update_fields=["stage"])
    audit_record(
        actor=actor,
        action=CasesAudit.OPEN,
        org=org,
        target=case,
        target_label=_label(case),
        after={
            "number": case.number,
            "claim_kind": case.get_claim_kind_display(),
            "applicant": personal.mask_name(case.applicant_name),
            "eligible": eligible,
            "override": case.eligibility_override,
            "conflicts": blocking,
            "related": related,
        },
    )
    return case


def _open_case(actor, case: LegalCase) -> LegalCase:
    _require(actor, WRITE, case.org)
    case = LegalCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    if case.status != CaseStatus.OPEN:
        raise Conflict("closed", f"案件{case.number}已结案")
    return case


def _parties_changed(actor, case: LegalCase, action, after: dict) -> LegalCase:
    blocking, related = conflicts_check(case)
    CaseEvent.objects.create(
        case=case,
        kind=CaseStage.CONFLICT,
        on_date=max(timezone.localdate(), case.intake_date),
        note=f"当事人变更后重新审查：{_check_note(blocking, related)}",
        actor_username=_who(actor),
    )
    audit_record(
        actor=actor,
        action=action,
        org=case.org,
        target=case,
        target_label=_label(case),
        after={**after, "conflicts": blocking, "related": related},
    )
    return case


@transaction.atomic
def party_add(*, actor, case: LegalCase, data: PartyData) -> LegalCase:
    """Add a party (the applicant's side or the opposing side); the conflict check runs again (rule V1)."""
    case = _open_case(actor, case)
    party = _party(case, data)
    shown = personal.mask_name(party.name) if party.kind == PartyKind.PERSON else party.name
    return _parties_changed(
        actor, case, CasesAudit.PARTY_ADD, {"party": shown, "side": party.get_side_display()}
    )


@transaction.atomic
def party_remove(*, actor, case: LegalCase, party_id: int) -> LegalCase:
    """Remove a party other than the applicant, keeping at least one opposing party; the check runs again."""
    case = _open_case(actor, case)
    party = case.parties.filter(pk=party_id, is_applicant=False).first()
    if party is None:
        raise NotFound("未找到该当事人")
    if party.side == PartySide.OPPOSING and case.parties.filter(side=PartySide.OPPOSING).count() == 1:
        raise DomainError("opposing", "至少保留一个对方当事人")
    shown = personal.mask_name(party.name) if party.kind == PartyKind.PERSON else party.name
    side = party.get_side_display()
    party.delete()
    return _parties_changed(actor, case, CasesAudit.PARTY_REMOVE, {"party": shown, "side": side})


@transaction.atomic
def conflict_clear(
    *, actor, case: LegalCase, reason: str, by: str = "", on_date: dt.date | None = None
) -> LegalCase:
    """rule V1: a named person clears the conflicts found, with a reason (audited); the case then shows who
    cleared them, when and why. `by` names the person when the system records a clearance made elsewhere (the
    demo), `on_date` the day it was made there (not before intake, never in the future); a signed-in user is
    always named as themselves, clearing today."""
    case = _open_case(actor, case)
    today = timezone.localdate()
    on_date = on_date if actor is SYSTEM and on_date is not None else today
    if not case.intake_date <= on_date <= today:
        raise DomainError(
            "on_date",
            f"排除日期应在受理日期{case.intake_date:%Y-%m-%d}至今天之间",
            fields={"on_date": "日期不对"},
        )
    reason = " ".join((reason or "").split())
    if not case.conflict_open:
        raise Conflict("no_conflict", f"案件{case.number}没有待排除的利益冲突")
    if len(reason) < 4:
        raise DomainError("reason", "请具体说明排除利益冲突的理由（至少4个字）", fields={"reason": "过短"})
    now = timezone.localtime()
    case.cleared_at = (
        now if on_date == today else now.replace(year=on_date.year, month=on_date.month, day=on_date.day)
    )
    case.cleared_by = actor if getattr(actor, "is_authenticated", False) else None
    case.cleared_by_name = by.strip() if actor is SYSTEM and by.strip() else _who(actor)
    case.clear_reason = reason
    case.save()
    CaseEvent.objects.create(
        case=case,
        kind=CaseStage.CONFLICT,
        on_date=on_date,
        note=f"利益冲突已排除（{case.cleared_by_name}）",
        actor_username=_who(actor),
    )
    audit_record(
        actor=actor,
        action=CasesAudit.CONFLICT_CLEAR,
        org=case.org,
        target=case,
        target_label=_label(case),
        after={"conflicts": case.conflict_blocking},
        reason=reason,
    )
    return case


def lawyers_for(actor, case: LegalCase):
    """The lawyers who may take the case: active 公益律师 / 值班律师 the actor can see, registered by the case's
    node, a node above it or one below it."""
    path = case.org.path
    return [
        p
        for p in Provider.objects.restrict(actor, "view")
        .filter(kind__in=LAWYER_KINDS, is_active=True)
        .select_related("org")
        if is_within(path, p.org.path) or is_within(p.org.path, path)
    ]


def _refresh_stage(case: LegalCase) -> None:
    """The case's stage and deadline are its latest step's (by date); the conflict check's own entries, written
    on the day a check runs, neither move the stage on nor end a deadline."""
    latest = case.events.exclude(kind=CaseStage.CONFLICT).order_by("-on_date", "-id").first()
    if latest is not None and latest.kind != CaseStage.INTAKE:
        case.stage = latest.kind
        case.next_deadline = latest.deadline


@transaction.atomic
def lawyer_assign(*, actor, case: LegalCase, provider_id, on_date: dt.date, deadline: dt.date | None = None):
    """Assign the case to a lawyer; refused while a conflict found by the check is not cleared (rule V1)."""
    case = _open_case(actor, case)
    if case.conflict_open:
        raise Conflict(
            "conflict_open",
            f"案件{case.number}存在未排除的利益冲突，排除后才能指派律师",
            fields={"lawyer": "先排除利益冲突"},
        )
    lawyer = next((p for p in lawyers_for(actor, case) if str(p.pk) == str(provider_id)), None)
    if lawyer is None:
        raise DomainError("lawyer", "请选择在册的公益律师或值班律师", fields={"lawyer": "请选择"})
    _dates(case, on_date, deadline)
    before = str(case.lawyer) if case.lawyer_id else ""
    case.lawyer = lawyer
    CaseEvent.objects.create(
        case=case,
        kind=CaseStage.ASSIGNED,
        on_date=on_date,
        deadline=deadline,
        note=f"{lawyer.name}（{lawyer.firm}）" if lawyer.firm else lawyer.name,
        actor_username=_who(actor),
    )
    _refresh_stage(case)
    case.save()
    audit_record(
        actor=actor,
        action=CasesAudit.ASSIGN,
        org=case.org,
        target=case,
        target_label=_label(case),
        before={"lawyer": before} if before else None,
        after={"lawyer": str(lawyer)},
    )
    return case


def _dates(case: LegalCase, on_date: dt.date, deadline: dt.date | None) -> None:
    if on_date is None:
        raise DomainError("on_date", "请填写日期", fields={"on_date": "必填"})
    if on_date < case.intake_date:
        raise DomainError("on_date", "日期不能早于受理日期", fields={"on_date": "早于受理日期"})
    if on_date > timezone.localdate():
        raise DomainError("on_date", "日期不能晚于今天", fields={"on_date": "不能晚于今天"})
    if deadline is not None and deadline < on_date:
        raise DomainError("deadline", "期限不能早于日期", fields={"deadline": "早于日期"})


@transaction.atomic
def event_add(
    *, actor, case: LegalCase, kind: str, on_date: dt.date, deadline: dt.date | None = None, note: str = ""
) -> CaseEvent:
    """A step of the timeline (调解, 仲裁, 诉讼, 执行) with its date, an optional deadline and a note. The case's
    deadline is the latest step's: a later step without one means nothing is due."""
    case = _open_case(actor, case)
    if kind not in [s.value for s in RECORDED_STAGES]:
        raise DomainError("kind", "请选择进程", fields={"kind": "请选择"})
    _dates(case, on_date, deadline)
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        on_date=on_date,
        deadline=deadline,
        note=note.strip()[:300],
        actor_username=_who(actor),
    )
    _refresh_stage(case)
    case.save()
    audit_record(
        actor=actor,
        action=CasesAudit.EVENT,
        org=case.org,
        target=case,
        target_label=_label(case),
        after={
            "kind": event.get_kind_display(),
            "on_date": on_date.isoformat(),
            "deadline": deadline.isoformat() if deadline else None,
        },
    )
    return event


@transaction.atomic
def case_close(
    *,
    actor,
    case: LegalCase,
    result: str,
    closed_on: dt.date,
    recovered_yuan: int,
    people_covered: int,
    note: str = "",
) -> LegalCase:
    """Close (结案) with the outcome: the result, the money recovered (whole yuan) and the workers covered."""
    case = _open_case(actor, case)
    if result not in CaseResult.values:
        raise DomainError("result", "请选择结案结果", fields={"result": "请选择"})
    _dates(case, closed_on, None)
    if recovered_yuan is None or recovered_yuan < 0:
        raise DomainError("recovered_yuan", "挽回经济损失不能为负数", fields={"recovered_yuan": "不能为负数"})
    if result in NO_MONEY and recovered_yuan:
        raise DomainError(
            "recovered_yuan",
            f"结果为“{CaseResult(result).label}”时挽回经济损失应为0",
            fields={"recovered_yuan": "应为0"},
        )
    if people_covered is None or people_covered < 1:
        raise DomainError("people_covered", "涉及职工人数至少为1", fields={"people_covered": "至少为1"})
    case.status = CaseStatus.CLOSED
    case.stage = CaseStage.CLOSED
    case.result = result
    case.closed_on = closed_on
    case.recovered_yuan = recovered_yuan
    case.people_covered = people_covered
    case.next_deadline = None
    case.save()
    CaseEvent.objects.create(
        case=case,
        kind=CaseStage.CLOSED,
        on_date=closed_on,
        note=(note.strip() or CaseResult(result).label)[:300],
        actor_username=_who(actor),
    )
    audit_record(
        actor=actor,
        action=CasesAudit.CLOSE,
        org=case.org,
        target=case,
        target_label=_label(case),
        after={
            "result": case.get_result_display(),
            "closed_on": closed_on.isoformat(),
            "recovered_yuan": recovered_yuan,
            "people_covered": people_covered,
        },
    )
    return case


@transaction.atomic
def case_reveal(*, actor, case: LegalCase, reason: str, request=None) -> dict[str, str]:
    """The facts and the applicant's full document number, once, for someone holding member.reveal on the case's
    node; asks for a reason and is audited as a data access (I3)."""
    if actor is SYSTEM or not getattr(actor, "is_authenticated", False):
        raise NotFound("未找到该案件")
    _require(actor, "member.reveal", case.org)
    reason = " ".join((reason or "").split())
    if len(reason) < 4:
        raise DomainError("reason", "请具体说明查看的事由（至少4个字）", fields={"reason": "过短"})
    if case.membership_id:
        id_number = case.membership.person.reveal_document()
    else:
        id_number = personal.decrypt(case.applicant_id_cipher, purpose=APPLICANT_ID_PURPOSE)
    audit_record(
        actor=actor,
        action=CasesAudit.REVEAL,
        category=AuditCategory.ACCESS,
        org=case.org,
        target=case,
        target_label=_label(case),
        reason=reason,
        request=request,
    )
    return {
        "facts": personal.decrypt(case.facts_cipher, purpose=FACTS_PURPOSE),
        "id_number": id_number,
        "applicant_name": case.applicant_name,
    }
