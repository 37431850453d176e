"""Reading a list a cadre uploads (名单: honours, entrants …): the first sheet of an Excel file or a CSV, its
heading row found among the first rows by the headings' usual variants, and cells as text. The roster import has
its own reader, built for millions of rows; this one is for lists of hundreds to thousands."""

import csv
import io
import re
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import PurePath

from python_calamine import CalamineWorkbook

from .errors import DomainError

HEADER_SCAN_ROWS = 10
_MARKS = "*※★☆:：.。、,，;；!！?？'\"“”‘’-—_ "


def heading_key(text) -> str:
    """A heading as compared with the known ones: half-width (NFKC), no spaces, marks around it dropped."""
    heading = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))
    return heading.strip(_MARKS).replace("（", "(").replace("）", ")")


def known_headings(columns: Mapping[str, tuple[str, tuple[str, ...]]]) -> dict[str, str]:
    """{compared heading: field} from {field: (heading shown in errors, headings recognised)}."""
    return {heading_key(name): field for field, (_, names) in columns.items() for name in names}


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a year or a number typed into a text column
    return str(value).strip()


def read_rows(content: bytes, filename: str) -> Iterator[list]:
    """The rows of the first sheet (or of the CSV) as lists of cell values."""
    suffix = PurePath(filename).suffix.lower()
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise DomainError(
                "bad_file", "CSV 文件编码无法识别，请另存为 UTF-8 或 Excel 文件", fields={"file": "无法读取"}
            )
        yield from csv.reader(io.StringIO(text))
        return
    if suffix not in (".xlsx", ".xls", ".xlsm", ".ods"):
        raise DomainError(
            "bad_file",
            f"不支持的文件类型“{suffix or filename}”：请上传 .xlsx、.xls 或 .csv 文件",
            fields={"file": "类型不支持"},
        )
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
    except Exception as exc:
        raise DomainError(
            "bad_file", f"无法读取文件“{filename}”：文件已损坏或不是 Excel 文件", fields={"file": "无法读取"}
        ) from exc
    yield from sheet.iter_rows()


def find_header(rows: list[list], known: Mapping[str, str]) -> tuple[int, dict[int, str]]:
    """The heading row among the first rows (the one recognising most columns) and column index → field."""
    best: tuple[int, dict[int, str]] = (-1, {})
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, str] = {}
        for col, cell in enumerate(row):
            field = known.get(heading_key(cell))
            if field and field not in mapping.values():
                mapping[col] = field
        if len(mapping) > len(best[1]):
            best = (i, mapping)
    return best


def row_values(raw: list, mapping: Mapping[int, str]) -> dict[str, str]:
    return {field: cell_text(raw[col]) if col < len(raw) else "" for col, field in mapping.items()}
