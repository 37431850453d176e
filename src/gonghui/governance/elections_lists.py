"""The elections as the shared list declares them (core/lists.py), with the Excel export of their results."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import elections_selectors as selectors
from .elections_audit import ElectionsAudit
from .elections_forms import FilterForm


def _elections(actor, params: dict[str, str]):
    return selectors.elections_for(actor=actor, **FilterForm(params or None, actor=actor).filters())


def _elected(e) -> str:
    r = selectors.election_result(e)
    if not r.count.valid:
        return r.reason
    return "、".join(r.elected_names)


ELECTIONS = ListSpec(
    name="governance.elections",
    title="换届选举",
    rows=_elections,
    sorts=(
        Sort("date", "选举日期", ("held_on",)),
        Sort("title", "选举名称", ("title",)),
        Sort("org", "选举单位", ("org__name", "held_on")),
    ),
    default_sort="-date",
    columns=(
        Column("选举日期", lambda e: e.held_on, 12),
        Column("选举名称", lambda e: e.title, 36),
        Column("选举单位", lambda e: e.org.name, 28),
        Column("选举产生", lambda e: e.get_body_display(), 16),
        Column("应选名额", lambda e: e.seats, 10),
        Column("候选人", lambda e: e.candidates.filter(write_in=False).count(), 10),
        Column("应到", lambda e: e.entitled, 8),
        Column("实到", lambda e: e.present, 8),
        Column("发出选票", lambda e: e.ballots_issued, 10),
        Column("收回选票", lambda e: e.ballots_returned, 10),
        Column("无效票", lambda e: e.invalid_ballots, 8),
        Column("当选", _elected, 40),
        Column("状态", lambda e: e.get_status_display(), 10),
    ),
    export_action=ElectionsAudit.LIST_EXPORT,
    download_action=ElectionsAudit.LIST_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: "换届选举结果",
)
