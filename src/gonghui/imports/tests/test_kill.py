"""A roster import killed at random points leaves the register as it was or fully applied; a re-run completes it.

The import runs as an operator runs it, `python -m gonghui importroster FILE --union ID --apply --user …`, in a
separate process on the test database, and is SIGKILLed at random moments, re-run after each kill:
- phase 0, three kills inside the merge: reading, checking and staging write nothing to the register; the merge
  is the import's one transaction. Each kill comes a random time after the transaction was seen to begin, one in
  each third of the time the merge takes.
- phase 1, six kills over a whole run, one in each sixth of the time a full run takes (interpreter start to
  exit: a preview run of the command, timed, plus the merge's time), with a roster of other people (phase 0's
  completed import would leave it nothing to do).
After each kill, once the killed process's database session has gone, the register must equal, exactly, either
the register before the import or the register a clean import of the same file gives. That reference is taken
first, by the same roster_run() in this process, on this same setup, and rolled back. Each phase ends with the
command run to completion, twice: the register must equal the reference both times.
"""

import datetime as dt
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection, transaction

from gonghui.core.models import AuditEvent
from gonghui.core.testing.world import build_world
from gonghui.imports import merge
from gonghui.imports.services import roster_run
from gonghui.members.models import Membership, MembershipEvent, Person, Transfer
from gonghui.members.tests.factories import enrol, resident_id

from .rosters import xlsx

NEW = 10_000  # people the register does not know yet (a full run takes a few seconds)
HERE = 25  # already members of the union: their data is updated
ELSEWHERE = 25  # active members of another union: transfer requests
BAD = 3  # rows with a wrong check digit: reported, not applied
KILLS = 6  # at random moments of a whole run
MERGE_KILLS = 3  # at random moments of the merge, the import's transaction
USER = "donghu"


class _Undo(Exception):
    pass


def roster_row(name: str, number: str, mobile: str, *, skill: str = "中级工", migrant: str = "否") -> list:
    return [name, number, "", "汉族", "大专", mobile, "望京科技", skill, migrant, "否", "2025-03-01"]


