"""Reading honours: the register of a subtree, the types a node may use, and the counts and sentence the reports
give (SCENARIOS 000-2: "1家单位荣获全国五一劳动奖状，1人荣获全国五一劳动奖章；3家单位荣获首都劳动奖状，…")."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from gonghui.core.errors import NotFound
from gonghui.core.paths import ancestor_paths
from gonghui.orgs.models import Org

from .models import LEVEL_ORDER, MEASURE, AwardType, Honour, RecipientKind

KIND_ORDER = [value for value, _label in RecipientKind.choices]


def honours_for(
    *,
    actor,
    org: Org | None = None,
    year: int | None = None,
    award_type: int | None = None,
    level: str = "",
    kind: str = "",
    search: str = "",
    withdrawn: bool = False,
) -> QuerySet[Honour]:
    """The honours the actor may see, in a subtree, filtered; standing ones unless `withdrawn`."""
    qs = Honour.objects.restrict(actor, "view").select_related("award_type", "org")
    if not withdrawn:
        qs = qs.standing()
    if org is not None:
        qs = qs.in_subtree(org)
    if year:
        qs = qs.filter(year=year)
    if award_type:
        qs = qs.filter(award_type_id=award_type)
    if level:
        qs = qs.filter(award_type__level=level)
    if kind:
        qs = qs.filter(recipient_kind=kind)
    term = search.strip()
    if term:
        qs = qs.filter(
            Q(unit_name__icontains=term) | Q(team_name__icontains=term) | Q(person_name__icontains=term)
        )
    return qs


def honour_get(*, actor, pk, perm: str = "view") -> Honour:
    found = Honour.objects.restrict(actor, perm).select_related("award_type", "org").filter(pk=pk).first()
    if found is None or not str(pk).isdigit():
        raise NotFound("未找到该荣誉记录")
    return found


def types_for(*, org: Org | None = None) -> QuerySet[AwardType]:
    """The award types offered at a node: the seeded ones, and those its own node or a node above set up."""
    qs = AwardType.objects.filter(active=True)
    if org is None:
        return qs.filter(org__isnull=True)
    return qs.filter(Q(org__isnull=True) | Q(org__path__in=ancestor_paths(org.path)))


def honours_of_employer(*, actor, employer) -> QuerySet[Honour]:
    return (
        Honour.objects.restrict(actor, "view")
        .standing()
        .filter(employer=employer)
        .select_related("award_type")
    )


def honours_of_person(*, actor, person) -> QuerySet[Honour]:
    return (
        Honour.objects.restrict(actor, "view").standing().filter(person=person).select_related("award_type")
    )


@dataclass(frozen=True)
class Line:
    """One award type's count in a subtree and year: "13人荣获首都劳动奖章"."""

    award_type: AwardType
    count: int

    @property
    def phrase(self) -> str:
        return (
            f"{self.count}{MEASURE[RecipientKind(self.award_type.recipient_kind)]}荣获{self.award_type.name}"
        )


def summary(org: Org, year: int) -> list[Line]:
    """Standing honours of the subtree in the year, per award type, in the order the reports name them: national
    types first, then capital …; within a level units, then teams, then people, then families."""
    counts = dict(
        Honour.objects.standing()
        .in_subtree(org)
        .filter(year=year)
        .values("award_type")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("award_type", "n")
    )
    types = sorted(
        AwardType.objects.filter(pk__in=counts),
        key=lambda t: (LEVEL_ORDER.index(t.level), KIND_ORDER.index(t.recipient_kind), t.order, t.pk),
    )
    return [Line(t, counts[t.pk]) for t in types]


def sentence(lines: list[Line]) -> str:
    """The report's sentence: types of one level joined by "，", levels by "；" (SCENARIOS 000-2)."""
    by_level: dict[str, list[str]] = {}
    for line in lines:
        by_level.setdefault(line.award_type.level, []).append(line.phrase)
    return "；".join("，".join(phrases) for phrases in by_level.values())


def work_figures(org: Org, start: dt.date, end: dt.date) -> dict[str, int]:
    """The module's work figures (core.modules, S5): honours dated in the years the period touches."""
    qs = Honour.objects.standing().in_subtree(org).filter(year__gte=start.year, year__lte=end.year)
    return {
        "honours": qs.count(),
        "honoured_people": qs.filter(recipient_kind=RecipientKind.PERSON).count(),
    }


def work_links(org: Org, start: dt.date, end: dt.date) -> dict[str, str]:
    return {"honours": f"{reverse('awards:index')}?org={org.pk}&year={end.year}"}
