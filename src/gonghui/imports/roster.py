"""Reading a member roster: the file, its headings, and every row checked into what the register stores.

Rosters arrive as .xlsx, .xls, .ods (read with python-calamine) or .csv (UTF-8 or GB18030). The headings of the
Beijing member register (DOMAIN M9) and their usual variants are recognised; other columns can be mapped by the
user. Each row becomes either a `StagedRow` (normalised, document number and mobile already encrypted, hashed and
masked, ready for the set-wise merge) or one `RowError` per problem, naming row, column, masked value and reason.
"""

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from gonghui.core import personal
from gonghui.core.errors import DomainError
from gonghui.core.sheets import read_rows
from gonghui.members.identity import DocType, parse_document, parse_mobile
from gonghui.members.models import (
    ID_PURPOSE,
    MOBILE_PURPOSE,
    Education,
    EmploymentStatus,
    Gender,
    MembershipStatus,
    PriorityGroup,
    SkillLevel,
)

# field: (label in the template and the reports, headings recognised, compared after `normal_heading`)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": ("姓名", ("姓名", "会员姓名", "职工姓名", "员工姓名", "人员姓名", "名字")),
    "doc_type": ("证件类型", ("证件类型", "证件种类", "身份证件类型")),
    "id_number": (
        "证件号码",
        (
            "证件号码",
            "身份证号码",
            "身份证号",
            "公民身份号码",
            "公民身份证号码",
            "居民身份证号码",
            "居民身份证号",
            "身份证件号码",
            "身份证件号",
            "身份证",
            "证件号",
        ),
    ),
    "gender": ("性别", ("性别",)),
    "birth_date": ("出生日期", ("出生日期", "出生年月", "出生年月日", "生日")),
    "ethnicity": ("民族", ("民族", "族别")),
    "education": ("学历", ("学历", "文化程度", "最高学历")),
    "mobile": (
        "手机号码",
        (
            "手机号码",
            "手机号",
            "手机",
            "联系电话",
            "联系手机",
            "手机电话",
            "移动电话",
            "联系方式",
            "电话",
            "电话号码",
        ),
    ),
    "employer_name": (
        "工作单位",
        ("工作单位", "单位名称", "单位", "所在单位", "工作单位名称", "就职单位", "用人单位", "企业名称"),
    ),
    "employment_status": ("就业状态", ("就业状态", "就业情况")),
    "skill_level": ("技能等级", ("技能等级", "职业技能等级", "技术等级")),
    "residence": (
        "户籍/居住地",
        ("户籍/居住地", "户籍所在地", "户籍地", "户口所在地", "居住地", "现居住地", "户籍"),
    ),
    "is_migrant": ("是否农民工", ("是否农民工", "农民工", "是否为农民工")),
    "new_form": ("新就业形态", ("新就业形态", "是否新就业形态劳动者", "新就业形态劳动者", "新就业形态群体")),
    "is_hardship": ("困难职工", ("困难职工", "是否困难职工")),
    "is_model_worker": ("劳模", ("劳模", "是否劳模", "劳动模范")),
    "number": ("会员证号", ("会员证号", "会员证号码", "会员卡号", "京卡号", "会员号", "会员编号")),
    "join_date": ("入会日期", ("入会日期", "入会时间", "入会年月", "加入工会时间", "加入工会日期")),
    "status": ("会籍状态", ("会籍状态", "会员状态")),
}
REQUIRED = ("full_name", "id_number")
PERSONAL = ("id_number", "mobile")  # masked wherever a report shows them (I3)
HEADER_SCAN_ROWS = 10  # the heading row may sit under a title or two

YES = {"是", "y", "yes", "1", "√", "✓", "true", "t"}
NO = {"否", "n", "no", "0", "", "×", "false", "f"}
MAX_ROWS = 2_000_000


class RosterError(DomainError):
    """The file as a whole cannot be read (as opposed to a bad row)."""


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet numbers it (1-based)
    column: str
    value: str  # masked where personal
    reason: str


# The columns a staged row carries, in order (the staging table and COPY use the same order).
STAGE_COLUMNS = (
    "row_no",
    "full_name",
    "doc_type",
    "id_hash",
    "id_cipher",
    "id_masked",
    "mobile_hash",
    "mobile_cipher",
    "mobile_masked",
    "gender",
    "birth_date",
    "ethnicity",
    "education",
    "residence",
    "employment_status",
    "skill_level",
    "is_migrant",
    "is_new_form",
    "priority_group",
    "is_hardship",
    "is_model_worker",
    "employer_name",
    "number",
    "join_date",
    "status",
)
StagedRow = tuple


