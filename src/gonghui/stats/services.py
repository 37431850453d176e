"""Keeping the figures: the journal written with every change, the fold, and the full recompute.

Writers call `memberships_changed` / `units_changed` inside their own transaction: the old contribution of the
facts is taken back and the new one added, as rows of the union where the change happened (`Delta`). Nothing
else is written synchronously, so two unions' writes never wait on a shared counter.

`stats_fold` (a background task, queued after each change and run by `gonghui stats fold`) moves the journal
into the rollups of every rollup node above it; `stats_recompute` rebuilds all rollups from the facts, and is
also what follows a subtree move (O1), which changes every ancestor's totals at once.
"""

import datetime as dt
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.tasks import task
from django.utils import timezone

from gonghui.core.paths import ancestor_paths
from gonghui.members.models import MEMBER_STATUSES, Membership

from .facts import Where, bucket_of, contributions, default_monthly_from, journal, monthly_from, spans_rebuild
from .models import RollupNode, Span, StartKind, StatState

log = logging.getLogger(__name__)

FOLD_QUEUED_KEY = "stats:fold-queued"
_LOCK_ID = 7_110_000  # PostgreSQL advisory lock: one fold or recompute at a time
_local_lock = threading.Lock()


def _ids(sql_column: str, ids: list[int]) -> tuple[str, list]:
    return f"{sql_column} IN ({', '.join(['%s'] * len(ids))})", ids


def memberships_changed(membership_ids: Iterable[int]) -> None:
    """Re-read these memberships' spans from the register and journal the difference (caller's transaction)."""
    ids = sorted(set(membership_ids))
    if not ids:
        return
    where = Where(spans=_ids("sp.membership_id", ids), employers=None, orgs=None)
    journal(where, -1)
    spans_rebuild(ids)
    journal(where, +1)
    transaction.on_commit(fold_soon)


def on_memberships_changed(*, ids: Iterable[int]) -> None:
    memberships_changed(ids)


def _decade(date_sql: str) -> str:
    if connection.vendor == "postgresql":
        return f"CAST(EXTRACT(YEAR FROM {date_sql}) AS integer) / 10 * 10"
    return f"CAST(strftime('%%Y', {date_sql}) AS integer) / 10 * 10"


_ATTRS = {
    "gender": "p.gender",
    "is_migrant": "p.is_migrant",
    "is_new_form": "p.is_new_form",
    "priority_group": "p.priority_group",
    "skill_level": "p.skill_level",
}


def memberships_added(source_sql: str, params: list) -> None:
    """Set-wise writers (the roster import): spans and journal for new memberships that begin with joining and
    carry no dues yet (so no lapse). `source_sql` is a SELECT of the new memberships as the writer has them at
    hand (no re-reading of the register), with the columns membership_id, person_id, org_id, org_path,
    join_date, status, channel and the person's gender, is_migrant, is_new_form, priority_group, skill_level,
    birth_date; rows whose status is not a member's start no span.

    The journal is counted by `contributions()` like every other, from the new spans grouped by union, bucket
    and attributes (`stat_added`, one row per group with its number of spans): the same figures as counting
    the spans one by one, for a few thousand rows however many memberships were added. Grouping by the bucket
    instead of the day changes nothing: the bucket of a bucket's first day is that bucket (buckets begin on the
    first of a month, and `monthly_from` is a first of January)."""
    statuses = ", ".join(f"'{s}'" for s in MEMBER_STATUSES)
    new = f"FROM ({source_sql}) n WHERE n.status IN ({statuses})"
    attrs = ", ".join(f"n.{a}" for a in _ATTRS)
    decade = _decade("n.birth_date")
    bucket = bucket_of("n.join_date", monthly_from())
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO dashboards_span (membership_id, person_id, org_id, org_path, started_on, ended_on,"
            f" start_kind, end_kind, channel, {', '.join(_ATTRS)}, birth_decade)"
            f" SELECT n.membership_id, n.person_id, n.org_id, n.org_path, n.join_date, NULL, 'join', '',"
            f" n.channel, {attrs}, {decade} {new}",
            params,
        )
        cur.execute("DROP TABLE IF EXISTS stat_added")
        cur.execute(
            "CREATE TEMPORARY TABLE stat_added AS"
            f" SELECT n.org_id, n.org_path, {bucket} AS started_on, CAST(NULL AS date) AS ended_on,"
            f" '{StartKind.JOIN}' AS start_kind, '' AS end_kind, n.channel, {attrs}, {decade} AS birth_decade,"
            f" COUNT(*) AS weight {new}"
            f" GROUP BY n.org_id, n.org_path, {bucket}, n.channel, {attrs}, {decade}",
            params,
        )
        journal(
            Where(
                spans=("TRUE", []),
                employers=None,
                orgs=None,
                span_table="stat_added",
                span_count="SUM(sp.weight)",
            ),
            +1,
        )
        cur.execute("DROP TABLE stat_added")
    transaction.on_commit(fold_soon)