def build_roster(world, phase: int) -> list[list]:
    """A roster of people of its own for each phase; the ones already registered are enrolled here first.
    Every ID number has a birth date of its own per 300 numbers: resident_id() repeats its sequence every 500."""
    first = dt.date(1960 + 5 * phase, 1, 1)

    def number(i: int, female: bool = False) -> str:
        return resident_id(first + dt.timedelta(days=i // 300), female=female)

    rows = []
    for i in range(HERE):
        n = number(i)
        enrol(world.base_donghu, f"本会{phase}-{i}", id_number=n)
        rows.append(roster_row(f"本会{phase}-{i}", n, f"137{phase}{i:07d}", skill="高级工", migrant="是"))
    for i in range(HERE, HERE + ELSEWHERE):
        n = number(i)
        enrol(world.base_xicheng, f"外会{phase}-{i}", id_number=n)
        rows.append(roster_row(f"外会{phase}-{i}", n, f"136{phase}{i:07d}"))
    for i in range(HERE + ELSEWHERE, HERE + ELSEWHERE + NEW):
        rows.append(
            roster_row(
                f"职工{phase}-{i}",
                number(i, female=i % 3 == 0),
                f"139{phase}{i:07d}",
                migrant="是" if i % 4 == 0 else "否",
            )
        )
    for i in range(BAD):
        good = number(HERE + ELSEWHERE + NEW + i)
        rows.insert(1000 * (i + 1), roster_row(f"错号{i}", good[:-1] + ("1" if good[-1] == "0" else "0"), ""))
    return rows


def snapshot() -> dict:
    """The register as a user would compare it, by natural keys: ids and membership numbers come from
    sequences, which a killed transaction advances all the same."""
    person, membership, event, transfer, audit = (
        m._meta.db_table for m in (Person, Membership, MembershipEvent, Transfer, AuditEvent)
    )
    with connection.cursor() as cur:

        def rows(query: str, params=()) -> list[tuple]:
            cur.execute(query, params)
            return sorted(tuple(r) for r in cur.fetchall())

        return {
            "counts": {
                name: rows(f"SELECT COUNT(*) FROM {table}")[0][0]  # noqa: S608 - model table names
                for name, table in (
                    ("people", person),
                    ("memberships", membership),
                    ("events", event),
                    ("transfers", transfer),
                )
            },
            # what the audited imports say they did, added up (a re-run that changes nothing audits zeros)
            "imports audited": rows(
                "SELECT COALESCE(SUM((after->>'new_members')::int), 0),"  # noqa: S608
                " COALESCE(SUM((after->>'transfers')::int), 0),"
                f" COALESCE(SUM((after->>'changed_people')::int), 0) FROM {audit} WHERE action = %s",
                ["member.import"],
            ),
            "memberships": rows(
                "SELECT p.id_hash, m.org_id, m.status, m.channel, m.join_date, m.employer_name"  # noqa: S608
                f" FROM {membership} m JOIN {person} p ON p.id = m.person_id"
            ),
            "people": rows(
                "SELECT id_hash, full_name, gender, birth_date, mobile_hash, skill_level, is_migrant,"  # noqa: S608
                f" education FROM {person}"
            ),
            "events": rows(
                "SELECT p.id_hash, e.org_id, e.kind, e.from_status, e.to_status, e.other_org_id,"  # noqa: S608
                f" e.actor_username FROM {event} e JOIN {membership} m ON m.id = e.membership_id"
                f" JOIN {person} p ON p.id = m.person_id"
            ),
            "transfers": rows(
                f"SELECT p.id_hash, t.from_org_id, t.to_org_id, t.status FROM {transfer} t"  # noqa: S608
                f" JOIN {membership} m ON m.id = t.membership_id JOIN {person} p ON p.id = m.person_id"
            ),
            "numbers unique": rows(f"SELECT COUNT(*) = COUNT(DISTINCT number) FROM {membership}"),  # noqa: S608
        }


def differences(a: dict, b: dict) -> list[str]:
    return [key for key in a if a[key] != b[key]]


def environment(application: str) -> dict[str, str]:
    """The command's environment: the test settings, on the test database, under a session name of its own."""
    s = connection.settings_dict
    user, password = quote(s["USER"] or "", safe=""), quote(s["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else f"{user}@" if user else ""
    port = f":{s['PORT']}" if s["PORT"] else ""
    url = f"postgres://{auth}{s['HOST'] or 'localhost'}{port}/{quote(s['NAME'], safe='')}"
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gonghui.settings.test",
        "DATABASE_URL": f"{url}?application_name={application}",
        "PYTHONUNBUFFERED": "1",
    }


def start(
    application: str, roster: Path, union_id: int, log: Path, *, apply: bool = True
) -> subprocess.Popen:
    command = [sys.executable, "-m", "gonghui", "importroster", str(roster), "--union", str(union_id)]
    with log.open("wb") as out:
        return subprocess.Popen(  # noqa: S603 - our own command, with arguments we made
            [*command, *(["--apply"] if apply else []), "--user", USER],
            env=environment(application),
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def session_of(application: str) -> tuple[bool, str] | None:
    """The command's database session, if it has one: (inside a multi-statement transaction, the statement
    it runs or ran last). In autocommit a statement's transaction starts with it; in the import's transaction
    (psycopg sends BEGIN first) the transaction is older than the statement, or the session idles in it."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT state = 'idle in transaction' OR (state = 'active' AND xact_start < query_start),"
            " left(regexp_replace(query, '\\s+', ' ', 'g'), 40) FROM pg_stat_activity WHERE application_name = %s",
            [application],
        )
        found = cur.fetchone()
    return (bool(found[0]), found[1]) if found else None


def wait_for_transaction(application: str, proc: subprocess.Popen, timeout: float = 300) -> None:
    """Until the command is inside its transaction (the merge), or has exited."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and not (session_of(application) or (False,))[0]:
        assert time.monotonic() < deadline, f"{application} never began its transaction"
        time.sleep(0.01)


def wait_until_gone(application: str, timeout: float = 120) -> None:
    """A killed client's session ends when its server process notices (at once if idle in the transaction,
    after the running statement otherwise), rolling back, or finishing a COMMIT already under way. Only then
    is the register in its final state."""
    deadline = time.monotonic() + timeout
    while session_of(application) is not None:
        assert time.monotonic() < deadline, f"the session {application} outlived its process"
        time.sleep(0.05)


def checked_rows(log: Path) -> str:
    found = re.findall(r"已检查 ([\d,]+) 行", log.read_text(errors="replace"))
    return found[-1] if found else "0"


def reference(world, roster: Path, monkeypatch) -> tuple[dict, float, float]:
    """A clean import of the roster into the register as it is, by the same roster_run() the command calls,
    rolled back: the register it gives, how long the import took, and how long its merge (the transaction)."""
    merge_times = []
    apply = merge.apply

    def timed_apply(**kwargs):
        began = time.monotonic()
        try:
            return apply(**kwargs)
        finally:
            merge_times.append(time.monotonic() - began)

    monkeypatch.setattr(merge, "apply", timed_apply)
    before = snapshot()
    began = time.monotonic()
    try:
        with transaction.atomic():
            result = roster_run(
                actor=world.user(USER),
                union=world.base_donghu,
                content=roster.read_bytes(),
                filename=roster.name,
                apply=True,
            )
            applied = snapshot()
            raise _Undo
    except _Undo:
        pass
    import_time = time.monotonic() - began
    monkeypatch.undo()
    assert snapshot() == before

    assert (result.counts.rows, result.counts.errors, len(result.errors)) == (
        NEW + HERE + ELSEWHERE + BAD,
        BAD,
        BAD,
    )
    c, b = applied["counts"], before["counts"]
    assert (c["people"] - b["people"], c["memberships"] - b["memberships"]) == (NEW, NEW)
    assert c["transfers"] - b["transfers"] == ELSEWHERE
    assert c["events"] - b["events"] == NEW + ELSEWHERE  # enrolled; transfer requested
    (audited,), (audited_before,) = applied["imports audited"], before["imports audited"]
    assert tuple(x - y for x, y in zip(audited, audited_before, strict=True)) == (NEW, ELSEWHERE, HERE)
    assert applied["numbers unique"] == [(True,)]
    assert set(differences(before, applied)) >= {"counts", "memberships", "people", "events", "transfers"}
    return applied, import_time, merge_times[0]


def kill(application: str, roster: Path, union_id: int, log: Path, *, after_merge_began: bool, delay: float):
    """Start the command, SIGKILL it `delay` seconds after its start or after its transaction began, and wait
    until its database session is gone. Returns (exit code, what its session was doing)."""
    proc = start(application, roster, union_id, log)
    if after_merge_began:
        wait_for_transaction(application, proc)
    time.sleep(delay)
    doing = session_of(application)
    proc.send_signal(signal.SIGKILL)
    code = proc.wait(timeout=60)
    wait_until_gone(application)
    return code, doing


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_import_killed_at_random_points_ends_as_before_or_fully_applied_and_a_rerun_completes(
    tmp_path, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the import runs in another process, and the SQLite test database lives in "
            "memory, private to one connection"
        )
    world = build_world()  # committed: with transaction=True the test runs in autocommit, as the command sees
    union_id = world.base_donghu.pk
    seed = random.randrange(1 << 32)
    rng = random.Random(seed)
    print(f"\nseed {seed}")
    report = []

    # Two phases, each with a roster of its own (the first completed import would leave the second nothing to
    # do): phase 0 kills in the merge, phase 1 at any moment of a whole run.
    for phase, count in ((0, MERGE_KILLS), (1, KILLS)):
        roster = tmp_path / f"望京科技会员名册-{phase}.xlsx"
        roster.write_bytes(xlsx(build_roster(world, phase)))
        before = snapshot()
        applied, import_time, merge_time = reference(world, roster, monkeypatch)
        # A full run of the command: a preview is one (start, read, check, stage, plan, roll back), but for
        # the merge's writes, which take about merge_time.
        began = time.monotonic()
        log = tmp_path / f"gonghui-kill-{phase}-preview.log"
        assert start("gonghui-kill-preview", roster, union_id, log, apply=False).wait(timeout=600) == 0, (
            log.read_text()
        )
        full_run = time.monotonic() - began + merge_time
        assert snapshot() == before
        if phase == 0:  # a random moment after the transaction began, one in each part of the merge's length
            delays = [rng.uniform(k, k + 1) * merge_time / count for k in range(count)]
        else:  # a random moment after the start, one in each sixth of a full run
            delays = [rng.uniform(k, k + 1) * full_run / count for k in range(count)]
        print(
            f"phase {phase}: {NEW + HERE + ELSEWHERE + BAD:,} rows; a full run of the command takes about"
            f" {full_run:.2f}s; in this process the import takes {import_time:.2f}s, its merge {merge_time:.2f}s"
        )
        for i, delay in enumerate(delays):
            application = f"gonghui-kill-{phase}-{i}"
            log = tmp_path / f"{application}.log"
            code, doing = kill(application, roster, union_id, log, after_merge_began=phase == 0, delay=delay)
            now = snapshot()
            state = "before" if now == before else "applied" if now == applied else "NEITHER"
            outcome = "killed" if code == -signal.SIGKILL else f"had already exited ({code})"
            where = (
                "no session"
                if doing is None
                else f"{'in' if doing[0] else 'outside'} the transaction: {doing[1]}"
            )
            line = (
                f"kill {phase}-{i}: {delay:5.2f}s after {'merge began' if phase == 0 else 'start'}, {outcome};"
                f" rows checked {checked_rows(log)}; {where} -> register {state}"
            )
            print(line)
            report.append(line)
            assert state != "NEITHER", (
                f"{line}: differs from before in {differences(before, now)}, "
                f"from applied in {differences(applied, now)}\n{log.read_text(errors='replace')}"
            )

        # Run it to completion: the register is the one the clean import gave; once more changes nothing.
        for application in (f"gonghui-kill-{phase}-final", f"gonghui-kill-{phase}-again"):
            log = tmp_path / f"{application}.log"
            began = time.monotonic()
            assert start(application, roster, union_id, log).wait(timeout=600) == 0, log.read_text()
            print(f"{application}: completed in {time.monotonic() - began:.2f}s")
            final = snapshot()
            assert final == applied, differences(applied, final)

    # at least one kill inside the import's transaction left the register as it was, or nothing was proved
    assert any(", killed;" in line and "; in the" in line and line.endswith("before") for line in report), (
        report
    )
