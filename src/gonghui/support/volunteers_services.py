"""Writing volunteer teams and their services (V2): a team of a node, its members (a registered member found by
member number, or anyone by name) joining and leaving, and service events recorded with their services by type,
the people served (人次, counted apart from the volunteers), the volunteers who served and their hours, and the
enterprises that took part. Every write checks the actor's scope and leaves an audit row."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core.audit import audit_record
from gonghui.core.errors import Conflict, DomainError, NotFound
from gonghui.core.scope import in_scope
from gonghui.members.selectors import membership_by_number

from .models.volunteers import (
    EventEnterprise,
    EventService,
    EventVolunteer,
    ServiceEvent,
    ServiceType,
    TeamMember,
    VolunteerTeam,
)
from .volunteers_audit import VolunteersAudit

WRITE = "work.edit"
MAX_MINUTES = 24 * 60  # one volunteer serves at most a day at one event


def _require(actor, obj) -> None:
    if not in_scope(actor, WRITE, obj):
        raise NotFound()


def minutes_of(hours: str | int | Decimal) -> int:
    """Hours as typed ("2", "2.5", "1.25") as whole minutes, exactly (decimal, never float): 2.5 → 150. Refused
    when not a whole number of minutes or not between 0 and 24 hours."""
    try:
        value = Decimal(str(hours).strip())
    except InvalidOperation:
        raise DomainError(
            "hours", "服务时长应填写小时数，如 2 或 2.5", fields={"hours": "格式不对"}
        ) from None
    if not value.is_finite():
        raise DomainError("hours", "服务时长应填写小时数，如 2 或 2.5", fields={"hours": "格式不对"})
    minutes = value * 60
    if minutes != minutes.to_integral_value():
        raise DomainError("hours", "服务时长应折合为整分钟，如 2.5 小时", fields={"hours": "不是整分钟"})
    if minutes <= 0 or minutes > MAX_MINUTES:
        raise DomainError("hours", "服务时长应大于0且不超过24小时", fields={"hours": "超出范围"})
    return int(minutes)


def hours_text(minutes: int) -> str:
    """Minutes as hours on a page, exactly: 150 → "2.5", 120 → "2", 135 → "2.25"; minutes that make no exact
    decimal of hours show as hours and minutes (20 → "0小时20分")."""
    whole, rest = divmod(minutes, 60)
    if rest == 0:
        return str(whole)
    if rest * 100 % 60 == 0:  # 15, 30, 45 … minutes: an exact decimal of hours
        return f"{whole}.{rest * 100 // 60:02d}".rstrip("0")
    return f"{whole}小时{rest}分"


# ---- teams ---------------------------------------------------------------------------------------------------------


@dataclass
class TeamData:
    org: object
    name: str
    leader_name: str = ""
    founded_on: dt.date | None = None
    skills: str = ""
    is_active: bool = True


def _team_fields(data: TeamData) -> dict:
    name = data.name.strip()
    if not name:
        raise DomainError("name", "请填写服务队名称", fields={"name": "必填"})
    return {
        "name": name,
        "leader_name": data.leader_name.strip(),
        "founded_on": data.founded_on,
        "skills": data.skills.strip(),
        "is_active": data.is_active,
    }


def _name_clash(org, name: str, exclude: int | None = None) -> None:
    clash = VolunteerTeam.objects.filter(org=org, name=name).exclude(pk=exclude)
    if clash.exists():
        raise Conflict("name", f"{org.name}已有名为“{name}”的志愿服务队", fields={"name": "重名"})


@transaction.atomic
def team_create(*, actor, data: TeamData) -> VolunteerTeam:
    if data.org is None or not in_scope(actor, WRITE, data.org):
        raise DomainError("org", "只能为您管辖范围内的工会组织建队", fields={"org": "无权限"})
    fields = _team_fields(data)
    _name_clash(data.org, fields["name"])
    team = VolunteerTeam.objects.create(org=data.org, **fields)
    audit_record(
        actor=actor,
        action=VolunteersAudit.TEAM_CREATE,
        org=team.org,
        target=team,
        after={"name": team.name, "leader_name": team.leader_name},
    )
    return team


@transaction.atomic
def team_update(*, actor, team: VolunteerTeam, data: TeamData) -> VolunteerTeam:
    """Change a team's name, leader, founding date, skills or whether it is active (its node stays)."""
    _require(actor, team)
    fields = _team_fields(data)
    _name_clash(team.org, fields["name"], exclude=team.pk)
    before = {k: getattr(team, k) for k in fields}
    for k, v in fields.items():
        setattr(team, k, v)
    team.save()
    changed = {k: v for k, v in fields.items() if before[k] != v}
    audit_record(
        actor=actor,
        action=VolunteersAudit.TEAM_UPDATE,
        org=team.org,
        target=team,
        before={k: str(before[k]) if before[k] is not None else "" for k in changed},
        after={k: str(v) if v is not None else "" for k, v in changed.items()},
    )
    return team


