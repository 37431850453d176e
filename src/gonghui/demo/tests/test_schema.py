"""The demo's record of the migrated schema (demo/schema.py): current, and the same as what the migrations build."""

import sqlite3

import pytest
from django.db import connection

from gonghui.demo import schema

pytestmark = pytest.mark.django_db


def test_the_record_is_current():
    """A migration added or changed since the record was written: the demo would run the migrations instead."""
    assert schema.recorded_fingerprint() == schema.fingerprint(), (
        f"src/gonghui/demo/schema.sql is stale: run `{schema.REGENERATE}` and commit it"
    )


def _master(cur) -> set[tuple[str, str, str, str]]:
    cur.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL")
    return {tuple(row) for row in cur.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the record is of SQLite, what the demo runs on")
def test_the_record_builds_what_the_migrations_build():
    """pytest built the test database with the real migrations: the record must hold the same tables, columns,
    constraints, indexes and triggers, and the same applied migrations."""
    replayed = sqlite3.connect(":memory:")
    replayed.executescript(schema.SNAPSHOT.read_text(encoding="utf-8"))
    with connection.cursor() as cur:
        migrated = _master(cur)
        cur.execute("SELECT app, name FROM django_migrations")
        applied = set(cur.fetchall())
    assert _master(replayed.cursor()) == migrated
    assert set(replayed.execute("SELECT app, name FROM django_migrations").fetchall()) == applied
    assert replayed.execute("PRAGMA foreign_key_check").fetchall() == []


def test_it_replays_only_into_an_empty_database():
    assert connection.introspection.table_names()
    assert schema.replay() is False
