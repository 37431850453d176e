"""The plans part's rows of the access matrix (core/tests/test_access.py): a published plan of 东湖 (in 朝阳's
subtree) with an item assigned to 望京科技, and one of 大栅栏 (in 西城's) with an item assigned to 大栅栏商贸."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.governance import plans_services as services
from gonghui.governance.models import PlanKind


def _plan(org, owner):
    plan = services.plan_create(
        actor=SYSTEM,
        data=services.PlanData(
            org=org,
            kind=PlanKind.YEAR,
            title="矩阵工作要点",
            year=2026,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2026, 12, 31),
        ),
    )
    item = services.item_add(
        actor=SYSTEM,
        plan=plan,
        data=services.ItemData(label="1", title="矩阵事项", due_on=dt.date(2026, 6, 30)),
        owners=[owner],
    )
    services.plan_publish(actor=SYSTEM, plan=plan)
    return plan, item


def _sides(world):
    if not hasattr(world, "_plans"):
        world._plans = (_plan(world.donghu, world.base_donghu), _plan(world.dashilan, world.base_xicheng))
    return world._plans


def page_rows(world) -> dict:
    (p_in, i_in), (p_out, i_out) = _sides(world)

    def on(p, **extra):
        return {"pk": p.pk, **extra}

    return {
        "governance:plans": ("GET", {}, None, "chaoyang"),
        "governance:plan_new": ("GET", {}, None, "chaoyang"),
        "governance:plan": ("GET", on(p_in), on(p_out), "chaoyang"),
        "governance:plan_export": ("GET", on(p_in), on(p_out), "chaoyang"),
        "governance:plan_item_add": ("POST", on(p_in), on(p_out), "chaoyang"),
        "governance:plan_item_remove": ("POST", on(p_in, item=i_in.pk), on(p_out, item=i_out.pk), "chaoyang"),
        "governance:plan_items_import": ("POST", on(p_in), on(p_out), "chaoyang"),
        "governance:plan_publish": ("POST", on(p_in), on(p_out), "chaoyang"),
        "governance:plan_complete": ("POST", on(p_in), on(p_out), "chaoyang"),
        "governance:plan_report": ("POST", on(p_in), on(p_out), "chaoyang"),
    }


def api_rows(world) -> list:
    (p_in, _), (p_out, _) = _sides(world)
    return [
        ("GET", f"/api/governance/plans/{p_in.pk}", f"/api/governance/plans/{p_out.pk}", None, "chaoyang")
    ]


def api_records(world) -> dict[str, int]:
    (p_in, _), _ = _sides(world)
    return {"plan_id": p_in.pk}