# ---- members -------------------------------------------------------------------------------------------------------


@dataclass
class MemberData:
    name: str = ""
    number: str = ""  # a member number of the register: the volunteer is that member
    skills: str = ""
    joined_on: dt.date | None = None


@transaction.atomic
def member_add(*, actor, team: VolunteerTeam, data: MemberData) -> TeamMember:
    """A volunteer joins the team: by member number (the register's person, their name taken from it) or by name
    alone for someone who is not a member."""
    _require(actor, team)
    person = None
    number = data.number.strip()
    name = data.name.strip()
    if number:
        membership = membership_by_number(actor=actor, number=number)
        person = membership.person
        name = name or person.full_name
        if team.members.filter(person=person, left_on__isnull=True).exists():
            raise Conflict("number", f"会员证号 {number} 的会员已在本服务队", fields={"number": "已在队"})
    if not name:
        raise DomainError("name", "请填写志愿者姓名，或填写会员证号", fields={"name": "必填"})
    try:
        with transaction.atomic():
            member = TeamMember.objects.create(
                team=team,
                name=name,
                person=person,
                member_number=number,
                skills=data.skills.strip(),
                joined_on=data.joined_on,
            )
    except IntegrityError:
        raise Conflict("number", "该会员已在本服务队", fields={"number": "已在队"}) from None
    audit_record(
        actor=actor,
        action=VolunteersAudit.MEMBER_ADD,
        org=team.org,
        target=team,
        target_label=f"{team.name}：{member.name}",
        after={"member": member.name, "member_number": number},
    )
    return member


@transaction.atomic
def member_leave(*, actor, member: TeamMember, left_on: dt.date) -> TeamMember:
    team = member.team
    _require(actor, team)
    if member.left_on is not None:
        raise Conflict(
            "left_on", f"{member.name}已于{member.left_on:%Y-%m-%d}退出", fields={"left_on": "已退出"}
        )
    if member.joined_on and left_on < member.joined_on:
        raise DomainError("left_on", "退出日期不能早于加入日期", fields={"left_on": "早于加入日期"})
    served_after = member.served.filter(event__date__gt=left_on, event__voided_at__isnull=True)
    if served_after.exists():
        raise DomainError(
            "left_on",
            f"{member.name}在{left_on:%Y-%m-%d}之后还参加过服务活动",
            fields={"left_on": "晚于服务"},
        )
    member.left_on = left_on
    member.save(update_fields=["left_on"])
    audit_record(
        actor=actor,
        action=VolunteersAudit.MEMBER_LEAVE,
        org=team.org,
        target=team,
        target_label=f"{team.name}：{member.name}",
        after={"member": member.name, "left_on": left_on.isoformat()},
    )
    return member


# ---- events --------------------------------------------------------------------------------------------------------


@dataclass
class EventData:
    date: dt.date
    title: str
    place_text: str = ""
    notes: str = ""
    people_served: int = 0
    services: dict[str, int] = field(default_factory=dict)  # ServiceType value → count
    volunteers: list[tuple[TeamMember, int]] = field(default_factory=list)  # (member, minutes)
    enterprise_names: list[str] = field(default_factory=list)
    employers: list = field(default_factory=list)  # orgs.Employer
    enterprises_total: int = 0


def _checked(team: VolunteerTeam, data: EventData) -> EventData:
    if not data.title.strip():
        raise DomainError("title", "请填写活动名称", fields={"title": "必填"})
    if data.date > timezone.localdate():
        raise DomainError("date", "服务日期不能晚于今天", fields={"date": "晚于今天"})
    if data.people_served < 0:
        raise DomainError("people_served", "服务人次不能为负数", fields={"people_served": "为负数"})
    for kind, count in data.services.items():
        if kind not in ServiceType.values:
            raise DomainError("services", f"没有“{kind}”这个服务项目", fields={"services": "未知项目"})
        if count < 0:
            label = ServiceType(kind).label
            raise DomainError(
                f"service_{kind}", f"{label}的项次不能为负数", fields={f"service_{kind}": "为负数"}
            )
    seen: set[int] = set()
    for row, (member, minutes) in enumerate(data.volunteers, start=1):
        where = f"第{row}行（{member.name}）"
        if member.team_id != team.pk:
            raise DomainError(
                "volunteers", f"{where}不是本服务队的志愿者", fields={"volunteers": f"第{row}行"}
            )
        if member.pk in seen:
            raise DomainError("volunteers", f"{where}重复填写", fields={"volunteers": f"第{row}行"})
        seen.add(member.pk)
        if not member.serves_on(data.date):
            raise DomainError(
                "volunteers",
                f"{where}在服务日期不在队（未加入或已退出）",
                fields={"volunteers": f"第{row}行"},
            )
        if not 0 < minutes <= MAX_MINUTES:
            raise DomainError(
                "volunteers", f"{where}的服务时长应大于0且不超过24小时", fields={"volunteers": f"第{row}行"}
            )
    names = [n.strip() for n in data.enterprise_names if n.strip()]
    named = len(set(names) | {e.name for e in data.employers})
    # rule V2: the enterprises taking part are counted even when not all are named, never fewer than those named
    if data.enterprises_total < named:
        raise DomainError(
            "enterprises_total",
            f"参与企业总数（{data.enterprises_total}家）不能少于列出名称的企业（{named}家）",
            fields={"enterprises_total": f"少于{named}"},
        )
    return data


