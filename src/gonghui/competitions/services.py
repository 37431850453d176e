"""Writing competitions (DOMAIN W4, §6 C1-C3): a competition with its groups, prize tiers and stages; entrants
by staff (one by one or from a list) with the per-unit cap; withdrawing or disqualifying one; starting a stage;
the placings a stage ends with (each format computes them and records them here); publishing the results.

Each format (judged, league, knockout, heats, photo) keeps its own records and services in its own files and
hands its ranking to `placings_record`, which gives the prize tiers on the last stage (rule C3, `prizes.py`)."""

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gonghui.core.audit import acting_user, audit_record
from gonghui.core.backdating import check_happened_on
from gonghui.core.errors import Conflict, DomainError, NotFound, validated
from gonghui.core.scope import SYSTEM
from gonghui.members.models import Person
from gonghui.orgs.models import Employer, Org, Place
from gonghui.orgs.services import require

from . import prizes
from .audit import CompetitionAudit
from .models import (
    Channel,
    Competition,
    Entrant,
    EntrantKind,
    EntrantStatus,
    EntrantUnit,
    Format,
    Group,
    Placing,
    PrizeTier,
    Stage,
    StageEntrant,
    TieRule,
)

WRITE = "work.edit"


@dataclass
class TierData:
    name: str
    count: int | None = None
    share: int | None = None


@dataclass
class StageData:
    name: str
    format: str
    advance: int | None = None
    starts_on: dt.date | None = None
    settings: dict = field(default_factory=dict)


@dataclass
class CompetitionData:
    """What staff say about a competition (the form, the API and the demo fill it)."""

    org: Org
    kind: str
    name: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    place: Place | None = None
    place_text: str = ""
    co_organisers: list[Org] = field(default_factory=list)
    entrant_kind: str = EntrantKind.PERSON
    unit_cap: int | None = None
    member_signup: bool = False
    tie_rule: str = TieRule.SHARE_HIGHER
    description: str = ""
    people_counted: int | None = None
    groups: list[str] = field(default_factory=list)  # 组别; none given: one group named after the competition
    tiers: list[TierData] = field(default_factory=list)
    stages: list[StageData] = field(default_factory=list)
    backdate_reason: str = ""


