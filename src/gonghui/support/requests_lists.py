"""The staff list of requests as the shared list declares it (core/lists.py); the sheet shows the person masked
and never the description."""

from gonghui.core.lists import Column, ListSpec, Sort

from . import requests_selectors as selectors
from .requests_audit import RequestsAudit
from .requests_forms import RequestFilterForm


def _requests(actor, params: dict[str, str]):
    return selectors.requests_for(actor=actor, **RequestFilterForm(params or None, actor=actor).filters())


REQUESTS = ListSpec(
    name="support.requests",
    title="职工诉求",
    rows=_requests,
    sorts=(
        Sort("received", "受理日期", ("received_on",)),
        Sort("number", "编号", ("number",)),
        Sort("due", "答复期限", ("answer_due",)),
    ),
    default_sort="-received",
    columns=(
        Column("诉求编号", lambda r: r.number, 16),
        Column("受理日期", lambda r: r.received_on, 12),
        Column("渠道", lambda r: r.get_channel_display(), 10),
        Column("类别", lambda r: r.get_category_display(), 10),
        Column("诉求人", lambda r: r.who, 10),
        Column("办理单位", lambda r: r.org.name, 30),
        Column("状态", lambda r: r.get_state_display(), 10),
        Column("答复期限", lambda r: r.answer_due, 12),
        Column("答复日期", lambda r: r.answered_on or "", 12),
        Column("升级至", lambda r: r.escalated_to.name if r.escalated_to_id else "", 24),
        Column("满意度", lambda r: r.rating or "", 8),
    ),
    export_action=RequestsAudit.LIST_EXPORT,
    download_action=RequestsAudit.LIST_EXPORT_DOWNLOAD,
)
