"""The setup part's rows of the access matrix: on each side of the scope line (东湖 in 朝阳's subtree, 大栅栏 in
西城's) an employer without a union with a set-up applied for, and another target with none; inside, one more
application for the API's approval."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.organising import services, setup_services

DAY = dt.date(2025, 6, 18)  # a fixed past day: the matrix never reads today's


def _target(org, name):
    return services.target_register(
        actor=SYSTEM, org=org, employer_fields={"name": name, "headcount": 30}, on_date=DAY
    )


def _applied(org, name):
    setup = setup_services.setup_start(
        actor=SYSTEM, target=_target(org, name), union_name=f"{name}工会", members_expected=28, on_date=DAY
    )
    return setup_services.setup_submit(actor=SYSTEM, setup=setup, on_date=DAY)


def _sides(world):
    if not hasattr(world, "_setups"):
        world._setups = {
            "in": _applied(world.donghu, "矩阵筹建有限公司"),
            "out": _applied(world.dashilan, "矩阵筹建外区有限公司"),
            "target_in": _target(world.donghu, "矩阵未筹建有限公司"),
            "target_out": _target(world.dashilan, "矩阵未筹建外区有限公司"),
            "api_in": _applied(world.changying, "矩阵接口筹建有限公司"),
        }
    return world._setups


def page_rows(world) -> dict:
    s = _sides(world)
    on_in, on_out = {"pk": s["in"].pk}, {"pk": s["out"].pk}
    t_in, t_out = {"target_id": s["target_in"].pk}, {"target_id": s["target_out"].pk}
    return {
        "organising:setups": ("GET", {}, None, "chaoyang"),
        "organising:setup": ("GET", on_in, on_out, "chaoyang"),
        "organising:setup_submit": ("POST", on_in, on_out, "chaoyang"),
        "organising:setup_decide": ("POST", on_in, on_out, "chaoyang"),
        "organising:setup_found": ("POST", on_in, on_out, "chaoyang"),
        "organising:setup_new": ("GET", t_in, t_out, "chaoyang"),
        "organising:joint_cover": ("GET", t_in, t_out, "chaoyang"),
    }


def api_rows(world) -> list:
    s = _sides(world)
    approve = "/api/organising/setups/{}/approve"
    return [
        (
            "GET",
            f"/api/organising/setups?org={world.donghu.pk}",
            f"/api/organising/setups?org={world.dashilan.pk}",
            None,
            "chaoyang",
        ),
        ("POST", approve.format(s["api_in"].pk), approve.format(s["out"].pk), {}, "chaoyang"),
    ]


def api_records(world) -> dict[str, int]:
    return {"setup_id": _sides(world)["in"].pk}
