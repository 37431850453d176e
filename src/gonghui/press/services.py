"""Confirming what a report proposes (issue 23 §1): each record goes through its own module's service, scoped and
audited like any other entry, and the article is kept beside it (`Clipping`) with the figures it quoted, in the
same transaction: a refusal anywhere leaves nothing behind.

Where the report is long past, the record says so in its audit row: the reason for recording it late is the report
itself ("据报道补录")."""

import datetime as dt
from dataclasses import asdict, dataclass

from django.db import transaction

from gonghui.activities import services as activities
from gonghui.activities.models import ActivityKind, Approx
from gonghui.care import services as care
from gonghui.care.models import CampaignKind, SupplyItem
from gonghui.competitions import services as competitions
from gonghui.core.audit import acting_user, audit_record
from gonghui.core.errors import DomainError
from gonghui.governance import plans_services as plans
from gonghui.organising import pipeline_services as organising
from gonghui.orgs import services as orgs
from gonghui.orgs.models import Level, Org

from .audit import PressAudit
from .models import Clipping, RecordKind
from .reader import Quoted

APPROX = {"": Approx.EXACT, "over": Approx.OVER, "about": Approx.ABOUT, "nearly": Approx.NEARLY}


@dataclass
class Report:
    """The article as the cadre confirms it."""

    headline: str
    body: str
    reported_on: dt.date

    @property
    def reason(self) -> str:
        return f"据报道补录：《{self.headline[:60]}》（{self.reported_on:%Y-%m-%d}）"


def _keep(
    actor,
    report: Report,
    org: Org,
    kind: str,
    record,
    label: str,
    quoted: list[Quoted],
    year: int | None = None,
) -> Clipping:
    clipping = Clipping.objects.create(
        org=org,
        headline=report.headline[:300],
        body=report.body,
        reported_on=report.reported_on,
        record_kind=kind,
        record_id=record.pk,
        record_label=label[:300],
        record_year=year,
        quoted=[asdict(q) for q in quoted],
        created_by=acting_user(actor),
    )
    audit_record(
        actor=actor,
        action=PressAudit.CONFIRM,
        org=org,
        target=clipping,
        target_label=report.headline[:200],
        after={
            "record": f"{RecordKind(kind).label}：{label}",
            "quoted": [f"{q.label}{q.text or q.value}" for q in quoted],
        },
        reason=report.reason,
    )
    return clipping


@transaction.atomic
def confirm_activity(
    *,
    actor,
    report: Report,
    quoted: list[Quoted],
    org: Org,
    kind: ActivityKind,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    place_text: str = "",
    leaders: str = "",
    summary: str = "",
    reach: int | None = None,
    participant_orgs_count: int | None = None,
    participant_orgs_approx: str = "",
    sessions: list[str] | None = None,
    groups: list[str] | None = None,
    outcomes: list[str] | None = None,
    participants: list[str] | None = None,
) -> Clipping:
    """An activity from a report (W6), with the people it reached as the report counted them."""
    activity = activities.activity_create(
        actor=actor,
        data=activities.ActivityData(
            org=org,
            kind=kind,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            place_text=place_text,
            leaders=leaders,
            summary=summary,
            outcomes=outcomes or [],
            participant_orgs_count=participant_orgs_count,
            participant_orgs_approx=APPROX.get(participant_orgs_approx, Approx.EXACT),
            sessions=[activities.SessionData(t, starts_on) for t in sessions or []],
            groups=[activities.GroupData(g) for g in groups or []],
            participants=[activities.ParticipantData(n) for n in participants or []],
            backdate_reason=report.reason,
        ),
    )
    if reach is not None:
        activities.reach_set(actor=actor, activity=activity, count=reach, method="据报道")
    return _keep(actor, report, org, RecordKind.ACTIVITY, activity, activity.title, quoted)


