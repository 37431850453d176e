"""Every write of the elections part (rule G2, R21): an election and its candidates, the voting, the paper tally
(ballot by ballot or totals), the scrutineers' signature, the report above and the approval that installs the
node's committee (O6) through `services.committee_install`."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import acting_user, audit_record
from gonghui.core.errors import Conflict, DomainError
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from . import elections_count as ec
from . import services
from .elections_audit import ElectionsAudit
from .elections_selectors import BODY_ROLES, committee_members, election_result
from .models import (
    Ballot,
    Candidate,
    CommitteeRole,
    Congress,
    Election,
    ElectionBody,
    ElectionStatus,
    TallyMode,
)

EDIT = "work.edit"
APPROVE = "org.manage"  # R21: a cadre of the node above, who manages the node
DEFAULT_ROLE = {
    ElectionBody.COMMITTEE: CommitteeRole.MEMBER,
    ElectionBody.AUDIT: CommitteeRole.AUDIT_MEMBER,
    ElectionBody.WOMEN: CommitteeRole.WOMEN_MEMBER,
    ElectionBody.CHAIRS: CommitteeRole.VICE_CHAIR,
}
TALLYING = (ElectionStatus.VOTING, ElectionStatus.RETURNED)


@dataclass
class ElectionData:
    org: Org
    title: str
    body: str
    held_on: dt.date
    seats: int
    candidates: Sequence[tuple[str, str]]  # (name, role); role "" → the body's usual role
    margin_percent: int = 5
    term_years: int = 5
    shortfall_rule: str = ec.SHORTFALL_EMPTY
    mode: str = TallyMode.BALLOTS
    entitled: int = 0
    congress: Congress | None = None
    extra: dict = field(default_factory=dict)


def _require(actor, perm: str, org: Org) -> None:
    if not in_scope(actor, perm, org):
        raise DomainError("scope", "无权办理该组织的选举", fields={"org": "无权"})


def _names(candidates: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(" ".join(n.split()), r) for n, r in candidates if n and n.strip()]


@transaction.atomic
def election_create(*, actor, data: ElectionData) -> Election:
    """An election in 草稿 with its candidates. 差额 (rule G2): more candidates than seats, by at least the margin."""
    _require(actor, EDIT, data.org)
    if not data.title.strip():
        raise DomainError("title", "请填写选举名称", fields={"title": "必填"})
    if data.body not in ElectionBody.values:
        raise DomainError("body", "请选择选举产生的机构", fields={"body": "不在可选范围内"})
    if data.seats < 1:
        raise DomainError("seats", "应选名额至少为1", fields={"seats": "至少为1"})
    if data.term_years not in (3, 5):
        raise DomainError("term_years", "任期为3年或5年", fields={"term_years": "应为3或5"})
    if not 0 <= data.margin_percent <= 100:
        raise DomainError("margin_percent", "差额比例应在0至100之间", fields={"margin_percent": "范围不对"})
    if data.congress is not None and data.congress.org_id != data.org.pk:
        raise DomainError("congress", "代表大会不属于该组织", fields={"congress": "不属于该组织"})
    people = _names(data.candidates)
    names = [n for n, _ in people]
    if len(set(names)) != len(names):
        raise DomainError("candidates", "候选人姓名有重复", fields={"candidates": "姓名重复"})
    _check_margin(len(names), data.seats, data.margin_percent)
    allowed = BODY_ROLES[ElectionBody(data.body)]
    default = DEFAULT_ROLE[ElectionBody(data.body)]
    if any(r and r not in allowed for _, r in people):
        raise DomainError(
            "candidates", "候选人的拟任职务与选举产生的机构不符", fields={"candidates": "职务不对"}
        )
    entitled = data.entitled or (data.congress.entitled if data.congress else 0)
    election = Election.objects.create(
        org=data.org,
        congress=data.congress,
        title=data.title.strip(),
        body=data.body,
        held_on=data.held_on,
        seats=data.seats,
        margin_percent=data.margin_percent,
        term_years=data.term_years,
        shortfall_rule=data.shortfall_rule,
        mode=data.mode,
        entitled=entitled,
    )
    Candidate.objects.bulk_create(Candidate(election=election, name=n, role=r or default) for n, r in people)
    audit_record(
        actor=actor,
        action=ElectionsAudit.CREATE,
        org=data.org,
        target=election,
        target_label=election.title,
        after={
            "title": election.title,
            "body": election.get_body_display(),
            "seats": data.seats,
            "candidates": "、".join(names),
        },
    )
    return election


def _check_margin(candidates: int, seats: int, margin: int) -> None:
    # rule G2: 差额 — more candidates than seats; the extra ones at least `margin`% of the seats (integers)
    if candidates <= seats or (candidates - seats) * 100 < seats * margin:
        need = seats + max(1, -(-seats * margin // 100))
        raise DomainError(
            "candidates",
            f"差额选举：应选{seats}名，候选人应不少于{need}名（差额比例不低于{margin}%），现有{candidates}名",
            fields={"candidates": "候选人不足"},
        )


def _locked(election: Election, *statuses) -> Election:
    election = Election.objects.select_for_update(of=("self",)).get(pk=election.pk)
    if election.status not in statuses:
        raise Conflict("state", f"该选举当前为“{election.get_status_display()}”，不能进行此操作")
    return election


@transaction.atomic
def election_open(*, actor, election: Election) -> Election:
    _require(actor, EDIT, election.org)
    election = _locked(election, ElectionStatus.DRAFT)
    _check_margin(election.candidates.filter(write_in=False).count(), election.seats, election.margin_percent)
    election.status = ElectionStatus.VOTING
    election.save(update_fields=["status"])
    audit_record(
        actor=actor,
        action=ElectionsAudit.OPEN,
        org=election.org,
        target=election,
        target_label=election.title,
    )
    return election


@transaction.atomic
def election_attendance(
    *, actor, election: Election, entitled: int, present: int, issued: int, returned: int
):
    """应到, 实到, 发出 and 收回. Rule G2: the vote takes place only if more than two thirds of the entitled are
    present (3*P > 2*N); more ballots returned than issued is recorded, and the count says the vote is void."""
    _require(actor, EDIT, election.org)
    election = _locked(election, *TALLYING)
    if entitled < 1:
        raise DomainError("entitled", "请填写应到人数", fields={"entitled": "至少为1"})
    if present > entitled:
        raise DomainError("present", "实到人数不能多于应到人数", fields={"present": "多于应到"})
    if not ec.quorum_met(entitled, present):
        raise DomainError(
            "present",
            f"实到{present}人，未超过应到{entitled}人的三分之二，不能进行选举",
            fields={"present": "不足法定人数"},
        )
    if issued > present:
        raise DomainError("ballots_issued", "发出选票不能多于实到人数", fields={"ballots_issued": "多于实到"})
    before = {f: getattr(election, f) for f in ("entitled", "present", "ballots_issued", "ballots_returned")}
    election.entitled, election.present = entitled, present
    election.ballots_issued, election.ballots_returned = issued, returned
    election.save(update_fields=["entitled", "present", "ballots_issued", "ballots_returned"])
    audit_record(
        actor=actor,
        action=ElectionsAudit.ATTENDANCE,
        org=election.org,
        target=election,
        target_label=election.title,
        before=before,
        after={
            "entitled": entitled,
            "present": present,
            "ballots_issued": issued,
            "ballots_returned": returned,
        },
    )
    return election


def _retally(election: Election) -> None:
    """Per-ballot mode: the totals are what the entered ballots say (rule G2: a ballot over the seats counts for
    no one)."""
    candidates = list(election.candidates.all())
    t = ec.tally_ballots(
        (b.marks for b in election.ballots.all()), election.seats, [c.pk for c in candidates]
    )
    for c in candidates:
        c.yes = t.yes.get(c.pk, 0)
    Candidate.objects.bulk_update(candidates, ["yes"])
    election.invalid_ballots = t.invalid_ballots
    election.save(update_fields=["invalid_ballots"])


@transaction.atomic
def ballot_add(*, actor, election: Election, marks: Sequence[int], write_ins: Sequence[str] = ()) -> Ballot:
    """One paper ballot: the candidates it marks and any names written in (另选他人, each a mark)."""
    _require(actor, EDIT, election.org)
    election = _locked(election, *TALLYING)
    if election.mode != TallyMode.BALLOTS:
        raise Conflict("state", "该选举按汇总票数计票")
    if not election.present:
        raise DomainError("present", "请先登记到会人数和发出、收回的选票", fields={"present": "未登记"})
    entered = election.ballots.count()
    if entered >= election.ballots_returned:
        raise DomainError("marks", f"已录入{entered}张，等于收回的选票数", fields={"marks": "已录满"})
    ids = set(election.candidates.filter(pk__in=list(marks)).values_list("pk", flat=True))
    for name in {" ".join(n.split()) for n in write_ins if n and n.strip()}:
        c, _ = Candidate.objects.get_or_create(
            election=election,
            name=name,
            defaults={"role": DEFAULT_ROLE[ElectionBody(election.body)], "write_in": True},
        )
        ids.add(c.pk)
    ballot = Ballot.objects.create(election=election, number=entered + 1, marks=sorted(ids))
    _retally(election)
    audit_record(
        actor=actor,
        action=ElectionsAudit.BALLOT,
        org=election.org,
        target=election,
        target_label=election.title,
        after={"ballot": ballot.number, "marks": len(ids)},
    )
    return ballot


@transaction.atomic
def ballot_remove_last(*, actor, election: Election) -> None:
    """Undo the last ballot entered (a slip at the tally table)."""
    _require(actor, EDIT, election.org)
    election = _locked(election, *TALLYING)
    last = election.ballots.order_by("-number").first()
    if last is None:
        return
    number = last.number
    last.delete()
    _retally(election)
    audit_record(
        actor=actor,
        action=ElectionsAudit.BALLOT,
        org=election.org,
        target=election,
        target_label=election.title,
        before={"ballot": number},
        reason="撤销最后录入的一张选票",
    )


@transaction.atomic
def totals_enter(*, actor, election: Election, yes: dict[int, int], invalid: int) -> Election:
    """Totals mode: each candidate's yes votes and the invalid ballots, as the scrutineers counted them."""
    _require(actor, EDIT, election.org)
    election = _locked(election, *TALLYING)
    if election.mode != TallyMode.TOTALS:
        raise Conflict("state", "该选举按逐张选票计票")
    valid = election.ballots_returned - invalid
    if invalid < 0 or valid < 0:
        raise DomainError(
            "invalid_ballots", "无效票不能多于收回的选票", fields={"invalid_ballots": "多于收回"}
        )
    candidates = list(election.candidates.all())
    for c in candidates:
        v = yes.get(c.pk, 0)
        if v < 0 or v > valid:
            raise DomainError("yes", f"{c.name}的赞成票不能多于有效票{valid}张", fields={"yes": c.name})
        c.yes = v
    Candidate.objects.bulk_update(candidates, ["yes"])
    election.invalid_ballots = invalid
    election.save(update_fields=["invalid_ballots"])
    audit_record(
        actor=actor,
        action=ElectionsAudit.TOTALS,
        org=election.org,
        target=election,
        target_label=election.title,
        after={"yes": "、".join(f"{c.name}{c.yes}" for c in candidates), "invalid_ballots": invalid},
    )
    return election