@contextmanager
def people_changing(person_sql: str, params: list) -> Iterator[None]:
    """Around a set-wise change of people's attributes: `person_sql` selects their ids before the change."""
    with connection.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE stat_people AS {person_sql}", params)
        where = Where(
            spans=("sp.person_id IN (SELECT person_id FROM stat_people)", []), employers=None, orgs=None
        )
        journal(where, -1)
        yield
        sets = ", ".join(f"{a} = {v}" for a, v in _ATTRS.items())
        cur.execute(
            f"UPDATE dashboards_span SET {sets}, birth_decade = {_decade('p.birth_date')}"
            " FROM members_person p WHERE p.id = dashboards_span.person_id"
            " AND dashboards_span.person_id IN (SELECT person_id FROM stat_people)",
            [],
        )
        journal(where, +1)
        cur.execute("DROP TABLE stat_people", [])
    transaction.on_commit(fold_soon)


@contextmanager
def units_changed(*, employers: Iterable[int] = (), orgs: Iterable[int] = ()) -> Iterator[None]:
    """Around a change of employers or union organisations: take back what they counted before, add after."""
    where = _units(employers, orgs, spans=True)
    journal(where, -1)
    yield
    journal(where, +1)
    transaction.on_commit(fold_soon)


def units_added(*, employers: Iterable[int] = (), orgs: Iterable[int] = ()) -> None:
    """New employers or union organisations: add what they count."""
    journal(_units(employers, orgs), +1)
    transaction.on_commit(fold_soon)


def _units(employers: Iterable[int], orgs: Iterable[int], *, spans: bool = False) -> Where:
    """The facts of these employers and unions; with `spans`, the unions' members too (whether a union is an
    employer's union decides `m:employer`, so a change of coverage moves its members in or out of it)."""
    employer_ids, org_ids = sorted(set(employers)), sorted(set(orgs))
    return Where(
        spans=_ids("sp.org_id", org_ids) if spans and org_ids else None,
        employers=_ids("e.employer_id", employer_ids) if employer_ids else None,
        orgs=_ids("o.id", org_ids) if org_ids else None,
    )


def recompute_due() -> None:
    """A subtree moved: every ancestor's totals change at once, which the next fold does by recomputing."""
    StatState.objects.filter(pk=1).update(recompute_due=True)
    transaction.on_commit(fold_soon)


def fold_soon() -> None:
    """Queue one fold, not one per change. The fold runs once the queued mark has expired, so a change that
    found the mark set (and queued nothing) committed before that fold started, and is folded by it."""
    wait = settings.GONGHUI_STATS_FOLD_WAIT
    if cache.add(FOLD_QUEUED_KEY, 1, timeout=wait):
        fold = stats_fold_task
        if fold.get_backend().supports_defer:
            fold = fold.using(run_after=timezone.now() + dt.timedelta(seconds=wait + 1))
        fold.enqueue()


