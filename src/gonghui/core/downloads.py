"""Excel files handed to the browser: one content type, one way of naming the file (Chinese names kept)."""

from urllib.parse import quote

from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def heading_format(book, **extra):
    """The federation's table heading: white bold on red, bordered (every workbook Gonghui writes)."""
    return book.add_format(
        {
            "bold": True,
            "bg_color": "#C00000",
            "font_color": "#FFFFFF",
            "border": 1,
            "valign": "vcenter",
            **extra,
        }
    )


def title_format(book):
    return book.add_format({"bold": True, "font_size": 14})
