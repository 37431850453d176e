"""The activities as the shared list declares them (core/lists.py): the filters of the list page, its order.

The list's sheet is the activities' own (activities/exports.py, its export page), so no columns here."""

from gonghui.core.lists import ListSpec, Sort

from . import selectors
from .forms import FilterForm


def _activities(actor, params: dict[str, str]):
    return selectors.activities_for(actor=actor, **FilterForm(params or None, actor=actor).filters())


ACTIVITIES = ListSpec(
    name="activities.list",
    title="工会活动",
    rows=_activities,
    sorts=(
        Sort("date", "日期", ("starts_on",)),
        Sort("kind", "类型", ("kind__name", "starts_on")),
        Sort("title", "活动", ("title",)),
        Sort("org", "主办单位", ("org__name", "starts_on")),
    ),
    default_sort="-date",
)