@task()
def stats_fold_task() -> None:
    stats_fold()


@contextmanager
def _exclusive() -> Iterator[None]:
    """One fold or recompute at a time. On PostgreSQL a session advisory lock taken outside the transaction,
    so the recompute's snapshot starts after the previous writer committed."""
    with _local_lock:
        if connection.vendor != "postgresql":
            yield
            return
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_lock(%s)", [_LOCK_ID])
        try:
            yield
        finally:
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_unlock(%s)", [_LOCK_ID])


def _depths() -> str:
    with connection.cursor() as cur:
        cur.execute("SELECT MAX(depth) FROM orgs_org")
        (deepest,) = cur.fetchone()
    return " UNION ALL ".join(f"SELECT {i * 6} AS width" for i in range(1, (deepest or 1) + 1))


def stats_fold() -> dict:
    """Move the journal into the rollups (all of it that is committed now), or recompute if one is due."""
    with _exclusive():
        state, _ = StatState.objects.get_or_create(pk=1)  # gone after a test database flush
        if not state.recompute_due:
            return _fold()
        result = _recompute()
    _tidy()
    return result


def _fold() -> dict:
    """Add the committed journal rows to the rollups of every rollup node above them, and drop them."""
    started = time.perf_counter()
    fan_out = (
        " JOIN orgs_org o ON o.id = d.org_id"
        f" JOIN ({_depths()}) w ON w.width <= LENGTH(o.path)"
        " JOIN dashboards_rollupnode a ON a.path = SUBSTR(o.path, 1, w.width)"
    )
    upsert = (
        " ON CONFLICT (node_id, month, key) DO UPDATE SET value = dashboards_rollup.value + excluded.value"
    )
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            # Exactly the rows it folds are deleted: a row committed meanwhile stays for the next fold.
            cur.execute(
                "WITH d AS (DELETE FROM dashboards_delta RETURNING org_id, month, key, value)"
                " INSERT INTO dashboards_rollup (node_id, month, key, value)"
                f" SELECT a.org_id, d.month, d.key, SUM(d.value) FROM d {fan_out}"
                " GROUP BY a.org_id, d.month, d.key" + upsert
            )
            folded = cur.rowcount
        else:
            # SQLite has one writer at a time: nothing is appended between these two statements.
            cur.execute(
                "INSERT INTO dashboards_rollup (node_id, month, key, value)"
                f" SELECT a.org_id, d.month, d.key, SUM(d.value) FROM dashboards_delta d {fan_out}"
                " WHERE TRUE GROUP BY a.org_id, d.month, d.key" + upsert
            )
            folded = cur.rowcount
            cur.execute("DELETE FROM dashboards_delta")
        StatState.objects.filter(pk=1).update(folded_at=timezone.now())
    return {"folded": folded, "seconds": time.perf_counter() - started}


def stats_recompute(*, spans: bool = False, progress=None) -> dict:
    """Rebuild every rollup from the facts (and, with `spans`, the facts from the register first)."""
    if spans:
        _spans_rebuild_all(progress)
    with _exclusive():
        result = _recompute()
    _tidy()
    return result