@transaction.atomic
def election_sign(*, actor, election: Election, scrutineers: Sequence[str]) -> Election:
    """The scrutineers (监票人) sign the tally: the count is final from here (rule G2)."""
    _require(actor, EDIT, election.org)
    election = _locked(election, *TALLYING)
    names = [" ".join(n.split()) for n in scrutineers if n and n.strip()]
    if len(names) < 2:
        raise DomainError("scrutineers", "请填写至少两名监票人", fields={"scrutineers": "至少两名"})
    if not election.present:
        raise DomainError("present", "请先登记到会人数和选票", fields={"present": "未登记"})
    if election.mode == TallyMode.BALLOTS:
        entered = election.ballots.count()
        if entered != election.ballots_returned:
            raise DomainError(
                "scrutineers",
                f"收回选票{election.ballots_returned}张，已录入{entered}张，请录完再签字",
                fields={"scrutineers": "选票未录完"},
            )
    election.scrutineers = "、".join(names)
    election.signed_at = timezone.now()
    election.status = ElectionStatus.COUNTED
    election.save(update_fields=["scrutineers", "signed_at", "status"])
    result = election_result(election)
    audit_record(
        actor=actor,
        action=ElectionsAudit.SIGN,
        org=election.org,
        target=election,
        target_label=election.title,
        after={"scrutineers": election.scrutineers, "elected": "、".join(result.elected_names)},
    )
    return election


