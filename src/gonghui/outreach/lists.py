"""Outreach's lists as the shared list declares them (core/lists.py): the join events, and the people who
joined at one of them."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .audit import OutreachAudit


def _events(actor, params: dict[str, str]):
    return selectors.events_for(actor=actor, search=params.get("q", ""))


EVENTS = ListSpec(
    name="outreach.events",
    title="入会活动",
    rows=_events,
    sorts=(
        Sort("date", "日期", ("on_date",)),
        Sort("name", "活动", ("name",)),
        Sort("union", "主办工会", ("org__name", "on_date")),
    ),
    default_sort="-date",
)


def _joins(actor, params: dict[str, str]):
    event = selectors.event_get(actor=actor, pk=params.get("event"))
    qs = selectors.joins_of(codes=selectors.codes_for(actor=actor, event=event))
    if params.get("outcome"):
        qs = qs.filter(outcome=params["outcome"])
    return qs


JOINS = ListSpec(
    name="outreach.joins",
    title="现场入会",
    rows=_joins,
    sorts=(
        Sort("at", "时间", ("at",)),
        Sort("name", "姓名", ("membership__person__full_name",)),
        Sort("outcome", "结果", ("outcome", "at")),
    ),
    default_sort="-at",
    columns=(
        Column("时间", lambda r: r.at, 18),
        Column("姓名", lambda r: r.membership.person.full_name, 10),
        Column("手机号码", lambda r: r.membership.person.mobile_masked, 14),
        Column("结果", lambda r: r.get_outcome_display(), 12),
        Column("会籍状态", lambda r: r.membership.get_status_display(), 10),
        Column("礼品发放时间", lambda r: r.gift_given_at, 18),
    ),
    export_action=OutreachAudit.JOINS_EXPORT,
    download_action=OutreachAudit.JOINS_EXPORT_DOWNLOAD,
    sheet_title=lambda actor, params: (
        f"{selectors.event_get(actor=actor, pk=params.get('event')).name}-现场入会"
    ),
)
