"""Dashboard figures benchmark on PostgreSQL: a city-sized register, the rollups, and the direct counts beside them.

Run by hand (not part of the test suite), e.g.

    uv run python bench/dashboard.py --quick                          # 200,000 members, 5,000 nodes
    uv run python bench/dashboard.py                                  # 10 million members, 100,000 nodes

The goal (issue 6): with 10 million members in a 100,000-node tree on the 2-core machine, any subtree figure in
under 20 ms at p99, fresh within 60 s of a change, a full recompute under 60 s.

What it does:
1. Builds the register once into its own database (`gonghui_dashbench`, or `gonghui_dashbench_<members>_<nodes>`
   for other sizes; the name must contain `dashbench`, because a build drops and re-creates it), migrated by
   Django: a tree shaped like Beijing (a city root; 16 districts with their GB/T 2260 codes, a functional zone,
   10 industry unions; streets; joint unions; base unions; a few branches), employers under the streets and
   districts (own union, joint union or none), and the members: people, memberships, their events and transfers,
   and the statistics spans, all generated in SQL (generate_series, INSERT ... SELECT; the small tables by COPY),
   with the secondary indexes of the big tables dropped during the load and rebuilt after. Then a first
   `stats_recompute()`. `bench_meta` records what was built; a later run with the same sizes reuses it.
2. Recompute: `stats_recompute()` timed (`--recompute-runs`, 2), with its rollup rows and nodes, beside one plain
   `SELECT org_path, count(*) FROM dashboards_span GROUP BY 1` over the same rows (the floor of any recompute).
3. Reads: the root, every second-level node, random streets, the biggest and random joint/base unions, each on
   today, a past month end and a past mid-month day: `selectors.figures` (all figures, the year to the day) and
   `selectors.cumulative` (the core read), after a warm-up pass; beside (a) the naive register count of members
   now and (b) the same figures counted directly from the facts (`selectors._sum(facts.Where.subtree(...))`),
   on fewer samples. p50 / p99 / max per level, and the ratios on the same samples. (b) must equal the rollup
   read, and (a) the rollup read of today's members: mismatches are printed.
4. Freshness: K members enrolled one request at a time through `membership_enrol`, then `stats_fold()` timed;
   the root's members must have grown by exactly K. Afterwards they are taken back out (journal, delete, fold),
   so the register stays as built.
5. Summary: the goal figures and the ratios.
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import setup_django, sql

from gonghui.core.scope import SYSTEM

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_MEMBERS = 10_000_000
DEFAULT_NODES = 100_000
DB_HOST = "postgres://postgres@127.0.0.1:5432/"

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings.base")
# Pinned like the other benches (hashes and ciphers of the people enrolled in step 4 derive from it).
os.environ.setdefault("GONGHUI_SECRET_KEY", "gonghui-bench-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("GONGHUI_LOG_LEVEL", "WARNING")
sys.path.insert(0, str(ROOT / "src"))

# ---- the shape of the register ---------------------------------------------------------------------------------

# Beijing's 16 districts (GB/T 2260) and their streets, towns and areas (街道/乡镇/地区), for the proportions.
DISTRICTS = (
    ("110101", "东城区", 17),
    ("110102", "西城区", 15),
    ("110105", "朝阳区", 43),
    ("110106", "丰台区", 26),
    ("110107", "石景山区", 9),
    ("110108", "海淀区", 29),
    ("110109", "门头沟区", 13),
    ("110111", "房山区", 28),
    ("110112", "通州区", 22),
    ("110113", "顺义区", 25),
    ("110114", "昌平区", 22),
    ("110115", "大兴区", 22),
    ("110116", "怀柔区", 16),
    ("110117", "平谷区", 18),
    ("110118", "密云区", 20),
    ("110119", "延庆区", 15),
)
ZONE = "北京经济技术开发区"
INDUSTRIES = ("教育", "卫生", "金融", "建设", "交通运输", "邮政", "能源化工", "农林水利", "商贸", "文化体育")
OWNERSHIP = (
    ("private",) * 12
    + ("state",) * 2
    + ("foreign", "hkmotw", "institution", "agency", "social", "institution")
)
JOIN_FIRST = dt.date(2000, 1, 1)
JOIN_LAST = dt.date(2026, 11, 20)
RIDER_FIRST = dt.date(2016, 1, 1)  # the riders' and couriers' joint unions are young
GROUPS = (
    "truck_driver",
    "courier",
    "carer",
    "domestic",
    "mall_staff",
    "rider",
    "estate_agent",
    "security",
    "other",
)
SKILLS = (  # lower rungs more common
    "apprentice",
    "junior",
    "junior",
    "junior",
    "intermediate",
    "intermediate",
    "intermediate",
    "senior",
    "senior",
    "technician",
    "senior_technician",
    "special",
    "chief",
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = (
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
)


def _lu(rng: random.Random, lo: float, hi: float) -> float:
    """Log-uniform between lo and hi: heavy-tailed sizes."""
    return math.exp(rng.uniform(math.log(lo), math.log(hi)))


class Node:
    __slots__ = ("area", "code", "id", "kind", "level", "name", "parent", "path", "prefix", "size", "street")

    def __init__(self, pk, parent, level, name, *, code="", kind=""):
        from gonghui.core.paths import segment

        self.id, self.parent, self.level, self.name, self.code, self.kind = (
            pk,
            parent,
            level,
            name,
            code,
            kind,
        )
        self.path = (parent.path if parent else "") + segment(pk)
        self.size = 0
        # the second-level node above (district, zone or industry union), the street above, the number prefix
        self.area = self if level in ("district", "zone", "industry") else (parent.area if parent else None)
        self.street = self if level == "street" else (parent.street if parent else None)
        self.prefix = code or (parent.prefix if parent else "110000")


def plan_tree(nodes: int, rng: random.Random, first_id: int) -> list[Node]:
    """The organisations, parents before children: city, districts, zone, industries, streets, joints, bases,
    branches."""
    n_streets = max(len(DISTRICTS) + 1, round(nodes * 0.0033))
    n_joints = round(nodes * 0.05)
    n_branches = round(nodes * 0.004)
    out: list[Node] = []
    ids = iter(range(first_id, first_id + nodes))

    def add(parent, level, name, **kw) -> Node:
        node = Node(next(ids), parent, level, name, **kw)
        out.append(node)
        return node

    city = add(None, "city", "北京市总工会", code="110000")
    districts = [add(city, "district", f"{name}总工会", code=code) for code, name, _ in DISTRICTS]
    zone = add(city, "zone", f"{ZONE}总工会")
    industries = [add(city, "industry", f"北京市{name}工会") for name in INDUSTRIES]
    # streets: two for the zone (at 100,000 nodes), the rest over the districts in Beijing's proportions
    zone_streets = max(1, round(n_streets * 0.006))
    weights = [w for _, _, w in DISTRICTS]
    share = [(n_streets - zone_streets) * w / sum(weights) for w in weights]
    per = [max(1, int(s)) for s in share]
    for i in sorted(range(len(per)), key=lambda i: share[i] - int(share[i]), reverse=True):
        if sum(per) >= n_streets - zone_streets:
            break
        per[i] += 1
    streets = []
    for d, count in zip(districts, per, strict=True):
        streets += [add(d, "street", f"{d.name[:-3]}第{k + 1}街道总工会") for k in range(count)]
    streets += [add(zone, "street", f"{ZONE}第{k + 1}地区总工会") for k in range(zone_streets)]
    seconds = [*districts, zone]
    n_bases = nodes - len(out) - n_joints - n_branches
    if n_bases < 10:
        sys.exit(f"--nodes {nodes} is too small for the shape (at least ~300)")
    joints = []
    for _ in range(n_joints):
        u = rng.random()
        parent = (
            rng.choice(streets) if u < 0.9 else rng.choice(seconds) if u < 0.95 else rng.choice(industries)
        )
        kind = "rider" if rng.random() < 0.04 else ""
        pk = first_id + len(out)
        name = f"{'网约配送员和快递员' if kind else ''}联合工会{pk}"
        joints.append(add(parent, "joint", name, kind=kind))
    bases = []
    for _ in range(n_bases):
        u = rng.random()
        if u < 0.5:
            parent = rng.choice(streets)
        elif u < 0.8:
            parent = rng.choice(joints)
        elif u < 0.92:
            parent = rng.choice(industries)
        elif u < 0.98:
            parent = rng.choice(districts)
        else:
            parent = zone
        bases.append(add(parent, "base", f"基层工会{first_id + len(out)}"))
    for _ in range(n_branches):
        add(rng.choice(bases), "branch", f"分工会{first_id + len(out)}")
    return out


def plan_sizes(tree: list[Node], members: int, rng: random.Random) -> None:
    """Members per member-holding union (base, joint, street), heavy-tailed, scaled to `members` in total."""
    holders = [n for n in tree if n.level in ("base", "joint", "street")]
    raw = []
    for n in holders:
        if n.level == "base":
            u = rng.random()
            raw.append(
                _lu(rng, 5000, 30000)
                if u < 0.001
                else _lu(rng, 200, 1000)
                if u < 0.026
                else _lu(rng, 20, 160)
            )
        elif n.level == "joint":
            raw.append(_lu(rng, 2000, 8000) if n.kind == "rider" else _lu(rng, 20, 300))
        else:
            raw.append(_lu(rng, 10, 300))
    factor = members / sum(raw)
    sizes = [int(r * factor) for r in raw]
    for i in rng.sample(range(len(holders)), members - sum(sizes)):
        sizes[i] += 1
    for n, s in zip(holders, sizes, strict=True):
        n.size = s
    print(f"  member sizes drawn and scaled by {factor:.2f} to {members:,} in total")


def plan_employers(tree: list[Node], nodes: int, rng: random.Random, now: str) -> list[tuple]:
    """Employers recorded under a street (or a district): 65 % of base unions are some employer's own union,
    every joint union covers a few, the rest have no union; ~1.5 per node in all."""
    streets = [n for n in tree if n.level == "street"]
    by_area = defaultdict(list)
    for s in streets:
        by_area[s.area.id].append(s)
    seconds = [n for n in tree if n.level in ("district", "zone")]

    def location(n: Node) -> Node:
        if n.street is not None:
            return n.street
        return rng.choice(by_area.get(n.area.id) or streets)

    rows = []

    def employer(org: Node, union: Node | None, coverage: str, headcount: int) -> None:
        pk = len(rows) + 1
        rows.append(
            (
                pk,
                org.id,
                org.path,
                f"基准测试用人单位{pk}",
                rng.choice(OWNERSHIP),
                headcount,
                union.id if union else None,
                coverage,
                now,
                now,
            )
        )

    for n in tree:
        if n.level == "base" and rng.random() < 0.65:
            employer(location(n), n, "own", max(3, round(n.size * rng.uniform(1.1, 2.5))))
        elif n.level == "joint":
            for _ in range(round(_lu(rng, 2, 30))):
                employer(location(n), n, "joint", round(_lu(rng, 3, 200)))
    for _ in range(max(0, round(nodes * 1.5) - len(rows))):
        org = rng.choice(streets) if rng.random() < 0.9 else rng.choice(seconds)
        employer(org, None, "none", round(_lu(rng, 3, 800)))
    return rows


# ---- the database ---------------------------------------------------------------------------------------------


def db_name(url: str) -> str:
    import dj_database_url

    return dj_database_url.parse(url)["NAME"]


def admin_connect(url: str):
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("the benchmark needs PostgreSQL: --database postgres://…")
    admin = {"host": cfg["HOST"], "port": cfg["PORT"] or 5432, "user": cfg["USER"], "dbname": "postgres"}
    if cfg["PASSWORD"]:
        admin["password"] = cfg["PASSWORD"]
    return psycopg.connect(**admin, autocommit=True)


def built_meta(url: str) -> dict | None:
    """What `bench_meta` says was built in that database (None: no database, or no complete build)."""
    import psycopg

    name = db_name(url)
    with admin_connect(url) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return None
    with psycopg.connect(url, autocommit=True) as conn:
        if not conn.execute("SELECT to_regclass('bench_meta')").fetchone()[0]:
            return None
        row = conn.execute("SELECT value FROM bench_meta WHERE key = 'built'").fetchone()
        return json.loads(row[0]) if row else None


def recreate_database(url: str) -> None:
    name = db_name(url)
    with admin_connect(url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    print(f"created database {name} (afresh)")


def pg_settings() -> str:
    names = ("shared_buffers", "work_mem", "max_parallel_workers_per_gather", "effective_cache_size", "jit")
    version = sql("SHOW server_version", fetch=True)[0][0]
    return f"PostgreSQL {version}; " + ", ".join(f"{n} {sql(f'SHOW {n}', fetch=True)[0][0]}" for n in names)


# ---- building the register ---------------------------------------------------------------------------------------

BIG_TABLES = (
    "members_person",
    "members_membership",
    "members_membershipevent",
    "members_transfer",
    "dashboards_span",
)


def _secondary_indexes(conn, table: str) -> list[dict]:
    rows = conn.execute(
        """
        SELECT ci.relname, pg_get_indexdef(i.indexrelid), c.conname
        FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid
        LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype = 'u'
        WHERE i.indrelid = %s::regclass AND NOT i.indisprimary
        """,
        [table],
    ).fetchall()
    return [{"table": table, "index": r[0], "create": r[1], "constraint": r[2]} for r in rows]


def _parallel(url: str, jobs: list[tuple[str, list[str]]], *, workers: int = 2) -> float:
    """Run each job (label, statements) on its own connection, `workers` at a time; print each one's time."""
    import psycopg

    t0 = time.perf_counter()

    def run(job):
        label, statements = job
        t = time.perf_counter()
        rows = 0
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET session_replication_role = replica")  # built consistent: no FK triggers
            conn.execute("SET maintenance_work_mem = '1GB'")
            conn.execute("SET max_parallel_maintenance_workers = 0")
            conn.execute("SET work_mem = '256MB'")
            for s in statements:
                cur = conn.execute(s)
                rows += max(cur.rowcount, 0)
        return label, rows, time.perf_counter() - t

    with ThreadPoolExecutor(workers) as pool:
        for label, rows, seconds in pool.map(run, jobs):
            print(f"  {label}: {seconds:.1f} s" + (f", {rows:,} rows" if rows else ""), flush=True)
    return time.perf_counter() - t0


