"""Roster import benchmark on PostgreSQL: a big member register, real .xlsx rosters, the real import, baselines.

Run by hand (not part of the test suite), e.g.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench \\
        uv run python bench/import_roster.py --register 10000000 --rows 100000,1000000

    uv run python bench/import_roster.py --quick          # register 200k, roster 20k: a smoke run

What it does:
1. Creates the database if missing and migrates it. The database is kept between runs, so the register is built
   once (and grown, if a bigger one is asked for); the table `bench_meta` records how many people it holds.
2. Builds the register: people with valid resident ID numbers, encrypted and hashed by gonghui.core.personal as
   Person.set_document/set_mobile do, each with an active membership in one of the benchmark's unions; generated
   on every core and loaded with COPY (secondary indexes dropped and rebuilt when adding over a million).
3. Writes rosters as real .xlsx files (cached under bench/.cache/): ~2 % bad rows (check digit, mobile, date,
   enumeration), ~5 % people already in the register (they become transfer requests), the rest new people.
4. For each roster: `roster_run(apply=True)` into a fresh union, in a child process (wall time, peak RSS of
   that process), then deletes what it added (spans and journal rows included) and checks by exact counts that
   every table but the audit log is as before, so the register and its figures stay as built.
5. Baselines on the same rows: "the limit" (a bare COPY of the already checked rows into a plain temporary
   table), "the register's floor" (the same new people, memberships and events INSERTed straight into their
   tables) and "the usual tool" (django-import-export in bulk mode, people only, on one roster size).
6. A summary line per roster against the goals of issue 22 (≤ 2 x the floor, ≥ 10 x django-import-export,
   100k rows ≤ 5 s, 1M rows ≤ 60 s within 1.5 GB).
"""

import argparse
import cProfile
import datetime as dt
import io
import json
import multiprocessing
import os
import pstats
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from common import setup_django, sql

from gonghui.core.scope import SYSTEM

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_bench"

os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings.base")
# Hashes and ciphers depend on the keys (derived from SECRET_KEY here): pinned, so the register stays findable.
os.environ.setdefault("GONGHUI_SECRET_KEY", "gonghui-bench-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("GONGHUI_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT / "src"))

# ---- people, deterministic from their index ----------------------------------------------------------------

# Beijing districts whose codes stdnum accepts for every birth year; births 1965-2004: 7 x 14,610 days x 1,000
# order codes = 102 million distinct ID numbers. Register people are indexes 0 .. N-1; new people on a roster
# of R rows are 60,000,000 + 2R + row, so rosters of different sizes never share a new person.
REGIONS = ("110105", "110101", "110102", "110106", "110107", "110108", "110109")
FIRST_BIRTH = dt.date(1965, 1, 1)
NDAYS = (dt.date(2004, 12, 31) - FIRST_BIRTH).days + 1
PER_REGION = NDAYS * 1000
NEW_BASE = 60_000_000
BIRTHS = [FIRST_BIRTH + dt.timedelta(days=d) for d in range(NDAYS)]
BIRTH_TEXT = [d.strftime("%Y%m%d") for d in BIRTHS]
EDU_CODES = ("junior", "senior", "senior", "college", "bachelor", "bachelor", "graduate")
EDU_LABELS = {
    "junior": "初中",
    "senior": "高中/中专/技校",
    "college": "大专",
    "bachelor": "本科",
    "graduate": "研究生",
}
SKILL_LABELS = ("", "", "", "初级工", "中级工", "高级工", "技师")
NEW_FORM_LABELS = ("否", "否", "否", "否", "否", "否", "快递员", "网约配送员", "货车司机", "是")
ETHNICITIES = ("汉族",) * 18 + ("回族", "满族")
JOIN_FIRST = dt.date(2012, 1, 1)
JOIN_DAYS = 4000
HEADINGS = (
    "姓名",
    "身份证号码",
    "性别",
    "民族",
    "学历",
    "手机号码",
    "工作单位",
    "技能等级",
    "是否农民工",
    "新就业形态",
    "入会日期",
)


def _mix(i: int) -> int:
    return (i * 2654435761 + 0x9E3779B9) & 0xFFFFFFFF


def id_number(i: int) -> str:
    from stdnum.cn import ric

    region, rem = divmod(i, PER_REGION)
    order, day = divmod(rem, NDAYS)
    body = f"{REGIONS[region]}{BIRTH_TEXT[day]}{order:03d}"
    return body + ric.calc_check_digit(body + "0")  # it takes a full number and ignores the last character


def birth_of(i: int) -> dt.date:
    return BIRTHS[(i % PER_REGION) % NDAYS]


