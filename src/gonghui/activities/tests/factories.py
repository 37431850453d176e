"""Builders for activity tests: an activity recorded through the services, with sensible defaults."""

import datetime as dt

from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import ActivityKind


def activity(org, *, kind: str = "family", title: str = "亲子活动", days: int = 7, actor=None, **fields):
    """An activity of `kind` by `org`, `days` from today; `fields` are ActivityData fields."""
    data = services.ActivityData(
        org=org,
        kind=ActivityKind.objects.get(code=kind),
        title=title,
        starts_on=timezone.localdate() + dt.timedelta(days=days),
        **fields,
    )
    return services.activity_create(actor=actor, data=data)
