"""The facts every figure is counted from, and the one SQL that turns them into figure keys.

A figure key names one count: `m:total` (members), `m:woman`, `m:group:rider`, `new:channel:scan`, `left:lapsed`,
`emp:covered` … Each fact contributes +1 (or a headcount) to some keys on some day:

- a span adds 1 to every member key of its person on the day it starts and takes it away on the day it ends;
  a span that starts with joining adds to the new-member keys, one that starts with a transfer to `in`, and its
  end adds to `out` or to the leaver keys;
- an employer's period (R1: how it was covered, its type and headcount, between two days) adds to the employer
  keys on the day it starts and takes them away on the day it ends, like a span; a period that starts with the
  employer becoming covered adds to the new-union keys (`formed`, by channel, and the workers it covers);
- a union organisation adds to the undated keys (`UNDATED`): the tree keeps no dated history of its nodes, so
  those figures are as of now.

`contributions()` is that rule written once, as SQL; the journal, the full recompute and the direct count of a
small subtree all read it, so they cannot disagree. Each key family is summed on its own (one narrow GROUP BY
per family), which keeps every aggregate small whatever the number of facts.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection
from django.utils import timezone

from gonghui.core.bulk import bulk_insert
from gonghui.members.models import (
    MEMBER_STATUSES,
    EventKind,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    lapse_date,
)
from gonghui.orgs.models import Org

from .models import LEAVING_KINDS, UNDATED, EndKind, Span, StartKind, StatState

_EMPLOYER_UNION = (
    "EXISTS (SELECT 1 FROM orgs_employer x WHERE x.union_id = sp.org_id AND x.coverage <> 'none')"
)

# Each figure key: an expression, and the condition under which a fact counts towards it.
# Spans count +1 on their first day; the member keys count -1 again on the end day (stock figures).
_MEMBER_KEYS = [
    ("'m:total'", "TRUE"),
    ("'m:woman'", "sp.gender = 'f'"),
    ("'m:migrant'", "sp.is_migrant"),
    ("'m:new_form'", "sp.is_new_form"),
    ("'m:group:' || sp.priority_group", "sp.priority_group <> ''"),
    ("'m:skill:' || sp.skill_level", "TRUE"),
    ("'m:decade:' || sp.birth_decade", "sp.birth_decade IS NOT NULL"),
    # S3: held by an employer's own base union or by a joint union that covers employers (the numerator of
    # 入会率); the rest joined a street, zone or new-form union directly (M3). It reads the employers as they are
    # now, so a change of an employer's union re-journals the spans of the unions concerned (services).
    ("'m:employer'", _EMPLOYER_UNION),
]
_JOINED = f"sp.start_kind = '{StartKind.JOIN}'"
_START_KEYS = [
    *_MEMBER_KEYS,
    ("'new'", _JOINED),
    ("'new:channel:' || sp.channel", _JOINED),
    ("'new:woman'", f"{_JOINED} AND sp.gender = 'f'"),
    ("'new:migrant'", f"{_JOINED} AND sp.is_migrant"),
    ("'new:new_form'", f"{_JOINED} AND sp.is_new_form"),
    ("'new:group:' || sp.priority_group", f"{_JOINED} AND sp.priority_group <> ''"),
    ("'in'", f"sp.start_kind = '{StartKind.TRANSFER}'"),
]
_LEAVING = "sp.end_kind IN ({})".format(", ".join(f"'{k}'" for k in LEAVING_KINDS))
_END_KEYS = [
    *((key, cond, -1) for key, cond in _MEMBER_KEYS),
    ("'out'", f"sp.end_kind = '{EndKind.TRANSFER}'", 1),
    ("'left'", _LEAVING, 1),
    ("'left:' || sp.end_kind", _LEAVING, 1),
]
# Stock keys of an employer period (alias `e`): + on the day it starts, - on the day it ends (S3, R1).
_EMPLOYER_KEYS = [
    ("'emp'", "TRUE", "1"),
    ("'emp:covered'", "e.coverage <> 'none'", "1"),
    ("'emp:own'", "e.coverage = 'own'", "1"),
    ("'emp:joint'", "e.coverage = 'joint'", "1"),
    ("'emp:ownership:' || e.ownership", "TRUE", "1"),
    ("'emp:headcount'", "TRUE", "e.headcount"),
    ("'emp:covered_headcount'", "e.coverage <> 'none'", "e.headcount"),
]
# Flow keys of a period that begins with the employer becoming covered (R1: new unions by channel, workers covered).
_FORMED_KEYS = [
    ("'formed'", "e.formed", "1"),
    ("'formed:channel:' || e.channel", "e.formed", "1"),
    ("'formed:headcount'", "e.formed", "e.headcount"),
]
# A base union's employer type is that of the employer it is the own union of (O5), if it has one.
_BASE_TYPE = (
    "COALESCE((SELECT MIN(x.ownership) FROM orgs_employer x WHERE x.union_id = o.id AND x.coverage = 'own'),"
    " 'unknown')"
)
_ORG_KEYS = [
    ("'base'", "o.level = 'base'"),
    (f"'base:' || {_BASE_TYPE}", "o.level = 'base'"),
    ("'joint'", "o.level = 'joint'"),
]


def date_sql(day: dt.date) -> str:
    """A date literal (only a date: its ISO text cannot carry anything else)."""
    text = dt.date.isoformat(day)
    return f"DATE '{text}'" if connection.vendor == "postgresql" else f"'{text}'"


def month_of(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {expr}) AS date)"
    return f"date({expr}, 'start of month')"


def year_of(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('year', {expr}) AS date)"
    return f"date({expr}, 'start of year')"


def default_monthly_from() -> dt.date:
    """Rollups by month for this year and the two before it, by year before that."""
    return dt.date(timezone.localdate().year - 2, 1, 1)


def monthly_from() -> dt.date:
    day = StatState.objects.filter(pk=1).values_list("monthly_from", flat=True).first()
    return day or default_monthly_from()


def bucket_of(expr: str, monthly_from: dt.date) -> str:
    """The rollup bucket of a day: its month from `monthly_from` on, its year before (older history is asked
    for less often, and a bucket per month of every year would multiply the rollups)."""
    return f"CASE WHEN {expr} < {date_sql(monthly_from)} THEN {year_of(expr)} ELSE {month_of(expr)} END"


class Where:
    """Which facts to read: SQL conditions on spans (alias `sp`, `{day}` standing for the day a part counts
    on), on employer periods (`e`, `{day}` likewise) and on organisations (`o`), with their parameters. `None`
    leaves that kind out.

    `span_table` and `span_count` read span-like rows from elsewhere: a table with the span's columns in which a
    row stands for `span_count` spans (e.g. new spans grouped by their bucket and attributes, `SUM(sp.weight)`),
    so a writer adding a million alike spans journals a few thousand rows' worth of them."""

    def __init__(
        self,
        spans: tuple[str, list] | None = ("TRUE", []),
        employers: tuple[str, list] | None = ("TRUE", []),
        orgs: tuple[str, list] | None = ("TRUE", []),
        *,
        span_table: str = "dashboards_span",
        span_count: str = "COUNT(*)",
    ):
        self.spans, self.employers, self.orgs = spans, employers, orgs
        self.span_table, self.span_count = span_table, span_count

    @classmethod
    def subtree(cls, *paths: str, upto: dt.date | None = None, after: dt.date | None = None) -> "Where":
        """The facts of these subtrees, counted on days in (after, upto]."""

        def ranges(column: str) -> tuple[str, list]:
            conds = " OR ".join(f"({column} >= %s AND {column} < %s)" for _ in paths)
            return f"({conds})", [v for p in paths for v in (p, p + "~")]

        days, params = "", []
        if after is not None:
            days += " AND {day} > %s"
            params.append(after)
        if upto is not None:
            days += " AND {day} <= %s"
            params.append(upto)
        undated = (upto is None or upto >= UNDATED) and (after is None or after < UNDATED)
        span_cond, span_args = ranges("sp.org_path")
        employer_cond, employer_args = ranges("e.org_path")
        return cls(
            spans=(span_cond + days, span_args + params),
            employers=(employer_cond + days, employer_args + params),
            orgs=ranges("o.path") if undated else None,
        )


