"""Reading rounds (DOMAIN §6 A2-A5): the rounds an actor sees, a node's quotas and its children's, a proposed split
over a base, a node's list with its composition checked on integers, and whether a nominee already holds the
honour one level below."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from gonghui.core import modules
from gonghui.core.errors import NotFound
from gonghui.orgs.models import Org
from gonghui.stats.selectors import cumulative_many

from .arith import Bound, largest_remainder
from .models import (
    ENDED,
    Attachment,
    Category,
    Honour,
    Nomination,
    Objection,
    Outcome,
    Quota,
    RecipientKind,
    Round,
    Stream,
)

# The bases a node may split its quota over (A2), in the order the page offers them.
BASES = {"members": "会员人数", "headcount": "所属单位职工人数", "equal": "平均分配"}
BASE_KEYS = {"members": "m:total", "headcount": "emp:headcount"}


def rounds_for(*, actor) -> QuerySet[Round]:
    return Round.objects.restrict(actor, "view").select_related("org")


def round_get(*, actor, pk) -> Round:
    found = rounds_for(actor=actor).filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound("未找到该评选")
    return found


def round_key(round: Round) -> str:
    """The key another module stores to say a record belongs to this round (the ceremony's activity)."""
    return f"awards.round:{round.pk}"


def link_label(actor, key: str) -> tuple[str, str] | None:
    """Answer to "link_label": the round a key names, if the actor may see it."""
    kind, _, pk = key.partition(":")
    if kind != "awards.round" or not pk.isdigit():
        return None
    round = rounds_for(actor=actor).filter(pk=int(pk)).first()
    return (f"{round.name}（评选表彰）", reverse("awards:round", args=[round.pk])) if round else None


def ceremony(actor, round: Round) -> modules.LinkedRecords:
    """The award ceremonies recorded as activities linked to the round, and where to record one."""
    return modules.linked_records(actor, round_key(round), title=f"{round.name}表彰大会", kind="meeting")


def node_get(*, actor, round: Round, pk) -> Org:
    """A node taking part in the round: the round's own node or one below it, that the actor may see."""
    node = Org.objects.restrict(actor, "view").in_subtree(round.org).filter(pk=pk).first()
    if node is None or not str(pk).isdigit():
        raise NotFound("未找到该组织")
    return node


def children_of(org: Org) -> list[Org]:
    """The children a node splits its quota over: those that are not dissolved and not branches."""
    return list(
        Org.objects.filter(parent=org).exclude(status="dissolved").exclude(level="branch").order_by("path")
    )


def quotas_of(round: Round, orgs: Sequence[Org]) -> dict[tuple[int, int, str], int]:
    """{(org pk, award type pk, stream): count} for these nodes (read after the round was reached by restrict)."""
    rows = Quota.objects.in_subtree(round.org).filter(round=round, org__in=list(orgs))
    return {(q.org_id, q.award_type_id, q.stream): q.count for q in rows}


@dataclass(frozen=True)
class Line:
    """One type and stream of a node's quota: "首都劳动奖章（常规）10名"."""

    award_type_id: int
    name: str
    stream: str
    count: int

    @property
    def key(self) -> str:
        return f"{self.award_type_id}-{self.stream}"

    @property
    def label(self) -> str:
        return f"{self.name}（{Stream(self.stream).label}）"


def holders_for(*, actor, round: Round, exclude: Sequence[Org]) -> list[Org]:
    """The nodes below the round's first level that hold a quota and that the actor sees: a street reaches its
    own list through them."""
    held = (
        Quota.objects.restrict(actor, "view").filter(round=round, count__gt=0).exclude(org__in=list(exclude))
    )
    return list(Org.objects.filter(pk__in=held.values("org")).order_by("path"))


def lines_of(round: Round, org: Org) -> list[Line]:
    """The node's own quota, one line per type and stream that it holds."""
    rows = (
        Quota.objects.in_subtree(round.org)
        .filter(round=round, org=org)
        .select_related("award_type")
        .order_by("award_type__order", "stream")
    )
    return [Line(q.award_type_id, q.award_type.name, q.stream, q.count) for q in rows]


def bases(children: Sequence[Org], base: str) -> dict[int, int]:
    """Each child's base for a split: its members or its employers' headcount on the statistics' figures
    today, or 1 each for an even split."""
    if base not in BASE_KEYS or not children:
        return {c.pk: 1 for c in children}
    figures = cumulative_many(list(children), timezone.localdate())
    return {c.pk: figures[c.pk][BASE_KEYS[base]] for c in children}


def proposal(lines: Sequence[Line], children: Sequence[Org], base: str) -> dict[tuple[str, int], int]:
    """{(line key, child pk): count}: each line's total split over the children by the largest-remainder
    method (A2), so that every line adds up to its total."""
    weights = bases(children, base)
    out: dict[tuple[str, int], int] = {}
    for line in lines:
        for pk, part in largest_remainder(line.count, weights).items():
            out[(line.key, pk)] = part
    return out


def list_of(*, actor, round: Round, org: Org) -> QuerySet[Nomination]:
    """A node's list in a round: the nominees recorded on it, restricted to what the actor sees."""
    return (
        Nomination.objects.restrict(actor, "view")
        .filter(round=round, org=org)
        .select_related("award_type", "org")
    )


def nominees_on(round: Round, org: Org) -> QuerySet[Nomination]:
    """A node's list, for a service that has already checked the actor's scope."""
    return Nomination.objects.in_subtree(org).filter(round=round, org=org).select_related("award_type")


def lists_below(*, actor, round: Round) -> QuerySet[Nomination]:
    return (
        Nomination.objects.restrict(actor, "view")
        .filter(round=round)
        .select_related("award_type", "org")
        .order_by("org_path", "award_type__order", "id")
    )


def nomination_get(*, actor, pk, perm: str = "view") -> Nomination:
    found = (
        Nomination.objects.restrict(actor, perm)
        .select_related("award_type", "award_type__below", "round", "round__org", "org", "honour")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该推荐对象")
    return found


def attachment_get(*, actor, pk, perm: str = "view") -> Attachment:
    """A file of a nominee's material, reached as its nominee is (the same scope)."""
    found = (
        Attachment.objects.restrict(actor, perm)
        .select_related("nomination", "nomination__award_type", "nomination__org")
        .filter(pk=pk)
        .first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该附件")
    return found


def objection_get(*, actor, pk) -> Objection:
    found = (
        Objection.objects.restrict(actor, "edit").select_related("nomination").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该异议")
    return found


@dataclass(frozen=True)
class Check:
    """One composition rule against a list (A3), on integers."""

    bound: Bound
    count: int
    total: int

    @property
    def met(self) -> bool:
        return self.bound.met(self.count, self.total)

    @property
    def shown(self) -> str:
        return self.bound.shown(self.count, self.total)

    @property
    def needed(self) -> int:
        return self.bound.needed(self.count, self.total)

    @property
    def advice(self) -> str:
        if self.met:
            return "符合要求"
        if self.bound.floor:
            return f"还需{self.needed}名{self.bound.label}"
        return f"{self.bound.label}需减少{self.needed}名"


def composition(round: Round, nominees: Sequence[Nomination]) -> list[Check]:
    """The round's rules checked against the standing person nominees of a list (A3: units and teams have no
    categories)."""
    people = [
        n for n in nominees if n.state not in ENDED and n.award_type.recipient_kind == RecipientKind.PERSON
    ]
    checks = []
    for rule in round.rules.all():
        bound = Bound(rule.category, Category(rule.category).label, rule.percent, rule.floor)
        count = sum(1 for n in people if rule.category in n.categories)
        checks.append(Check(bound, count, len(people)))
    return checks


def below_held(nomination: Nomination) -> Honour | None:
    """A5: the honour one level below that the nominee already holds, found in the register by the registered
    person, else by name and unit (a fact about the nominee, whoever recorded it)."""
    below = nomination.award_type.below
    if below is None:
        return None
    held = Honour.objects.standing().filter(award_type=below).order_by("-year")
    kind = nomination.award_type.recipient_kind
    if kind in (RecipientKind.PERSON, RecipientKind.FAMILY):
        if nomination.person_id:
            return held.filter(person_id=nomination.person_id).first()
        return held.filter(person_name=nomination.person_name, unit_name=nomination.unit_name).first()
    held = held.filter(unit_name=nomination.unit_name)
    return (held.filter(team_name=nomination.team_name) if kind == RecipientKind.TEAM else held).first()


def pending_objections(nomination: Nomination) -> int:
    return nomination.objections.filter(outcome=Outcome.PENDING).count()
