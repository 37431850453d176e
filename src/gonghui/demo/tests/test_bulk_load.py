"""The demo's members and the statistics spans are written by core.bulk.bulk_insert: exactly the rows bulk_create
writes for the same objects (the same people, memberships, timelines, transfers and spans, keys included)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, transaction

from gonghui.demo import members as demo_members
from gonghui.demo.loader import load_world
from gonghui.members.models import Membership
from gonghui.stats import facts

pytestmark = pytest.mark.django_db
PINNED = dt.datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TABLES = (
    "members_person",
    "members_membership",
    "members_membershipevent",
    "members_transfer",
    "dashboards_span",
)
RANDOM = {
    "id_cipher",
    "mobile_cipher",
}  # sealed with a random nonce each time; their hashes and masks are compared


def _bulk_create(objs, **kwargs):
    return type(objs[0])._default_manager.bulk_create(objs) if objs else objs


def _rows() -> dict[str, list[tuple]]:
    found = {}
    with connection.cursor() as cur:
        for table in TABLES:
            columns = [c.name for c in connection.introspection.get_table_description(cur, table)]
            kept = ", ".join(connection.ops.quote_name(c) for c in columns if c not in RANDOM)
            cur.execute(f"SELECT {kept} FROM {table} ORDER BY id")  # noqa: S608 - model tables
            found[table] = cur.fetchall()
    return found


def _load() -> dict[str, list[tuple]]:
    with transaction.atomic():
        with time_machine.travel(PINNED, tick=False):
            load_world()
            demo_members.load_members(300)
            facts.spans_rebuild(Membership.objects.values_list("pk", flat=True))
            rows = _rows()
        transaction.set_rollback(True)
    return rows


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="keys compared as numbers: SQLite reuses rolled-back ones"
)
def test_bulk_insert_writes_what_bulk_create_writes(monkeypatch):
    fast = _load()
    monkeypatch.setattr(demo_members, "bulk_insert", _bulk_create)
    monkeypatch.setattr(facts, "bulk_insert", _bulk_create)
    slow = _load()
    assert {t: len(r) for t, r in fast.items()} == {t: len(r) for t, r in slow.items()}
    assert all(fast[t] for t in TABLES)
    assert fast == slow