def contributions(
    where: Where, *, by: Sequence[str] = (), join: str = "", shared: bool = False
) -> tuple[str, list]:
    """SELECT g0, g1 …, key, value: what the facts the conditions pick add to each key, summed per key family
    and per `by` expression. `by` and `join` are written with `{org}` (the union a fact belongs to), `{path}`
    (its path) and `{day}` (the day it counts on).

    `shared` reads the picked facts once into a common table that every family then scans (a small subtree:
    one index scan instead of one per family); without it each family scans the tables itself (everything:
    parallel scans, nothing held in between)."""
    parts: list[str] = []
    params: list = []
    ctes: list[str] = []
    cte_params: list = []
    columns = "".join(f"{b} AS g{i}, " for i, b in enumerate(by))
    groups = ", ".join(str(i) for i in range(1, len(by) + 2))

    def source(name: str, table: str, cond: str, args: list) -> tuple[str, str, list]:
        """The FROM item and the WHERE condition a family starts from."""
        if not shared:
            return table, cond, args
        ctes.append(f"{name} AS MATERIALIZED (SELECT * FROM {table} WHERE {cond})")
        cte_params.extend(args)
        return f"{name} {table.split()[-1]}", "TRUE", []

    def branch(rows: tuple[str, str, list], names: dict[str, str], key: str, family: str, value: str) -> None:
        def fill(text: str) -> str:
            for name, sql in names.items():
                text = text.replace("{" + name + "}", sql)
            return text

        table, cond, args = rows
        parts.append(
            f"SELECT {fill(columns)}{key} AS key, {value} AS value FROM {table} {fill(join)}"
            f" WHERE ({cond}) AND {family} GROUP BY {groups}"
        )
        params.extend(args)

    if where.spans is not None:
        cond, args = where.spans
        start = {"org": "sp.org_id", "path": "sp.org_path", "day": "sp.started_on"}
        spans, count = f"{where.span_table} sp", where.span_count
        rows = source("stat_starts", spans, cond.replace("{day}", start["day"]), args)
        for key, family in _START_KEYS:
            branch(rows, start, key, family, count)
        end = {"org": "sp.org_id", "path": "sp.org_path", "day": "sp.ended_on"}
        ended = f"sp.ended_on IS NOT NULL AND ({cond.replace('{day}', end['day'])})"
        rows = source("stat_ends", spans, ended, args)
        for key, family, sign in _END_KEYS:
            branch(rows, end, key, family, count if sign > 0 else f"-{count}")
    undated = date_sql(UNDATED)
    if where.employers is not None:
        cond, args = where.employers
        start = {"org": "e.org_id", "path": "e.org_path", "day": "e.started_on"}
        rows = source("stat_emp_starts", "orgs_employerperiod e", cond.replace("{day}", start["day"]), args)
        for key, family, value in [*_EMPLOYER_KEYS, *_FORMED_KEYS]:
            branch(rows, start, key, family, f"SUM({value})")
        end = {"org": "e.org_id", "path": "e.org_path", "day": "e.ended_on"}
        ended = f"e.ended_on IS NOT NULL AND ({cond.replace('{day}', end['day'])})"
        rows = source("stat_emp_ends", "orgs_employerperiod e", ended, args)
        for key, family, value in _EMPLOYER_KEYS:
            branch(rows, end, key, family, f"-SUM({value})")
    if where.orgs is not None:
        cond, args = where.orgs
        rows = source("stat_orgs", "orgs_org o", f"o.status <> 'dissolved' AND ({cond})", args)
        names = {"org": "o.id", "path": "o.path", "day": undated}
        for key, family in _ORG_KEYS:
            branch(rows, names, key, family, "COUNT(*)")
    if not parts:
        nothing = "".join(f"NULL AS g{i}, " for i in range(len(by)))
        return f"SELECT {nothing}NULL AS key, 0 AS value WHERE FALSE", []
    head = f"WITH {', '.join(ctes)} " if ctes else ""
    return head + " UNION ALL ".join(parts), cte_params + params


