"""The campaign ledger as Excel (W2): every purchase, allocation and hand-out of a unit's subtree, in the order
they happened, with prices, counterparts, people covered and who handed out. Large ledgers run as a job."""

import io

from django.utils import timezone

from gonghui.core.downloads import heading_format, title_format, workbook
from gonghui.core.jobs import job_kind, reported

from . import selectors
from .audit import CareAudit
from .models import CampaignUnit

HEADINGS = (
    "时间",
    "组织",
    "类型",
    "物资",
    "单位",
    "数量",
    "单价（元）",
    "金额（元）",
    "往来/对象",
    "覆盖人数",
    "经办人",
)
WIDTHS = (17, 22, 10, 12, 6, 8, 10, 12, 28, 9, 12)


def ledger_filename(unit: CampaignUnit) -> str:
    return f"{unit.campaign.name}-{unit.org.display_name}-台账-{timezone.localtime():%Y%m%d}.xlsx"


def ledger_workbook(unit: CampaignUnit, moves) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer, constant_memory=True)
    sheet = book.add_worksheet("发放台账")
    head, money = heading_format(book, text_wrap=True), book.add_format({"num_format": "#,##0.00"})
    for col, width in enumerate(WIDTHS):
        sheet.set_column(col, col, width)
    sheet.merge_range(
        0, 0, 0, len(HEADINGS) - 1, f"{unit.campaign.name} · {unit.org.name} 物资台账", title_format(book)
    )
    sheet.write_row(1, 0, HEADINGS, head)
    row = 2
    for move in moves:
        d = move.distribution
        other = (
            move.counterpart.org.name if move.counterpart_id else (d.recipient_name if d else move.supplier)
        )
        sheet.write_row(
            row,
            0,
            (
                timezone.localtime(move.at).strftime("%Y-%m-%d %H:%M"),
                move.org.name,
                move.get_kind_display(),
                move.item.name,
                move.item.unit,
                move.quantity,
            ),
        )
        if move.unit_price is not None:
            sheet.write_number(row, 6, float(move.unit_price), money)
            sheet.write_number(row, 7, float(move.unit_price * move.quantity), money)
        sheet.write(row, 8, other)
        if d is not None:
            sheet.write_number(row, 9, d.people_covered)
        sheet.write(row, 10, d.handed_out_by if d else (move.by.get_username() if move.by else ""))
        row += 1
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(row - 1, 1), len(HEADINGS) - 1)
    book.close()
    return buffer.getvalue()


@job_kind("care.ledger", download=CareAudit.LEDGER_DOWNLOAD)
def ledger_job(job, progress) -> tuple[str, bytes]:
    """A ledger too long to wait for, written by the task worker; scope is the job's actor's, as on the page."""
    unit = selectors.unit_get(actor=job.actor, pk=job.params["unit"])
    moves = selectors.ledger_of(unit.campaign, unit)
    content = ledger_workbook(unit, reported(moves, progress))
    return ledger_filename(unit), content
