"""The yearbook table (S1) of a subtree for a year: one row for the node, one per child, as .xlsx."""

import datetime as dt
import io
from collections.abc import Callable

from gonghui.core.downloads import heading_format, title_format, workbook
from gonghui.orgs.models import Org, Ownership
from gonghui.stats.selectors import Figures, Period, figures_many

from .selectors import children_of
from .sentences import JOIN_RATE_DEFINITION

# (heading group, heading, figure key or how to read it, number format)
COLUMNS: list[tuple[str, str, str | Callable[[Figures], float | None], str]] = [
    ("会员", "会员人数", "m:total", "int"),
    ("会员", "女职工", "m:woman", "int"),
    ("会员", "农民工", "m:migrant", "int"),
    ("会员", "新就业形态劳动者", "m:new_form", "int"),
    ("本年会员变动", "新发展会员", "new", "int"),
    ("本年会员变动", "其中新就业形态", "new:new_form", "int"),
    ("本年会员变动", "转入", "in", "int"),
    ("本年会员变动", "转出", "out", "int"),
    ("本年会员变动", "退会", "left", "int"),
    ("基层工会", "基层工会数", "base", "int"),
    *[("基层工会", f"其中{label}", "base:" + code, "int") for code, label in Ownership.choices],
    ("联合工会", "联合工会数", "joint", "int"),
    ("联合工会", "覆盖单位数", "emp:joint", "int"),
    ("用人单位", "登记单位数", "emp", "int"),
    ("用人单位", "已建会单位数", "emp:covered", "int"),
    ("用人单位", "已建会单位职工人数", "emp:covered_headcount", "int"),
    ("用人单位", "已建会单位会员人数", "m:employer", "int"),
    ("用人单位", "直接入会会员", lambda f: f.direct_members, "int"),
    ("比率", "建会率", lambda f: f.unionisation_rate, "pct"),
    # left blank where the headcounts recorded are below the members (the note under the title says so)
    ("比率", "入会率", lambda f: None if f.membership_rate_unsound else f.membership_rate, "pct"),
]


def yearbook_rows(org: Org, year: int, today: dt.date) -> list[Figures]:
    """The node's figures for the year (as of 31 December, or today in the current year), then its children's."""
    end = min(dt.date(year, 12, 31), today)
    period = Period(dt.date(year, 1, 1), end, "year")
    own = figures_many([org], on=end, period=period)[org.pk]
    children = children_of(org)
    per_child = figures_many(children, on=end, period=period) if children else {}
    return [own, *(per_child[c.pk] for c in children)]


def yearbook_workbook(org: Org, year: int, today: dt.date) -> bytes:
    rows = yearbook_rows(org, year, today)
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet(f"{year}年统计表")
    title = title_format(book)
    note = book.add_format({"italic": True, "font_color": "#555555"})
    head = heading_format(book, align="center", text_wrap=True)
    formats = {
        "int": book.add_format({"num_format": "#,##0", "border": 1}),
        "pct": book.add_format({"num_format": "0.0%", "border": 1}),
    }
    name_format = book.add_format({"border": 1})
    total_format = book.add_format({"border": 1, "bold": True})
    end = rows[0].on
    sheet.write(0, 0, f"{org.name} {year}年工会统计表", title)
    sheet.write(
        1,
        0,
        f"会员数截至{end:%Y年%m月%d日}；变动为{year}年1月1日至该日；单位与工会为当前登记数。"
        f"{JOIN_RATE_DEFINITION}；登记职工人数少于会员人数的单位，入会率空缺待核。",
        note,
    )
    sheet.merge_range(2, 0, 3, 0, "单位", head)
    sheet.set_column(0, 0, 30)
    col = 1
    while col <= len(COLUMNS):
        group = COLUMNS[col - 1][0]
        span = 1
        while col - 1 + span < len(COLUMNS) and COLUMNS[col - 1 + span][0] == group:
            span += 1
        if span > 1:
            sheet.merge_range(2, col, 2, col + span - 1, group, head)
        else:
            sheet.write(2, col, group, head)
        col += span
    for i, (_, label, _, _) in enumerate(COLUMNS, start=1):
        sheet.write(3, i, label, head)
        sheet.set_column(i, i, 11)
    sheet.set_row(3, 32)
    sheet.freeze_panes(4, 1)
    for r, f in enumerate(rows, start=4):
        label = f"{f.org.name}（合计）" if r == 4 else "　" + f.org.name
        sheet.write(r, 0, label, total_format if r == 4 else name_format)
        for c, (_, _, read, kind) in enumerate(COLUMNS, start=1):
            value = f[read] if isinstance(read, str) else read(f)
            if value is None:
                sheet.write_blank(r, c, None, formats[kind])
            else:
                sheet.write_number(r, c, value, formats[kind])
    book.close()
    return buffer.getvalue()