def build(url: str, members: int, nodes: int, seed: int) -> dict:
    import psycopg

    from gonghui.stats.services import stats_recompute

    rng = random.Random(seed)
    log: dict[str, float] = {}
    t0 = time.perf_counter()
    now = dt.datetime.now(dt.UTC).isoformat()
    conn = psycopg.connect(url, autocommit=True)
    conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)")
    conn.execute("SET session_replication_role = replica")
    first_id = conn.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM orgs_org").fetchone()[0]

    # -- organisations and employers (Python, COPY: 100,000 + 150,000 small rows)
    t = time.perf_counter()
    tree = plan_tree(nodes, rng, first_id)
    plan_sizes(tree, members, rng)
    employers = plan_employers(tree, nodes, rng, now)
    levels = Counter(n.level for n in tree)
    with conn.transaction(), conn.cursor() as cur:
        with cur.copy(
            "COPY orgs_org (id, name, short_name, level, parent_id, path, depth, district_code, industry, uscc,"
            " legal_person_certificate, committee_chair, status, created_at, updated_at) FROM STDIN"
        ) as copy:
            for n in tree:
                copy.write_row(
                    (
                        n.id,
                        n.name,
                        "",
                        n.level,
                        n.parent.id if n.parent else None,
                        n.path,
                        len(n.path) // 6,
                        n.code if n.level == "district" else "",
                        "",
                        "",
                        "",
                        "",
                        "active",
                        now,
                        now,
                    )
                )
        with cur.copy(
            "COPY orgs_employer (id, org_id, org_path, name, ownership, headcount, union_id, coverage, created_at,"
            " updated_at, uscc, industry, address, district_code, status) FROM STDIN"
        ) as copy:
            for row in employers:
                copy.write_row((*row, "", "", "", "", "active"))
        # rule R1: each employer as it is, dated from the first day of the history
        cur.execute(
            "INSERT INTO orgs_employerperiod (employer_id, org_id, org_path, union_id, coverage, ownership,"
            " headcount, started_on, formed, channel)"
            " SELECT id, org_id, org_path, union_id, coverage, ownership, headcount, %s, FALSE, '' FROM orgs_employer",
            [JOIN_FIRST],
        )
        # the member-holding unions and their ranges of member ids; a transfer goes to another union of the same
        # second-level node
        cur.execute(
            'CREATE UNLOGGED TABLE bench_alloc (org_id integer, org_path text COLLATE "C", prefix text,'
            ' rider boolean, to_org_id integer, to_path text COLLATE "C", lo bigint, hi bigint)'
        )
        holders = [n for n in tree if n.size > 0]
        by_area = defaultdict(list)
        for n in holders:
            by_area[n.area.id].append(n)
        lo = 1
        with cur.copy("COPY bench_alloc FROM STDIN") as copy:
            for n in holders:
                pool = by_area[n.area.id]
                other = rng.choice(pool) if len(pool) > 1 else rng.choice(holders)
                while other is n:
                    other = rng.choice(holders)
                copy.write_row(
                    (n.id, n.path, n.prefix, n.kind == "rider", other.id, other.path, lo, lo + n.size)
                )
                lo += n.size
    log["orgs"] = time.perf_counter() - t
    sizes = sorted(n.size for n in holders)
    pct = lambda p: sizes[min(len(sizes) - 1, int(p / 100 * len(sizes)))]  # noqa: E731
    coverage = Counter(e[7] for e in employers)
    print(
        f"  organisations: {len(tree):,} ({', '.join(f'{k} {v:,}' for k, v in levels.items())});"
        f" employers: {len(employers):,} ({', '.join(f'{k} {v:,}' for k, v in coverage.items())}) in {log['orgs']:.1f} s"
    )
    print(
        f"  members per member-holding union ({len(holders):,} unions): p10 {pct(10):,}, p50 {pct(50):,},"
        f" p90 {pct(90):,}, p99 {pct(99):,}, p99.9 {pct(99.9):,}, max {sizes[-1]:,};"
        f" unions of 5,000+: {sum(s >= 5000 for s in sizes):,}"
    )

    # -- the members: one generated table, then the register's tables from it
    rider_members = sum(n.size for n in holders if n.kind == "rider")
    p_new_form = max(0.0, (0.12 * members - 0.9 * rider_members) / max(1, members - rider_members))
    days = (JOIN_LAST - JOIN_FIRST).days + 1
    rider_days = (JOIN_LAST - RIDER_FIRST).days + 1
    groups = "ARRAY[" + ", ".join(f"'{g}'" for g in GROUPS) + "]"
    skills = "ARRAY[" + ", ".join(f"'{s}'" for s in SKILLS) + "]"
    surnames = "ARRAY[" + ", ".join(f"'{s}'" for s in SURNAMES) + "]"
    given = "ARRAY[" + ", ".join(f"'{s}'" for s in GIVEN) + "]"
    gen = f"""
        CREATE UNLOGGED TABLE bench_gen AS
        SELECT i, org_id, org_path, to_org_id, to_path, prefix, gender, migrant, new_form, pgroup, skill, channel,
               join_on, join_on - (6570 + floor(rb * 13500))::int AS birth,
               CASE WHEN fate <> 'a' THEN join_on + 1 + floor(re * (DATE '{JOIN_LAST}' - join_on))::int END AS end_on,
               fate, CASE WHEN fate = 'l' THEN reason ELSE '' END AS reason, rn
        FROM (
          SELECT i, org_id, org_path, to_org_id, to_path, prefix, rb, re, rn,
                 CASE WHEN rg < CASE WHEN rider THEN 0.12 ELSE 0.43 END THEN 'f' ELSE 'm' END AS gender,
                 rm < CASE WHEN rider THEN 0.55 ELSE 0.22 END AS migrant,
                 rn < CASE WHEN rider THEN 0.9 ELSE {p_new_form:.5f} END AS new_form,
                 CASE WHEN NOT rn < CASE WHEN rider THEN 0.9 ELSE {p_new_form:.5f} END THEN ''
                      WHEN rider THEN CASE WHEN rp < 0.6 THEN 'rider' WHEN rp < 0.95 THEN 'courier' ELSE 'other' END
                      ELSE ({groups})[1 + floor(rp * {len(GROUPS)})::int] END AS pgroup,
                 CASE WHEN rs < 0.45 THEN '' ELSE ({skills})[1 + floor((rs - 0.45) / 0.55 * {len(SKILLS)})::int] END
                   AS skill,
                 CASE WHEN rider THEN CASE WHEN rc < 0.6 THEN 'scan' WHEN rc < 0.85 THEN 'outreach'
                                           WHEN rc < 0.95 THEN 'roster' ELSE 'staff' END
                      ELSE CASE WHEN rc < 0.45 THEN 'staff' WHEN rc < 0.8 THEN 'roster' WHEN rc < 0.92 THEN 'scan'
                                ELSE 'outreach' END END AS channel,
                 join_on,
                 CASE WHEN join_on >= DATE '{JOIN_LAST}' THEN 'a' WHEN rf < 0.06 THEN 'l' WHEN rf < 0.08 THEN 't'
                      ELSE 'a' END AS fate,
                 CASE WHEN rr < 0.4 THEN 'voluntary' WHEN rr < 0.8 THEN 'lapsed' WHEN rr < 0.87 THEN 'other'
                      WHEN rr < 0.95 THEN 'deceased' ELSE 'expelled' END AS reason
          FROM (
            SELECT g.i, a.org_id, a.org_path, a.to_org_id, a.to_path, a.prefix, a.rider,
                   random() AS rg, random() AS rb, random() AS rm, random() AS rn, random() AS rp, random() AS rs,
                   random() AS rc, random() AS rf, random() AS re, random() AS rr,
                   CASE WHEN a.rider THEN DATE '{RIDER_FIRST}' + floor(sqrt(random()) * {rider_days})::int
                        ELSE DATE '{JOIN_FIRST}' + floor(sqrt(random()) * {days})::int END AS join_on
            FROM bench_alloc a CROSS JOIN LATERAL generate_series(a.lo, a.hi - 1) AS g(i)
          ) r
        ) s
    """  # noqa: S608 (generated constants, no input)
    print(
        f"  members: generating {members:,} (new-form share outside the riders' unions {p_new_form:.3f})",
        flush=True,
    )
    t = time.perf_counter()
    conn.execute("SET work_mem = '256MB'")
    conn.execute(gen)
    log["generate"] = time.perf_counter() - t
    print(f"  generated bench_gen: {log['generate']:.1f} s", flush=True)

    # secondary indexes and unique constraints off during the load (rebuilt below)
    dropped = [ix for table in BIG_TABLES for ix in _secondary_indexes(conn, table)]
    conn.execute(
        "INSERT INTO bench_meta VALUES ('dropped_indexes', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        [json.dumps(dropped)],
    )
    for ix in dropped:
        if ix["constraint"]:
            conn.execute(f'ALTER TABLE {ix["table"]} DROP CONSTRAINT "{ix["constraint"]}"')
        else:
            conn.execute(f'DROP INDEX "{ix["index"]}"')
    print(f"  dropped {len(dropped)} secondary indexes of {', '.join(BIG_TABLES)} for the load")

    n = members
    end_kind = "CASE fate WHEN 'l' THEN reason WHEN 't' THEN 'transfer' ELSE '' END"
    span_cols = (
        "membership_id, person_id, org_id, org_path, started_on, ended_on, start_kind, end_kind, channel, gender,"
        " is_migrant, is_new_form, priority_group, skill_level, birth_decade"
    )
    decade = "(EXTRACT(YEAR FROM birth)::int / 10 * 10)"
    statements = {
        "people": [
            "INSERT INTO members_person (id, full_name, doc_type, id_cipher, id_hash, id_masked, mobile_cipher,"  # noqa: S608 (generated constants, no input)
            " mobile_hash, mobile_masked, gender, birth_date, ethnicity, education, residence, employment_status,"
            " skill_level, is_migrant, is_new_form, priority_group, is_hardship, is_model_worker, created_at,"
            " updated_at)"
            f" SELECT i, ({surnames})[1 + i % {len(SURNAMES)}] || ({given})[1 + (i / 7) % {len(GIVEN)}], 'ric',"
            " 'bench-cipher-' || i, 'bench:' || lpad(i::text, 12, '0'),"
            " '110***********' || lpad((i % 10000)::text, 4, '0'), '', '', '', gender, birth,"
            " CASE WHEN i % 20 = 0 THEN '回族' ELSE '汉族' END,"
            " (ARRAY['junior', 'senior', 'senior', 'college', 'bachelor', 'bachelor', 'graduate'])[1 + i % 7], '',"
            " 'employed', skill, migrant, new_form, pgroup, rn > 0.985, rn < 0.002, now(), now() FROM bench_gen"
        ],
        "memberships": [
            "INSERT INTO members_membership (id, org_id, org_path, person_id, employer_id, employer_name, number,"
            " status, channel, applied_on, join_date, dues_paid_until, leave_reason, ended_on, created_at,"
            " updated_at)"
            " SELECT i, CASE WHEN fate = 't' THEN to_org_id ELSE org_id END,"
            " CASE WHEN fate = 't' THEN to_path ELSE org_path END, i, NULL, '', prefix || lpad(i::text, 10, '0'),"
            " CASE WHEN fate = 'l' THEN CASE WHEN reason = 'expelled' THEN 'expelled' ELSE 'left' END ELSE 'active' END,"
            " channel, join_on, join_on, NULL, CASE WHEN reason = 'expelled' THEN '' ELSE reason END,"
            " CASE WHEN fate = 'l' THEN end_on END, now(), now() FROM bench_gen",
            "INSERT INTO members_transfer (membership_id, from_org_id, from_path, to_org_id, to_path, status, reason,"
            " decision_reason, created_at, decided_at)"
            " SELECT i, org_id, org_path, to_org_id, to_path, 'accepted', '', '', end_on::timestamptz,"
            " end_on::timestamptz FROM bench_gen WHERE fate = 't'",
        ],
        # the membership's timeline: enrolled (id i); then left / lapsed / expelled, or transfer started at the
        # old union (id n + i) and accepted at the new one (id 2n + i), so events sorted by id are in order
        "events": [
            "INSERT INTO members_membershipevent (id, membership_id, org_id, org_path, kind, on_date, from_status,"
            " to_status, other_org_id, reason, leave_reason, actor_id, actor_username, created_at)"
            " SELECT i, i, org_id, org_path, 'enrolled', join_on, '', 'active', NULL, '', '', NULL, '',"
            " join_on::timestamptz FROM bench_gen",
            "INSERT INTO members_membershipevent (id, membership_id, org_id, org_path, kind, on_date, from_status,"  # noqa: S608 (generated constants, no input)
            " to_status, other_org_id, reason, leave_reason, actor_id, actor_username, created_at)"
            f" SELECT {n} + i, i, org_id, org_path,"
            " CASE reason WHEN 'expelled' THEN 'expelled' WHEN 'lapsed' THEN 'lapsed' ELSE 'left' END, end_on,"
            " 'active', CASE WHEN reason = 'expelled' THEN 'expelled' ELSE 'left' END, NULL, '',"
            " CASE WHEN reason IN ('expelled', 'lapsed') THEN '' ELSE reason END, NULL, '', end_on::timestamptz"
            " FROM bench_gen WHERE fate = 'l'",
            "INSERT INTO members_membershipevent (id, membership_id, org_id, org_path, kind, on_date, from_status,"  # noqa: S608 (generated constants, no input)
            " to_status, other_org_id, reason, leave_reason, actor_id, actor_username, created_at)"
            f" SELECT {n} + i, i, org_id, org_path, 'transfer_started', end_on, 'active', 'in_transfer', to_org_id,"
            f" '', '', NULL::bigint, '', end_on::timestamptz FROM bench_gen WHERE fate = 't'"
            f" UNION ALL SELECT {2 * n} + i, i, to_org_id, to_path, 'transfer_accepted', end_on, 'in_transfer',"
            " 'active', org_id, '', '', NULL::bigint, '', end_on::timestamptz FROM bench_gen WHERE fate = 't'",
        ],
        "spans": [
            f"INSERT INTO dashboards_span ({span_cols})"  # noqa: S608 (generated constants, no input)
            f" SELECT i, i, org_id, org_path, join_on, end_on, 'join', {end_kind}, channel, gender, migrant, new_form,"
            f" pgroup, skill, {decade} FROM bench_gen",
            f"INSERT INTO dashboards_span ({span_cols})"  # noqa: S608 (generated constants, no input)
            f" SELECT i, i, to_org_id, to_path, end_on, NULL, 'transfer', '', channel, gender, migrant, new_form,"
            f" pgroup, skill, {decade} FROM bench_gen WHERE fate = 't'",
        ],
    }
    t = time.perf_counter()
    log["load"] = _parallel(url, list(statements.items()))
    print(f"  loaded the register's tables in {log['load']:.1f} s (two at a time)", flush=True)

    t = time.perf_counter()
    order = sorted(
        dropped, key=lambda ix: ix["table"] not in ("members_person", "members_membership", "dashboards_span")
    )
    log["indexes"] = _parallel(url, [(f"index {ix['index']}", [ix["create"]]) for ix in order])
    for ix in dropped:
        if ix["constraint"]:
            conn.execute(
                f'ALTER TABLE {ix["table"]} ADD CONSTRAINT "{ix["constraint"]}" UNIQUE USING INDEX "{ix["index"]}"'
            )
    conn.execute("DELETE FROM bench_meta WHERE key = 'dropped_indexes'")
    print(f"  rebuilt {len(dropped)} indexes in {log['indexes']:.1f} s (two at a time)", flush=True)

    conn.execute("DROP TABLE bench_gen")
    conn.execute("DROP TABLE bench_alloc")
    for table in ("orgs_org", "orgs_employer", "orgs_employerperiod", *BIG_TABLES):
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")  # noqa: S608 (generated constants, no input)
    t = time.perf_counter()
    _parallel(
        url,
        [
            (f"vacuum analyze {table}", [f"VACUUM ANALYZE {table}"])
            for table in (*BIG_TABLES, "orgs_org", "orgs_employer", "orgs_employerperiod")
        ],
    )
    log["vacuum"] = time.perf_counter() - t
    log["build"] = time.perf_counter() - t0
    counts = {
        table: conn.execute(f"SELECT reltuples::bigint FROM pg_class WHERE relname = '{table}'").fetchone()[0]  # noqa: S608
        for table in ("orgs_org", "orgs_employer", *BIG_TABLES)
    }
    size = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    print(f"  vacuum analyze: {log['vacuum']:.1f} s; rows (estimates): {counts}; database {size}")
    print(f"register built in {log['build']:.0f} s", flush=True)

    t = time.perf_counter()
    first = stats_recompute()
    log["first_recompute"] = time.perf_counter() - t
    print(
        f"first stats_recompute(): {log['first_recompute']:.1f} s, {first['nodes']:,} rollup nodes,"
        f" {first['rows']:,} rollup rows"
    )
    meta = {
        "members": members,
        "nodes": nodes,
        "seed": seed,
        "at": now,
        "seconds": {k: round(v, 1) for k, v in log.items()},
    }
    conn.execute("INSERT INTO bench_meta VALUES ('built', %s)", [json.dumps(meta)])
    conn.close()
    return meta


