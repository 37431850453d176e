"""The competitions as the shared list declares them (core/lists.py)."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .audit import CompetitionAudit
from .forms import FilterForm


def _competitions(actor, params: dict[str, str]):
    return selectors.competitions_for(actor=actor, **FilterForm(params or None, actor=actor).filters())


COMPETITIONS = ListSpec(
    name="competitions.list",
    title="竞赛一览",
    rows=_competitions,
    sorts=(
        Sort("date", "日期", ("starts_on",)),
        Sort("name", "竞赛", ("name",)),
        Sort("org", "主办单位", ("org__name", "starts_on")),
    ),
    default_sort="-date",
    columns=(
        Column("开始日期", lambda c: c.starts_on, 12),
        Column("竞赛名称", lambda c: c.name, 40),
        Column("类别", lambda c: c.get_kind_display(), 14),
        Column("主办单位", lambda c: c.org.name, 30),
        Column("地点", lambda c: c.place_text, 30),
        Column("结果", lambda c: "已公布" if c.published_at else "未公布", 10),
    ),
    export_action=CompetitionAudit.LIST_EXPORT,
    download_action=CompetitionAudit.LIST_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: "竞赛一览",
)
