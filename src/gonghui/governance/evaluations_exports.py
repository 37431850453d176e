"""The scores of an evaluation round as an Excel sheet (G4): one row per unit, a column per indicator (its
points), each category's weighted score, the total and the rank."""

import io

from gonghui.core.downloads import heading_format, title_format, workbook

from .evaluations_scoring import VETO_LAST, shown


def scores_workbook(rnd, rows) -> bytes:
    buffer = io.BytesIO()
    book = workbook(buffer)
    sheet = book.add_worksheet("考核得分")
    head = heading_format(book)
    sheet.write(0, 0, f"{rnd.name}（{rnd.year}年）考核得分及排名", title_format(book))
    indicators = list(rnd.scheme.indicators.all())
    categories = list(rnd.scheme.categories.all())
    headings = ["名次", "被考核单位"]
    headings += [f"{i.name}（{i.get_method_display()}）" for i in indicators]
    headings += [f"{c.name}（权重{c.weight}）" for c in categories]
    headings += ["总分", "备注"]
    for col, h in enumerate(headings):
        sheet.write(2, col, h, head)
    sheet.set_column(1, 1, 30)
    sheet.set_column(2, len(headings) - 1, 14)
    for r, row in enumerate(rows, start=3):
        res = row.result
        sheet.write_number(r, 0, res.rank)
        sheet.write(r, 1, row.unit.org.name)
        col = 2
        for i in indicators:
            sheet.write(r, col, shown(res.per_indicator[i.pk]))
            col += 1
        for c in categories:
            sheet.write(r, col, shown(res.per_category[c.pk]))
            col += 1
        sheet.write(r, col, shown(res.total))
        note = ""
        if res.veto:
            note = "一票否决（排末位）" if res.veto == VETO_LAST else "一票否决（总分为0）"
        sheet.write(r, col + 1, note)
    book.close()
    return buffer.getvalue()
