"""The demo's SQLite schema as the migrations build it, recorded once, so that a fresh demo need not rebuild it.

Why: `migrate` on an empty SQLite file spends nearly all its time (half a minute and more on a busy 2-core machine)
in Python, re-rendering Django's model state after every one of a hundred-odd migrations; the SQL it runs takes
well under a second. The result is always the same for the same migrations, so `gonghui demo_schema` runs the real
`migrate` into an empty SQLite file once and records the result here (`schema.sql`: the tables, indexes, triggers
and the rows the migrations write, with `django_migrations`), under a fingerprint of every migration file of every
installed app and the Django version.

`gonghui demo` replays the record only into an empty SQLite database and only when the fingerprint matches the
migrations on disk byte for byte; otherwise (a migration added, changed or removed since, another Django) it runs
the migrations as before. It runs `migrate` afterwards in every case, which then finds nothing to apply and sends
the post-migrate signals as usual. The timestamps the migrations wrote (the seeded supply items' `created_at`,
`django_migrations.applied`) are set to the time of the replay, as a migrate run now would have set them. A test
(`tests/test_schema.py`) fails when the record is stale and checks it against the test database, which pytest
builds with the real migrations.
"""

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import django
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader

SNAPSHOT = Path(__file__).with_name("schema.sql")
HEADER = "-- gonghui demo schema, fingerprint "
REGENERATE = "uv run gonghui demo_schema"


def fingerprint() -> str:
    """A digest of every migration file of every installed app, in graph-key order, and the Django version."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256(f"django {django.get_version()}\n".encode())
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        source = Path(sys.modules[type(migration).__module__].__file__ or "")
        digest.update(f"{app_label}.{name}\n".encode())
        digest.update(source.read_bytes())
    return digest.hexdigest()


def recorded_fingerprint(path: Path = SNAPSHOT) -> str | None:
    if not path.exists():
        return None
    with path.open(encoding="utf-8") as f:
        first = f.readline().strip()
    return first.removeprefix(HEADER) if first.startswith(HEADER) else None


def is_current(path: Path = SNAPSHOT) -> bool:
    return recorded_fingerprint(path) == fingerprint()


def dump(database: Path) -> str:
    """The SQL that rebuilds this SQLite database, as sqlite3's iterdump writes it (one statement a line)."""
    con = sqlite3.connect(database)
    try:
        return "\n".join(con.iterdump()) + "\n"
    finally:
        con.close()


def write(path: Path = SNAPSHOT) -> Path:
    """Run the real `migrate` into an empty SQLite file in another process and record what it built."""
    with tempfile.TemporaryDirectory(prefix="gonghui-schema-") as tmp:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGHUI_DEMO")}
        env["GONGHUI_VAR_DIR"] = tmp
        env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings.base"
        subprocess.run([sys.executable, "-m", "gonghui", "migrate", "--verbosity", "0"], env=env, check=True)
        sql = dump(Path(tmp) / "gonghui.sqlite3")
    path.write_text(f"{HEADER}{fingerprint()}\n{sql}", encoding="utf-8")
    return path


def _timestamp_columns(con) -> list[tuple[str, str]]:
    """(table, column) of every datetime column holding a value in the replayed database."""
    found = []
    tables = con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    for (table,) in tables.fetchall():
        for _cid, column, kind, *_rest in con.execute(f'PRAGMA table_info("{table}")').fetchall():
            if (
                kind.lower() == "datetime"
                and con.execute(f'SELECT 1 FROM "{table}" WHERE "{column}" IS NOT NULL LIMIT 1').fetchone()  # noqa: S608
            ):
                found.append((table, column))
    return found


def replay(using: str = DEFAULT_DB_ALIAS, path: Path = SNAPSHOT) -> bool:
    """Build the schema from the record if the database is an empty SQLite one and the record is current.

    Returns whether it did; when it did not, the caller's `migrate` does all the work, as without a record.
    """
    connection = connections[using]
    if connection.vendor != "sqlite" or not path.exists():
        return False
    if connection.introspection.table_names() or not is_current(path):
        return False
    connection.ensure_connection()
    raw = connection.connection
    # The record creates its tables in name order and fills them as it goes, so a row may arrive before the table
    # its foreign key names: the keys are checked once everything is in, not row by row.
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        raw.executescript(path.read_text(encoding="utf-8"))  # its own BEGIN … COMMIT: all of it or nothing
    except Exception:
        if raw.in_transaction:
            raw.execute("ROLLBACK")
        raise
    finally:
        raw.execute("PRAGMA foreign_keys = ON")
    if broken := raw.execute("PRAGMA foreign_key_check").fetchall():
        raise RuntimeError(f"the schema record breaks foreign keys: {broken[:5]}")
    now = (
        dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
    )  # as Django stores datetimes in SQLite
    with connection.cursor() as cur:
        for table, column in _timestamp_columns(raw):
            cur.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE "{column}" IS NOT NULL', [now])  # noqa: S608 - names from sqlite_master
    return True
