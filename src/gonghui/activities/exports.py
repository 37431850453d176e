"""Excel files of activities: the filtered list with its figures, and a training class's completion list."""

import io
from collections.abc import Iterable

from django.utils import timezone

from gonghui.core.downloads import heading_format, title_format, workbook

from .models import Activity
from .selectors import Training, reach_of

LIST_COLUMNS = [
    ("序号", 6),
    ("开始日期", 12),
    ("结束日期", 12),
    ("类型", 10),
    ("活动名称", 40),
    ("主办单位", 28),
    ("地点", 28),
    ("服务对象", 24),
    ("参加单位数", 10),
    ("报名（名额）", 12),
    ("报名人数（含家属）", 12),
    ("人次", 10),
    ("人次统计方式", 16),
    ("成果与措施", 30),
]


def _book():
    buffer = io.BytesIO()
    book = workbook(buffer)
    return buffer, book, heading_format(book, align="center", text_wrap=True), title_format(book)


def _headings(sheet, columns, head) -> None:
    for col, (label, width) in enumerate(columns):
        sheet.set_column(col, col, width)
        sheet.write(1, col, label, head)
    sheet.freeze_panes(2, 0)


def activities_workbook(title: str, rows: Iterable[Activity]) -> bytes:
    buffer, book, head, title_fmt = _book()
    sheet = book.add_worksheet("活动")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write(0, 0, title, title_fmt)
    _headings(sheet, LIST_COLUMNS, head)
    r = 1
    for r, a in enumerate(rows, start=2):
        reach = reach_of(a)
        values = [
            r - 1,
            a.starts_on,
            a.ends_on,
            a.kind.name,
            a.title,
            a.org.name,
            a.place_label,
            "、".join(a.target_groups),
            a.n_participants,
            a.n_registered,
            a.n_people,
            reach.count,
            reach.source,
            "；".join(a.outcomes),
        ]
        for col, value in enumerate(values):
            if hasattr(value, "isoformat"):
                sheet.write_datetime(r, col, value, date)
            elif value is not None:
                sheet.write(r, col, value)
    sheet.autofilter(1, 0, max(r, 1), len(LIST_COLUMNS) - 1)
    book.close()
    return buffer.getvalue()


def completion_workbook(activity: Activity, table: Training) -> bytes:
    """Trainees with a mark per session and whether they completed, the rule written above the table."""
    buffer, book, head, title_fmt = _book()
    sheet = book.add_worksheet("结业名单")
    columns = [
        ("序号", 6),
        ("姓名", 12),
        ("所在工会/单位", 30),
        *[(s.topic, 14) for s in table.sessions],
        ("出勤场次", 10),
        ("是否结业", 10),
    ]
    sheet.write(0, 0, f"{activity.title} 结业名单（结业要求：{table.rule}）", title_fmt)
    _headings(sheet, columns, head)
    r = 1
    for r, row in enumerate(table.rows, start=2):
        reg = row.registration
        values = [
            r - 1,
            reg.name,
            reg.unit,
            *["✓" if p else "" for p in row.present],
            row.attended,
            "结业" if table.completed(row) else "未结业",
        ]
        for col, value in enumerate(values):
            sheet.write(r, col, value)
    sheet.write(r + 2, 0, f"共 {len(table.rows)} 名学员，结业 {table.completed_count} 名")
    book.close()
    return buffer.getvalue()


def stamp() -> str:
    return f"{timezone.localtime():%Y%m%d}"
