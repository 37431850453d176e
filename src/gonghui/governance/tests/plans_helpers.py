"""A plan of 朝阳 with items assigned to 东湖 and 常营 (G3), for the plans part's tests and access rows."""

import datetime as dt

from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import make_user
from gonghui.governance import plans_services as services
from gonghui.governance.models import PlanKind


def changying_cadre(world):
    if "changying" not in world.users:
        world.users["changying"] = make_user("changying", world.changying, "operator")
    return world.user("changying")


def make_plan(org, *, owners, title="2026年工作要点", publish=True, year=2026):
    """A plan of `org` with two sections: 一 holds 1 (owners[0]) and 2 (owners[1], weight 3); 二 (both owners)."""
    plan = services.plan_create(
        actor=SYSTEM,
        data=services.PlanData(
            org=org,
            kind=PlanKind.YEAR,
            title=title,
            year=year,
            starts_on=dt.date(year, 1, 1),
            ends_on=dt.date(year, 12, 31),
        ),
    )
    one = services.item_add(actor=SYSTEM, plan=plan, data=services.ItemData(label="一", title="建设职工之家"))
    services.item_add(
        actor=SYSTEM,
        plan=plan,
        data=services.ItemData(label="1", title="职工书屋提升", parent=one, due_on=dt.date(year, 6, 30)),
        owners=[owners[0]],
    )
    services.item_add(
        actor=SYSTEM,
        plan=plan,
        data=services.ItemData(
            label="2", title="母婴关爱室建设", parent=one, due_on=dt.date(year, 9, 30), weight=3
        ),
        owners=[owners[1]],
    )
    services.item_add(
        actor=SYSTEM,
        plan=plan,
        data=services.ItemData(label="二", title="职工技能竞赛", due_on=dt.date(year, 11, 30)),
        owners=list(owners),
    )
    if publish:
        services.plan_publish(actor=SYSTEM, plan=plan)
    return plan


def item(plan, label):
    return plan.items.get(label=label)