def gender_of(i: int) -> str:
    return "m" if ((i % PER_REGION) // NDAYS) % 2 else "f"


_NAMES: tuple | None = None


def person_name(i: int) -> str:
    global _NAMES
    if _NAMES is None:
        from gonghui.demo.members import GIVEN_NAMES, SURNAMES

        surnames = [s for s, w in SURNAMES for _ in range(max(1, round(w)))]
        _NAMES = (surnames, GIVEN_NAMES)
    surnames, given = _NAMES
    h = _mix(i)
    names = given[gender_of(i), birth_of(i).year >= 1980]
    return surnames[h % len(surnames)] + names[(h >> 9) % len(names)]


def mobile_of(i: int) -> str:
    h = _mix(i + 17)
    return f"1{'3578'[h % 4]}{h % 10}{(i * 7919 + 12345) % 100_000_000:08d}"


# ---- the database -------------------------------------------------------------------------------------------


def ensure_database(url: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("the benchmark needs PostgreSQL: set DATABASE_URL=postgres://…")
    admin = {"host": cfg["HOST"], "port": cfg["PORT"] or 5432, "user": cfg["USER"], "dbname": "postgres"}
    if cfg["PASSWORD"]:
        admin["password"] = cfg["PASSWORD"]
    with psycopg.connect(**admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone():
            conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')
            print(f"created database {cfg['NAME']}")


def meta_get(key: str, default=None):
    rows = sql("SELECT value FROM bench_meta WHERE key = %s", [key], fetch=True)
    return json.loads(rows[0][0]) if rows else default


def meta_set(key: str, value) -> None:
    sql(
        "INSERT INTO bench_meta (key, value) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        [key, json.dumps(value)],
    )


def meta_del(key: str) -> None:
    sql("DELETE FROM bench_meta WHERE key = %s", [key])


# ---- the organisations ----------------------------------------------------------------------------------------

CITY = "基准测试市总工会"
DISTRICT = "基准测试区总工会"
STREETS = 5
BASES_PER_STREET = 20
JOINTS_PER_STREET = 2
TARGET = "基准测试导入目标工会"


def ensure_orgs() -> list[tuple[int, str]]:
    """The unions the register's members belong to, (id, path) in a fixed order."""
    from django.db import transaction

    from gonghui.orgs.models import Level, Org
    from gonghui.orgs.services import org_create

    def get(parent, name, level, **fields):
        found = Org.objects.filter(parent=parent, name=name).first()
        return found or org_create(actor=SYSTEM, parent=parent, name=name, level=level, **fields)

    with transaction.atomic():
        city = get(None, CITY, Level.CITY)
        district = get(city, DISTRICT, Level.DISTRICT, district_code="110105")
        unions = []
        for s in range(STREETS):
            street = get(district, f"基准测试第{s + 1}街道总工会", Level.STREET)
            unions.append(street)
            for j in range(JOINTS_PER_STREET):
                unions.append(get(street, f"基准测试第{s + 1}街道第{j + 1}联合工会", Level.JOINT))
            for b in range(BASES_PER_STREET):
                unions.append(get(street, f"基准测试第{s + 1}街道第{b + 1}企业工会", Level.BASE))
    return [(u.pk, u.path) for u in unions]


def district_org():
    from gonghui.orgs.models import Org

    return Org.objects.get(name=DISTRICT, parent__name=CITY)


def new_target(label: str):
    from gonghui.orgs.models import Level
    from gonghui.orgs.services import org_create

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    return org_create(actor=SYSTEM, parent=district_org(), name=f"{TARGET} {label} {stamp}", level=Level.BASE)


# ---- building the register ---------------------------------------------------------------------------------

PERSON_COLUMNS = (
    "id",
    "full_name",
    "doc_type",
    "id_cipher",
    "id_hash",
    "id_masked",
    "mobile_cipher",
    "mobile_hash",
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
    "created_at",
    "updated_at",
)
MEMBERSHIP_COLUMNS = (
    "id",
    "org_id",
    "org_path",
    "person_id",
    "employer_id",
    "employer_name",
    "number",
    "status",
    "channel",
    "applied_on",
    "join_date",
    "dues_paid_until",
    "leave_reason",
    "ended_on",
    "created_at",
    "updated_at",
)
CHUNK = 50_000
DROP_INDEXES_OVER = 1_000_000
_worker_conn = None


def _worker_copy(task: tuple[int, int, list[tuple[int, str]], str]) -> int:
    """Generate people start..end-1 and their memberships, and COPY them in (one transaction per chunk)."""
    import psycopg

    from gonghui.core import personal
    from gonghui.members.models import ID_PURPOSE, MOBILE_PURPOSE

    global _worker_conn
    start, end, unions, now = task
    if _worker_conn is None:
        _worker_conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        _worker_conn.execute("SET session_replication_role = replica")  # no FK triggers: built consistent
    encrypt, lookup, mask = personal.encrypt, personal.lookup_hash, personal.mask
    people, members = io.StringIO(), io.StringIO()
    pw, mw = people.write, members.write
    for i in range(start, end):
        pk = i + 1
        number = id_number(i)
        mobile = mobile_of(i)
        h = _mix(i)
        new_form = h % 10 == 0
        pw(
            f"{pk}\t{person_name(i)}\tric\t{encrypt(number, purpose=ID_PURPOSE)}\t"
            f"{lookup(f'ric:{number}', purpose=ID_PURPOSE)}\t{mask(number)}\t"
            f"{encrypt(mobile, purpose=MOBILE_PURPOSE)}\t{lookup(mobile, purpose=MOBILE_PURPOSE)}\t{mask(mobile)}\t"
            f"{gender_of(i)}\t{birth_of(i).isoformat()}\t{ETHNICITIES[h % 20]}\t{EDU_CODES[h % 7]}\t\t"
            f"employed\t\t{'t' if h % 5 == 0 else 'f'}\t{'t' if new_form else 'f'}\t"
            f"{'courier' if new_form and h % 3 else ''}\tf\tf\t{now}\t{now}\n"
        )
        org_id, path = unions[i % len(unions)]
        joined = (JOIN_FIRST + dt.timedelta(days=h % JOIN_DAYS)).isoformat()
        mw(
            f"{pk}\t{org_id}\t{path}\t{pk}\t\\N\t基准测试单位{h % 5000}\t110105{pk:010d}\tactive\tstaff\t"
            f"{joined}\t{joined}\t\\N\t\t\\N\t{now}\t{now}\n"
        )
    with _worker_conn.transaction(), _worker_conn.cursor() as cur:
        with cur.copy(f"COPY members_person ({', '.join(PERSON_COLUMNS)}) FROM STDIN") as copy:
            copy.write(people.getvalue())
        with cur.copy(f"COPY members_membership ({', '.join(MEMBERSHIP_COLUMNS)}) FROM STDIN") as copy:
            copy.write(members.getvalue())
    return end - start


def _secondary_indexes(table: str) -> list[dict]:
    rows = sql(
        """
        SELECT ci.relname, pg_get_indexdef(i.indexrelid), c.conname
        FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype = 'u'
        WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
        """,
        [table],
        fetch=True,
    )
    return [{"table": table, "index": r[0], "create": r[1], "constraint": r[2]} for r in rows]


def _drop_indexes() -> None:
    found = _secondary_indexes("members_person") + _secondary_indexes("members_membership")
    meta_set("dropped_indexes", found)  # first, so a crash half-way still knows what to rebuild
    for ix in found:
        if ix["constraint"]:
            sql(f'ALTER TABLE {ix["table"]} DROP CONSTRAINT "{ix["constraint"]}"')
        else:
            sql(f'DROP INDEX IF EXISTS "{ix["index"]}"')
    print(f"  dropped {len(found)} secondary indexes and unique constraints for the load")


def _rebuild_indexes() -> None:
    """Rebuild what _drop_indexes dropped: two index builds at a time (one per core)."""
    from concurrent.futures import ThreadPoolExecutor

    import psycopg

    found = meta_get("dropped_indexes")
    if not found:
        return
    t = time.perf_counter()

    def build(ix: dict) -> tuple[str, float]:
        t0 = time.perf_counter()
        with psycopg.connect(os.environ["DATABASE_URL"], autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '1GB'")
            conn.execute("SET max_parallel_maintenance_workers = 0")
            exists = conn.execute("SELECT to_regclass(%s)", [ix["index"]]).fetchone()[0]
            if not exists:
                conn.execute(ix["create"])
        return ix["index"], time.perf_counter() - t0

    # the big sorts first, so the two builders finish together
    order = sorted(found, key=lambda ix: ("hash" not in ix["create"], "person" not in ix["table"]))
    with ThreadPoolExecutor(2) as pool:
        for name, seconds in pool.map(build, order):
            print(f"  index {name}: {seconds:.0f} s", flush=True)
    for ix in found:
        if ix["constraint"]:
            have = sql("SELECT 1 FROM pg_constraint WHERE conname = %s", [ix["constraint"]], fetch=True)
            if not have:
                sql(
                    f'ALTER TABLE {ix["table"]} ADD CONSTRAINT "{ix["constraint"]}" UNIQUE USING INDEX "{ix["index"]}"'
                )
    meta_del("dropped_indexes")
    print(f"  rebuilt {len(found)} indexes in {time.perf_counter() - t:.0f} s")


def recover() -> None:
    """Put the database back as the last complete build left it (after a crash or an interrupted import)."""
    built = meta_get("built", 0)
    if meta_get("dropped_indexes"):
        print("an earlier build stopped half-way: removing its partial rows and rebuilding indexes")
        sql("DELETE FROM members_membership WHERE id > %s", [built])
        sql("DELETE FROM members_person WHERE id > %s", [built])
        _rebuild_indexes()
    cleanup_imports()


# What an import writes, counted before it and after the cleanup: everything but the audit rows must be as before
# (the audit log refuses deletions: each import leaves its one row, as each target union its creation's).
COUNTED = (
    "members_person",
    "members_membership",
    "members_membershipevent",
    "members_transfer",
    "dashboards_span",
    "dashboards_delta",
    "dashboards_rollup",
    "django_tasks_database_dbtaskresult",
    "core_auditevent",
)


def table_counts() -> dict[str, int]:
    return {t: sql(f"SELECT COUNT(*) FROM {t}", fetch=True)[0][0] for t in COUNTED}  # noqa: S608 (constant names)


def tables_written() -> dict[str, int]:
    """Rows inserted into each table so far (PostgreSQL's statistics, rolled-back rows included)."""
    sql("SELECT pg_stat_clear_snapshot()")
    rows = sql("SELECT relname, n_tup_ins FROM pg_stat_user_tables", fetch=True)
    return {name: n for name, n in rows if not name.startswith("bench_")}


def _stat_state() -> list:
    return [str(v) for v in sql("SELECT folded_at, recomputed_at FROM dashboards_statstate", fetch=True)]


def mark_import() -> None:
    """Before an import: where the statistics journal and the task queue stand, so the cleanup removes exactly
    what the import added to them."""
    sql("ANALYZE dashboards_delta")
    meta_set(
        "import_mark",
        {
            "delta_id": sql("SELECT COALESCE(MAX(id), 0) FROM dashboards_delta", fetch=True)[0][0],
            "at": sql("SELECT now()::text", fetch=True)[0][0],
            "stats": _stat_state(),
        },
    )


def cleanup_imports(*, vacuum: bool = False) -> dict[str, int]:
    """Delete whatever the benchmark's imports added, so the register holds exactly the built people again and
    the figures are as before: the target unions' memberships, their events, transfers and spans, the new people,
    the journal rows the import appended and the fold it queued. The target unions themselves stay (with what
    their creation journaled), and so do the audit rows.

    The figures stay right: the import's journal rows are deleted unfolded, so the rollups never counted the
    deleted memberships. Had a fold run meanwhile (not the benchmark's: it runs no worker), the rollups would
    hold them: then a recompute is made due, which rebuilds them from the facts at the next fold."""
    built = meta_get("built", 0)
    mark = meta_get("import_mark")
    targets = [pk for (pk,) in sql("SELECT id FROM orgs_org WHERE name LIKE %s", [TARGET + "%"], fetch=True)]
    done = {}
    if targets:
        done["spans"] = sql(
            "DELETE FROM dashboards_span WHERE org_id = ANY(%s) OR person_id > %s"
            " OR membership_id IN (SELECT id FROM members_membership WHERE org_id = ANY(%s))",
            [targets, built, targets],
        )
        done["events"] = sql("DELETE FROM members_membershipevent WHERE org_id = ANY(%s)", [targets])
        done["transfers"] = sql("DELETE FROM members_transfer WHERE to_org_id = ANY(%s)", [targets])
        done["memberships"] = sql("DELETE FROM members_membership WHERE org_id = ANY(%s)", [targets])
    done["people"] = sql("DELETE FROM members_person WHERE id > %s", [built])
    if mark:
        done["journal"] = sql("DELETE FROM dashboards_delta WHERE id > %s", [mark["delta_id"]])
        done["tasks"] = sql(
            "DELETE FROM django_tasks_database_dbtaskresult WHERE enqueued_at >= %s::timestamptz"
            " AND status = 'READY' AND task_path LIKE %s",
            [mark["at"], "%stats_fold_task"],
        )
        if _stat_state() != mark["stats"] and done["journal"]:
            sql("UPDATE dashboards_statstate SET recompute_due = TRUE")
            done["recompute_due"] = 1
        meta_del("import_mark")
    if vacuum and any(done.values()):
        t = time.perf_counter()
        for table in COUNTED[:6]:  # the tables an import writes rows into
            sql(f"VACUUM ANALYZE {table}")
        done["vacuum_s"] = round(time.perf_counter() - t)
    return done


def check_cleanup(before: dict[str, int], written: dict[str, int]) -> None:
    """Print what the import wrote and whatever the cleanup left behind (audit rows aside)."""
    print("  the import wrote: " + ", ".join(f"{t} +{n:,}" for t, n in sorted(written.items()) if n))
    after = table_counts()
    left = {t: after[t] - before[t] for t in COUNTED if after[t] != before[t]}
    audit = left.pop("core_auditevent", 0)
    print(
        f"  after the cleanup: {'every counted table as before' if not left else f'LEFT BEHIND {left}'}"
        f" (audit rows +{audit}: the audit log keeps them)"
    )


def build_register(n: int, *, workers: int) -> None:
    built = meta_get("built", 0)
    if built >= n:
        print(f"register: {built:,} people already built (asked for {n:,}): not building")
        return
    unions = ensure_orgs()
    first = built
    total = n - first
    print(f"register: building people {first:,} .. {n - 1:,} ({total:,}) on {workers} processes", flush=True)
    t0 = time.perf_counter()
    dropped = total > DROP_INDEXES_OVER
    if dropped:
        _drop_indexes()
    from django.db import connections

    connections.close_all()  # nothing shared with the forked workers
    now = dt.datetime.now(dt.UTC).isoformat()
    tasks = [(s, min(s + CHUNK, n), unions, now) for s in range(first, n, CHUNK)]
    done = 0
    last = t0
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for count in pool.imap_unordered(_worker_copy, tasks):
            done += count
            if time.perf_counter() - last > 15 or done == total:
                last = time.perf_counter()
                rate = done / (last - t0)
                print(
                    f"  {done:,}/{total:,} people ({rate:,.0f}/s, eta {(total - done) / rate:.0f} s)",
                    flush=True,
                )
    t_load = time.perf_counter() - t0
    print(f"  generated and copied {total:,} people and memberships in {t_load:.0f} s")
    if dropped:
        _rebuild_indexes()
    for table in ("members_person", "members_membership"):
        sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")  # noqa: S608 (constant table names)
    meta_set("built", n)
    t = time.perf_counter()
    sql("VACUUM ANALYZE members_person")
    sql("VACUUM ANALYZE members_membership")
    print(f"  vacuum analyze: {time.perf_counter() - t:.0f} s")
    took = time.perf_counter() - t0
    meta_set("build_log", [*meta_get("build_log", []), {"from": first, "to": n, "seconds": round(took)}])
    print(f"register: {n:,} people built in {took:.0f} s ({total / took:,.0f} people/s overall)", flush=True)


# ---- rosters ----------------------------------------------------------------------------------------------------


def roster_path(rows: int, register: int) -> Path:
    return CACHE / f"roster-{rows}-of-{register}.xlsx"


def write_roster(rows: int, register: int) -> Path:
    """A roster of `rows` people: every 50th row (from row 7) bad, every 20th (from row 3) already registered."""
    import xlsxwriter

    path = roster_path(rows, register)
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"{rows}/{register}")
    known_rows = [r for r in range(rows) if r % 20 == 3]
    known = dict(zip(known_rows, rng.sample(range(register), len(known_rows)), strict=True))
    base = NEW_BASE + 2 * rows
    t = time.perf_counter()
    tmp = path.with_suffix(".tmp.xlsx")
    book = xlsxwriter.Workbook(str(tmp), {"constant_memory": True})
    sheet = book.add_worksheet("会员名册")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADINGS)
    today = dt.date.today()
    for r in range(rows):
        i = known.get(r, base + r)
        h = _mix(i + 101)
        number = id_number(i)
        mobile = mobile_of(i + 1)  # a new mobile: the roster is newer than the register
        cells = [
            person_name(i),
            number,
            "男" if gender_of(i) == "m" else "女",
            ETHNICITIES[h % 20],
            EDU_LABELS[EDU_CODES[h % 7]],
            mobile,
            f"北京市朝阳区某某{h % 3000}有限公司",
            SKILL_LABELS[h % 7],
            "是" if h % 4 == 0 else "否",
            NEW_FORM_LABELS[h % 10],
        ]
        joined: object = min(today - dt.timedelta(days=1), JOIN_FIRST + dt.timedelta(days=h % JOIN_DAYS))
        if r % 50 == 7:
            kind = (r // 50) % 4
            if kind == 0:
                cells[1] = number[:-1] + ("0" if number[-1] != "0" else "1")  # wrong check digit
            elif kind == 1:
                cells[5] = "1" + mobile[2:]  # ten digits
            elif kind == 2:
                joined = f"{2020 + h % 4}-02-30"  # no such day
            else:
                cells[4] = "大学"  # not an education level
        sheet.write_row(r + 1, 0, cells)
        if isinstance(joined, dt.date):
            sheet.write_datetime(r + 1, 10, dt.datetime.combine(joined, dt.time()), date_format)
        else:
            sheet.write_string(r + 1, 10, str(joined))
    book.close()
    tmp.rename(path)
    print(
        f"roster: wrote {path.name} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.0f} s"
    )
    return path


# ---- child processes: one measurement each, so peak RSS is that of the measured work --------------------------


def _timed(module, name: str, spent: dict[str, float]) -> None:
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        t = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t

    setattr(module, name, wrapper)


def child_import(path: Path, union_id: int, profile: bool, explain: bool = False) -> dict:
    from django.db import connection

    from gonghui.imports import merge, services
    from gonghui.orgs.models import Org

    content = path.read_bytes()
    union = Org.objects.get(pk=union_id)
    spent: dict[str, float] = {}
    for name in ("create_stage", "load_stage", "index_stage", "apply", "drop_stage"):
        if hasattr(merge, name):
            _timed(merge, name, spent)
    statements: list[tuple[float, str]] = []

    def watch(execute, statement, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            statements.append((time.perf_counter() - t0, " ".join(str(statement).split())))

    plans: list[str] = []
    if explain:  # the plans of the slow statements, with row counts and buffers, sent back as notices
        sql("LOAD 'auto_explain'")
        for setting in (
            "log_min_duration = '500ms'",
            "log_analyze = on",
            "log_timing = off",
            "log_buffers = on",
        ):
            sql(f"SET auto_explain.{setting}")
        sql("SET auto_explain.log_level = notice")
        connection.connection.add_notice_handler(lambda diag: plans.append(diag.message_primary or ""))
    profiler = cProfile.Profile() if profile else None
    t = time.perf_counter()
    if profiler:
        profiler.enable()
    with connection.execute_wrapper(watch):
        result = services.roster_run(
            actor=SYSTEM, union=union, content=content, filename=path.name, apply=True
        )
    if profiler:
        profiler.disable()
    wall = time.perf_counter() - t
    out = {
        "wall": wall,
        "counts": result.counts.as_dict(),
        "errors": len(result.errors),
        "phases": {k: round(v, 2) for k, v in spent.items()},
        "statements": [(round(d, 2), q[:150]) for d, q in sorted(statements, reverse=True)[:12]],
        "check_workers": services.check_workers() if len(content) >= services.PARALLEL_BYTES else 0,
    }
    if plans:
        out["plans"] = plans
    if profiler:
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.sort_stats("tottime").print_stats(25)
        stats.sort_stats("cumulative").print_stats(30)
        out["profile"] = text.getvalue()
    return out


def child_limit(path: Path) -> dict:
    """The limit: reading alone, reading + checking, and a bare COPY of the checked rows into a plain table."""
    from django.db import connection, transaction
    from django.utils import timezone

    from gonghui.imports.merge import COLUMN_TYPES
    from gonghui.imports.roster import STAGE_COLUMNS, RowChecker, blank, open_roster

    content = path.read_bytes()
    t = time.perf_counter()
    _parsed, rows = open_roster(content, path.name)
    count = sum(1 for _ in rows)
    t_read = time.perf_counter() - t

    t = time.perf_counter()
    parsed, rows = open_roster(content, path.name)
    checker = RowChecker(parsed.mapping, today=timezone.localdate())
    staged = []
    for row_no, cells in rows:
        if not blank(cells):
            checked = checker.check(row_no, cells)
            if not isinstance(checked, list):
                staged.append(checked)
    t_check = time.perf_counter() - t

    columns = ", ".join(f"{c} {COLUMN_TYPES.get(c, 'text')}" for c in STAGE_COLUMNS)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE bench_limit ({columns}) ON COMMIT DROP")
        t = time.perf_counter()
        with cur.cursor.copy(f"COPY bench_limit ({', '.join(STAGE_COLUMNS)}) FROM STDIN") as copy:
            for row in staged:
                copy.write_row(row)
        t_copy = time.perf_counter() - t
        # The register's floor: the same new people, their memberships and their enrolment events written
        # straight into their indexed tables (nothing else: no checks, lookups, transfers, statistics), then
        # rolled back. Ids are drawn and the people already registered left out beforehand, untimed.
        cur.execute("SELECT id, path FROM orgs_org WHERE name = %s", ["基准测试第1街道第1企业工会"])
        org_id, org_path = cur.fetchone()
        cur.execute("DELETE FROM bench_limit b USING members_person p WHERE p.id_hash = b.id_hash")
        cur.execute("ALTER TABLE bench_limit ADD COLUMN pid bigint, ADD COLUMN mid bigint")
        cur.execute(
            "UPDATE bench_limit SET pid = nextval(pg_get_serial_sequence('members_person', 'id')),"
            " mid = nextval(pg_get_serial_sequence('members_membership', 'id'))"
        )
        cur.execute("ANALYZE bench_limit")
        person = [
            c for c in STAGE_COLUMNS if c not in ("row_no", "employer_name", "number", "join_date", "status")
        ]
        names = ", ".join(person)
        floor = {
            "people": (
                f"INSERT INTO members_person (id, {names}, created_at, updated_at)"  # noqa: S608 (column names)
                f" SELECT pid, {names}, now(), now() FROM bench_limit"
            ),
            "memberships": (
                "INSERT INTO members_membership (id, org_id, org_path, person_id, employer_id, employer_name,"
                " number, status, channel, applied_on, join_date, dues_paid_until, leave_reason, ended_on,"
                " created_at, updated_at)"
                " SELECT mid, %s, %s, pid, NULL, employer_name, 'F' || lpad(mid::text, 12, '0'), status, 'roster',"
                " join_date, join_date, NULL, '', NULL, now(), now() FROM bench_limit"
            ),
            "events": (
                "INSERT INTO members_membershipevent (org_id, org_path, membership_id, kind, on_date, from_status,"
                " to_status, other_org_id, reason, actor_id, actor_username, created_at)"
                " SELECT %s, %s, mid, 'enrolled', join_date, '', status, NULL, 'floor', NULL, '', now()"
                " FROM bench_limit"
            ),
        }
        parts, people = {}, 0
        for name, statement in floor.items():
            t = time.perf_counter()
            cur.execute(statement, [] if name == "people" else [org_id, org_path])
            parts[name] = time.perf_counter() - t
            people = people or cur.rowcount
        transaction.set_rollback(True)
    with connection.cursor() as cur:
        for table in ("members_person", "members_membership", "members_membershipevent"):
            cur.execute(f"VACUUM {table}")  # the rolled-back rows and their index entries
    return {
        "rows": count,
        "staged": len(staged),
        "read": t_read,
        "read_check": t_check,
        "copy": t_copy,
        "people": people,
        "floor": sum(parts.values()),
        "floor_parts": parts,
    }


def child_import_export(path: Path) -> dict:
    """The usual tool: django-import-export, bulk mode, a ModelResource for Person (people only)."""
    import tablib
    from django.core.exceptions import ValidationError
    from import_export import resources
    from import_export.instance_loaders import CachedInstanceLoader
    from python_calamine import CalamineWorkbook

    from gonghui.core.errors import DomainError
    from gonghui.imports.roster import _choices
    from gonghui.members.identity import parse_document, parse_mobile
    from gonghui.members.models import Person

    # tablib's own xlsx reader needs openpyxl, which the project does not have: the sheet is read with calamine
    t = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    dataset = tablib.Dataset(*[tuple(r) for r in sheet[1:]], headers=[str(h) for h in sheet[0]])
    t_load = time.perf_counter() - t

    class PersonResource(resources.ModelResource):
        class Meta:
            model = Person
            fields = (
                "id_hash",
                "full_name",
                "doc_type",
                "id_cipher",
                "id_masked",
                "mobile_cipher",
                "mobile_hash",
                "mobile_masked",
                "gender",
                "birth_date",
                "ethnicity",
                "education",
                "skill_level",
                "is_migrant",
                "is_new_form",
                "priority_group",
            )
            import_id_fields = ("id_hash",)
            use_bulk = True
            batch_size = 1000  # the default; bulk_update's CASE WHEN grows with the square of it
            skip_diff = True  # the docs' advice for big bulk imports
            instance_loader_class = CachedInstanceLoader  # one query for the existing people, not one per row

        def before_import(self, dataset, **kwargs):
            hashes = []
            for raw in dataset["身份证号码"]:
                try:
                    doc = parse_document("ric", str(raw or ""))
                    hashes.append(Person.id_lookup(doc.doc_type, doc.number))
                except DomainError:
                    hashes.append("")
            dataset.append_col(hashes, header="id_hash")

        def import_instance(self, instance, row, **kwargs):
            errors = {}
            try:
                doc = parse_document("ric", str(row["身份证号码"] or ""))
                instance.set_document(doc.doc_type, doc.number)
                instance.birth_date, instance.gender = doc.birth_date, doc.gender
            except DomainError as exc:
                errors["id_hash"] = exc.message
            instance.full_name = str(row["姓名"] or "").strip()
            try:
                instance.set_mobile(parse_mobile(str(row["手机号码"] or "")))
            except DomainError as exc:
                errors["mobile_hash"] = exc.message
            instance.ethnicity = str(row["民族"] or "汉族")
            for field, kind, column in (
                ("education", "education", "学历"),
                ("skill_level", "skill_level", "技能等级"),
            ):
                text = str(row[column] or "").strip()
                code = _choices(kind).get(text, None if text else "")
                if code is None:
                    errors[field] = f"{column}不正确"
                else:
                    setattr(instance, field, code)
            instance.is_migrant = row["是否农民工"] == "是"
            new_form = str(row["新就业形态"] or "否")
            instance.is_new_form = new_form != "否"
            instance.priority_group = _choices("priority_group").get(new_form, "")
            if not isinstance(row["入会日期"], dt.date):
                errors["birth_date"] = "入会日期格式不正确"
            if errors:
                raise ValidationError(errors)

    t = time.perf_counter()
    result = PersonResource().import_data(dataset, dry_run=True, use_transactions=True)
    wall = time.perf_counter() - t
    totals = {k: v for k, v in result.totals.items() if v}
    return {"rows": len(dataset), "load": t_load, "wall": wall, "totals": totals}


class MemoryWatch:
    """The machine's memory in use (MemTotal - MemAvailable), sampled every 0.1 s: its peak rise over the start.
    It counts every process (the import, its workers, PostgreSQL's backends), each shared page once."""

    def __enter__(self):
        import threading

        self.start = self.peak = self._used()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @staticmethod
    def _used() -> int:
        info = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
        return int(info["MemTotal"].split()[0]) - int(info["MemAvailable"].split()[0])

    def _watch(self) -> None:
        while not self._stop.wait(0.1):
            self.peak = max(self.peak, self._used())

    @property
    def peak_mb(self) -> float:
        return (self.peak - self.start) / 1024


def run_child(kind: str, *args: str) -> tuple[dict, float]:
    """Run one measurement in a child process; its result and its peak RSS in MB."""
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, __file__, "--child", kind, *args], stdout=subprocess.PIPE, cwd=ROOT
    )
    out, _ = proc.communicate()
    if proc.returncode != 0:
        raise SystemExit(f"child {kind} failed ({proc.returncode})")
    line = out.decode().strip().splitlines()[-1]
    data = json.loads(line)
    return data, data["maxrss_mb"] + data.get("workers_maxrss_mb", 0) * _check_workers(data)


def _check_workers(data: dict) -> int:
    """How many row-checking processes the measured import used (0 for the baselines)."""
    return int(data.get("check_workers", 0))


def child_main(kind: str, args: list[str]) -> None:
    setup_django()
    sql("SET statement_timeout = '15min'")  # a baseline that never ends is a result, not a hang
    if kind == "import":
        extra = args[2:]
        data = child_import(
            Path(args[0]), int(args[1]), profile="profile" in extra, explain="explain" in extra
        )
    elif kind == "limit":
        data = child_limit(Path(args[0]))
    elif kind == "import-export":
        data = child_import_export(Path(args[0]))
    else:
        raise SystemExit(f"unknown child {kind}")
    data["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB
    # the forked processes that checked rows (largest of them); they share the parent's pages until written
    data["workers_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")


# ---- the run ------------------------------------------------------------------------------------------------------


def rate(rows: int, seconds: float) -> str:
    return f"{rows / seconds:,.0f} rows/s"


def prewarm() -> None:
    """Read the register's indexes into PostgreSQL's buffers (pg_prewarm), as a server that has been answering
    for a while holds them: otherwise the first import of a run (right after PostgreSQL starts) pays for reading
    index pages from disk that the floors measured after it find in memory."""
    sql("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
    t = time.perf_counter()
    rels = sql(
        "SELECT indexrelid::regclass::text FROM pg_index"
        " WHERE indrelid IN ('members_person'::regclass, 'members_membership'::regclass)",
        fetch=True,
    )
    pages = sum(sql("SELECT pg_prewarm(%s)", [rel], fetch=True)[0][0] for (rel,) in rels)
    print(
        f"prewarmed {len(rels)} indexes of the register ({pages * 8 / 1024:,.0f} MB) in {time.perf_counter() - t:.1f} s"
    )


def measure(rows: int, register: int, *, import_export: bool, profile: bool, explain: bool = False) -> dict:
    path = write_roster(rows, register)
    label = f"{rows:,}"
    print(f"\n== roster of {label} rows ({path.name}) ==", flush=True)

    union = new_target(f"{rows}")
    before, inserted = table_counts(), tables_written()
    mark_import()
    with MemoryWatch() as machine:
        imp, imp_rss = run_child("import", str(path), str(union.pk))
    written = {t: n - inserted.get(t, 0) for t, n in tables_written().items()}
    c = imp["counts"]
    print(
        f"import:   {imp['wall']:.1f} s, {rate(rows, imp['wall'])}, peak RSS {imp_rss:,.0f} MB"
        f" ({imp['maxrss_mb']:,.0f} MB + {_check_workers(imp)} checking processes of up to"
        f" {imp.get('workers_maxrss_mb', 0):,.0f} MB, pages shared after fork counted in each);"
        f" the machine's memory in use rose by at most {machine.peak_mb:,.0f} MB"
        f"  [new people {c['new_people']:,}, new members {c['new_members']:,}, transfers {c['transfers']:,},"
        f" rows in error {c['errors']:,}, errors {imp['errors']:,}]"
    )
    phases = imp["phases"]
    merged = phases.get("apply", 0.0)
    staged = phases.get("load_stage", 0.0)
    indexed = phases.get("index_stage", 0.0)
    rest = (
        imp["wall"] - merged - staged - indexed - phases.get("create_stage", 0) - phases.get("drop_stage", 0)
    )
    print(
        f"  phases: read+check+commit {rest:.1f} s, stage COPY {staged:.1f} s, stage index {indexed:.1f} s,"
        f" merge SQL {merged:.1f} s"
    )
    print("  slowest statements:")
    for seconds, statement in imp["statements"][:8]:
        print(f"    {seconds:6.2f} s  {statement}")
    done = cleanup_imports(vacuum=True)
    print(f"  cleanup: {done}")
    check_cleanup(before, written)

    lim, lim_rss = run_child("limit", str(path))
    print(
        f"limit:    bare COPY of {lim['staged']:,} checked rows {lim['copy']:.2f} s, {rate(lim['staged'], lim['copy'])}"
        f"  (reading alone {lim['read']:.1f} s = {rate(lim['rows'], lim['read'])};"
        f" reading + checking {lim['read_check']:.1f} s = {rate(lim['rows'], lim['read_check'])};"
        f" peak RSS {lim_rss:,.0f} MB)"
    )
    parts = lim["floor_parts"]
    print(
        f"register's floor: the {lim['people']:,} new people, their memberships and events INSERTed straight into"
        f" their indexed tables {lim['floor']:.1f} s, {rate(lim['people'], lim['floor'])}"
        f" (people {parts['people']:.1f} s, memberships {parts['memberships']:.1f} s, events {parts['events']:.1f} s)"
    )
    out = {"rows": rows, "import": imp, "import_rss": imp_rss, "machine_mb": machine.peak_mb, "limit": lim}
    if import_export:
        ie, ie_rss = run_child("import-export", str(path))
        print(
            f"django-import-export (bulk, people only, dry run): {ie['wall']:.1f} s, {rate(ie['rows'], ie['wall'])}"
            f" (+ {ie['load']:.1f} s reading the sheet), peak RSS {ie_rss:,.0f} MB, {ie['totals']}"
        )
        out["ie"] = ie
        print(f"  cleanup: {cleanup_imports(vacuum=True)}")
    if profile:
        union = new_target(f"{rows}-profile")
        mark_import()
        prof, _ = run_child("import", str(path), str(union.pk), "profile")
        print(f"\n-- cProfile of the {label}-row import ({prof['wall']:.1f} s under the profiler) --")
        print(prof["profile"])
        print(f"  cleanup: {cleanup_imports(vacuum=True)}")
    if explain:
        union = new_target(f"{rows}-explain")
        mark_import()
        plan, _ = run_child("import", str(path), str(union.pk), "explain")
        print(f"\n-- plans of the statements over 0.5 s in the {label}-row import ({plan['wall']:.1f} s) --")
        for text in plan.get("plans", []):
            print(text, end="\n\n")
        print(f"  cleanup: {cleanup_imports(vacuum=True)}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--register", type=int, default=10_000_000, help="members in the register")
    parser.add_argument("--rows", default="100000,1000000", help="roster sizes, comma-separated")
    parser.add_argument("--quick", action="store_true", help="smoke run: register 200k, roster 20k")
    parser.add_argument("--skip-build", action="store_true", help="use the register as it is")
    parser.add_argument("--build-only", action="store_true", help="build the register and the rosters, stop")
    parser.add_argument("--baseline-only", action="store_true", help="only the baselines (no import)")
    parser.add_argument(
        "--import-export-rows", type=int, default=100_000, help="roster size for that baseline"
    )
    parser.add_argument("--no-import-export", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile the import of the smallest roster")
    parser.add_argument(
        "--explain", action="store_true", help="plans of the smallest roster's slow statements"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child[0], args.child[1:])
        return
    if args.quick:
        args.register, args.rows, args.import_export_rows = 200_000, "20000", 20_000
    sizes = [int(s.replace("_", "")) for s in args.rows.split(",") if s]
    if args.register >= NEW_BASE:
        sys.exit(f"--register must stay under {NEW_BASE:,}")

    url = os.environ["DATABASE_URL"]
    print(f"database: {url}  (register {args.register:,}, rosters {', '.join(f'{s:,}' for s in sizes)})")
    ensure_database(url)
    setup_django(migrate=True)
    sql("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)")
    recover()
    if not args.skip_build:
        build_register(args.register, workers=args.workers)
    built = meta_get("built", 0)
    if built < args.register:
        sys.exit(f"the register holds {built:,} people, fewer than {args.register:,}: build it first")
    for log in meta_get("build_log", []):
        print(f"register build log: people {log['from']:,}..{log['to']:,} took {log['seconds']} s")
    register = args.register
    for size in sizes:
        write_roster(size, register)
    if args.build_only:
        return

    results = []
    prewarm()
    for size in sorted(sizes):
        if args.baseline_only:
            path = write_roster(size, register)
            lim, rss = run_child("limit", str(path))
            print(f"limit {size:,}: COPY {rate(lim['staged'], lim['copy'])}, {lim} peak RSS {rss:.0f} MB")
            continue
        results.append(
            measure(
                size,
                register,
                import_export=not args.no_import_export and size == args.import_export_rows,
                profile=args.profile and size == min(sizes),
                explain=args.explain and size == min(sizes),
            )
        )

    if results:
        summary(results, register)


def _goal(ok: bool) -> str:
    return "met" if ok else "MISSED"


def summary(results: list[dict], register: int) -> None:
    """Per roster: seconds, rows/s, the ratios to the register's floor and to django-import-export, memory, and
    the goal lines (issue 22: ≤ 2 x the floor, ≥ 10 x django-import-export, 100k rows ≤ 5 s, 1M rows ≤ 60 s
    within 1.5 GB)."""
    print(f"\n== summary (register {register:,} members, PostgreSQL, {os.cpu_count()} cores) ==")
    ie_rate = next((r["ie"]["rows"] / r["ie"]["wall"] for r in results if "ie" in r), None)
    for res in results:
        rows, imp, lim = res["rows"], res["import"], res["limit"]
        wall = imp["wall"]
        mine = rows / wall
        floor = wall / lim["floor"]
        copy = lim["staged"] / lim["copy"]
        line = (
            f"{rows:,} rows: {wall:.1f} s, {mine:,.0f} rows/s; {floor:.2f} x the register's floor"
            f" ({lim['floor']:.1f} s; goal <= 2 x: {_goal(floor <= 2)})"
        )
        if ie_rate:
            measured = (
                "" if "ie" in res else f", measured on {next(r['rows'] for r in results if 'ie' in r):,} rows"
            )
            line += f"; {mine / ie_rate:.1f} x django-import-export ({ie_rate:,.0f} rows/s{measured}; goal >= 10 x:"
            line += f" {_goal(mine / ie_rate >= 10)})"
        line += (
            f"; memory: the machine's +{res['machine_mb']:,.0f} MB, peak RSS sum {res['import_rss']:,.0f} MB"
            + (f" (goal <= 1.5 GB at 1M: {_goal(res['machine_mb'] <= 1536)})" if rows >= 1_000_000 else "")
        )
        line += f"; the bare COPY of the checked rows {copy:,.0f} rows/s ({copy / mine:.0f} x the import)"
        print(line)
    for res in results:
        rows, wall = res["rows"], res["import"]["wall"]
        if rows == 100_000:
            print(f"goal: 100k rows <= 5 s: {wall:.1f} s -> {_goal(wall <= 5)}")
        if rows == 1_000_000:
            memory = res["machine_mb"]  # every process, shared pages once
            print(
                f"goal: 1M rows <= 60 s within 1.5 GB: {wall:.1f} s -> {_goal(wall <= 60)},"
                f" memory +{memory:,.0f} MB on the machine -> {_goal(memory <= 1536)}"
            )
    if register < 10_000_000:
        print(f"(goals are for a register of 10,000,000; this run's register held {register:,})")


if __name__ == "__main__":
    main()
