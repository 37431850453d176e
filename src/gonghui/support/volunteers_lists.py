"""The volunteer teams and service events as the shared list declares them (core/lists.py)."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import volunteers_selectors as selectors
from .volunteers_audit import VolunteersAudit
from .volunteers_forms import EventFilterForm, TeamFilterForm


def _teams(actor, params: dict[str, str]):
    return selectors.teams_for(actor=actor, **TeamFilterForm(params or None, actor=actor).filters())


def _events(actor, params: dict[str, str]):
    rows = selectors.events_for(actor=actor, **EventFilterForm(params or None, actor=actor).filters())
    return rows.prefetch_related("services")


def _services(event) -> str:
    return "、".join(f"{label}{n}" for label, n in selectors.services_of(event))


TEAMS = ListSpec(
    name="support.volunteer_teams",
    title="志愿服务队",
    rows=_teams,
    sorts=(
        Sort("name", "服务队", ("name",)),
        Sort("org", "所属组织", ("org__name", "name")),
        Sort("founded", "成立日期", ("founded_on",)),
    ),
    default_sort="name",
    columns=(
        Column("服务队名称", lambda t: t.name, 30),
        Column("所属组织", lambda t: t.org.name, 30),
        Column("队长", lambda t: t.leader_name, 12),
        Column("成立日期", lambda t: t.founded_on, 12),
        Column("服务专长", lambda t: t.skills, 30),
        Column("状态", lambda t: "在册" if t.is_active else "已停止", 8),
    ),
    export_action=VolunteersAudit.TEAMS_EXPORT,
    download_action=VolunteersAudit.TEAMS_EXPORT_DOWNLOAD,
)

EVENTS = ListSpec(
    name="support.volunteer_events",
    title="志愿服务活动",
    rows=_events,
    sorts=(
        Sort("date", "服务日期", ("date",)),
        Sort("team", "服务队", ("team__name", "date")),
        Sort("served", "服务人次", ("people_served",)),
    ),
    default_sort="-date",
    columns=(
        Column("服务日期", lambda e: e.date, 12),
        Column("活动名称", lambda e: e.title, 30),
        Column("服务队", lambda e: e.team.name, 24),
        Column("所属组织", lambda e: e.team.org.name, 24),
        Column("地点", lambda e: e.place_text, 24),
        Column("服务项目", _services, 30),
        Column("服务人次", lambda e: e.people_served, 10),
        Column("参与企业", lambda e: e.enterprises_total, 10),
    ),
    export_action=VolunteersAudit.EVENTS_EXPORT,
    download_action=VolunteersAudit.EVENTS_EXPORT_DOWNLOAD,
)