@transaction.atomic
def election_submit(*, actor, election: Election) -> Election:
    """Report the signed result to the node above (R21). Only a valid count with every seat settled goes up."""
    _require(actor, EDIT, election.org)
    election = _locked(election, ElectionStatus.COUNTED)
    result = election_result(election)
    if not result.count.valid:
        raise Conflict("state", ec.REASONS[result.count.reason] + "，不能报批")
    if result.count.tied:
        raise Conflict("state", "末位票数相同，须在票数相同的候选人中再次投票，不能报批")
    if result.count.further_vote:
        raise Conflict("state", "当选人数不足应选名额，须另行选举，不能报批")
    if not result.count.elected:
        raise Conflict("state", "无人当选，不能报批")
    if election.org.parent_id is None:
        raise Conflict("state", "该组织没有上级工会，无从报批")
    election.status = ElectionStatus.SUBMITTED
    election.submitted_at = timezone.now()
    election.save(update_fields=["status", "submitted_at"])
    audit_record(
        actor=actor,
        action=ElectionsAudit.SUBMIT,
        org=election.org,
        target=election,
        target_label=election.title,
        after={"elected": "、".join(result.elected_names)},
    )
    return election


def may_decide(actor, election: Election) -> bool:
    parent = election.org.parent
    return parent is not None and in_scope(actor, APPROVE, parent)


