"""The congresses list as the shared list declares it (core/lists.py)."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import congresses_selectors as sel
from .congresses_audit import CongressesAudit
from .congresses_forms import FilterForm


def _congresses(actor, params: dict[str, str]):
    return sel.congresses_for(actor=actor, **FilterForm(params or None, actor=actor).filters())


def _plenaries(actor, params: dict[str, str]):
    return sel.plenaries_for(actor=actor, **FilterForm(params or None, actor=actor).filters())


CONGRESSES = ListSpec(
    name="governance.congresses",
    title="代表大会一览",
    rows=_congresses,
    sorts=(
        Sort("date", "开幕日期", ("starts_on",)),
        Sort("title", "名称", ("title",)),
        Sort("org", "工会", ("org__name", "starts_on")),
    ),
    default_sort="-date",
    columns=(
        Column("开幕日期", lambda c: c.starts_on, 12),
        Column("闭幕日期", lambda c: c.ends_on, 12),
        Column("名称", lambda c: c.title, 40),
        Column("类别", lambda c: c.get_kind_display(), 14),
        Column("工会", lambda c: c.org.name, 30),
        Column("地点", lambda c: c.place, 30),
        Column("应到", lambda c: c.entitled, 10),
    ),
    export_action=CongressesAudit.LIST_EXPORT,
    download_action=CongressesAudit.LIST_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: "代表大会一览",
)

PLENARIES = ListSpec(
    name="governance.plenaries",
    title="全委会一览",
    rows=_plenaries,
    sorts=(Sort("date", "日期", ("on",)),),
    default_sort="-date",
    columns=(
        Column("日期", lambda p: p.on, 12),
        Column("名称", lambda p: p.title, 40),
        Column("类别", lambda p: p.get_kind_display(), 10),
        Column("工会", lambda p: p.org.name, 30),
        Column("应到", lambda p: p.entitled, 10),
        Column("实到", lambda p: p.present, 10),
    ),
    export_action=CongressesAudit.LIST_EXPORT,
    download_action=CongressesAudit.LIST_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: "全委会一览",
)