# ---- measuring ------------------------------------------------------------------------------------------------


def _cpu_ticks() -> dict[int, tuple[str, int]]:
    ticks = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            name = stat[stat.index("(") + 1 : stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2 :].split()
            ticks[int(proc.name)] = (name, int(fields[11]) + int(fields[12]))
    return ticks


def code_version() -> str:
    """The commit measured, and whether the statistics code differs from it (the tree is shared)."""
    import subprocess

    def git(*args: str) -> str:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607
        return out.stdout.strip()

    dirty = git(
        "status",
        "--porcelain",
        "--",
        "src/gonghui/stats",
        "src/gonghui/dashboards",
        "src/gonghui/members",
        "src/gonghui/orgs",
    )
    return f"{git('log', '-1', '--format=%h %s')[:90]}" + (" (+ uncommitted changes in src)" if dirty else "")


def machine(seconds: float = 1.0) -> str:
    """What else is using the machine: the load average and the busiest processes over a second."""
    before = _cpu_ticks()
    time.sleep(seconds)
    after = _cpu_ticks()
    hz = os.sysconf("SC_CLK_TCK")
    busy: Counter = Counter()
    for pid, (name, t) in after.items():
        if pid in before and pid != os.getpid():
            busy[name] += (t - before[pid][1]) / hz / seconds
    top = ", ".join(f"{name} {share:.2f}" for name, share in busy.most_common(4) if share >= 0.05)
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"load average {load}; busiest processes (cores): {top or 'none'}"


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p99 of fewer than 100 samples is their maximum)."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def ms(values: list[float]) -> str:
    if not values:
        return "-"
    return f"{pct(values, 50) * 1000:,.1f} / {pct(values, 99) * 1000:,.1f} / {max(values) * 1000:,.1f}"


