"""The figures of elections: seats, candidates, ballots, the count and its approval above (G2):
for a subtree and period, as `selectors.summary` adds them up; and the reads of the elections pages (an election
the actor may see, its candidates in 姓氏笔画 order, its count, the committee an approval would install).

The contract with selectors.py: `FIGURES` names the keys `figures` returns (whole numbers), `sentence` quotes them
as a report does (empty when there is nothing to say), and `todo(actor, org) -> [(label, count, url)]`, if the
part has one, lists what waits for the cadres of a subtree (scoped with the actor)."""

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass

from django.db.models import Q, QuerySet, Sum
from django.urls import reverse

from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands
from gonghui.core.scope import in_scope
from gonghui.orgs.models import Org

from . import elections_count as ec
from .elections_strokes import stroke_key
from .models import Candidate, Committee, CommitteeRole, Election, ElectionBody, ElectionStatus

FIGURES = (
    "elections",
    "elections_approved",
    "ballots_issued",
    "ballots_returned",
    "seats_filled",
)
COUNTED = (ElectionStatus.COUNTED, ElectionStatus.SUBMITTED, ElectionStatus.APPROVED, ElectionStatus.RETURNED)


def figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """Elections held (counted and signed) in the subtree and period, those approved above, their ballots, and the
    seats the approved ones filled."""
    held = Election.objects.in_subtree(org).filter(held_on__range=(start, end), status__in=COUNTED)
    sums = held.aggregate(issued=Sum("ballots_issued"), returned=Sum("ballots_returned"))
    approved = list(held.filter(status=ElectionStatus.APPROVED))
    return {
        "elections": held.count(),
        "elections_approved": len(approved),
        "ballots_issued": sums["issued"] or 0,
        "ballots_returned": sums["returned"] or 0,
        "seats_filled": sum(len(election_result(e).count.elected) for e in approved),
    }


def sentence(fig: dict[str, int]) -> str:
    if not fig["elections_approved"]:
        return ""
    said = f"完成换届选举{thousands(fig['elections_approved'])}次"
    if fig["ballots_issued"]:
        said += f"，参选代表投票率{fig['ballots_returned'] * 100 // fig['ballots_issued']}%"
    return said


def awaiting_approval(actor, org: Org) -> list[Election]:
    """Elections of the subtree reported up and waiting for this actor's approval (R21)."""
    rows = Election.objects.restrict(actor, "view").in_subtree(org).filter(status=ElectionStatus.SUBMITTED)
    return [
        e
        for e in rows.select_related("org__parent")
        if e.org.parent and in_scope(actor, "org.manage", e.org.parent)
    ]


def todo(actor, org: Org) -> list[tuple[str, int, str]]:
    waiting = awaiting_approval(actor, org)
    if not waiting:
        return []
    return [("换届选举结果待批复", len(waiting), f"{reverse('governance:elections')}?status=submitted")]


# ---- reads of the pages ---------------------------------------------------------------------------------------


def elections_for(
    *, actor, org: Org | None = None, status: str = "", year=None, search: str = ""
) -> QuerySet:
    qs = Election.objects.restrict(actor, "view").select_related("org", "congress")
    if org is not None:
        qs = qs.in_subtree(org)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(held_on__year=year)
    term = search.strip()
    if term:
        qs = qs.filter(
            Q(title__icontains=term) | Q(org__name__icontains=term) | Q(candidates__name=term)
        ).distinct()
    return qs