# A note after the heading: "（必填）", "(选填)", "【必填】", "(11位)", "(格式：2024-05-01)" …
_TRAILING_NOTE = re.compile(r"(?:\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】)$")
_MARKS = "*※★☆:：.。、,，;；!！?？'\"“”‘’-—_"


def normal_heading(text) -> str:
    """A heading as compared with the known ones: full-width characters made half-width (NFKC), spaces taken out,
    and marks and notes around it (`*姓名`, `姓名：`, `证件号码（必填）`) dropped."""
    heading = unicodedata.normalize("NFKC", str(text or ""))
    heading = re.sub(r"\s+", "", heading).lower()
    while True:
        trimmed = _TRAILING_NOTE.sub("", heading.strip(_MARKS)).strip(_MARKS)
        if trimmed == heading or not trimmed:
            return trimmed or heading
        heading = trimmed


HEADING_TO_FIELD = {normal_heading(name): field for field, (_, names) in FIELDS.items() for name in names}


def read_table(content: bytes, filename: str) -> Iterator[list]:
    """The rows of the first sheet (or the CSV), as lists of cell values: core's reader of uploaded lists, its
    refusal of the whole file told as the roster's (`RosterError`)."""
    try:
        yield from read_rows(content, filename)
    except DomainError as exc:
        raise RosterError(exc.code, exc.message, fields=exc.fields) from exc


def detect_header(rows: list[list], learned: dict[str, str] | None = None) -> tuple[int, dict[int, str]]:
    """The heading row among the first rows (the one recognising most fields) and column → field. `learned`
    (normalised heading → field, "" for a column not to import) is what the union confirmed before: it comes
    first, the usual variants after it."""
    learned = learned or {}
    best: tuple[int, dict[int, str]] = (-1, {})
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        mapping: dict[int, str] = {}
        for col, cell in enumerate(row):
            heading = normal_heading(cell)
            field = learned[heading] if heading in learned else HEADING_TO_FIELD.get(heading)
            if field and field not in mapping.values():
                mapping[col] = field
        if len(mapping) > len(best[1]):
            best = (i, mapping)
    return best


def check_mapping(mapping: dict[int, str]) -> None:
    missing = [FIELDS[f][0] for f in REQUIRED if f not in mapping.values()]
    if missing:
        raise RosterError(
            "missing_columns",
            f"名册缺少必需的列：{'、'.join(missing)}。请使用模板，或在预览页指定各列对应的字段",
            fields={"mapping": "缺少必需的列"},
        )


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a text column, e.g. a mobile
    return str(value).strip()


DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    for pattern in DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})月?$", text)  # 出生年月: a month is enough
    if m:
        return dt.date(int(m[1]), int(m[2]), 1)
    raise ValueError(text)


@cache
def _choices(kind: str) -> dict[str, str]:
    """Label (and code) → code, for each enumeration a roster may spell out."""
    tables = {
        "gender": Gender.choices,
        "education": Education.choices,
        "employment_status": EmploymentStatus.choices,
        "skill_level": SkillLevel.choices,
        "doc_type": DocType.choices,
        "priority_group": PriorityGroup.choices,
    }
    found: dict[str, str] = {}
    for code, label in tables[kind]:
        found[str(label)] = code
        found[code] = code
    if kind == "gender":
        found.update({"男性": "m", "女性": "f"})
    if kind == "doc_type":
        found.update({"身份证": DocType.RIC, "居民身份证号码": DocType.RIC})
    if kind == "education":
        found.update(
            {
                "高中": Education.SENIOR,
                "中专": Education.SENIOR,
                "技校": Education.SENIOR,
                "小学": Education.PRIMARY,
                "硕士": Education.GRADUATE,
                "博士": Education.GRADUATE,
            }
        )
    return found


def _choice(kind: str, text: str, label: str) -> str:
    if not text:
        return ""
    code = _choices(kind).get(text)
    if code is None:
        allowed = "、".join(k for k in _choices(kind) if not k.isascii())
        raise ValueError(f"{label}应为：{allowed}")
    return code


def _flag(text: str, label: str) -> bool:
    text = text.lower()
    if text in YES:
        return True
    if text in NO:
        return False
    raise ValueError(f"{label}应填“是”或“否”")


