"""Reading the model-worker registry (DOMAIN §6 A6): model workers of a subtree counted by level, a model worker's
honours and visits, lecture teams and studios with their members, and what the organisation and e-card pages show."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse

from gonghui.core import modules
from gonghui.core.errors import NotFound
from gonghui.core.scope import has_perm
from gonghui.orgs.models import Org

from .models import LEVEL_ORDER, CareVisit, Honour, Level, ModelWorker, Team, TeamMember


def workers_for(
    *,
    actor,
    org: Org | None = None,
    level: str = "",
    status: str = "",
    year: int | None = None,
    search: str = "",
) -> QuerySet[ModelWorker]:
    """The model workers the actor may see, in a subtree, filtered, each with the day of their last visit."""
    qs = (
        ModelWorker.objects.restrict(actor, "view")
        .select_related("org")
        .annotate(last_visit=Max("visits__visited_on"))
    )
    if org is not None:
        qs = qs.in_subtree(org)
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    term = search.strip()
    if term:
        qs = qs.filter(Q(name__icontains=term) | Q(unit_name__icontains=term) | Q(title__icontains=term))
    return qs


def worker_get(*, actor, pk, perm: str = "view") -> ModelWorker:
    found = ModelWorker.objects.restrict(actor, perm).select_related("org", "person").filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该劳模")
    return found


def worker_honours(*, actor, worker: ModelWorker) -> QuerySet[Honour]:
    """The honours a model worker holds: by their person when registered, else by name and unit."""
    qs = Honour.objects.restrict(actor, "view").standing().select_related("award_type")
    if worker.person_id is not None:
        return qs.filter(person_id=worker.person_id)
    return qs.filter(person__isnull=True, person_name=worker.name, unit_name=worker.unit_name)


def visits_of(worker: ModelWorker) -> QuerySet[CareVisit]:
    return worker.visits.all()


def by_level(qs: QuerySet[ModelWorker]) -> list[tuple[str, str, int]]:
    """(level, its label, count) in the order reports name them, national first; levels with none left out."""
    counts = dict(qs.order_by().values("level").annotate(n=Count("id")).values_list("level", "n"))
    return [(lv, str(Level(lv).label), counts[lv]) for lv in LEVEL_ORDER if counts.get(lv)]


def teams_for(*, actor, kind: str = "", org: Org | None = None) -> QuerySet[Team]:
    qs = Team.objects.restrict(actor, "view").select_related("org").annotate(size=Count("memberships"))
    if kind:
        qs = qs.filter(kind=kind)
    if org is not None:
        qs = qs.in_subtree(org)
    return qs


def team_get(*, actor, pk, perm: str = "view") -> Team:
    found = Team.objects.restrict(actor, perm).select_related("org").filter(pk=pk).first()
    if found is None:
        raise NotFound("未找到该团队")
    return found


def team_members(team: Team) -> list[tuple[str, list[TeamMember]]]:
    """The team's members grouped by level (national first), as a report lists them."""
    members = list(
        TeamMember.objects.filter(team=team).select_related("model_worker").order_by("model_worker__name")
    )
    groups: dict[str, list[TeamMember]] = {}
    for member in sorted(members, key=lambda m: LEVEL_ORDER.index(m.model_worker.level)):
        groups.setdefault(Level(member.model_worker.level).label, []).append(member)
    return list(groups.items())


def org_figures(actor, org: Org) -> list[tuple[str, int, str]]:
    """What an organisation's page shows (core.modules): the honours held in its subtree and its model workers."""
    if not has_perm(actor, "org.view", org):
        return []
    honours = Honour.objects.standing().in_subtree(org).count()
    workers = ModelWorker.objects.in_subtree(org).count()
    return [
        ("获得荣誉", honours, f"{reverse('awards:index')}?org={org.pk}"),
        ("劳模", workers, f"{reverse('awards:workers')}?org={org.pk}"),
    ]


def person_honours_panel(request, person):
    """On the staff's page of a member: the honours they hold that the cadre's scope shows."""
    held = list(
        Honour.objects.restrict(request.user, "view")
        .standing()
        .filter(person=person)
        .select_related("award_type")
    )
    return (
        ("awards/registry/panel_person_honours.html", {"honours": held, "person": person}) if held else None
    )


def honours_panel(request, person):
    """On the member's e-card page: the honours they hold (their own, so not scoped to a staff role)."""
    held = list(Honour.objects.standing().filter(person=person).select_related("award_type"))
    return ("awards/registry/panel_honours.html", {"honours": held}) if held else None


# ---- what the registry answers other modules, and the lectures it counts from theirs (core.modules.ask) ----------


def person_marks(person_ids) -> dict[int, list[str]]:
    """Answer to "person_marks": registered people in the model-worker registry, by their title (全国劳动模范, 北京市先进工作者)
    (rule A6), so a page of another module (an activity's speakers) shows what the records say they are."""
    ids = [pk for pk in person_ids if pk]
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    rows = ModelWorker.objects.filter(person_id__in=ids).order_by("person_id", "year", "pk")
    for worker in rows:
        assert worker.person_id is not None
        found.setdefault(worker.person_id, []).append(worker.title)  # 全国劳动模范, 北京市先进工作者
    return found


@dataclass(frozen=True)
class Lectures:
    """Activities of a subtree and period at which model workers spoke (rule A6: lecture teams; SCENARIOS 002-2's
    "6位劳模先进代表"): counted from the activities' speakers and this registry, never typed."""

    lectures: int  # activities with at least one model-worker speaker
    speakers: int  # model-worker speakers, 人次 (one person at two lectures counts twice)
    rows: list[tuple[modules.Speaker, list[str]]]


def lectures_in(org: Org, start: dt.date, end: dt.date) -> Lectures:
    spoken = [s for answer in modules.ask("speakers", org, start, end) for s in answer]
    marks = person_marks({s.person_id for s in spoken if s.person_id})
    rows = [(s, marks[s.person_id]) for s in spoken if s.person_id in marks]
    return Lectures(lectures=len({s.activity_id for s, _ in rows}), speakers=len(rows), rows=rows)


def lectures_of_year(org: Org, year: int) -> Lectures:
    return lectures_in(org, dt.date(year, 1, 1), dt.date(year, 12, 31))