def election_get(*, actor, pk, perm: str = "view") -> Election:
    found = (
        Election.objects.restrict(actor, perm)
        .select_related("org", "org__parent", "congress")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该选举")
    return found


@dataclass
class ElectionResult:
    election: Election
    candidates: list[Candidate]  # in 姓氏笔画 order; write-ins after the listed candidates
    count: ec.Result
    by_pk: dict[Hashable, Candidate]

    @property
    def elected(self) -> list[Candidate]:
        return [self.by_pk[k] for k in self.count.elected]

    @property
    def elected_names(self) -> list[str]:
        return [c.name for c in self.elected]

    @property
    def tied(self) -> list[Candidate]:
        return [self.by_pk[k] for k in self.count.tied]

    @property
    def further(self) -> list[Candidate]:
        return [self.by_pk[k] for k in self.count.further_vote]

    @property
    def reason(self) -> str:
        return ec.REASONS.get(self.count.reason, "")

    @property
    def quorum_met(self) -> bool:
        return ec.quorum_met(self.election.entitled, self.election.present)

    @property
    def turnout(self) -> int | None:
        e = self.election
        return e.ballots_returned * 100 // e.ballots_issued if e.ballots_issued else None


def ordered_candidates(election: Election) -> list[Candidate]:
    return sorted(election.candidates.all(), key=lambda c: (c.write_in, stroke_key(c.name), c.pk))


def election_result(election: Election) -> ElectionResult:
    """The count of an election as its figures stand (rule G2), candidates in stroke order."""
    candidates = ordered_candidates(election)
    count = ec.count(
        entitled=election.entitled,
        present=election.present,
        issued=election.ballots_issued,
        returned=election.ballots_returned,
        seats=election.seats,
        yes={c.pk: c.yes for c in candidates},
        shortfall_rule=election.shortfall_rule,
    )
    return ElectionResult(election, candidates, count, {c.pk: c for c in candidates})


CHAIR_ROLE = {
    ElectionBody.COMMITTEE: (CommitteeRole.CHAIR, CommitteeRole.MEMBER),
    ElectionBody.AUDIT: (CommitteeRole.AUDIT_CHAIR, CommitteeRole.AUDIT_MEMBER),
    ElectionBody.WOMEN: (CommitteeRole.WOMEN_CHAIR, CommitteeRole.WOMEN_MEMBER),
    ElectionBody.CHAIRS: (CommitteeRole.CHAIR, CommitteeRole.VICE_CHAIR),
}
BODY_ROLES = {
    ElectionBody.COMMITTEE: {
        CommitteeRole.CHAIR,
        CommitteeRole.VICE_CHAIR,
        CommitteeRole.STANDING,
        CommitteeRole.MEMBER,
    },
    ElectionBody.AUDIT: {CommitteeRole.AUDIT_CHAIR, CommitteeRole.AUDIT_MEMBER},
    ElectionBody.WOMEN: {CommitteeRole.WOMEN_CHAIR, CommitteeRole.WOMEN_MEMBER},
    ElectionBody.CHAIRS: {CommitteeRole.CHAIR, CommitteeRole.VICE_CHAIR},
}


def committee_members(election: Election, result: ElectionResult) -> list[tuple[str, str]]:
    """The committee an approval installs (R21, O6). The elected take the roles they stood for; the body's head
    (主席, 经审会主任, 女职委主任) is the elected candidate who stood for it, else the first elected (most votes).
    The present committee's members of the other bodies stay (a 经审会 election keeps the 委员会); for a 主席、副主席
    election, the present 主席 and 副主席 give way and the elected leave their 委员 seat for their new role."""
    body = ElectionBody(election.body)
    head, usual = CHAIR_ROLE[body]
    elected = [(c.name, c.role) for c in result.elected]
    if not any(role == head for _, role in elected) and elected:
        elected[0] = (elected[0][0], head)
    heads = [i for i, (_, role) in enumerate(elected) if role == head]
    for i in heads[1:]:  # one head: the one with most votes; others keep the body's usual role
        elected[i] = (elected[i][0], usual)
    present = Committee.objects.filter(org=election.org, ended_on__isnull=True).first()
    kept: list[tuple[str, str]] = []
    if present is not None:
        names = {n for n, _ in elected}
        for m in present.members.all():
            if m.role in BODY_ROLES[body] or (body == ElectionBody.CHAIRS and m.name in names):
                continue
            if body == ElectionBody.COMMITTEE and m.role in (CommitteeRole.CHAIR, CommitteeRole.VICE_CHAIR):
                continue
            kept.append((m.name, m.role))
    first = [p for p in elected if p[1] == head]
    return first + [p for p in elected if p[1] != head] + kept
