"""The facts every figure is counted from, and the one SQL that turns them into figure keys.

A figure key names one count: `m:total` (members), `m:woman`, `m:group:rider`, `new:channel:scan`, `left:lapsed`,
`emp:covered` … (see `KEYS` in selectors for their meaning). Each fact contributes +1 (or a headcount) to some
keys on some day:

- a span adds 1 to every member key of its person on the day it starts and takes it away on the day it ends;
  a span that starts with joining adds to the new-member keys, one that starts with a transfer to `in`, and its
  end adds to `out` or to the leaver keys;
- an employer and a union organisation add to the undated keys (`UNDATED`): the register keeps no history of
  coverage, so those figures are as of now.

`contributions()` is that rule written once, as SQL; the journal, the full recompute and the direct count of a
small subtree all read it, so they cannot disagree.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db import connection

from gonghui.members.models import (
    MEMBER_STATUSES,
    EventKind,
    Membership,
    MembershipEvent,
    MembershipStatus,
    Person,
    lapse_date,
)

from .models import LEAVING_KINDS, UNDATED, EndKind, Span, StartKind

# The member keys, by person attribute: counted while a span lasts (stock figures).
_MEMBER_KEYS = [
    "'m:total'",
    "CASE WHEN sp.gender = 'f' THEN 'm:woman' END",
    "CASE WHEN sp.is_migrant THEN 'm:migrant' END",
    "CASE WHEN sp.is_new_form THEN 'm:new_form' END",
    "CASE WHEN sp.priority_group <> '' THEN 'm:group:' || sp.priority_group END",
    "'m:skill:' || sp.skill_level",
    "CASE WHEN sp.birth_decade IS NOT NULL THEN 'm:decade:' || sp.birth_decade END",
]
_JOINED = f"sp.start_kind = '{StartKind.JOIN}'"
_START_KEYS = [
    *_MEMBER_KEYS,
    f"CASE WHEN {_JOINED} THEN 'new' END",
    f"CASE WHEN {_JOINED} THEN 'new:channel:' || sp.channel END",
    f"CASE WHEN {_JOINED} AND sp.gender = 'f' THEN 'new:woman' END",
    f"CASE WHEN {_JOINED} AND sp.is_migrant THEN 'new:migrant' END",
    f"CASE WHEN {_JOINED} AND sp.is_new_form THEN 'new:new_form' END",
    f"CASE WHEN {_JOINED} AND sp.priority_group <> '' THEN 'new:group:' || sp.priority_group END",
    f"CASE WHEN sp.start_kind = '{StartKind.TRANSFER}' THEN 'in' END",
]
_LEAVING = "sp.end_kind IN ({})".format(", ".join(f"'{k}'" for k in LEAVING_KINDS))
_END_KEYS = [
    *_MEMBER_KEYS,
    f"CASE WHEN sp.end_kind = '{EndKind.TRANSFER}' THEN 'out' END",
    f"CASE WHEN {_LEAVING} THEN 'left' END",
    f"CASE WHEN {_LEAVING} THEN 'left:' || sp.end_kind END",
]
_EMPLOYER_KEYS = [
    ("'emp'", "1"),
    ("CASE WHEN e.coverage <> 'none' THEN 'emp:covered' END", "1"),
    ("CASE WHEN e.coverage = 'own' THEN 'emp:own' END", "1"),
    ("CASE WHEN e.coverage = 'joint' THEN 'emp:joint' END", "1"),
    ("'emp:ownership:' || e.ownership", "1"),
    ("'emp:headcount'", "e.headcount"),
    ("CASE WHEN e.coverage <> 'none' THEN 'emp:covered_headcount' END", "e.headcount"),
]
# A base union's employer type is that of the employer it is the own union of (O5), if it has one.
_BASE_TYPE = (
    "COALESCE((SELECT MIN(e.ownership) FROM orgs_employer e WHERE e.union_id = o.id AND e.coverage = 'own'),"
    " 'unknown')"
)
_ORG_KEYS = [
    "CASE WHEN o.level = 'base' THEN 'base' END",
    f"CASE WHEN o.level = 'base' THEN 'base:' || {_BASE_TYPE} END",
    "CASE WHEN o.level = 'joint' THEN 'joint' END",
]


def _numbers(n: int) -> str:
    return "(" + " UNION ALL ".join(f"SELECT {i} AS i" for i in range(1, n + 1)) + ") n"


def _case(exprs: Sequence[str]) -> str:
    return "CASE n.i " + " ".join(f"WHEN {i} THEN {e}" for i, e in enumerate(exprs, 1)) + " END"


def month_of(expr: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(date_trunc('month', {expr}) AS date)"
    return f"date({expr}, 'start of month')"


class Where:
    """Which facts to read: SQL conditions on spans (alias `sp`, `{day}` standing for the day a part counts
    on), on employers (`e`) and on organisations (`o`), with their parameters. `None` leaves that kind out."""

    def __init__(
        self,
        spans: tuple[str, list] | None = ("TRUE", []),
        employers: tuple[str, list] | None = ("TRUE", []),
        orgs: tuple[str, list] | None = ("TRUE", []),
    ):
        self.spans, self.employers, self.orgs = spans, employers, orgs

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
        return cls(
            spans=(span_cond + days, span_args + params),
            employers=ranges("e.org_path") if undated else None,
            orgs=ranges("o.path") if undated else None,
        )


def contributions(where: Where, *, with_path: bool = False) -> tuple[str, list]:
    """SELECT org_id, day, key, value [, path] for every fact the conditions pick (NULL keys included: callers
    filter them out once, after the union)."""
    parts: list[str] = []
    params: list = []
    path = ", sp.org_path AS path" if with_path else ""
    if where.spans is not None:
        cond, args = where.spans
        start_cond = cond.replace("{day}", "sp.started_on")
        end_cond = cond.replace("{day}", "sp.ended_on")
        parts.append(
            f"SELECT sp.org_id AS org_id, sp.started_on AS day, {_case(_START_KEYS)} AS key, 1 AS value{path}"
            f" FROM dashboards_span sp CROSS JOIN {_numbers(len(_START_KEYS))} WHERE {start_cond}"
        )
        params += args
        sign = f"CASE WHEN n.i <= {len(_MEMBER_KEYS)} THEN -1 ELSE 1 END"
        parts.append(
            f"SELECT sp.org_id AS org_id, sp.ended_on AS day, {_case(_END_KEYS)} AS key, {sign} AS value{path}"
            f" FROM dashboards_span sp CROSS JOIN {_numbers(len(_END_KEYS))}"
            f" WHERE sp.ended_on IS NOT NULL AND {end_cond}"
        )
        params += args
    undated = "CAST(%s AS date)" if connection.vendor == "postgresql" else "%s"
    if where.employers is not None:
        cond, args = where.employers
        keys = _case([k for k, _ in _EMPLOYER_KEYS])
        values = _case([v for _, v in _EMPLOYER_KEYS])
        epath = ", e.org_path AS path" if with_path else ""
        parts.append(
            f"SELECT e.org_id AS org_id, {undated} AS day, {keys} AS key, {values} AS value{epath}"
            f" FROM orgs_employer e CROSS JOIN {_numbers(len(_EMPLOYER_KEYS))} WHERE {cond}"
        )
        params += [UNDATED, *args]
    if where.orgs is not None:
        cond, args = where.orgs
        opath = ", o.path AS path" if with_path else ""
        parts.append(
            f"SELECT o.id AS org_id, {undated} AS day, {_case(_ORG_KEYS)} AS key, 1 AS value{opath}"
            f" FROM orgs_org o CROSS JOIN {_numbers(len(_ORG_KEYS))} WHERE o.status <> 'dissolved' AND {cond}"
        )
        params += [UNDATED, *args]
    if not parts:
        return "SELECT NULL AS org_id, NULL AS day, NULL AS key, 0 AS value WHERE FALSE", []
    return " UNION ALL ".join(parts), params


def journal(where: Where, sign: int) -> None:
    """Append what these facts contribute (sign +1) or take back (sign -1) to the journal."""
    sql, params = contributions(where)
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO dashboards_delta (org_id, month, key, value)"
            f" SELECT c.org_id, {month_of('c.day')}, c.key, {sign} * SUM(c.value) FROM ({sql}) c"
            " WHERE c.key IS NOT NULL GROUP BY c.org_id, 2, c.key HAVING SUM(c.value) <> 0",
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


def spans_rebuild(membership_ids: Iterable[int]) -> list[Span]:
    """Replace the spans of these memberships with ones read afresh from the register (no journal)."""
    from gonghui.orgs.models import Org

    ids = list(membership_ids)
    Span.objects.filter(membership_id__in=ids).delete()
    memberships = Membership.objects.filter(pk__in=ids).select_related("person")
    events: dict[int, list[MembershipEvent]] = {}
    for e in MembershipEvent.objects.filter(membership_id__in=ids).order_by():
        events.setdefault(e.membership_id, []).append(e)
    spans = [s for m in memberships for s in spans_of(m, events.get(m.pk, []), m.person)]
    paths = dict(Org.objects.filter(pk__in={s.org_id for s in spans}).values_list("pk", "path"))
    for s in spans:
        s.org_path = paths[s.org_id]
    return Span.objects.bulk_create(spans, batch_size=2000)