def journal(where: Where, sign: int) -> None:
    """Append what these facts contribute (sign +1) or take back (sign -1) to the journal."""
    if where.spans is None and where.employers is None and where.orgs is None:
        return  # no facts (an employer recorded without a union): nothing to write
    sql, params = contributions(where, by=["{org}", bucket_of("{day}", monthly_from())])
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO dashboards_delta (org_id, month, key, value)"
            f" SELECT c.g0, c.g1, c.key, {sign} * SUM(c.value) FROM ({sql}) c"
            " GROUP BY c.g0, c.g1, c.key HAVING SUM(c.value) <> 0",
            params,
        )


# ---- spans from the register --------------------------------------------------------------------------

_END_BY_EVENT: dict[str, str] = {EventKind.LAPSED: EndKind.LAPSED, EventKind.EXPELLED: EndKind.EXPELLED}


def spans_of(m: Membership, events: Sequence[MembershipEvent], person: Person) -> list[Span]:
    """The stretches in which the membership counted as a member (S1), read off its timeline.

    Counted statuses are MEMBER_STATUSES (a transfer under way counts once, at the old union: M5). The holding
    union changes only when a transfer is accepted; before the first one it was that transfer's other side.
    An active membership whose dues stop counts until its lapse date (M7), which may lie ahead.
    """
    accepted = [e for e in events if e.kind == EventKind.TRANSFER_ACCEPTED]
    holding: int = (accepted[0].other_org_id or m.org_id) if accepted else m.org_id
    spans: list[Span] = []
    current: Span | None = None

    def open_span(day: dt.date, kind: str) -> Span:
        return Span(
            membership_id=m.pk,
            person_id=person.pk,
            org_id=holding,
            started_on=day,
            start_kind=kind,
            channel=m.channel,
            gender=person.gender,
            is_migrant=person.is_migrant,
            is_new_form=person.is_new_form,
            priority_group=person.priority_group,
            skill_level=person.skill_level,
            birth_decade=person.birth_date.year // 10 * 10 if person.birth_date else None,
        )

    def close(span: Span, day: dt.date, kind: str) -> None:
        span.ended_on, span.end_kind = max(day, span.started_on), kind
        spans.append(span)

    day = dt.date.min
    for e in sorted(events, key=lambda e: e.pk):
        # Events in the order they happened; a backdated one (a lapse recorded late) takes effect no earlier
        # than the change before it, so the timeline never runs backwards.
        day = max(day, e.on_date)
        counted = e.to_status in MEMBER_STATUSES
        if e.kind == EventKind.TRANSFER_ACCEPTED:
            if current is not None:
                close(current, day, EndKind.TRANSFER)
            holding = e.org_id
            current = open_span(day, StartKind.TRANSFER) if counted else None
        elif counted and current is None:
            current = open_span(day, StartKind.RETURN if spans else StartKind.JOIN)
        elif not counted and current is not None:
            close(current, day, _END_BY_EVENT.get(e.kind) or e.leave_reason or EndKind.OTHER)
            current = None
    if current is not None:
        if m.status == MembershipStatus.ACTIVE and m.dues_paid_until is not None:
            close(current, max(day, lapse_date(m.dues_paid_until)), EndKind.LAPSED)
        else:
            spans.append(current)
    return spans