@transaction.atomic
def confirm_competition(
    *,
    actor,
    report: Report,
    quoted: list[Quoted],
    org: Org,
    kind: str,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    place_text: str = "",
    entrant_kind: str = "person",
    stage_format: str = "judged",
    people_counted: int | None = None,
    groups: list[str] | None = None,
    tiers: list[tuple[str, int]] | None = None,
    description: str = "",
) -> Clipping:
    """A competition from a report (W4, C1): its groups and prize tiers as the report gives them, one stage in the
    format the cadre confirms, and the entrants it counts as `people_counted` (the report names none, and no one
    is invented)."""
    competition = competitions.competition_create(
        actor=actor,
        data=competitions.CompetitionData(
            org=org,
            kind=kind,
            name=name,
            starts_on=starts_on,
            ends_on=ends_on,
            place_text=place_text,
            entrant_kind=entrant_kind,
            people_counted=people_counted,
            groups=groups or [],
            tiers=[competitions.TierData(n, c) for n, c in tiers or []],
            stages=[competitions.StageData("比赛", stage_format, starts_on=starts_on)],
            description=description,
            backdate_reason=report.reason,
        ),
    )
    return _keep(actor, report, org, RecordKind.COMPETITION, competition, competition.name, quoted)


@transaction.atomic
def confirm_campaign(
    *,
    actor,
    report: Report,
    quoted: list[Quoted],
    org: Org,
    kind: CampaignKind,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    target_employers: int | None = None,
    target_workers: int | None = None,
    target_groups: list[str] | None = None,
    items: list[SupplyItem] | None = None,
    description: str = "",
) -> Clipping:
    """A care campaign from a report (W2) with its targets; the package the report lists, one of each item."""
    campaign = care.campaign_create(
        actor=actor,
        org=org,
        kind=kind,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        target_employers=target_employers or 0,
        target_workers=target_workers or 0,
        target_groups=target_groups or [],
        description=description,
    )
    if items:
        care.package_create(actor=actor, campaign=campaign, name="慰问物资包", lines=dict.fromkeys(items, 1))
    return _keep(actor, report, org, RecordKind.CAMPAIGN, campaign, campaign.name, quoted)


@transaction.atomic
def confirm_plan(
    *,
    actor,
    report: Report,
    quoted: list[Quoted],
    org: Org,
    kind: str,
    title: str,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    items: list[str] | None = None,
) -> Clipping:
    """A work plan from a report, with its numbered items (一、二、…) as the report lists them."""
    plan = plans.plan_create(
        actor=actor,
        data=plans.PlanData(org=org, kind=kind, title=title, year=year, starts_on=starts_on, ends_on=ends_on),
    )
    for n, item in enumerate(items or [], start=1):
        plans.item_add(actor=actor, plan=plan, data=plans.ItemData(label=str(n), title=item[:200]))
    return _keep(actor, report, org, RecordKind.PLAN, plan, plan.title, quoted)


@transaction.atomic
def confirm_stall(
    *,
    actor,
    report: Report,
    quoted: list[Quoted],
    org: Org,
    kind: str,
    title: str,
    on: dt.date,
    place: str = "",
    note: str = "",
) -> Clipping:
    """A stall or 沟通会 from a report (000-4), recorded by organising, where its contacts and opinions are added."""
    event = organising.event_create(
        actor=actor, org=org, title=title, on=on, kind=kind, place=place, note=note
    )
    return _keep(actor, report, org, RecordKind.STALL, event, event.title, quoted)


@transaction.atomic
def confirm_honours(*, actor, report: Report, quoted: list[Quoted], org: Org, year: int) -> Clipping:
    """A report's honours (000-2) kept to be checked against the subtree's honours register for the year: nothing
    is recorded in awards, since the report names no unit, team or person (and none is invented)."""
    orgs.require(actor, "work.edit", org)
    return _keep(
        actor, report, org, RecordKind.HONOURS, org, f"{org.name}{year}年获奖情况", quoted, year=year
    )


LEVELS = {Level.STREET, Level.DISTRICT, Level.BASE}


@transaction.atomic
def org_from_report(*, actor, parent: Org, name: str, level: str, report: Report) -> Org:
    """A union the report names and the tree lacks, created under `parent` (org.manage there, O3)."""
    if level not in LEVELS:
        raise DomainError("level", "层级不在可选范围内", fields={"level": "层级不对"})
    org = orgs.org_create(actor=actor, parent=parent, name=name, level=level, reason=report.reason)
    audit_record(
        actor=actor,
        action=PressAudit.ORG_FROM_REPORT,
        org=parent,
        target=org,
        target_label=org.name,
        after={"headline": report.headline[:200]},
    )
    return org