def _words(items: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        item = item.strip()
        if item and item not in seen:
            seen.append(item)
    return seen


def _check(data: CompetitionData) -> None:
    if not data.name.strip():
        raise DomainError("name_required", "请填写竞赛名称", fields={"name": "必填"})
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise DomainError("dates", "结束日期不能早于开始日期", fields={"ends_on": "早于开始日期"})
    if not data.stages:
        raise DomainError("stages_required", "请至少设置一个比赛阶段", fields={"stages": "必填"})
    for i, s in enumerate(data.stages, start=1):
        if s.format not in Format.values:
            raise DomainError("bad_format", f"第{i}个阶段的赛制无效", fields={"stages": "赛制无效"})
        if not s.name.strip():
            raise DomainError("stage_name", f"第{i}个阶段缺少名称", fields={"stages": "阶段名称必填"})
        last = i == len(data.stages)
        if not last and not s.advance:
            raise DomainError(
                "advance_required",
                f"“{s.name}”不是最后阶段，须填写每组晋级人（队）数",
                fields={"stages": "须填写晋级数"},
            )
    names = [t.name.strip() for t in data.tiers]
    if len(set(names)) != len(names) or not all(names):
        raise DomainError("tiers", "奖项名称不能为空或重复", fields={"tiers": "奖项名称不能为空或重复"})
    for t in data.tiers:
        if t.count is not None and t.share is not None:
            raise DomainError(
                "tier_both", f"“{t.name}”名额和比例只能填一项", fields={"tiers": "名额和比例只能填一项"}
            )
        if t.share is not None and not 1 <= t.share <= 100:
            raise DomainError("tier_share", f"“{t.name}”的比例应在1%至100%之间", fields={"tiers": "比例无效"})
    open_tiers = [i for i, t in enumerate(data.tiers) if t.count is None and t.share is None]
    if open_tiers and open_tiers[0] != len(data.tiers) - 1:
        raise DomainError(
            "tier_open",
            "不限名额的奖项（如参与奖）只能排在最后",
            fields={"tiers": "不限名额的奖项须排在最后"},
        )


def _backdate_reason(data: CompetitionData) -> str:
    """A competition recorded after it began is counted on the day it began; one further back than the window
    needs a reason for its audit row (core.backdating). Competitions are mostly entered ahead of the day, so a
    start today or later is not checked."""
    if data.starts_on >= timezone.localdate():
        return ""
    return check_happened_on(data.starts_on, reason=data.backdate_reason, label="开始日期", field="starts_on")


@transaction.atomic
def competition_create(*, actor, data: CompetitionData) -> Competition:
    """Record a competition organised by `data.org` (work.edit there), with its groups, tiers and stages (C1)."""
    require(actor, WRITE, data.org)
    _check(data)
    reason = _backdate_reason(data)
    for o in data.co_organisers:
        require(actor, "org.view", o)
    competition = Competition(
        org=data.org,
        kind=data.kind,
        name=data.name.strip(),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        place=data.place,
        place_text=data.place_text.strip(),
        entrant_kind=data.entrant_kind,
        unit_cap=data.unit_cap,
        member_signup=data.member_signup and data.entrant_kind == EntrantKind.PERSON,
        tie_rule=data.tie_rule,
        description=data.description.strip(),
        people_counted=data.people_counted,
        created_by=acting_user(actor),
    )
    validated(competition, exclude=["org_path"])
    competition.save()
    competition.co_organisers.set([o for o in data.co_organisers if o.pk != data.org.pk])
    for order, name in enumerate(_words(data.groups) or [competition.name], start=1):
        Group.objects.create(competition=competition, name=name, order=order)
    for order, t in enumerate(data.tiers, start=1):
        PrizeTier.objects.create(
            competition=competition, order=order, name=t.name.strip(), count=t.count, share=t.share
        )
    for order, s in enumerate(data.stages, start=1):
        Stage.objects.create(
            competition=competition,
            order=order,
            name=s.name.strip(),
            format=s.format,
            advance=s.advance if order < len(data.stages) else None,
            starts_on=s.starts_on,
            settings=s.settings,
        )
    audit_record(
        actor=actor,
        action=CompetitionAudit.CREATE,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={
            "name": competition.name,
            "kind": competition.get_kind_display(),
            "groups": _words(data.groups),
            "tiers": [t.name for t in data.tiers],
            "stage": [f"{s.name}（{Format(s.format).label}）" for s in data.stages],
        },
        reason=reason,
    )
    return competition


def locked(competition: Competition) -> Competition:
    return Competition.objects.select_for_update(of=("self",)).select_related("org").get(pk=competition.pk)


def editable(actor, competition: Competition) -> Competition:
    competition = locked(competition)
    require(actor, WRITE, competition.org)
    if competition.voided_at is not None:
        raise Conflict("voided", f"该竞赛已作废（{competition.void_reason}），不能再修改")
    return competition


@transaction.atomic
def competition_void(*, actor, competition: Competition, reason: str) -> Competition:
    competition = editable(actor, competition)
    if not reason.strip():
        raise DomainError("reason_required", "请填写作废原因", fields={"reason": "必填"})
    competition.voided_at = timezone.now()
    competition.void_reason = reason.strip()
    competition.save(update_fields=["voided_at", "void_reason"])
    audit_record(
        actor=actor,
        action=CompetitionAudit.VOID,
        org=competition.org,
        target=competition,
        reason=reason.strip(),
    )
    return competition


# ---- entrants ---------------------------------------------------------------------------------------------------


@dataclass
class UnitData:
    name: str = ""
    union: Org | None = None
    employer: Employer | None = None

    @property
    def label(self) -> str:
        return (
            self.name or (self.employer.name if self.employer else self.union.name if self.union else "")
        ).strip()


@dataclass
class EntrantData:
    group: Group
    name: str = ""
    person: Person | None = None
    units: list[UnitData] = field(default_factory=list)
    people: int = 1
    number: str = ""
    seed: int | None = None
    channel: str = Channel.STAFF


def _first_stage_started(competition: Competition) -> bool:
    first = competition.stages.order_by("order").first()
    return first is not None and first.started_at is not None


def _unit_key(u: EntrantUnit | UnitData) -> tuple:
    if u.union is not None:
        return ("union", u.union.pk)
    if u.employer is not None:
        return ("employer", u.employer.pk)
    return ("name", (u.name if isinstance(u, EntrantUnit) else u.label).strip())


def _check_unit_cap(competition: Competition, units: list[UnitData]) -> None:
    """A unit enters at most `unit_cap` people or teams (issue 18 §1)."""
    cap = competition.unit_cap
    if cap is None:
        return
    taken: dict[tuple, int] = {}
    for u in EntrantUnit.objects.filter(
        entrant__competition=competition, entrant__status=EntrantStatus.REGISTERED
    ).select_related("union", "employer"):
        taken[_unit_key(u)] = taken.get(_unit_key(u), 0) + 1
    for wanted in units:
        if taken.get(_unit_key(wanted), 0) >= cap:
            raise Conflict(
                "unit_cap", f"{wanted.label}已报满{cap}个名额", fields={"units": f"每单位限报{cap}"}
            )


def add_entrant(actor, competition: Competition, data: EntrantData) -> Entrant:
    """The checks and rows of one entrant, inside a service's transaction (the callers lock and audit)."""
    if data.group.competition_id != competition.pk:
        raise NotFound("未找到该组别")
    kind = competition.entrant_kind
    name = (data.person.full_name if data.person is not None else data.name).strip()
    if not name:
        field_name = "name"
        raise DomainError("name_required", "请填写参赛者姓名或队名", fields={field_name: "必填"})
    units = [u for u in data.units if u.label]
    if not units:
        raise DomainError("unit_required", f"{name}：请填写所在单位", fields={"units": "必填"})
    for u in units:
        for o in (u.union, u.employer.org if u.employer else None):
            if o is not None and actor is not SYSTEM:
                require(actor, "org.view", o)
    people = data.people if kind == EntrantKind.TEAM else 1
    if people < 1:
        raise DomainError("people", f"{name}：人数至少为1", fields={"people": "至少为1"})
    if data.person is not None and competition.entrants.filter(person=data.person).exists():
        raise Conflict("entered", f"{name}已报名本竞赛", fields={"number": "已报名"})
    if kind == EntrantKind.TEAM and competition.entrants.filter(group=data.group, name=name).exists():
        raise Conflict("team_twice", f"{data.group.name}已有名为“{name}”的队伍", fields={"name": "队名重复"})
    _check_unit_cap(competition, units)
    entrant = Entrant(
        competition=competition,
        group=data.group,
        kind=kind,
        name=name,
        person=data.person,
        people=people,
        number=data.number.strip(),
        seed=data.seed,
        channel=data.channel,
    )
    validated(entrant)
    entrant.save()
    for u in units:
        EntrantUnit.objects.create(entrant=entrant, union=u.union, employer=u.employer, name=u.label)
    return entrant


@transaction.atomic
def entrant_add(*, actor, competition: Competition, data: EntrantData) -> Entrant:
    """Enter a person or a team in a group, before the first stage starts (C1)."""
    competition = editable(actor, competition)
    if _first_stage_started(competition):
        raise Conflict("started", "比赛已开始，不能再报名")
    entrant = add_entrant(actor, competition, data)
    audit_record(
        actor=actor,
        action=CompetitionAudit.ENTRANT_ADD,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={
            "entrant": entrant.name,
            "group": data.group.name,
            "units": [u.label for u in data.units if u.label],
            "people": entrant.people,
        },
    )
    return entrant


@transaction.atomic
def entrants_add_many(
    *, actor, competition: Competition, rows: list[tuple[int, EntrantData]], source: str
) -> list[Entrant]:
    """Enter a checked list all or nothing, each with the row number the sheet gives it: the first row refused
    (a unit over its cap, a member entered twice) names its row and rolls every row back."""
    competition = editable(actor, competition)
    if _first_stage_started(competition):
        raise Conflict("started", "比赛已开始，不能再报名")
    made = []
    for i, data in rows:
        try:
            made.append(add_entrant(actor, competition, data))
        except DomainError as exc:
            raise DomainError(exc.code, f"第{i}行：{exc.message}", fields=exc.fields) from exc
    audit_record(
        actor=actor,
        action=CompetitionAudit.ENTRANTS_IMPORT,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"rows": len(made), "file": source},
    )
    return made


