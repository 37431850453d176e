"""Builders for activity tests: an activity recorded through the services, with sensible defaults."""

import datetime as dt

from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import ActivityKind
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import World, make_user
from gonghui.orgs.models import Level, Org
from gonghui.orgs.services import org_create

NAMESAKE = "星光社区工会"


def activity(org, *, kind: str = "family", title: str = "亲子活动", days: int = 7, actor=SYSTEM, **fields):
    """An activity of `kind` by `org`, `days` from today; `fields` are ActivityData fields."""
    data = services.ActivityData(
        org=org,
        kind=ActivityKind.objects.get(code=kind),
        title=title,
        starts_on=timezone.localdate() + dt.timedelta(days=days),
        **fields,
    )
    return services.activity_create(actor=actor, data=data)


def namesakes(world: World) -> tuple[Org, Org]:
    """Two unions named alike (names are unique only among siblings): ours under 东湖 (朝阳), theirs under 大栅栏
    (西城), each with an operator of its own, the world's users "ours" and "theirs"."""
    ours = org_create(actor=SYSTEM, parent=world.donghu, name=NAMESAKE, level=Level.BASE)
    theirs = org_create(actor=SYSTEM, parent=world.dashilan, name=NAMESAKE, level=Level.BASE)
    world.users["ours"] = make_user("ours", ours, "operator")
    world.users["theirs"] = make_user("theirs", theirs, "operator")
    return ours, theirs
