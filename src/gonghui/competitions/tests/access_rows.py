"""This module's rows of the access matrix (core/tests/test_access.py): a competition on each side of the scope
line, 东湖 in 朝阳's subtree and 大栅栏 in 西城's."""

import datetime as dt

from gonghui.competitions import services
from gonghui.competitions.models import CompetitionKind, EntrantKind, Format
from gonghui.core.scope import SYSTEM

from .access_rows_league import league_api_rows, league_page_rows
from .access_rows_photo import heats_page_rows, photo_page_rows

DAY = dt.date(2026, 6, 18)  # tests pin their dates, never read today's


def competition(org, name: str = "矩阵技能竞赛", **fields):
    """A judged person contest of `org` with two groups, tiers 1/2/3 and one entrant per group."""
    data = services.CompetitionData(
        org=org,
        kind=CompetitionKind.SKILL,
        name=name,
        starts_on=fields.pop("starts_on", DAY),
        entrant_kind=fields.pop("entrant_kind", EntrantKind.PERSON),
        groups=fields.pop("groups", ["甲组", "乙组"]),
        tiers=fields.pop("tiers", [services.TierData("一等奖", 1), services.TierData("二等奖", 2)]),
        stages=fields.pop("stages", [services.StageData("决赛", Format.JUDGED)]),
        backdate_reason="测试数据：固定日期",
        **fields,
    )
    c = services.competition_create(actor=SYSTEM, data=data)
    for g in c.groups.all():
        services.entrant_add(
            actor=SYSTEM,
            competition=c,
            data=services.EntrantData(
                group=g, name=f"{g.name}选手", units=[services.UnitData(name="矩阵单位")]
            ),
        )
    return c


def _sides(world):
    if not hasattr(world, "_competitions"):
        # phone sign-up open: the matrix's member (of a union under 东湖) reaches the inside one's phone page
        world._competitions = (
            competition(world.donghu, member_signup=True),
            competition(world.dashilan, member_signup=True),
        )
    return world._competitions


def page_rows(world) -> dict:
    c_in, c_out = _sides(world)
    e_in, e_out = c_in.entrants.first(), c_out.entrants.first()

    def on(c, **extra):
        return {"pk": c.pk, **extra}

    from .access_rows_judged import judged_page_rows

    return {
        **judged_page_rows(world),
        "competitions:index": ("GET", {}, None, "chaoyang"),
        "competitions:new": ("GET", {}, None, "chaoyang"),
        "competitions:detail": ("GET", on(c_in), on(c_out), "chaoyang"),
        "competitions:results_xlsx": ("GET", on(c_in), on(c_out), "chaoyang"),
        "competitions:entrant_add": ("POST", on(c_in), on(c_out), "chaoyang"),
        "competitions:entrants_import": ("POST", on(c_in), on(c_out), "chaoyang"),
        "competitions:entrant_status": (
            "POST",
            on(c_in, entrant=e_in.pk, status="withdrawn"),
            on(c_out, entrant=e_out.pk, status="withdrawn"),
            "chaoyang",
        ),
        "competitions:publish": ("POST", on(c_in), on(c_out), "chaoyang"),
        # the member's phone pages: without a member signed in they answer with the sign-in page
        "competitions:me": ("GET", {}, None, None),
        "competitions:me_detail": ("GET", on(c_in), None, None),
        **heats_page_rows(world),
        **photo_page_rows(world),
        **league_page_rows(world),
        "competitions:void": ("POST", on(c_in), on(c_out), "chaoyang"),  # last: in scope, this voids it
    }


def api_rows(world) -> list:
    c_in, c_out = _sides(world)
    summary = "/api/competitions/summary?org={}&year=2026"
    return [
        ("GET", summary.format(world.donghu.pk), summary.format(world.dashilan.pk), None, "chaoyang"),
        (
            "GET",
            f"/api/competitions/{c_in.pk}/results",
            f"/api/competitions/{c_out.pk}/results",
            None,
            "chaoyang",
        ),
        *league_api_rows(world),
    ]


def api_records(world) -> dict[str, int]:
    """Ids the API fuzz test aims its generated calls at: a competition in 朝阳's subtree."""
    return {"competition_id": _sides(world)[0].pk}
