"""Reading competitions: lists in the actor's subtree, one competition with its stages, entrants and results, and
the figures reports quote (issue 18 §6): competitions held, people and teams taking part, units, prizes by tier."""

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Min, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from gonghui.core import modules
from gonghui.core.errors import NotFound
from gonghui.core.numbers import thousands as zh_number
from gonghui.orgs.models import Org

from .models import (
    Competition,
    CompetitionKind,
    Entrant,
    EntrantKind,
    EntrantStatus,
    EntrantUnit,
    Group,
    Placing,
    Stage,
)


def competitions_for(
    *,
    actor,
    org: Org | None = None,
    kind: str = "",
    year: int | None = None,
    search: str = "",
) -> QuerySet[Competition]:
    qs = Competition.objects.restrict(actor, "view").standing().select_related("org")
    if org is not None:
        qs = qs.in_subtree(org)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(starts_on__year=year)
    term = search.strip()
    if term:
        qs = qs.filter(Q(name__icontains=term) | Q(place_text__icontains=term))
    return qs


def competition_get(*, actor, pk, perm: str = "view") -> Competition:
    found = (
        Competition.objects.restrict(actor, perm).select_related("org", "place").filter(pk=pk).first()
        if str(pk).isdigit()
        else None
    )
    if found is None:
        raise NotFound("未找到该竞赛")
    return found


def stage_get(competition: Competition, pk) -> Stage:
    found = competition.stages.filter(pk=pk).first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound("未找到该比赛阶段")
    return found


def entrant_get(competition: Competition, pk) -> Entrant:
    found = competition.entrants.filter(pk=pk).select_related("group").first() if str(pk).isdigit() else None
    if found is None:
        raise NotFound("未找到该参赛者")
    return found


def entrants_of(
    competition: Competition, *, group: Group | None = None, search: str = ""
) -> QuerySet[Entrant]:
    qs = competition.entrants.select_related("group").prefetch_related("units")
    if group is not None:
        qs = qs.filter(group=group)
    if search.strip():
        qs = qs.filter(
            Q(name__icontains=search.strip()) | Q(units__name__icontains=search.strip())
        ).distinct()
    return qs


@dataclass(frozen=True)
class Taking:
    """Who takes part in a competition (or in all competitions of a subtree and period): people, teams, units."""

    entrants: int
    people: int
    teams: int
    units: int


def _unit_key(row: Mapping[str, Any]) -> tuple:
    if row["union_id"]:
        return ("union", row["union_id"])
    if row["employer_id"]:
        return ("employer", row["employer_id"])
    return ("name", row["name"])


def taking_part(entrants: QuerySet[Entrant]) -> Taking:
    """Counted from the registered entrants (001-1's "86家单位、2500余名职工、71支队伍"): a person counts one, a team
    its people; units are counted once each however many entrants they send (a joint team names several)."""
    active = entrants.filter(status=EntrantStatus.REGISTERED)
    rows = list(active.values("kind", "people"))
    units = {
        _unit_key(u)
        for u in EntrantUnit.objects.filter(entrant__in=active).values("union_id", "employer_id", "name")
    }
    return Taking(
        entrants=len(rows),
        people=sum(r["people"] for r in rows),
        teams=sum(1 for r in rows if r["kind"] == EntrantKind.TEAM),
        units=len(units),
    )


def last_stage(competition: Competition) -> Stage | None:
    return competition.stages.order_by("-order").first()


@dataclass(frozen=True)
class GroupResult:
    group: Group
    placings: list[Placing]

    @property
    def prizes(self) -> list[tuple[str, int]]:
        """(tier, how many won it) in tier order."""
        counts = Counter((p.tier.order, p.tier.name) for p in self.placings if p.tier is not None)
        return [(name, n) for (_order, name), n in sorted(counts.items())]


def results(stage: Stage | None) -> list[GroupResult]:
    """A stage's placings per group, best first."""
    if stage is None:
        return []
    placings = list(
        stage.placings.select_related("entrant", "group", "tier").prefetch_related("entrant__units")
    )
    groups: dict[int, GroupResult] = {}
    for g in stage.competition.groups.all():
        groups[g.pk] = GroupResult(g, [])
    for p in placings:
        groups.setdefault(p.group_id, GroupResult(p.group, [])).placings.append(p)
    return [r for r in groups.values() if r.placings]


# ---- what competitions answer other modules, and the activities linked to one (core.modules.ask) -----------------