class Statements:
    """The SQL statements run inside a block, with their times (Django's execute wrapper)."""

    def __init__(self):
        self.seen: list[tuple[float, str, object]] = []

    def __call__(self, execute, statement, params, many, context):
        t = time.perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            self.seen.append((time.perf_counter() - t, statement, params))

    def top(self, n: int) -> list[tuple[float, str, object]]:
        return sorted(self.seen, key=lambda s: s[0], reverse=True)[:n]


def explain(statement: str, params) -> str:
    rows = sql(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params, fetch=True)
    return "\n".join(r[0] for r in rows)


def step_recompute(runs: int, *, show_sql: bool) -> dict:
    from django.db import connection

    from gonghui.stats.services import stats_recompute

    print("\n== recompute ==", flush=True)
    print(f"machine: {machine()}")
    floor = "SELECT org_path, count(*) FROM dashboards_span GROUP BY 1"
    times = []
    for _ in range(2):  # the first also warms the cache
        t = time.perf_counter()
        groups = len(sql(floor, fetch=True))
        times.append(time.perf_counter() - t)
    sql("SET max_parallel_workers_per_gather = 0")
    t = time.perf_counter()
    sql(floor, fetch=True)
    serial = time.perf_counter() - t
    sql("RESET max_parallel_workers_per_gather")
    spans = sql("SELECT count(*) FROM dashboards_span", fetch=True)[0][0]
    print(
        f"baseline: `{floor}` over {spans:,} spans ({groups:,} groups): {times[0]:.2f} s cold, {times[1]:.2f} s warm"
        f" (parallel as the planner likes); {serial:.2f} s on one core (max_parallel_workers_per_gather = 0)"
    )
    results = []
    for run in range(runs):
        watch = Statements()
        t = time.perf_counter()
        with connection.execute_wrapper(watch):
            res = stats_recompute()
        wall = time.perf_counter() - t
        results.append(wall)
        print(
            f"stats_recompute() run {run + 1}: {wall:.1f} s ({res['seconds']:.1f} s inside),"
            f" {res['nodes']:,} rollup nodes, {res['rows']:,} rollup rows;"
            f" {wall / times[1]:.1f} x the warm GROUP BY, {wall / serial:.1f} x the one-core one"
        )
        if show_sql or run == 0:
            for seconds, statement, _ in watch.top(4):
                print(f"    {seconds:7.2f} s  {' '.join(statement.split())[:160]}")
    by_level = sql(
        "SELECT o.level, count(*) FROM dashboards_rollupnode n JOIN orgs_org o ON o.id = n.org_id GROUP BY 1"
        " ORDER BY 2 DESC",
        fetch=True,
    )
    rows_per = sql(
        "SELECT min(c), percentile_disc(0.5) WITHIN GROUP (ORDER BY c), max(c) FROM"
        " (SELECT node_id, count(*) c FROM dashboards_rollup GROUP BY 1) x",
        fetch=True,
    )[0]
    size = sql("SELECT pg_size_pretty(pg_total_relation_size('dashboards_rollup'))", fetch=True)[0][0]
    print(
        f"rollup nodes by level: {', '.join(f'{lvl} {c:,}' for lvl, c in by_level)};"
        f" rollup rows per node min/p50/max {rows_per[0]:,} / {rows_per[1]:,} / {rows_per[2]:,};"
        f" dashboards_rollup with its index {size}"
    )
    return {
        "floor": times[1],
        "floor_serial": serial,
        "runs": results,
        "nodes": res["nodes"],
        "rows": res["rows"],
    }