def _write_children(event: ServiceEvent, data: EventData) -> None:
    event.services.all().delete()
    event.volunteers.all().delete()
    event.enterprises.all().delete()
    EventService.objects.bulk_create(
        EventService(event=event, kind=kind, count=count)
        for kind, count in sorted(data.services.items(), key=lambda kv: ServiceType.values.index(kv[0]))
        if count
    )
    EventVolunteer.objects.bulk_create(
        EventVolunteer(event=event, member=member, minutes=minutes) for member, minutes in data.volunteers
    )
    named = [EventEnterprise(event=event, name=e.name, employer=e) for e in data.employers]
    taken = {e.name for e in data.employers}
    for name in (n.strip() for n in data.enterprise_names):
        if name and name not in taken:
            taken.add(name)
            named.append(EventEnterprise(event=event, name=name))
    EventEnterprise.objects.bulk_create(named)


def _summary(event: ServiceEvent, data: EventData) -> dict:
    return {
        "date": data.date.isoformat(),
        "title": data.title.strip(),
        "people_served": data.people_served,
        "services": {ServiceType(k).label: n for k, n in data.services.items() if n},
        "volunteers": len(data.volunteers),
        "minutes": sum(m for _, m in data.volunteers),
        "enterprises": len(event.enterprises.all()),
        "enterprises_total": data.enterprises_total,
    }


def _event_fields(data: EventData) -> dict:
    return {
        "date": data.date,
        "title": data.title.strip(),
        "place_text": data.place_text.strip(),
        "notes": data.notes.strip(),
        "people_served": data.people_served,
        "enterprises_total": data.enterprises_total,
    }


@transaction.atomic
def event_record(*, actor, team: VolunteerTeam, data: EventData) -> ServiceEvent:
    """Record a service event of the team with its services, volunteers and hours, and enterprises (V2)."""
    _require(actor, team)
    _checked(team, data)
    event = ServiceEvent.objects.create(team=team, **_event_fields(data))
    _write_children(event, data)
    audit_record(
        actor=actor,
        action=VolunteersAudit.EVENT_RECORD,
        org=team.org,
        target=event,
        target_label=f"{team.name}：{event.title}",
        after=_summary(event, data),
    )
    return event


@transaction.atomic
def event_update(*, actor, event: ServiceEvent, data: EventData) -> ServiceEvent:
    """Correct an event: its fields and its services, volunteers and enterprises are replaced by the new ones."""
    team = event.team
    _require(actor, team)
    if event.voided_at is not None:
        raise Conflict("voided", "该活动已作废，不能修改")
    _checked(team, data)
    before = {
        "date": event.date.isoformat(),
        "title": event.title,
        "people_served": event.people_served,
        "services": {s.get_kind_display(): s.count for s in event.services.all()},
        "volunteers": event.volunteers.count(),
        "minutes": sum(v.minutes for v in event.volunteers.all()),
        "enterprises": event.enterprises.count(),
        "enterprises_total": event.enterprises_total,
    }
    for k, v in _event_fields(data).items():
        setattr(event, k, v)
    event.save()
    _write_children(event, data)
    audit_record(
        actor=actor,
        action=VolunteersAudit.EVENT_UPDATE,
        org=team.org,
        target=event,
        target_label=f"{team.name}：{event.title}",
        before=before,
        after=_summary(event, data),
    )
    return event


@transaction.atomic
def event_void(*, actor, event: ServiceEvent, reason: str) -> ServiceEvent:
    """Void an event recorded in error: it stays on record, and counts nowhere."""
    team = event.team
    _require(actor, team)
    if event.voided_at is not None:
        raise Conflict("voided", "该活动已作废")
    if not reason.strip():
        raise DomainError("reason", "请填写作废原因", fields={"reason": "必填"})
    event.voided_at = timezone.now()
    event.void_reason = reason.strip()
    event.save(update_fields=["voided_at", "void_reason"])
    audit_record(
        actor=actor,
        action=VolunteersAudit.EVENT_VOID,
        org=team.org,
        target=event,
        target_label=f"{team.name}：{event.title}",
        reason=event.void_reason,
    )
    return event
