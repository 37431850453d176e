"""The volunteers part's rows of the access matrix (core/tests/test_access.py): a team with a volunteer and a
service event on each side of the scope line (东湖 in 朝阳's subtree, 大栅栏 in 西城's)."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.support import volunteers_services as services

DAY = dt.date(2026, 3, 5)  # a fixed past day: tests never read today's


def _team(org):
    team = services.team_create(actor=SYSTEM, data=services.TeamData(org=org, name="矩阵志愿服务队"))
    member = services.member_add(actor=SYSTEM, team=team, data=services.MemberData(name="矩阵志愿者"))
    event = services.event_record(
        actor=SYSTEM,
        team=team,
        data=services.EventData(
            date=DAY,
            title="矩阵社区服务",
            people_served=30,
            services={"haircut": 12},
            volunteers=[(member, 120)],
        ),
    )
    return team, member, event


def _sides(world):
    if not hasattr(world, "_volunteer_teams"):
        world._volunteer_teams = (_team(world.donghu), _team(world.dashilan))
    return world._volunteer_teams


def page_rows(world) -> dict:
    (t_in, m_in, e_in), (t_out, m_out, e_out) = _sides(world)
    return {
        "support:teams": ("GET", {}, None, "chaoyang"),
        "support:team_new": ("GET", {}, None, "chaoyang"),
        "support:team": ("GET", {"pk": t_in.pk}, {"pk": t_out.pk}, "chaoyang"),
        "support:team_edit": ("GET", {"pk": t_in.pk}, {"pk": t_out.pk}, "chaoyang"),
        "support:team_member_add": ("POST", {"pk": t_in.pk}, {"pk": t_out.pk}, "chaoyang"),
        "support:team_member_leave": (
            "POST",
            {"pk": t_in.pk, "member": m_in.pk},
            {"pk": t_out.pk, "member": m_out.pk},
            "chaoyang",
        ),
        "support:event_new": ("GET", {"pk": t_in.pk}, {"pk": t_out.pk}, "chaoyang"),
        "support:events": ("GET", {}, None, "chaoyang"),
        "support:event": ("GET", {"pk": e_in.pk}, {"pk": e_out.pk}, "chaoyang"),
        "support:event_edit": ("GET", {"pk": e_in.pk}, {"pk": e_out.pk}, "chaoyang"),
        "support:event_void": ("POST", {"pk": e_in.pk}, {"pk": e_out.pk}, "chaoyang"),
    }


def api_rows(world) -> list:
    (t_in, _, _), (t_out, _, _) = _sides(world)
    return [("GET", f"/api/services/teams/{t_in.pk}", f"/api/services/teams/{t_out.pk}", None, "chaoyang")]


def api_records(world) -> dict[str, int]:
    """Ids the API fuzz test aims its generated calls at: a team in 朝阳's subtree."""
    return {"team_id": _sides(world)[0][0].pk}
