"""The list every staff page shares: how many records match, pages forward and back, sorting, and the export of
exactly what is filtered (issue 16 §1).

A module declares its list once, as a `ListSpec`: how to get the filtered rows for an actor from the page's query
parameters (a selector that starts from `restrict(actor, action)`), the columns it sorts by, and the columns of
its sheet. A view then does

    listing = Listing(request, SPEC)
    if listing.exporting:
        return listing.export()
    return render(request, "…", {"listing": listing, …})

and its template includes `includes/list_count.html` and `includes/list_pager.html` and heads its sortable
columns with `{% sort_th listing "key" %}` (core/templatetags/lists.py).

Pages are keyset pages, never OFFSET: the page after a row holds the rows that follow it in the list's order, the
page before it the rows that precede it. The link names the boundary row by its id only, so that no value of a
sorted column (a name) travels in a URL; the boundary's values are read back from the same restricted rows. Each
order ends with the id, so the order is total and no row is skipped or shown twice between pages.
"""

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from .audit import Action
from .downloads import heading_format, title_format, workbook
from .exports import Audited, Background, export_response
from .jobs import job_kind, reported

PAGING_PARAMS = ("after", "before", "export")


@dataclass(frozen=True)
class Sort:
    """A column the list sorts by: its key in the URL (`?sort=key`, `?sort=-key` for descending), its heading,
    and the model fields it orders by (the id is always added last; `-field` runs against the direction)."""

    key: str
    label: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    """A column of the exported sheet: heading, the cell's value for a row (masked where it is personal), width."""

    label: str
    value: Callable[[Any], Any]
    width: int = 14


@dataclass(frozen=True)
class ListSpec:
    """A list page's declaration. `rows(actor, params)` gives the filtered rows the actor may see (from the
    page's query parameters, a plain dict of strings); `default_sort` is a sort key, `-` for descending."""

    name: str
    title: str
    rows: Callable[[Any, dict[str, str]], QuerySet]
    sorts: tuple[Sort, ...]
    default_sort: str
    columns: tuple[Column, ...] = ()
    export_action: Action | None = None
    download_action: Action | None = None
    size: int = 50
    sheet_title: Callable[[Any, dict[str, str]], str] | None = field(default=None, compare=False)

    def __post_init__(self):
        keys = [s.key for s in self.sorts]
        if len(set(keys)) != len(keys) or self.default_sort.lstrip("-") not in keys:
            raise ValueError(
                f"{self.name}: sort keys must be unique and include the default {self.default_sort}"
            )
        if self.export_action is not None:
            if self.download_action is None or not self.columns:
                raise ValueError(f"{self.name}: an exported list needs columns and a download action")
            job_kind(self.job_kind, download=self.download_action)(self._export_job)

    @property
    def job_kind(self) -> str:
        return f"list:{self.name}"

    def sort_of(self, value: str | None) -> tuple[Sort, bool]:
        """The sort a `?sort=` value names and whether it is descending; the default for anything else."""
        for candidate in (value or "", self.default_sort):
            desc = candidate.startswith("-")
            for s in self.sorts:
                if s.key == candidate.lstrip("-"):
                    return s, desc
        raise AssertionError("unreachable: the default sort is checked in __post_init__")

    def sorted_rows(self, actor, params: dict[str, str]) -> tuple[QuerySet, Sort, bool]:
        sort, desc = self.sort_of(params.get("sort"))
        return ordered(self.rows(actor, params), sort.fields, desc=desc), sort, desc

    def title_for(self, actor, params: dict[str, str]) -> str:
        return self.sheet_title(actor, params) if self.sheet_title else self.title

    def workbook(self, title: str, rows: Iterable[Any]) -> bytes:
        return sheet(title, self.columns, rows)

    def _export_job(self, job, progress) -> tuple[str, bytes]:
        """The export of a list too long to wait for, rebuilt from the same parameters in the background."""
        params = job.params.get("filters", {})
        rows, _, _ = self.sorted_rows(job.actor, params)
        title = self.title_for(job.actor, params)
        return filename(title), self.workbook(title, reported(rows, progress))


def _directed(fields: Sequence[str], desc: bool) -> list[tuple[str, bool]]:
    """Each field with its own direction: a field written `-name` runs against the list's direction (locked
    accounts first, then by organisation), and the id closes the order in the list's direction."""
    return [(f.lstrip("-"), desc != f.startswith("-")) for f in fields] + [("pk", desc)]