def competition_key(competition: Competition) -> str:
    """The key another module stores to say a record belongs to this competition (its 展演 or 颁奖 activity)."""
    return f"competitions.competition:{competition.pk}"


def link_label(actor, key: str) -> tuple[str, str] | None:
    """Answer to "link_label": the competition a key names, if the actor may see it."""
    kind, _, pk = key.partition(":")
    if kind != "competitions.competition" or not pk.isdigit():
        return None
    found = Competition.objects.restrict(actor, "view").standing().filter(pk=int(pk)).first()
    return (f"{found.name}（竞赛）", reverse("competitions:detail", args=[found.pk])) if found else None


def linked_activities(actor, competition: Competition) -> modules.LinkedRecords:
    """The activities that belong to the competition (a showcase, a prize-giving), and where to record one."""
    return modules.linked_records(
        actor, competition_key(competition), title=f"{competition.name}展演暨颁奖活动", kind="culture_sport"
    )


# ---- the figures of a subtree and period (issue 18 §6, S5) ---------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    competitions: int
    taking: Taking
    prizes: list[tuple[str, int]]  # (tier name, count) over published competitions, in tier order
    by_kind: list[tuple[str, int]] = field(default_factory=list)  # (技能竞赛, 2) in the kinds' order

    def sentence(self) -> str:
        """As reports write it: "举办技能竞赛2场、文艺比赛1场，参赛职工260人，…，评出一等奖3名、二等奖6名"."""
        if not self.competitions:
            return ""
        t = self.taking
        held = (
            "、".join(f"{kind}{zh_number(n)}场" for kind, n in self.by_kind)
            or f"各类竞赛{self.competitions}场"
        )
        parts = [f"举办{held}", f"参赛职工{zh_number(t.people)}人"]
        if t.teams:
            parts.append(f"参赛队伍{zh_number(t.teams)}支")
        if t.units:
            parts.append(f"参赛单位{zh_number(t.units)}家")
        if self.prizes:
            parts.append("评出" + "、".join(f"{name}{zh_number(n)}名" for name, n in self.prizes))
        return "，".join(parts)


# how a report names each kind of competition it counts
KIND_WORDS = [
    (CompetitionKind.SKILL, "技能竞赛"),
    (CompetitionKind.CULTURE, "文艺比赛"),
    (CompetitionKind.SPORT, "体育比赛"),
    (CompetitionKind.PHOTO, "作品征集"),
    (CompetitionKind.OTHER, "其他竞赛"),
]


def held_in(org: Org, start: dt.date, end: dt.date) -> QuerySet[Competition]:
    """Standing competitions of the subtree that started in the period (counted on the day they began)."""
    return Competition.objects.standing().in_subtree(org).filter(starts_on__gte=start, starts_on__lte=end)


def prizes_of(held: QuerySet[Competition]) -> list[tuple[str, int]]:
    """(tier, count) of the prizes the published ones of these competitions gave, read off each one's last stage
    in one aggregate query, in the tiers' order."""
    last = (
        Stage.objects.filter(competition=OuterRef("stage__competition")).order_by("-order").values("pk")[:1]
    )
    rows = (
        Placing.objects.filter(
            stage__competition__in=held.filter(published_at__isnull=False),
            tier__isnull=False,
            stage=Subquery(last),
        )
        .order_by()
        .values("tier__name")
        .annotate(n=Count("pk"), order=Min("tier__order"))
    )
    return [(r["tier__name"], r["n"]) for r in sorted(rows, key=lambda r: (r["order"], r["tier__name"]))]


def summary(org: Org, start: dt.date, end: dt.date) -> Summary:
    held = held_in(org, start, end)
    taking = taking_part(Entrant.objects.filter(competition__in=held))
    kinds = Counter(held.values_list("kind", flat=True))
    return Summary(
        competitions=held.count(),
        taking=taking,
        prizes=prizes_of(held),
        by_kind=[(label, kinds[value]) for value, label in KIND_WORDS if kinds[value]],
    )


def work_figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    held = held_in(org, start, end)
    people = taking_part(Entrant.objects.filter(competition__in=held)).people
    return {"competitions": held.count(), "contestants": people}


def work_details(org: Org, start: dt.date, end: dt.date) -> str:
    prizes = prizes_of(held_in(org, start, end))
    return "评出" + "、".join(f"{name}{zh_number(n)}名" for name, n in prizes) if prizes else ""


def work_links(org: Org, start: dt.date, end: dt.date) -> dict[str, str]:
    return {"competitions": f"{reverse('competitions:index')}?org={org.pk}&year={end.year}"}
