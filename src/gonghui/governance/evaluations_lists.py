"""The evaluation rounds as the shared list declares them (core/lists.py)."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import evaluations_selectors as selectors
from .evaluations_audit import EvaluationsAudit
from .evaluations_forms import FilterForm


def _rounds(actor, params: dict[str, str]):
    return selectors.rounds_for(actor=actor, **FilterForm(params or None, actor=actor).filters())


ROUNDS = ListSpec(
    name="governance.evaluations",
    title="考核评比一览",
    rows=_rounds,
    sorts=(
        Sort("year", "年度", ("year",)),
        Sort("name", "考核名称", ("name",)),
        Sort("org", "考核单位", ("org__name", "year")),
    ),
    default_sort="-year",
    columns=(
        Column("年度", lambda r: r.year, 8),
        Column("考核名称", lambda r: r.name, 40),
        Column("考核方案", lambda r: r.scheme.name, 30),
        Column("考核单位", lambda r: r.org.name, 30),
        Column("被考核单位数", lambda r: r.units.count(), 12),
        Column("状态", lambda r: r.get_status_display(), 10),
    ),
    export_action=EvaluationsAudit.LIST_EXPORT,
    download_action=EvaluationsAudit.LIST_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: "考核评比一览",
)
