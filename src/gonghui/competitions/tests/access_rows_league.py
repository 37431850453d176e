"""The league and knockout rows of the access matrix: a league-and-knockout team competition on each side of the
scope line, its league stage started (so a match exists to aim the result form at)."""

from gonghui.competitions import league_services, services
from gonghui.competitions.models import EntrantKind, Format, Match
from gonghui.core.scope import SYSTEM


def _league(org, name):
    from .access_rows import competition  # the base rows import these

    c = competition(
        org,
        name=name,
        entrant_kind=EntrantKind.TEAM,
        groups=["男子组"],
        stages=[
            services.StageData("小组赛", Format.LEAGUE, advance=2),
            services.StageData("淘汰赛", Format.KNOCKOUT),
        ],
    )
    group = c.groups.get()
    for i in range(3):
        services.entrant_add(
            actor=SYSTEM,
            competition=c,
            data=services.EntrantData(
                group=group, name=f"矩阵{i}队", units=[services.UnitData(name="矩阵单位")]
            ),
        )
    league, knockout = c.stages.order_by("order")
    league_services.league_start(actor=SYSTEM, stage=league, pools=1)
    return c, league, knockout


def _sides(world):
    if not hasattr(world, "_leagues"):
        world._leagues = (_league(world.donghu, "矩阵联赛"), _league(world.dashilan, "矩阵联赛"))
    return world._leagues


def league_page_rows(world) -> dict:
    (c_in, l_in, k_in), (c_out, l_out, k_out) = _sides(world)

    def on(c, s, **extra):
        return {"pk": c.pk, "stage": s.pk, **extra}

    m_in = Match.objects.filter(stage=l_in).first()
    m_out = Match.objects.filter(stage=l_out).first()
    return {
        "competitions:league": ("GET", on(c_in, l_in), on(c_out, l_out), "chaoyang"),
        "competitions:knockout": ("GET", on(c_in, k_in), on(c_out, k_out), "chaoyang"),
        "competitions:league_start": ("POST", on(c_in, l_in), on(c_out, l_out), "chaoyang"),
        "competitions:league_confirm": ("POST", on(c_in, l_in), on(c_out, l_out), "chaoyang"),
        "competitions:knockout_start": ("POST", on(c_in, k_in), on(c_out, k_out), "chaoyang"),
        "competitions:knockout_confirm": ("POST", on(c_in, k_in), on(c_out, k_out), "chaoyang"),
        "competitions:match_result": (
            "POST",
            on(c_in, l_in, match=m_in.pk),
            on(c_out, l_out, match=m_out.pk),
            "chaoyang",
        ),
    }


def league_api_rows(world) -> list:
    (c_in, _l, _k), (c_out, _l2, _k2) = _sides(world)
    return [
        (
            "GET",
            f"/api/competitions/{c_in.pk}/standings",
            f"/api/competitions/{c_out.pk}/standings",
            None,
            "chaoyang",
        )
    ]