def _nullable(model, path: str) -> bool:
    """Whether the value at `path` (a field, or one across relations) can be NULL: a nullable field, or one
    reached through a nullable or many-valued relation. Unknown names (annotations) are taken as nullable."""
    if path == "pk":
        return False
    for name in path.split("__"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return True
        if getattr(field, "null", False) or field.many_to_many or field.one_to_many:
            return True
        if field.is_relation:
            model = field.related_model
    return False


def ordered(qs: QuerySet, fields: Sequence[str], *, desc: bool) -> QuerySet:
    """`qs` in the order of `fields` then id, ascending or (`desc`) descending. Empty values count as the
    smallest, on every database (SQLite and PostgreSQL place NULL differently by default). A column that
    cannot be NULL is ordered plainly, so its index serves the order (PostgreSQL's id index walks DESC NULLS
    FIRST, not DESC NULLS LAST: asking for the latter sorted a city's whole register for each page)."""

    def term(f: str, d: bool):
        if not _nullable(qs.model, f):
            return F(f).desc() if d else F(f).asc()
        return F(f).desc(nulls_last=True) if d else F(f).asc(nulls_first=True)

    return qs.order_by(*[term(f, d) for f, d in _directed(fields, desc)])


def beyond(fields: Sequence[str], values: Sequence[Any], pk: Any, *, desc: bool, model=None) -> Q:
    """The rows strictly after the boundary row (`values` of `fields`, then `pk`) in the order `ordered` gives
    for `desc`: a lexicographic comparison written out column by column, with empty values the smallest. (The
    rows before the boundary are those after it in the reverse order.) Given the `model`, columns that cannot
    be NULL get no NULL tests, which leaves the condition an index range."""
    directed = _directed(fields, desc)
    q = Q(pk__lt=pk) if desc else Q(pk__gt=pk)
    for (f, d), v in reversed(list(zip(directed[:-1], values, strict=True))):
        null = Q(**{f"{f}__isnull": True})
        if model is not None and not _nullable(model, f):
            q = Q(**{f"{f}__{'lt' if d else 'gt'}": v}) | (Q(**{f: v}) & q)
        elif v is None:
            q = (null & q) if d else (~null | (null & q))
        elif d:
            q = Q(**{f"{f}__lt": v}) | null | (Q(**{f: v}) & q)
        else:
            q = Q(**{f"{f}__gt": v}) | (Q(**{f: v}) & q)
    return q


def keyset(
    qs: QuerySet, fields: Sequence[str], *, desc: bool, after: Any = None, before: Any = None, size: int = 50
) -> tuple[list, bool, bool]:
    """One page of `qs` in the order of `fields` (then id): the `size` rows after the row `after`, or before the
    row `before`, or the first `size`. Returns (rows, whether a page comes before, whether one comes after).
    A boundary id that is no longer among the rows gives the first page."""
    cursor = after if after is not None else before
    boundary = None
    if cursor is not None:
        boundary = qs.filter(pk=cursor).values_list(*[f.lstrip("-") for f in fields], "pk").first()
    if boundary is None:
        rows = list(ordered(qs, fields, desc=desc)[: size + 1])
        return rows[:size], False, len(rows) > size
    *values, pk = boundary
    if after is not None:
        rows = list(
            ordered(qs.filter(beyond(fields, values, pk, desc=desc, model=qs.model)), fields, desc=desc)[
                : size + 1
            ]
        )
        return rows[:size], True, len(rows) > size
    back = ordered(
        qs.filter(beyond(fields, values, pk, desc=not desc, model=qs.model)), fields, desc=not desc
    )
    rows = list(back[: size + 1])
    return list(reversed(rows[:size])), len(rows) > size, True


def sheet(title: str, columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    """A list as a workbook: the title, the federation's heading row, one row per record, filter and frozen head."""
    buffer = io.BytesIO()
    book = workbook(buffer, constant_memory=True)
    ws = book.add_worksheet(title[:31] or "列表")
    head = heading_format(book, align="center")
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write(0, 0, title, title_format(book))
    for col, c in enumerate(columns):
        ws.set_column(col, col, c.width)
        ws.write(1, col, c.label, head)
    ws.freeze_panes(2, 0)
    r = 1
    for r, row in enumerate(rows, start=2):
        for col, c in enumerate(columns):
            value = c.value(row)
            if value is None:
                ws.write_blank(r, col, None)
            elif hasattr(value, "hour"):
                ws.write_datetime(r, col, timezone.localtime(value).replace(tzinfo=None), moment)
            elif hasattr(value, "isoformat"):
                ws.write_datetime(r, col, value, date)
            else:
                ws.write(r, col, value)
    ws.autofilter(1, 0, max(r, 1), max(len(columns) - 1, 0))
    book.close()
    return buffer.getvalue()


def filename(title: str) -> str:
    return f"{title}-{timezone.localtime():%Y%m%d}.xlsx"


def _plain(params: Mapping[str, Any]) -> dict[str, str]:
    """The query parameters that say what is listed (filters and sort), as a plain dict of non-empty strings."""
    getter = getattr(params, "getlist", None)
    out: dict[str, str] = {}
    for key in params:
        if key in PAGING_PARAMS:
            continue
        value = getter(key)[-1] if getter else params[key]
        if value not in ("", None):
            out[key] = str(value)
    return out


COUNT_CAP = 2_000  # a list's head line counts exactly up to this many rows (a base union's whole register)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


class Listing:
    """One request's view of a list: the count of what matches, this page's rows, links to the pages before and
    after, sort links, and the export of what is filtered."""

    def __init__(
        self,
        request,
        spec: ListSpec,
        *,
        params: Mapping[str, Any] | None = None,
        fixed: Mapping[str, Any] | None = None,
    ):
        """`params` default to the page's query; `fixed` are what the URL's path says (the organisation whose
        employers these are): given to `rows` and to a background export, never repeated in the links."""
        self.request = request
        self.spec = spec
        self.params = _plain(request.GET if params is None else params)
        self.query = {**self.params, **{k: str(v) for k, v in (fixed or {}).items()}}
        self.qs, self.sort, self.desc = spec.sorted_rows(request.user, self.query)
        self.exporting = request.GET.get("export") == "xlsx" and spec.export_action is not None
        self._page: tuple[list, bool, bool] | None = None
        self._count: int | None = None

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the list (a sort does not)."""
        return any(key != "sort" for key in self.params)

    @property
    def count(self) -> int:
        """How many rows match, counted up to COUNT_CAP + 1: past that the head line says "more than" instead of
        making the database count millions of rows on every page of a city's register."""
        if self._count is None:
            self._count = self.qs.order_by()[: COUNT_CAP + 1].count()
        return self._count

    @property
    def count_capped(self) -> bool:
        return self.count > COUNT_CAP

    @property
    def count_cap(self) -> int:
        return COUNT_CAP

    def _paged(self) -> tuple[list, bool, bool]:
        if self._page is None:
            self._page = keyset(
                self.qs,
                self.sort.fields,
                desc=self.desc,
                after=_int(self.request.GET.get("after")),
                before=_int(self.request.GET.get("before")),
                size=self.spec.size,
            )
        return self._page

    @property
    def rows(self) -> list:
        return self._paged()[0]

    def __iter__(self):
        return iter(self.rows)

    def _url(self, **extra: Any) -> str:
        return "?" + urlencode({**self.params, **extra})

    @property
    def first_url(self) -> str:
        """The first page, offered when this is not it."""
        return self._url() if self._paged()[1] else ""

    @property
    def prev_url(self) -> str:
        rows, before, _ = self._paged()
        return self._url(before=rows[0].pk) if before and rows else ""

    @property
    def next_url(self) -> str:
        rows, _, after = self._paged()
        return self._url(after=rows[-1].pk) if after and rows else ""

    @property
    def export_url(self) -> str:
        return self._url(export="xlsx") if self.spec.export_action is not None else ""

    def sort_url(self, key: str) -> str:
        """The link a column heading carries: sort by it, or reverse it when the list is already sorted by it
        (a new sort starts again at the first page)."""
        desc = not self.desc if key == self.sort.key else False
        return self._url(sort=f"-{key}" if desc else key)

    def sorted_by(self, key: str) -> str:
        """'ascending'/'descending' for the column the list is sorted by (aria-sort), '' for the others."""
        if key != self.sort.key:
            return ""
        return "descending" if self.desc else "ascending"

    def export(self, *, org=None) -> Any:
        """The rows that match (in the list's order) as .xlsx, audited; a long list becomes a background job."""
        spec = self.spec
        assert spec.export_action is not None
        title = spec.title_for(self.request.user, self.query)
        return export_response(
            self.request,
            rows=self.qs,
            build=lambda chunk: spec.workbook(title, chunk),
            filename=filename(title),
            org=org,
            audit=Audited(spec.export_action, target_label=title, after={"filters": self.query}),
            background=Background(spec.job_kind, f"导出“{title}”", params={"filters": self.query}),
        )