class RowChecker:
    """Checks rows: each one on its own (`check_row`, pure, so it can run in worker processes), then what needs
    the rows before it (a document number or member number repeated in the file, `see`)."""

    def __init__(self, mapping: dict[int, str], *, today: dt.date):
        self.mapping = mapping
        self.today = today
        self.seen: dict[str, int] = {}  # id hash → first row holding it
        self.numbers: dict[str, int] = {}
        self.fields = tuple((col, field) for col, field in mapping.items())

    def check(self, row_no: int, cells: list) -> StagedRow | list[RowError]:
        """One row, after the rows checked before it: its staged tuple, or its errors."""
        chunk = self.see_chunk(self.check_chunk([(row_no, cells)]))
        return chunk.errors if chunk.errors else chunk.staged[0]

    def check_row(self, row_no: int, cells: list) -> "Checked":
        """One row on its own: (row, staged tuple or None, errors, id hash, member number, masked document)."""
        raw: dict[str, object] = {}
        text: dict[str, str] = {}
        width = len(cells)
        for col, field in self.fields:
            value = cells[col] if col < width else None
            raw[field] = value
            if value is None:
                text[field] = ""
            elif type(value) is str:
                text[field] = value.strip()
            else:
                text[field] = cell_text(value)
        get = text.get
        errors: list[RowError] = []

        def fail(field: str, reason: str) -> None:
            shown = personal.mask(get(field, "")) if field in PERSONAL else get(field, "")
            errors.append(RowError(row_no, FIELDS[field][0], shown[:60], reason))

        name = get("full_name", "")
        if not name:
            fail("full_name", "姓名不能为空")
        elif len(name) > 50:
            fail("full_name", "姓名不能超过50个字")
        doc_type, doc = DocType.RIC, None
        try:
            doc_type = _choice("doc_type", get("doc_type", ""), "证件类型") or DocType.RIC
        except ValueError as exc:
            fail("doc_type", str(exc))
        try:
            doc = parse_document(doc_type, get("id_number", ""), today=self.today)
        except DomainError as exc:
            fail("id_number", exc.message)
        mobile = ""
        if get("mobile"):
            try:
                mobile = parse_mobile(text["mobile"])
            except DomainError as exc:
                fail("mobile", exc.message)
        parsed: dict = {}
        for field, label in _CHOICE_FIELDS:
            try:
                parsed[field] = _choice(field, get(field, ""), label)
            except ValueError as exc:
                fail(field, str(exc))
        for field, label in _FLAG_FIELDS:
            try:
                parsed[field] = _flag(get(field, ""), label)
            except ValueError as exc:
                fail(field, str(exc))
        is_new_form, group = False, ""
        new_form = get("new_form", "")
        if new_form:
            if new_form.lower() in YES:
                is_new_form, group = True, ""
            elif new_form.lower() in NO:
                is_new_form = False
            elif new_form in _choices("priority_group"):
                is_new_form, group = True, _choices("priority_group")[new_form]
            else:
                fail("new_form", "新就业形态应填“是”“否”或群体名称，如：网约配送员、快递员、货车司机")
        dates: dict[str, dt.date | None] = {"birth_date": None, "join_date": None}
        for field, label in (("birth_date", "出生日期"), ("join_date", "入会日期")):
            value = raw.get(field)
            if get(field) or isinstance(value, dt.date):
                try:
                    day = _date(value)
                except ValueError:
                    fail(field, f"{label}格式不正确，应为如 2024-05-01 的日期")
                    continue
                if day > self.today:
                    fail(field, f"{label}不能晚于今天")
                elif day.year < 1900:
                    fail(field, f"{label}不正确")
                else:
                    dates[field] = day
        status = MembershipStatus.ACTIVE
        status_text = get("status", "")
        if status_text in ("", "正常", "在会", "有效"):
            status = MembershipStatus.ACTIVE
        elif status_text in ("保留会籍", "保留"):
            status = MembershipStatus.RETAINED
        else:
            fail("status", "名册导入只登记会籍状态为“正常”或“保留会籍”的会员")
        number = get("number") or None
        if number and not NUMBER_RE.fullmatch(number):
            fail("number", "会员证号应为4至24位字母或数字")
        ethnicity = get("ethnicity") or "汉族"
        if len(ethnicity) > 20:
            fail("ethnicity", "民族不正确")
        id_hash = None
        shown = personal.mask(get("id_number", ""))[:60]
        gender = ""
        if doc is not None:
            gender = doc.gender or parsed.get("gender", "")
            if doc.gender and parsed.get("gender") and parsed["gender"] != doc.gender:
                fail("gender", "性别与身份证号码不符")
            if not gender:
                fail("gender", "非身份证件须填写性别")
            id_hash = _id_hash(doc.doc_type, doc.number)
        if errors:
            return row_no, None, errors, id_hash, number, shown
        assert doc is not None
        staged = (
            row_no,
            name,
            doc.doc_type,
            id_hash,
            personal.encrypt(doc.number, purpose=ID_PURPOSE),
            personal.mask(doc.number),
            _mobile_hash(mobile) if mobile else "",
            personal.encrypt(mobile, purpose=MOBILE_PURPOSE),
            personal.mask(mobile),
            gender,
            doc.birth_date or dates["birth_date"],
            ethnicity,
            parsed["education"],
            get("residence", "")[:200],
            parsed["employment_status"] or EmploymentStatus.EMPLOYED,
            parsed["skill_level"],
            parsed["is_migrant"],
            is_new_form,
            group,
            parsed["is_hardship"],
            parsed["is_model_worker"],
            get("employer_name", "")[:200],
            number,
            dates["join_date"] or self.today,
            status,
        )
        return row_no, staged, errors, id_hash, number, shown

    def check_chunk(self, chunk: list[tuple[int, list]], *, encoded: bool = False) -> "Chunk":
        """Check a run of rows on their own (in a worker process or here): the staged rows, as tuples or, with
        `encoded`, as PostgreSQL COPY text (so the reading process only passes bytes on), their errors, and the
        keys `see_chunk` needs to find repeats across the whole file."""
        out = Chunk()
        staged_rows = []
        for row_no, cells in chunk:
            if blank(cells):
                continue
            out.count += 1
            row_no, staged, errors, id_hash, number, shown = self.check_row(row_no, cells)
            out.keys.append((row_no, id_hash, number, shown, bool(errors)))
            if errors:
                out.errors.extend(errors)
            else:
                staged_rows.append(staged)
        if encoded:
            out.copy = copy_text(staged_rows)
        else:
            out.staged = staged_rows
        return out

    def see_chunk(self, chunk: "Chunk") -> "Chunk":
        """Finish a checked chunk against the rows before it (in file order): a repeated document number or
        member number becomes an error, and its row, already staged, is listed in `drop`."""
        for row_no, id_hash, number, shown, had_errors in chunk.keys:
            failed = had_errors
            if id_hash is not None:
                first = self.seen.get(id_hash)
                if first is not None:
                    chunk.errors.append(
                        RowError(row_no, FIELDS["id_number"][0], shown, f"与第{first}行证件号码重复")
                    )
                    failed = True
                else:
                    self.seen[id_hash] = row_no
            if number and not failed:
                first = self.numbers.get(number)
                if first is not None:
                    chunk.errors.append(
                        RowError(row_no, FIELDS["number"][0], number, f"与第{first}行会员证号重复")
                    )
                    failed = True
                else:
                    self.numbers[number] = row_no
            if failed and not had_errors:
                chunk.drop.append(row_no)
        chunk.keys = []
        return chunk

    def stream(
        self, rows: Iterable[tuple[int, list]], *, workers: int = 1, encoded: bool = False
    ) -> Iterator["Chunk"]:
        """Check every non-blank row, CHUNK rows at a time, in file order. With `workers` > 1 the rows are
        checked in forked worker processes (checking is CPU-bound Python); reading and the repeats pass stay
        here, so the result is the same as checking in one process."""
        if workers <= 1:
            for chunk in _chunks(rows):
                yield self.see_chunk(self.check_chunk(chunk, encoded=encoded))
            return
        import gc
        import multiprocessing

        global _WORKER
        _WORKER = (self, encoded)  # inherited by the forked workers
        # Objects alive now are left out of the workers' garbage collections, which would otherwise write to
        # (and so copy) every page of the parent's heap they inherited.
        gc.freeze()
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for checked in pool.imap(_check_in_worker, _chunks(rows)):
                    yield self.see_chunk(checked)
        finally:
            _WORKER = None
            gc.unfreeze()


