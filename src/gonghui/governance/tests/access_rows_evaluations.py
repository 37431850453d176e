"""The evaluations part's rows of the access matrix (core/tests/test_access.py): a round held by 东湖 over its base
union 望京 (in 朝阳's scope) and one held by 大栅栏 over 大栅栏商贸 (outside it)."""

from gonghui.core.scope import SYSTEM
from gonghui.governance import evaluations_services as services
from gonghui.governance.evaluations_tree import parse

TREE = "组织建设 100\n- 建会率 | 达标 | 100 | 达标线=90"


def _round(node, unit):
    scheme = services.scheme_create(actor=SYSTEM, org=node, name="矩阵考核方案", categories=parse(TREE))
    rnd = services.round_create(actor=SYSTEM, scheme=scheme, name="矩阵考核", year=2026, units=[unit])
    return scheme, rnd, rnd.units.get()


def _sides(world):
    if not hasattr(world, "_evaluations"):
        world._evaluations = (
            _round(world.donghu, world.base_donghu),
            _round(world.dashilan, world.base_xicheng),
        )
    return world._evaluations


def page_rows(world) -> dict:
    (s_in, r_in, u_in), (s_out, r_out, u_out) = _sides(world)

    def on(r, **extra):
        return {"pk": r.pk, **extra}

    return {
        "governance:evaluation_schemes": ("GET", {}, None, "chaoyang"),
        "governance:evaluation_scheme_new": ("GET", {}, None, "chaoyang"),
        "governance:evaluation_scheme": ("GET", {"pk": s_in.pk}, {"pk": s_out.pk}, "chaoyang"),
        "governance:evaluations": ("GET", {}, None, "chaoyang"),
        "governance:evaluation_new": ("GET", {}, None, "chaoyang"),
        "governance:evaluation": ("GET", on(r_in), on(r_out), "chaoyang"),
        "governance:evaluation_self": (
            "GET",
            on(r_in, unit_id=u_in.pk),
            on(r_out, unit_id=u_out.pk),
            "chaoyang",
        ),
        "governance:evaluation_score": (
            "GET",
            on(r_in, unit_id=u_in.pk),
            on(r_out, unit_id=u_out.pk),
            "chaoyang",
        ),
        "governance:evaluation_advance": ("POST", on(r_in), on(r_out), "chaoyang"),
        "governance:evaluation_xlsx": ("GET", on(r_in), on(r_out), "chaoyang"),
    }


def api_rows(world) -> list:
    (_s, r_in, _u), (_s2, r_out, _u2) = _sides(world)
    return [
        (
            "GET",
            f"/api/governance/evaluations/{r_in.pk}",
            f"/api/governance/evaluations/{r_out.pk}",
            None,
            "chaoyang",
        )
    ]


def api_records(world) -> dict[str, int]:
    (_s, r_in, _u), _out = _sides(world)
    return {"round_id": r_in.pk}
