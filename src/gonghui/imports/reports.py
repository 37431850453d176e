"""The roster's error report as .xlsx: row, column, value (masked) and reason, beside each refused row."""

import io
from collections import defaultdict

from gonghui.core import personal
from gonghui.core.downloads import heading_format, workbook

from .roster import FIELDS, PERSONAL, RowError, cell_text, open_roster

PERSONAL_LABELS = {FIELDS[f][0] for f in PERSONAL}


def error_report(
    errors: list[RowError], *, content: bytes, filename: str, mapping=None, full: bool = False
) -> bytes:
    """Sheet 错误清单 lists every error; sheet 错误行 repeats each refused row with its reasons beside it, so the
    union can correct the rows and import them again. Document numbers and mobiles are masked; with `full` (for
    someone holding member.reveal, audited) both sheets show them as the uploaded file has them, read again
    from that file: the full values are never kept anywhere else."""
    by_row: dict[int, list[RowError]] = defaultdict(list)
    for e in errors:
        by_row[e.row].append(e)
    buffer = io.BytesIO()
    book = workbook(buffer, constant_memory=True)
    head = heading_format(book)
    bad = book.add_format({"font_color": "#C00000", "text_wrap": True})
    listing = book.add_worksheet("错误清单")
    rows_sheet = book.add_worksheet("错误行")
    # with `full`, the value of each error's column as the file has it: (row, column label) → text
    shown: dict[tuple[int, str], str] = {}
    if by_row:
        parsed, rows = open_roster(content, filename, mapping)
        labels = {c: FIELDS[f][0] for c, f in parsed.mapping.items()}
        personal_cols = {c for c, f in parsed.mapping.items() if f in PERSONAL}
        headings = ["行号", "错误原因", *parsed.headings]
        for col, label in enumerate(headings):
            rows_sheet.write(0, col, label, head)
        rows_sheet.set_column(1, 1, 50)
        out = 1
        for row_no, cells in rows:
            found = by_row.get(row_no)
            if not found:
                continue
            rows_sheet.write_number(out, 0, row_no)
            rows_sheet.write_string(out, 1, "；".join(f"{e.column}：{e.reason}" for e in found), bad)
            for c, cell in enumerate(cells):
                text = cell_text(cell)
                if full and c in labels:
                    shown[(row_no, labels[c])] = text[:60]
                masked = c in personal_cols and not full
                rows_sheet.write_string(out, c + 2, personal.mask(text) if masked else text)
            out += 1
    value_heading = "值" if full else "值（已脱敏）"
    for col, (label, width) in enumerate((("行号", 8), ("列", 14), (value_heading, 24), ("原因", 60))):
        listing.set_column(col, col, width)
        listing.write(0, col, label, head)
    for r, e in enumerate(errors, start=1):
        listing.write_number(r, 0, e.row)
        listing.write_string(r, 1, e.column)
        listing.write_string(r, 2, shown.get((e.row, e.column), e.value))
        listing.write_string(r, 3, e.reason)
    book.close()
    return buffer.getvalue()


def stored_errors(report: bytes) -> list[RowError]:
    """The errors listed in a report written by `error_report` (as the job that checked the roster kept it)."""
    from python_calamine import CalamineWorkbook

    sheet = CalamineWorkbook.from_filelike(io.BytesIO(report)).get_sheet_by_name("错误清单")
    return [
        RowError(int(row), str(column), str(value), str(reason))
        for row, column, value, reason in (r[:4] for r in sheet.to_python()[1:])
        if row != ""
    ]


EXAMPLE = {
    "full_name": "张三",
    "doc_type": "居民身份证",
    "id_number": "",
    "gender": "男",
    "birth_date": "",
    "ethnicity": "汉族",
    "education": "高中/中专/技校",
    "mobile": "",
    "employer_name": "北京某某物流有限公司",
    "employment_status": "在岗",
    "skill_level": "中级工",
    "residence": "河北省保定市",
    "is_migrant": "是",
    "new_form": "网约配送员",
    "is_hardship": "否",
    "is_model_worker": "否",
    "number": "",
    "join_date": "2026-05-01",
    "status": "正常",
}


def template_workbook() -> bytes:
    """An empty roster in the register's columns (M9), with one example row and the allowed values."""
    from .roster import _choices

    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet("会员名册")
    head = heading_format(book)
    text = book.add_format({"num_format": "@"})
    for col, (field, (label, _)) in enumerate(FIELDS.items()):
        sheet.write(0, col, label + ("*" if field in ("full_name", "id_number") else ""), head)
        sheet.set_column(col, col, 22 if field in ("id_number", "employer_name", "residence") else 12, text)
        sheet.write_string(1, col, EXAMPLE[field])
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    lines = [
        "带 * 的列必填；证件号码和手机号码请设为文本格式，避免被转换成科学计数法。",
        "证件类型不填时按居民身份证处理；身份证号码中的出生日期和性别会自动识别。",
        "是否农民工、困难职工、劳模填“是”或“否”；新就业形态填“是”“否”或群体名称。",
        "会籍状态只接受“正常”或“保留会籍”；会员证号不填时由系统发放。",
        "性别：" + "、".join(k for k in _choices("gender") if not k.isascii()),
        "学历：" + "、".join(k for k in _choices("education") if not k.isascii()),
        "就业状态：" + "、".join(k for k in _choices("employment_status") if not k.isascii()),
        "技能等级：" + "、".join(k for k in _choices("skill_level") if not k.isascii()),
        "新就业形态群体：" + "、".join(k for k in _choices("priority_group") if not k.isascii()),
    ]
    notes.set_column(0, 0, 100)
    for r, line in enumerate(lines):
        notes.write_string(r, 0, line)
    book.close()
    return buffer.getvalue()