_PERSON = ("gender", "is_migrant", "is_new_form", "priority_group", "skill_level", "birth_date")
_EVENT = ("membership_id", "kind", "on_date", "to_status", "org_id", "other_org_id", "leave_reason")


def spans_rebuild(membership_ids: Iterable[int]) -> list[Span]:
    """Replace the spans of these memberships with ones read afresh from the register (no journal)."""
    ids = list(membership_ids)
    Span.objects.filter(membership_id__in=ids).delete()
    # Only what spans_of reads: the rest (ciphers, timestamps) cost more to load than the spans to compute.
    memberships = (
        Membership.objects.filter(pk__in=ids)
        .select_related("person")
        .only(
            "org_id", "channel", "status", "dues_paid_until", "person_id", *(f"person__{f}" for f in _PERSON)
        )
    )
    events: dict[int, list[MembershipEvent]] = {}
    for e in MembershipEvent.objects.filter(membership_id__in=ids).order_by().only(*_EVENT):
        events.setdefault(e.membership_id, []).append(e)
    spans = [s for m in memberships for s in spans_of(m, events.get(m.pk, []), m.person)]
    paths = dict(Org.objects.filter(pk__in={s.org_id for s in spans}).values_list("pk", "path"))
    for s in spans:
        s.org_path = paths[s.org_id]
    return bulk_insert(spans)