@transaction.atomic
def election_decide(*, actor, election: Election, approve: bool, note: str = "") -> Election:
    """The node above approves (the committee is installed, once) or returns the result (R21)."""
    if not may_decide(actor, election):
        raise DomainError("scope", "只有上级工会可以批复选举结果", fields={"decision": "无权"})
    election = _locked(election, ElectionStatus.SUBMITTED)
    if not approve and not note.strip():
        raise DomainError("note", "退回时请写明原因", fields={"note": "必填"})
    election.decided_at = timezone.now()
    election.decided_by = acting_user(actor)
    election.decision_note = note.strip()
    if approve:
        election.status = ElectionStatus.APPROVED
        result = election_result(election)
        services.committee_install(
            actor=actor,
            org=election.org,
            term_start=election.held_on,
            term_years=election.term_years,
            members=committee_members(election, result),
            source=election.title,
            election_key=election.key,
        )
    else:
        election.status = ElectionStatus.RETURNED
    election.save(update_fields=["status", "decided_at", "decided_by", "decision_note"])
    audit_record(
        actor=actor,
        action=ElectionsAudit.APPROVE if approve else ElectionsAudit.RETURN,
        org=election.org,
        target=election,
        target_label=election.title,
        after={"note": election.decision_note},
    )
    return election
