"""Files handed to the browser: one way of naming the file (Chinese names kept); for Excel one content type and one
way of opening a workbook, so that a value someone typed is always written as the text it is."""

from urllib.parse import quote

import xlsxwriter
from django.http import HttpResponse

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """A file to save, its Chinese name kept."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    return file_response(content, filename, XLSX)


def workbook(buffer, *, constant_memory: bool = False) -> xlsxwriter.Workbook:
    """Every workbook Gonghui writes. Names, titles and notes are typed by workers and staff: a value starting with
    `=` must never become a formula (a link to another host, a lookup of other cells) nor a string a link, in the
    hands of whoever opens the file. Numbers written as numbers stay numbers."""
    return xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "constant_memory": constant_memory,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )


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