def _tidy() -> None:
    """After a rebuild: the old rows are dead weight every read steps over, and the new ones have no planner
    statistics. VACUUM runs outside a transaction only; inside one (tests) ANALYZE alone."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute(
            "ANALYZE dashboards_rollup" if connection.in_atomic_block else "VACUUM ANALYZE dashboards_rollup"
        )


def _spans_rebuild_all(progress=None, batch: int = 5000) -> None:
    ids = list(Membership.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            spans_rebuild(ids[start : start + batch])
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    Span.objects.exclude(membership_id__in=Membership.objects.values("pk")).delete()


def rollup_min() -> int:
    """Subtrees with fewer members than this are counted directly; bigger ones read rollups."""
    return settings.GONGHUI_STATS_ROLLUP_MIN


def _choose_nodes(cur) -> list[tuple[int, str]]:
    """Rollup nodes: every root, and every node whose subtree holds at least `rollup_min()` spans."""
    cur.execute("SELECT id, path FROM orgs_org")
    paths = dict(cur.fetchall())
    cur.execute("SELECT org_id, COUNT(*) FROM dashboards_span GROUP BY org_id")
    per_org = cur.fetchall()
    by_path = {p: 0 for p in paths.values()}
    for org_id, count in per_org:
        for p in ancestor_paths(paths[org_id]):
            if p in by_path:
                by_path[p] += count
    floor = rollup_min()
    ids = {p: i for i, p in paths.items()}
    return sorted((ids[p], p) for p, n in by_path.items() if n >= floor or len(p) == 6)


def _recompute() -> dict:
    started = time.perf_counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for the whole rebuild: the journal rows it deletes are exactly those whose changes
            # it counted; rows committed after it started stay for the next fold.
            cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        nodes = _choose_nodes(cur)
        node_paths = {p: i for i, p in nodes}
        cur.execute("DELETE FROM dashboards_delta")
        cur.execute("DELETE FROM dashboards_rollup")
        cur.execute("DELETE FROM dashboards_rollupnode")
        RollupNode.objects.bulk_create([RollupNode(org_id=i, path=p) for i, p in nodes], batch_size=5000)

        # Each fact is summed once into its nearest rollup node, then those sums into every rollup ancestor.
        cur.execute("CREATE TEMPORARY TABLE stat_nearest (org_id integer PRIMARY KEY, node_id integer)")
        cur.execute("CREATE TEMPORARY TABLE stat_up (node_id integer, ancestor_id integer)")
        cur.execute("SELECT id, path FROM orgs_org")
        nearest = []
        for org_id, path in cur.fetchall():
            for p in reversed(ancestor_paths(path)):
                if p in node_paths:
                    nearest.append((org_id, node_paths[p]))
                    break
        up = [(i, node_paths[a]) for p, i in node_paths.items() for a in ancestor_paths(p) if a in node_paths]
        cur.executemany("INSERT INTO stat_nearest VALUES (%s, %s)", nearest)
        cur.executemany("INSERT INTO stat_up VALUES (%s, %s)", up)
        zone = default_monthly_from()
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL work_mem = '256MB'")  # every family's aggregate stays in memory
            cur.execute("SET LOCAL jit = off")  # compiling these plans costs more than it saves
        sql, params = contributions(
            Where(),
            by=["n.node_id", bucket_of("{day}", zone)],
            join="JOIN stat_nearest n ON n.org_id = {org}",
        )
        cur.execute(
            "INSERT INTO dashboards_rollup (node_id, month, key, value)"
            " SELECT u.ancestor_id, s.month, s.key, SUM(s.value) FROM ("
            "   SELECT c.g0 AS node_id, c.g1 AS month, c.key, SUM(c.value) AS value"
            f"  FROM ({sql}) c GROUP BY c.g0, c.g1, c.key"
            " ) s JOIN stat_up u ON u.node_id = s.node_id"
            " GROUP BY u.ancestor_id, s.month, s.key HAVING SUM(s.value) <> 0"
            " ORDER BY 1, 2, 3",  # a node's rows side by side on disk: its reads touch few pages
            params,
        )
        rows = cur.rowcount
        cur.execute("DROP TABLE stat_nearest")
        cur.execute("DROP TABLE stat_up")
        seconds = time.perf_counter() - started
        now = timezone.now()
        StatState.objects.filter(pk=1).update(
            recompute_due=False,
            recomputed_at=now,
            folded_at=now,
            recompute_seconds=seconds,
            monthly_from=zone,
        )
    log.info("statistics recomputed: %s rollup nodes, %s rows, %.1f s", len(nodes), rows, seconds)
    return {"nodes": len(nodes), "rows": rows, "seconds": seconds}