@dataclass
class Chunk:
    """A checked run of rows: how many were not blank, their staged rows (tuples or COPY text), their errors,
    and the rows to take out of the stage again because an earlier row holds the same number."""

    count: int = 0
    staged: list[StagedRow] = dataclasses.field(default_factory=list)
    copy: bytes = b""
    errors: list[RowError] = dataclasses.field(default_factory=list)
    drop: list[int] = dataclasses.field(default_factory=list)
    keys: list[tuple] = dataclasses.field(default_factory=list)


Checked = (
    tuple  # (row_no, StagedRow | None, list[RowError], id hash | None, member number | None, masked doc)
)
CHUNK = 2_000
NUMBER_RE = re.compile(r"[0-9A-Za-z-]{4,24}")
_CHOICE_FIELDS = (
    ("gender", "性别"),
    ("education", "学历"),
    ("employment_status", "就业状态"),
    ("skill_level", "技能等级"),
)
_FLAG_FIELDS = (("is_migrant", "是否农民工"), ("is_hardship", "困难职工"), ("is_model_worker", "劳模"))
_WORKER: tuple[RowChecker, bool] | None = None
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(rows: list[StagedRow]) -> bytes:
    """Rows in PostgreSQL's COPY text format (tab-separated, \\N for NULL, t/f, ISO dates, escapes)."""
    lines = []
    for row in rows:
        fields = []
        for value in row:
            if type(value) is str:
                if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
                    value = value.translate(_COPY_ESCAPES)
                fields.append(value)
            elif value is None:
                fields.append("\\N")
            elif value is True:
                fields.append("t")
            elif value is False:
                fields.append("f")
            elif isinstance(value, dt.date):
                fields.append(value.isoformat())
            else:
                fields.append(str(value))
        lines.append("\t".join(fields))
    return ("\n".join(lines) + "\n").encode() if lines else b""


