"""Reads for the report pages: the organisations a reader may match, the clippings of a subtree, and each
clipping's figures set beside what its record computes now ("报道：1000余名；记录：1056人")."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, Sum
from django.urls import reverse

from gonghui.activities.models import Activity
from gonghui.activities.selectors import reach_of
from gonghui.awards import selectors as awards
from gonghui.care.models import Campaign, CampaignUnit, PackageLine
from gonghui.care.selectors import progress
from gonghui.competitions.models import Competition, EntrantStatus, PrizeTier
from gonghui.competitions.selectors import taking_part
from gonghui.core.errors import NotFound
from gonghui.core.paths import subtree_q
from gonghui.governance.models import Plan, PlanItem
from gonghui.organising.models import OutreachEvent
from gonghui.orgs.models import Org

from .models import Clipping, RecordKind
from .numbers import Quantity, write_count
from .orgs import OrgMatcher

APPROX_WORDS = {"over": "余", "about": "约", "nearly": "近"}


def matcher_for(*, actor) -> OrgMatcher:
    """The automaton over the nodes the actor may see: a report is matched against the actor's own tree only."""
    orgs = Org.objects.restrict(actor, "view").only("pk", "name", "short_name", "depth", "path")
    return OrgMatcher(list(orgs))


def orgs_for(*, actor, ids: list[int]) -> dict[int, Org]:
    return {o.pk: o for o in Org.objects.restrict(actor, "view").filter(pk__in=ids)}


def clippings_for(*, actor):
    return Clipping.objects.restrict(actor, "view").select_related("org")


def clipping_get(*, actor, pk: int) -> Clipping:
    clipping = clippings_for(actor=actor).filter(pk=pk).first()
    if clipping is None:
        raise NotFound("未找到该报道")
    return clipping


@dataclass
class Check:
    label: str
    reported: str  # as the report wrote it
    recorded: int | None  # what the record computes; None: the record does not hold this figure
    unit: str
    agrees: bool

    @property
    def recorded_text(self) -> str:
        return "未记录" if self.recorded is None else f"{self.recorded:,}{self.unit}"


def agrees(quoted: dict, recorded: int | None) -> bool:
    """A figure agrees when the record's is the report's, as exact as the report said it: 余 means at least,
    近 at most and not below nine tenths, 约 within a tenth either way."""
    if recorded is None:
        return False
    value, approx = quoted["value"], quoted.get("approx", "")
    if quoted.get("upper") is not None:
        return value <= recorded <= quoted["upper"]
    if approx == "over":
        return recorded >= value
    if approx == "nearly":
        return value * 9 <= recorded * 10 and recorded <= value
    if approx == "about":
        return abs(recorded - value) * 10 <= value
    return recorded == value


def record_of(*, actor, clipping: Clipping):
    """The record the clipping became, as the actor may see it (None: voided away or out of their scope)."""
    models: dict[RecordKind, Any] = {
        RecordKind.ACTIVITY: Activity,
        RecordKind.COMPETITION: Competition,
        RecordKind.CAMPAIGN: Campaign,
        RecordKind.PLAN: Plan,
        RecordKind.STALL: OutreachEvent,
    }
    if clipping.record_kind == RecordKind.HONOURS:
        return Org.objects.restrict(actor, "view").filter(pk=clipping.record_id).first()
    model = models[RecordKind(clipping.record_kind)]
    return model.objects.restrict(actor, "view").filter(pk=clipping.record_id).first()


def record_url(clipping: Clipping) -> str:
    if clipping.record_kind == RecordKind.HONOURS:
        return f"{reverse('awards:index')}?org={clipping.record_id}&year={clipping.record_year}"
    names = {
        RecordKind.ACTIVITY: "activities:detail",
        RecordKind.COMPETITION: "competitions:detail",
        RecordKind.CAMPAIGN: "care:campaign",
        RecordKind.PLAN: "governance:plan",
        RecordKind.STALL: "organising:event",
    }
    return reverse(names[RecordKind(clipping.record_kind)], args=[clipping.record_id])


def computed(record, year: int | None = None) -> dict[str, int | None]:
    """The figures a record computes, under the keys the reader gives the report's figures (a node: its honours
    of the year, by award type)."""
    if isinstance(record, Org):
        return {f"award:{line.award_type.name}": line.count for line in awards.summary(record, year or 0)}
    if isinstance(record, Activity):
        return {
            "reach": reach_of(record).count,
            "orgs": record.participant_orgs_count,
            "sessions": record.sessions.count(),
            "groups": record.groups.count(),
            "outcomes": len(record.outcomes or []),
            "speakers": record.speakers.count(),
            "participants": record.participants.count(),
        }
    if isinstance(record, Competition):
        taking = taking_part(record.entrants.all())
        figures: dict[str, int | None] = {
            "people": taking.people or record.people_counted,
            "teams": taking.teams,
            "units": taking.units,
        }
        for tier in PrizeTier.objects.filter(competition=record):
            figures[f"tier:{tier.name}"] = tier.count
        return figures
    if isinstance(record, Campaign):
        root = CampaignUnit.objects.filter(campaign=record, parent__isnull=True).first()
        done = progress(root) if root else None
        return {
            "target_employers": root.target_employers if root else None,
            "target_workers": root.target_workers if root else None,
            "reached": done.workers if done else None,
            "items": PackageLine.objects.filter(package__campaign=record).values("item").distinct().count(),
        }
    if isinstance(record, OutreachEvent):
        return {"contacts": record.contacts.count(), "opinions": record.opinions.count()}
    if isinstance(record, Plan):
        return {"items": PlanItem.objects.filter(plan=record).count()}
    return {}


def checks(*, actor, clipping: Clipping) -> list[Check]:
    record = record_of(actor=actor, clipping=clipping)
    figures = computed(record, clipping.record_year) if record is not None else {}
    out = []
    for q in clipping.quoted:
        recorded = figures.get(q["key"])
        reported = q.get("text") or write_count(
            Quantity(value=q["value"], unit=q["unit"], approx=q.get("approx", ""), upper=q.get("upper"))
        )
        out.append(
            Check(
                q["label"], reported, recorded, q["unit"] if q["unit"] != "位" else "人", agrees(q, recorded)
            )
        )
    return out


@dataclass
class PeriodRecords:
    activities: list[Activity]
    competitions: list[Competition]
    campaigns: list[Campaign]


def period_records(*, actor, org: Org, start, end) -> PeriodRecords:
    """What the subtree organised in the period, as the actor may see it: the 工作简报's list of work done (voided
    activities and competitions left out)."""
    within = subtree_q("org_path", org.path)
    return PeriodRecords(
        activities=list(
            Activity.objects.restrict(actor, "view")
            .filter(within, starts_on__range=(start, end), voided_at__isnull=True)
            .select_related("org")
            .order_by("starts_on", "id")
        ),
        competitions=list(
            Competition.objects.restrict(actor, "view")
            .standing()
            .filter(within, starts_on__range=(start, end))
            # the people taking part, counted as taking_part counts them, for all the period's contests at once
            .annotate(taking=Sum("entrants__people", filter=Q(entrants__status=EntrantStatus.REGISTERED)))
            .select_related("org")
            .order_by("starts_on", "id")
        ),
        campaigns=list(
            Campaign.objects.restrict(actor, "view")
            .filter(within, starts_on__lte=end, ends_on__gte=start)
            .select_related("org")
            .order_by("starts_on", "id")
        ),
    )