@transaction.atomic
def entrant_set_status(*, actor, entrant: Entrant, status: str, reason: str) -> Entrant:
    """Withdraw or disqualify an entrant, with the reason; they stay on record and rank nowhere after."""
    editable(actor, entrant.competition)
    if status not in (EntrantStatus.WITHDRAWN, EntrantStatus.DISQUALIFIED, EntrantStatus.REGISTERED):
        raise DomainError("bad_status", "状态无效")
    if status != EntrantStatus.REGISTERED and not reason.strip():
        raise DomainError("reason_required", "请填写原因", fields={"reason": "必填"})
    before = entrant.get_status_display()
    entrant.status, entrant.status_reason = status, reason.strip()
    entrant.save(update_fields=["status", "status_reason"])
    audit_record(
        actor=actor,
        action=CompetitionAudit.ENTRANT_STATUS,
        org=entrant.competition.org,
        target=entrant.competition,
        target_label=f"{entrant.competition.name}：{entrant.name}",
        before={"status": before},
        after={"status": entrant.get_status_display()},
        reason=reason.strip(),
    )
    return entrant


# ---- stages and placings -----------------------------------------------------------------------------------------


def stage_entrants(stage: Stage) -> list[Entrant]:
    """Who is in a stage: registered entrants for the first, the qualifiers of the stage before for a later one."""
    if stage.entries.exists():
        return [
            e.entrant for e in stage.entries.select_related("entrant", "entrant__group") if e.entrant.active
        ]
    before = stage.competition.stages.filter(order__lt=stage.order).order_by("-order").first()
    if before is None:
        return list(
            stage.competition.entrants.filter(status=EntrantStatus.REGISTERED).select_related("group")
        )
    return [
        p.entrant
        for p in before.placings.filter(qualified=True).select_related("entrant", "entrant__group")
        if p.entrant.active
    ]