def _subtree_members(orgs) -> dict[int, int]:
    """Members now per subtree (for choosing the biggest unions)."""
    from gonghui.core.paths import ancestor_paths

    per = dict(
        sql(
            "SELECT org_id, count(*) FROM members_membership WHERE status IN ('active', 'in_transfer', 'retained')"
            " GROUP BY 1",
            fetch=True,
        )
    )
    by_path = {o.path: o.pk for o in orgs}
    paths = {o.pk: o.path for o in orgs}
    total: Counter = Counter()
    for org_id, count in per.items():
        for p in ancestor_paths(paths[org_id]):
            if p in by_path:
                total[by_path[p]] += count
    return total


def _days(rng: random.Random, today: dt.date) -> list[dt.date]:
    """Today, a past month end, a past mid-month day."""
    from gonghui.stats.selectors import month_end

    def past_month() -> dt.date:
        months = (today.year - JOIN_FIRST.year) * 12 + today.month - 1
        m = rng.randrange(months)
        return dt.date(JOIN_FIRST.year + m // 12, m % 12 + 1, 1)

    return [today, month_end(past_month()), past_month().replace(day=rng.randint(10, 20))]


def step_reads(args, rng: random.Random, today: dt.date) -> dict:
    from django.db import connection

    from gonghui.orgs.models import Org
    from gonghui.stats import facts, selectors
    from gonghui.stats.models import RollupNode

    print("\n== reads ==", flush=True)
    print(f"machine: {machine()}")
    orgs = list(Org.objects.all())
    rollup = set(RollupNode.objects.values_list("org_id", flat=True))
    sizes = _subtree_members(orgs)
    root = next(o for o in orgs if o.parent_id is None)
    second = [o for o in orgs if o.parent_id == root.pk]
    streets = [o for o in orgs if o.level == "street"]
    unions = [o for o in orgs if o.level in ("joint", "base")]
    biggest = sorted(unions, key=lambda o: sizes[o.pk], reverse=True)[: args.biggest]
    top = {o.pk for o in biggest}
    rest = [o for o in unions if o.pk not in top]
    rolled_rest = [o for o in rest if o.pk in rollup]
    picked_rolled = rng.sample(rolled_rest, min(len(rolled_rest), args.unions // 6))
    others = [o for o in rest if o.pk not in rollup]
    picked = (
        biggest
        + picked_rolled
        + rng.sample(others, min(len(others), args.unions - len(biggest) - len(picked_rolled)))
    )
    sample_streets = rng.sample(streets, min(len(streets), args.streets))

    def group(o) -> str:
        if o is root:
            return "root"
        if o.parent_id == root.pk:
            return "2nd level"
        if o.level == "street":
            return "street"
        return "union, rollup node" if o.pk in rollup else "union, counted directly"

    chosen = [root, *second, *sample_streets, *picked]
    samples = [(o, day) for o in chosen for day in _days(rng, today)]
    rng.shuffle(samples)
    print(
        f"samples: {len(chosen)} nodes ({Counter(group(o) for o in chosen)}) x 3 days = {len(samples)};"
        f" today {today}; rollup nodes in the tree {len(rollup):,}"
    )
    state = sql(
        "SELECT n_live_tup, last_analyze, last_autoanalyze FROM pg_stat_user_tables WHERE relname = 'dashboards_rollup'",
        fetch=True,
    )[0]
    print(
        f"dashboards_rollup as the recompute left it: {state[0]:,} live rows, last analyze {state[1]}, last autoanalyze {state[2]}"
    )

    def period(day):
        return selectors.Period(day.replace(month=1, day=1), day)

    t = time.perf_counter()
    for org, day in samples:  # warm-up
        selectors.figures(org, on=day, period=period(day))
        selectors.cumulative(org, day)
    print(f"warm-up pass: {time.perf_counter() - t:.1f} s", flush=True)

    fig: dict[tuple, float] = {}
    cum: dict[tuple, float] = {}
    cum_value: dict[tuple, Counter] = {}
    slowest = (0.0, None)
    for org, day in samples:
        key = (org.pk, day)
        t = time.perf_counter()
        selectors.figures(org, on=day, period=period(day))
        fig[key] = time.perf_counter() - t
        if fig[key] > slowest[0]:
            slowest = (fig[key], (org, day))
        t = time.perf_counter()
        cum_value[key] = selectors.cumulative(org, day)
        cum[key] = time.perf_counter() - t

    # (a) the naive register count of members now, once per node (today)
    naive_sql = (
        "SELECT count(*) FROM members_membership WHERE org_path >= %s AND org_path < %s || '~'"
        " AND status IN ('active', 'in_transfer', 'retained')"
    )
    limits = {"root": args.direct_root, "2nd level": args.direct_second, "street": args.direct_streets}
    naive: dict[tuple, float] = {}
    naive_bad = 0
    sql("SELECT count(*) FROM members_membership")  # warm the heap into the OS cache
    sql("SELECT count(*) FROM dashboards_span")
    sql(naive_sql, [root.path, root.path])
    by_group = defaultdict(list)
    for o in chosen:
        by_group[group(o)].append(o)
    for g, members in by_group.items():
        for o in members[: limits.get(g, args.direct_unions)]:
            t = time.perf_counter()
            (count,) = sql(naive_sql, [o.path, o.path], fetch=True)[0]
            naive[(o.pk, today)] = time.perf_counter() - t
            if count != cum_value[(o.pk, today)]["m:total"]:
                naive_bad += 1
                print(
                    f"  MISMATCH members now of {o.name}: register {count:,}, rollup {cum_value[(o.pk, today)]['m:total']:,}"
                )
    print(
        f"naive register count: {len(naive)} nodes timed, {naive_bad} mismatches with the rollup read",
        flush=True,
    )

    # (b) the same figures counted directly from the facts
    direct: dict[tuple, float] = {}
    direct_bad = 0
    per_group = defaultdict(list)
    for org, day in samples:
        per_group[group(org)].append((org, day))
    t_all = time.perf_counter()
    for g, items in per_group.items():
        for org, day in items[: limits.get(g, args.direct_unions)]:
            t = time.perf_counter()
            rows = selectors._sum(facts.Where.subtree(org.path, upto=day))
            direct[(org.pk, day)] = time.perf_counter() - t
            counted = +Counter({k: v for k, v in rows})
            if counted != +cum_value[(org.pk, day)]:
                direct_bad += 1
                diff = {
                    k
                    for k in set(counted) | set(cum_value[(org.pk, day)])
                    if counted[k] != cum_value[(org.pk, day)][k]
                }
                print(f"  MISMATCH {org.name} on {day}: {sorted(diff)[:6]}")
        print(
            f"  direct from the facts, {g}: {sum(1 for o, _ in items[: limits.get(g, args.direct_unions)])} samples",
            flush=True,
        )
    print(
        f"direct from the facts: {len(direct)} samples in {time.perf_counter() - t_all:.0f} s,"
        f" {direct_bad} mismatches with the rollup read",
        flush=True,
    )

    groups = ["root", "2nd level", "street", "union, rollup node", "union, counted directly"]
    print("\nreads, ms: p50 / p99 / max  (n)")
    header = f"{'':24} {'figures() (all figures)':>30} {'cumulative() (core read)':>30} {'naive count, members now':>30} {'direct from the facts':>30}"
    print(header)
    out = {"groups": {}}
    for g in [*groups, "all"]:
        keys = [(o.pk, d) for o, d in samples if g == "all" or group(o) == g]
        if not keys:
            continue
        f = [fig[k] for k in keys]
        c = [cum[k] for k in keys]
        a = [naive[k] for k in keys if k in naive]
        b = [direct[k] for k in keys if k in direct]
        print(
            f"{g:24} {ms(f) + f' ({len(f)})':>30} {ms(c) + f' ({len(c)})':>30} {ms(a) + f' ({len(a)})':>30}"
            f" {ms(b) + f' ({len(b)})':>30}"
        )
        out["groups"][g] = {"fig": f, "cum": c}
    print("\nratios on the same samples (direct / rollup read), p50 and p99:")
    for g in [*groups, "all"]:
        keys = [(o.pk, d) for o, d in samples if g == "all" or group(o) == g]
        bk = [k for k in keys if k in direct]
        ak = [k for k in keys if k in naive]
        parts = []
        if bk:
            b, c = [direct[k] for k in bk], [cum[k] for k in bk]
            parts.append(
                f"facts / cumulative() {pct(b, 50) / pct(c, 50):,.1f} x, {pct(b, 99) / pct(c, 99):,.1f} x ({len(bk)})"
            )
            f = [fig[k] for k in bk]
            parts.append(
                f"facts / figures() {pct(b, 50) / pct(f, 50):,.1f} x, {pct(b, 99) / pct(f, 99):,.1f} x"
            )
        if ak:
            a, c = [naive[k] for k in ak], [cum[k] for k in ak]
            parts.append(
                f"naive count / cumulative(today) {pct(a, 50) / pct(c, 50):,.1f} x, {pct(a, 99) / pct(c, 99):,.1f} x ({len(ak)})"
            )
        if parts:
            print(f"  {g:24} " + "; ".join(parts))
    all_fig = list(fig.values())
    out.update(
        samples=samples,
        group=group,
        period=period,
        fig_p99=pct(all_fig, 99),
        fig_p50=pct(all_fig, 50),
        cum_p99=pct(list(cum.values()), 99),
        direct_bad=direct_bad,
        naive_bad=naive_bad,
        direct_ratio_p50=(
            pct(list(direct.values()), 50) / pct([cum[k] for k in direct], 50) if direct else float("nan")
        ),
        root_direct=max((direct[k] for k in direct if k[0] == root.pk), default=float("nan")),
        root_fig=max(fig[k] for k in fig if k[0] == root.pk),
    )
    if slowest[1] is not None:
        org, day = slowest[1]
        watch = Statements()
        t = time.perf_counter()
        with connection.execute_wrapper(watch):
            selectors.figures(org, on=day, period=period(day))
        again = time.perf_counter() - t
        print(
            f"\nslowest figures() sample: {org.name} ({group(org)}, {sizes[org.pk]:,} members) on {day}:"
            f" {slowest[0] * 1000:.1f} ms; again now {again * 1000:.1f} ms, {len(watch.seen)} statements:"
        )
        for seconds, statement, _ in watch.top(6):
            print(f"    {seconds * 1000:8.1f} ms  {' '.join(statement.split())[:150]}")
        if args.explain:
            for seconds, statement, params in watch.top(2):
                print(
                    f"\n  EXPLAIN ANALYZE of the {seconds * 1000:.1f} ms statement:\n{explain(statement, params)}"
                )
    return out


def step_what_if(reads: dict) -> dict:
    """Diagnostics, not the product as shipped: the rollup reads again after VACUUM ANALYZE of the rollups (what
    autovacuum does some time after a recompute), then after CLUSTER on their unique index (a node's months and
    keys together on the heap, as a recompute that inserted them in that order would leave them)."""
    from gonghui.stats import selectors

    print("\n== what if (diagnostics: the rollup table's physical state, same samples) ==", flush=True)
    group, period = reads["group"], reads["period"]
    samples = [(o, d) for o, d in reads["samples"] if not group(o).endswith("counted directly")]

    def timed() -> dict[str, tuple[list[float], list[float]]]:
        for org, day in samples:  # warm-up
            selectors.figures(org, on=day, period=period(day))
        out: dict[str, tuple[list[float], list[float]]] = defaultdict(lambda: ([], []))
        for org, day in samples:
            t = time.perf_counter()
            selectors.figures(org, on=day, period=period(day))
            f = time.perf_counter() - t
            t = time.perf_counter()
            selectors.cumulative(org, day)
            c = time.perf_counter() - t
            for g in (group(org), "all rollup reads"):
                out[g][0].append(f)
                out[g][1].append(c)
        return out

    def state() -> str:
        live, dead = sql(
            "SELECT n_live_tup, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'dashboards_rollup'",
            fetch=True,
        )[0]
        size = sql("SELECT pg_size_pretty(pg_total_relation_size('dashboards_rollup'))", fetch=True)[0][0]
        return f"{live:,} live / {dead:,} dead rows, {size}"

    rows = {"as the recompute left it": (state(), timed())}
    t = time.perf_counter()
    sql("VACUUM ANALYZE dashboards_rollup")
    rows["after VACUUM ANALYZE"] = (f"{state()}; vacuum {time.perf_counter() - t:.1f} s", timed())
    t = time.perf_counter()
    sql("CLUSTER dashboards_rollup USING rollup_unique")
    sql("ANALYZE dashboards_rollup")
    rows["after CLUSTER on (node, month, key)"] = (
        f"{state()}; cluster {time.perf_counter() - t:.1f} s",
        timed(),
    )
    print(f"{len(samples)} samples at rollup nodes; figures() / cumulative(), ms p50 / p99 / max:")
    for label, (st, res) in rows.items():
        print(f"  {label} ({st}):")
        for g, (f, c) in res.items():
            print(f"    {g:24} {ms(f):>26} {ms(c):>26}  ({len(f)})")
    return {label: pct(res["all rollup reads"][0], 99) for label, (_, res) in rows.items()}


def _member_count(org, day) -> int:
    from gonghui.stats import selectors

    return selectors.cumulative(org, day)["m:total"]


def step_fresh(k: int, rng: random.Random, today: dt.date, every: float) -> dict:
    from django.db import transaction

    from gonghui.members.models import Channel
    from gonghui.members.services import PersonData, membership_enrol
    from gonghui.members.tests.factories import resident_id
    from gonghui.orgs.models import Org
    from gonghui.stats.services import stats_fold

    print("\n== freshness ==", flush=True)
    print(f"machine: {machine()}")
    idle = []
    for _ in range(3):
        t = time.perf_counter()
        stats_fold()
        idle.append(time.perf_counter() - t)
    root = Org.objects.get(parent__isnull=True)
    bases = list(Org.objects.filter(level="base").values_list("pk", flat=True))
    targets = list(Org.objects.filter(pk__in=rng.sample(bases, k)))
    parent = next((o for o in targets if o.depth > 3), targets[0]).parent  # a node above some of them
    before = _member_count(root, today)
    before_parent = _member_count(parent, today)
    pending0 = sql("SELECT count(*) FROM dashboards_delta", fetch=True)[0][0]
    enrol_times = []
    for union in targets:
        female = rng.random() < 0.4
        data = PersonData(
            full_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            id_number=resident_id(
                dt.date(1970, 1, 1) + dt.timedelta(days=rng.randrange(12000)), region="110105", female=female
            ),
            mobile=f"139{rng.randrange(10**8):08d}",
            is_migrant=rng.random() < 0.25,
            skill_level=rng.choice(["", "junior", "senior"]),
        )
        t = time.perf_counter()
        with transaction.atomic():  # one request, one commit
            membership_enrol(
                actor=SYSTEM, union=union, person_data=data, channel=rng.choice(Channel.values), approve=True
            )
        enrol_times.append(time.perf_counter() - t)
    pending = sql("SELECT count(*) FROM dashboards_delta", fetch=True)[0][0]
    stale = _member_count(root, today)
    t = time.perf_counter()
    folded = stats_fold()
    fold = time.perf_counter() - t
    after = _member_count(root, today)
    after_parent = _member_count(parent, today)
    in_parent = sum(1 for o in targets if o.path.startswith(parent.path))
    print(
        f"fold with an empty journal: {ms(idle)} ms (p50 / p99 / max of 3)\n"
        f"enrolled {k} members through membership_enrol, one transaction each: {ms(enrol_times)} ms per enrolment;"
        f" journal rows {pending0} -> {pending:,}\n"
        f"root members today before the fold {stale:,} (was {before:,}: the rollups wait for the fold)\n"
        f"stats_fold(): {fold * 1000:.0f} ms, {folded.get('folded', folded)} rollup rows upserted\n"
        f"root members today after the fold {after:,}: +{after - before} (enrolled {k}):"
        f" {'exact' if after - before == k else 'WRONG'}; {parent.name}: +{after_parent - before_parent}"
        f" (enrolled there {in_parent}): {'exact' if after_parent - before_parent == in_parent else 'WRONG'}\n"
        f"freshness bound with `gonghui stats follow` (every {every:g} s): {every:g} s + {fold:.2f} s fold ="
        f" {every + fold:.1f} s"
    )
    return {
        "fold": fold,
        "fresh": every + fold,
        "exact": after - before == k,
        "enrol_p50": pct(enrol_times, 50),
    }


def cleanup_added(members: int) -> dict:
    """Take back what step 4 enrolled (ids above the built register): journal their spans out, delete, fold.
    Their audit rows are kept (append-only)."""
    from django.db import transaction

    from gonghui.stats.facts import Where, journal
    from gonghui.stats.services import stats_fold

    (extra,) = sql("SELECT count(*) FROM members_membership WHERE id > %s", [members], fetch=True)[0]
    done = {}
    if extra:
        with transaction.atomic():
            journal(Where(spans=("sp.membership_id > %s", [members]), employers=None, orgs=None), -1)
            for table, column in (
                ("dashboards_span", "membership_id"),
                ("members_membershipevent", "membership_id"),
                ("members_transfer", "membership_id"),
                ("members_membership", "id"),
                ("members_person", "id"),
            ):
                done[table] = sql(f"DELETE FROM {table} WHERE {column} > %s", [members])  # noqa: S608
            # the enrolments' audit rows stay: the audit log is append-only (its delete guard refuses), and
            # they count nothing in the figures
        stats_fold()
    # the folds the enrolments queued for a task worker (none runs here)
    done["queued folds"] = sql(
        "DELETE FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s", ["%stats_fold_task"]
    )
    return done


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=DEFAULT_MEMBERS)
    parser.add_argument("--nodes", type=int, default=DEFAULT_NODES)
    parser.add_argument("--quick", action="store_true", help="200,000 members in 5,000 nodes")
    parser.add_argument("--database", help="default: gonghui_dashbench[_<members>_<nodes>] on 127.0.0.1")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--rebuild", action="store_true", help="drop the database and build it again")
    parser.add_argument(
        "--skip-build", action="store_true", help="use the database as it is (fail if not built)"
    )
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--recompute-runs", type=int, default=2)
    parser.add_argument("--streets", type=int, default=100, help="streets sampled")
    parser.add_argument("--unions", type=int, default=200, help="joint/base unions sampled")
    parser.add_argument("--biggest", type=int, default=20, help="of which the biggest")
    parser.add_argument("--direct-root", type=int, default=2, help="direct counts from the facts at the root")
    parser.add_argument("--direct-second", type=int, default=12, help="... at second-level nodes")
    parser.add_argument("--direct-streets", type=int, default=60, help="... at streets")
    parser.add_argument("--direct-unions", type=int, default=200, help="... at unions (each group)")
    parser.add_argument("--enrol", type=int, default=200, help="members enrolled for the freshness step")
    parser.add_argument("--follow-every", type=float, default=10.0, help="`gonghui stats follow --every` (s)")
    parser.add_argument("--rollup-min", type=int, help="override GONGHUI_STATS_ROLLUP_MIN (default 2000)")
    parser.add_argument("--skip", default="", help="steps to skip: recompute,reads,fresh")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN ANALYZE the slowest read's statements"
    )
    parser.add_argument(
        "--what-if",
        action="store_true",
        help="after the reads, time the rollup reads again after VACUUM ANALYZE and after CLUSTER of the rollups",
    )
    parser.add_argument("--show-sql", action="store_true", help="slowest statements of every recompute run")
    args = parser.parse_args()
    if args.quick:
        args.members, args.nodes = 200_000, 5_000
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}

    def short(n: int) -> str:
        return f"{n // 1_000_000}m" if n % 1_000_000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)

    default_db = (
        "gonghui_dashbench"
        if (args.members, args.nodes) == (DEFAULT_MEMBERS, DEFAULT_NODES)
        else f"gonghui_dashbench_{short(args.members)}_{short(args.nodes)}"
    )
    url = args.database or DB_HOST + default_db
    if "dashbench" not in db_name(url):
        sys.exit(f"refusing to use {db_name(url)!r}: the bench's database name must contain 'dashbench'")
    os.environ["DATABASE_URL"] = url  # never the caller's DATABASE_URL
    print(
        f"database: {url}  ({args.members:,} members, {args.nodes:,} nodes; {os.cpu_count()} cores)",
        flush=True,
    )
    print(f"code: {code_version()}")

    meta = built_meta(url)
    if meta and (meta["members"], meta["nodes"]) != (args.members, args.nodes) and not args.rebuild:
        sys.exit(
            f"{db_name(url)} holds {meta['members']:,} members in {meta['nodes']:,} nodes: use --rebuild or another --database"
        )
    if meta is None or args.rebuild:
        if args.skip_build:
            sys.exit("--skip-build: the database holds no complete build")
        recreate_database(url)
        setup_django(migrate=True)
        print(f"{pg_settings()}")
        print(f"building: {args.members:,} members, {args.nodes:,} nodes (seed {args.seed})", flush=True)
        meta = build(url, args.members, args.nodes, args.seed)
    else:
        setup_django(migrate=True)
        print(f"{pg_settings()}")
        print(f"already built {meta['at'][:19]}: {json.dumps(meta['seconds'])} (s)")
    if args.build_only:
        return

    from django.conf import settings
    from django.utils import timezone

    if args.rollup_min is not None:
        settings.GONGHUI_STATS_ROLLUP_MIN = args.rollup_min
    print(f"rollup nodes: subtrees of >= {getattr(settings, 'GONGHUI_STATS_ROLLUP_MIN', 2000):,} spans")
    leftovers = cleanup_added(args.members)
    if any(leftovers.values()):
        print(f"removed what an earlier run left: {leftovers}")
    rng = random.Random(args.seed + 1)
    today = timezone.localdate()
    res: dict = {}
    if "recompute" not in skip:
        res["recompute"] = step_recompute(args.recompute_runs, show_sql=args.show_sql)
    if "reads" not in skip:
        res["reads"] = step_reads(args, rng, today)
    if args.what_if and "reads" in res:
        res["what_if"] = step_what_if(res["reads"])
    if "fresh" not in skip:
        try:
            res["fresh"] = step_fresh(args.enrol, rng, today, args.follow_every)
        finally:
            print(f"  cleanup: {cleanup_added(args.members)}")

    print(f"\nmachine at the end: {machine()}; code: {code_version()}")
    print(
        f"\n== summary ({args.members:,} members, {args.nodes:,} nodes, PostgreSQL, {os.cpu_count()} cores) =="
    )
    if "reads" in res:
        r = res["reads"]
        ok = r["fig_p99"] < 0.020
        print(
            f"any subtree's figures (figures(), {len(r['groups']['all']['fig'])} samples): p50 {r['fig_p50'] * 1000:.1f} ms,"
            f" p99 {r['fig_p99'] * 1000:.1f} ms (goal < 20 ms: {'met' if ok else 'MISSED'});"
            f" cumulative() p99 {r['cum_p99'] * 1000:.1f} ms"
        )
        print(
            f"  direct from the facts / cumulative(), p50 on the same samples: {r['direct_ratio_p50']:,.1f} x;"
            f" the root: direct {r['root_direct']:.2f} s vs figures() {r['root_fig'] * 1000:.1f} ms;"
            f" mismatches: facts {r['direct_bad']}, register {r['naive_bad']}"
        )
    if "what_if" in res:
        print(
            "  figures() p99 at rollup nodes: "
            + "; ".join(f"{label} {p * 1000:.1f} ms" for label, p in res["what_if"].items())
        )
    if "fresh" in res:
        f = res["fresh"]
        print(
            f"freshness: {f['fresh']:.1f} s ({args.follow_every:g} s fold interval + {f['fold']:.2f} s fold)"
            f" (goal < 60 s: {'met' if f['fresh'] < 60 else 'MISSED'}); root exact after the fold: {f['exact']}"
        )
    if "recompute" in res:
        rc = res["recompute"]
        worst = max(rc["runs"])
        print(
            f"recompute: {', '.join(f'{s:.1f} s' for s in rc['runs'])} (goal < 60 s: {'met' if worst < 60 else 'MISSED'});"
            f" {rc['nodes']:,} rollup nodes, {rc['rows']:,} rows; {worst / rc['floor']:.1f} x the GROUP BY floor"
            f" ({rc['floor']:.2f} s), {worst / rc['floor_serial']:.1f} x it on one core ({rc['floor_serial']:.2f} s)"
        )
    if (args.members, args.nodes) != (DEFAULT_MEMBERS, DEFAULT_NODES):
        print(
            f"(the goals are for 10,000,000 members in 100,000 nodes; this run: {args.members:,} in {args.nodes:,})"
        )


if __name__ == "__main__":
    main()