def _chunks(rows: Iterable[tuple[int, list]]) -> Iterator[list[tuple[int, list]]]:
    chunk: list[tuple[int, list]] = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _check_in_worker(chunk: list[tuple[int, list]]) -> Chunk:
    assert _WORKER is not None
    checker, encoded = _WORKER
    return checker.check_chunk(chunk, encoded=encoded)


def _id_hash(doc_type: str, number: str) -> str:
    return personal.lookup_hash(f"{doc_type}:{number}", purpose=ID_PURPOSE)


def _mobile_hash(number: str) -> str:
    return personal.lookup_hash(number, purpose=MOBILE_PURPOSE)


@dataclass
class Parsed:
    """What reading a roster found: its heading mapping and where the data starts, for the checker."""

    mapping: dict[int, str]
    header_row: int
    headings: list[str]


def open_roster(
    content: bytes,
    filename: str,
    mapping: dict[int, str] | None = None,
    learned: dict[str, str] | None = None,
) -> tuple[Parsed, Iterator[tuple[int, list]]]:
    """The roster's headings (recognised, with what the union confirmed before, or given) and an iterator of
    (row number, cells) after them."""
    rows = read_table(content, filename)
    head: list[list] = []
    for row in rows:
        head.append(list(row))
        if len(head) >= HEADER_SCAN_ROWS:
            break
    header_row, found = detect_header(head, learned)
    if header_row < 0:  # nothing recognised: the first non-blank row is taken as the headings to map
        header_row = next((i for i, row in enumerate(head) if not blank(row)), 0)
    headings = [cell_text(c) for c in head[header_row]] if head else []
    use = mapping or found
    try:
        if not use:
            raise RosterError(
                "no_header",
                "未识别出名册的列名（姓名、证件号码等）：请指定各列对应的字段，或使用模板",
                fields={"mapping": "未识别出列名"},
            )
        check_mapping(use)
    except RosterError as exc:
        exc.headings = headings  # type: ignore[attr-defined]  (so the page can offer the mapping)
        raise

    def data() -> Iterator[tuple[int, list]]:
        for i, row in enumerate(head[header_row + 1 :], start=header_row + 2):
            yield i, row
        for i, row in enumerate(rows, start=len(head) + 1):
            if i > MAX_ROWS:
                raise RosterError("too_many_rows", f"名册超过 {MAX_ROWS:,} 行，请分批导入")
            yield i, list(row)

    return Parsed(use, header_row, headings), data()


def blank(cells: Iterable) -> bool:
    for c in cells:
        if c is None or c == "":
            continue
        if type(c) is str and not c.strip():
            continue
        return False
    return True