@transaction.atomic
def stage_start(*, actor, stage: Stage, pools: dict[int, tuple[str, int | None]] | None = None) -> Stage:
    """Start a stage: its entrants are fixed (in pools with seeds where the format uses them) and the format's
    set-up locks (C2: the judges' panel locks once scoring starts)."""
    competition = editable(actor, stage.competition)
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.started_at is not None:
        raise Conflict("started", f"“{stage.name}”已开赛")
    before = competition.stages.filter(order__lt=stage.order).order_by("-order").first()
    if before is not None and before.finished_at is None:
        raise Conflict("previous_open", f"上一阶段“{before.name}”尚未确认成绩")
    entrants = stage_entrants(stage)
    if not entrants:
        raise Conflict("no_entrants", f"“{stage.name}”没有参赛者")
    if not stage.entries.exists():
        pools = pools or {}
        StageEntrant.objects.bulk_create(
            [
                StageEntrant(
                    stage=stage,
                    entrant=e,
                    pool=pools.get(e.pk, ("", None))[0],
                    seed=pools.get(e.pk, ("", e.seed))[1],
                )
                for e in entrants
            ]
        )
    stage.started_at = timezone.now()
    stage.save(update_fields=["started_at"])
    audit_record(
        actor=actor,
        action=CompetitionAudit.STAGE_START,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"stage": stage.name, "entrant": len(entrants)},
    )
    return stage


