"""The plans list as the shared list declares it (core/lists.py)."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import plans_selectors
from .plans_audit import PlansAudit
from .plans_forms import PlanFilterForm


def _plans(actor, params: dict[str, str]):
    return plans_selectors.plans_for(actor=actor, **PlanFilterForm(params or None, actor=actor).filters())


PLANS = ListSpec(
    name="governance.plans",
    title="工作计划一览",
    rows=_plans,
    sorts=(
        Sort("year", "年度", ("year", "starts_on")),
        Sort("title", "计划", ("title",)),
        Sort("org", "制定单位", ("org__name", "year")),
    ),
    default_sort="-year",
    columns=(
        Column("年度", lambda p: p.year, 8),
        Column("计划名称", lambda p: p.title, 40),
        Column("类别", lambda p: p.get_kind_display(), 14),
        Column("制定单位", lambda p: p.org.name, 30),
        Column("开始日期", lambda p: p.starts_on, 12),
        Column("结束日期", lambda p: p.ends_on, 12),
        Column("状态", lambda p: p.get_status_display(), 10),
    ),
    export_action=PlansAudit.LIST_EXPORT,
    download_action=PlansAudit.LIST_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: "工作计划一览",
)
