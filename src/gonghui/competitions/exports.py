"""The results of a competition as the Excel sheet organisers post and file: one block per group, best first."""

import io

from gonghui.core.downloads import workbook


def results_workbook(competition, groups) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet("成绩")
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 14})
    sheet.write(0, 0, f"{competition.name} 成绩及获奖名单", title)
    row = 2
    for widths, col in ((8, 0), (24, 1), (36, 2), (14, 3), (12, 4)):
        sheet.set_column(col, col, widths)
    for result in groups:
        sheet.write(row, 0, result.group.name, bold)
        row += 1
        for col, heading in enumerate(("名次", "参赛者", "所在单位", "成绩", "奖项")):
            sheet.write(row, col, heading, bold)
        row += 1
        for p in result.placings:
            sheet.write_number(row, 0, p.rank)
            sheet.write(row, 1, p.entrant.name)
            sheet.write(row, 2, "、".join(u.name for u in p.entrant.units.all()))
            sheet.write(row, 3, p.figure)
            sheet.write(row, 4, p.tier.name if p.tier else "")
            row += 1
        row += 1
    if not groups:
        sheet.write(row, 0, "成绩尚未确认")
    book.close()
    return buffer.getvalue()