@dataclass(frozen=True)
class Ranked:
    """One entrant's place in a group as a format computed it: the rank (shared when tied) and the figure shown."""

    entrant: Entrant
    rank: int
    figure: str = ""


def is_last(stage: Stage) -> bool:
    return not stage.competition.stages.filter(order__gt=stage.order).exists()


@transaction.atomic
def placings_record(*, actor, stage: Stage, ranking: dict[Group, list[Ranked]]) -> list[Placing]:
    """Confirm where each entrant finished the stage in its group (a format's ranking, best first). The first
    `advance` ranks of each group qualify for the next stage (ties at the line go through together); on the last
    stage the prize tiers are given (rule C3, `prizes.assign_tiers`). Confirming again replaces the placings until
    the results are published."""
    competition = editable(actor, stage.competition)
    if competition.published_at is not None:
        raise Conflict("published", "竞赛结果已公布，不能再修改名次")
    stage = Stage.objects.select_for_update().get(pk=stage.pk)
    if stage.started_at is None:
        raise Conflict("not_started", f"“{stage.name}”尚未开赛")
    later = competition.stages.filter(order__gt=stage.order, started_at__isnull=False).first()
    if later is not None:
        raise Conflict("later_started", f"下一阶段“{later.name}”已开赛，不能再修改本阶段名次")
    last = is_last(stage)
    tiers = list(competition.tiers.order_by("order"))
    plain = [prizes.Tier(t.name, t.count, t.share) for t in tiers]
    stage.placings.all().delete()
    rows: list[Placing] = []
    for group, ranked in ranking.items():
        if last and tiers:
            given = prizes.assign_tiers([(r, r.rank) for r in ranked], plain)
            tier_of = {r.entrant.pk: (tiers[t] if t is not None else None) for r, _rank, t in given}
        else:
            tier_of = {}
        for r in ranked:
            rows.append(
                Placing(
                    stage=stage,
                    entrant=r.entrant,
                    group=group,
                    rank=r.rank,
                    figure=r.figure,
                    tier=tier_of.get(r.entrant.pk),
                    qualified=not last and stage.advance is not None and r.rank <= stage.advance,
                )
            )
    Placing.objects.bulk_create(rows)
    stage.finished_at = timezone.now()
    stage.save(update_fields=["finished_at"])
    audit_record(
        actor=actor,
        action=CompetitionAudit.PLACINGS,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={
            "stage": stage.name,
            "placings": len(rows),
            "prizes": sum(1 for p in rows if p.tier is not None),
        },
    )
    return rows


@transaction.atomic
def results_publish(*, actor, competition: Competition) -> Competition:
    """Publish the results: the last stage's placings are final, shown on the results page and counted."""
    competition = editable(actor, competition)
    last = competition.stages.order_by("-order").first()
    if last is None or last.finished_at is None:
        raise Conflict("not_finished", "最后阶段的成绩尚未确认，不能公布结果")
    if competition.published_at is not None:
        raise Conflict("published", "结果已公布")
    competition.published_at = timezone.now()
    competition.save(update_fields=["published_at"])
    audit_record(
        actor=actor,
        action=CompetitionAudit.PUBLISH,
        org=competition.org,
        target=competition,
        target_label=competition.name,
        after={"prizes": last.placings.filter(tier__isnull=False).count()},
    )
    return competition


def split_units(text: str) -> list[str]:
    """Units written in one cell or field: "甲公司、乙公司" (a joint team), separated by 、，, ; or /."""
    return [u.strip() for u in re.split(r"[、，,;；/]", text or "") if u.strip()]
