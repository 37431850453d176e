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
    "发生时间",
    "登记时间",
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
WIDTHS = (17, 17, 22, 10, 12, 6, 10, 10, 12, 28, 9, 12)
# the totals sheet: each item in its own unit, never a sum across units (issue 16 §4)
TOTAL_HEADINGS = ("物资", "单位", "采购入库", "上级下拨", "下拨下级", "发放（扣除撤销）", "采购金额（元）")


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
    count = book.add_format({"num_format": "#,##0"})
    totals: dict[tuple[str, str], dict[str, float]] = {}
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
                timezone.localtime(move.recorded_at).strftime("%Y-%m-%d %H:%M"),
                move.org.name,
                move.get_kind_display(),
                move.item.name,
                move.item.unit,
            ),
        )
        sheet.write_number(row, 6, move.quantity, count)
        if move.unit_price is not None:
            sheet.write_number(row, 7, float(move.unit_price), money)
            sheet.write_number(row, 8, float(move.unit_price * move.quantity), money)
        sheet.write(row, 9, other)
        if d is not None:
            sheet.write_number(row, 10, d.people_covered, count)
        sheet.write(row, 11, d.handed_out_by if d else (move.by.get_username() if move.by else ""))
        item = totals.setdefault((move.item.name, move.item.unit), dict.fromkeys(TOTAL_KEYS, 0.0))
        item[TOTAL_OF[move.kind]] += abs(move.quantity) if move.kind != "hand_out_void" else -move.quantity
        if move.unit_price is not None:
            item["cost"] += float(move.unit_price * move.quantity)
        row += 1
    sheet.freeze_panes(2, 0)
    sheet.autofilter(1, 0, max(row - 1, 1), len(HEADINGS) - 1)
    _totals_sheet(book, unit, totals, head, count, money)
    book.close()
    return buffer.getvalue()


TOTAL_KEYS = ("purchase", "allocate_in", "allocate_out", "hand_out", "cost")
TOTAL_OF = {
    "purchase": "purchase",
    "allocate_in": "allocate_in",
    "allocate_out": "allocate_out",
    "hand_out": "hand_out",
    "hand_out_void": "hand_out",  # a void gives back what its hand-out took
}


def _totals_sheet(book, unit: CampaignUnit, totals, head, count, money) -> None:
    """Per item, in its own unit: what came in, went down the tree and was handed out. No row adds up items of
    different units (斤 and 个 are not one number)."""
    sheet = book.add_worksheet("物资合计")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 6)
    sheet.set_column(2, len(TOTAL_HEADINGS) - 1, 14)
    sheet.write(0, 0, f"{unit.campaign.name} · {unit.org.name} 物资合计（各物资按其计量单位分别合计）")
    sheet.write_row(1, 0, TOTAL_HEADINGS, head)
    for r, ((name, unit_name), t) in enumerate(totals.items(), start=2):
        sheet.write_row(r, 0, (name, unit_name))
        for c, key in enumerate(TOTAL_KEYS[:4], start=2):
            sheet.write_number(r, c, t[key], count)
        sheet.write_number(r, 6, t["cost"], money)


@job_kind("care.ledger", download=CareAudit.LEDGER_DOWNLOAD)
def ledger_job(job, progress) -> tuple[str, bytes]:
    """A ledger too long to wait for, written by the task worker; scope is the job's actor's, as on the page."""
    unit = selectors.unit_get(actor=job.actor, pk=job.params["unit"])
    moves = selectors.ledger_of(unit.campaign, unit)
    content = ledger_workbook(unit, reported(moves, progress))
    return ledger_filename(unit), content
