"""Rosters for tests, written as real .xlsx (XlsxWriter) or .csv."""

import csv
import io

import xlsxwriter

HEADINGS = [
    "姓名",
    "身份证号码",
    "性别",
    "民族",
    "学历",
    "手机号码",
    "工作单位",
    "技能等级",
    "是否农民工",
    "新就业形态",
    "入会日期",
]


def xlsx(
    rows: list[list], headings: list[str] = HEADINGS, title: str | None = "望京科技有限公司工会会员名册"
) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    r = 0
    if title:
        sheet.write(0, 0, title)
        r = 1
    sheet.write_row(r, 0, headings)
    for i, row in enumerate(rows, start=r + 1):
        for c, value in enumerate(row):
            sheet.write_string(i, c, value) if isinstance(value, str) else sheet.write(i, c, value)
    book.close()
    return buffer.getvalue()


def csv_bytes(rows: list[list], headings: list[str] = HEADINGS, encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(headings)
    w.writerows(rows)
    return out.getvalue().encode(encoding)
