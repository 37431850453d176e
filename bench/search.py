"""Member search and filtered lists at federation scale (issue 22, goal 1), on the roster bench's register.

Uses the register `import_roster.py` builds (10,000,000 people by default, each with an active membership; built here
with that script's code when the database holds fewer), on PostgreSQL, with the same pinned keys, so the ID numbers,
mobiles and member numbers of the register's people are known from their index.

1. **Search in-process through the API stack**: a city-level cadre (role 只读 at the benchmark city) signed in
   on Django's test client, `GET /api/members/?search=…` for `--samples` random people of the register, by ID
   number, mobile, member number and name; each answer must hold that person's membership (a name search: any
   rows, the name being common). p50/p99 per kind.
   *Floor*, the same run: `GET /api/members/<id>` of the same memberships through the same stack (one row by its
   primary key: the cost of the stack itself).
2. **Plans**: EXPLAIN (ANALYZE) of the ID-number and member-number searches, as the API runs them: the nodes, and
   whether anything scans a table (goal: each search is index probes, no Seq Scan).
3. **Filtered lists**, keyset pages forward and back, in-process: `GET /api/members/?union=<street>&status=active
   &gender=f` five pages forward (`after`) then five back (`before`), and the member list page `/members/` with the
   same filters and cursors (HTML, with its capped count). p50/p99.
4. **Over HTTP with the production server** (`--server granian|waitress`): `--threads` client threads with
   keep-alive connections and the cadre's session cookie request the API list pages (forward and back) for
   `--http-seconds`: requests/s and p99; *floor*: `/healthz` of the same server, same clients.

    uv run python bench/search.py                                   # the 10M register (must be built)
    uv run python bench/search.py --register 200000 --samples 100   # on the quick register
"""

import argparse
import http.client
import importlib.util
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

os.environ.setdefault("GONGHUI_VAR_DIR", str(HERE / ".cache" / "search"))  # its collected static files
os.environ["GONGHUI_DEBUG"] = "0"
import import_roster as reg  # noqa: E402  (sets DATABASE_URL, settings and the pinned keys)
from common import setup_django, sql  # noqa: E402

USERNAME = "bench_search_city"


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def ms(values: list[float]) -> str:
    return f"p50 {pct(values, 50) * 1000:.1f} ms, p99 {pct(values, 99) * 1000:.1f} ms"


def cadre():
    from gonghui.accounts.models import User
    from gonghui.core.scope import SYSTEM
    from gonghui.orgs.models import Org, Role
    from gonghui.orgs.services import role_grant

    user = User.objects.filter(username=USERNAME).first()
    if user is None:
        city = Org.objects.get(name=reg.CITY, parent=None)
        user = User(username=USERNAME, full_name="基准测试查询", org=city)
        user.set_unusable_password()
        user.save()
        role_grant(actor=SYSTEM, user=user, org=city, role=Role.objects.get(code="viewer"))
    return user


def timed_get(client, url: str, check=None) -> float:
    t = time.perf_counter()
    r = client.get(url)
    took = time.perf_counter() - t
    if r.status_code != 200:
        raise SystemExit(f"GET {url}: HTTP {r.status_code} {r.content[:300]!r}")
    if check is not None and not check(r):
        raise SystemExit(f"GET {url}: the answer does not hold what it should: {r.content[:300]!r}")
    return took


def search_phase(client, built: int, samples: int) -> dict:
    rng = random.Random(22)
    people = rng.sample(range(built), samples)
    kinds = {
        "ID number": lambda i: reg.id_number(i),
        "mobile": lambda i: reg.mobile_of(i),
        "member number": lambda i: f"110105{i + 1:010d}",
        "name": lambda i: reg.person_name(i),
    }
    for i in people[:5]:  # warm the caches and the connection
        client.get(f"/api/members/?{urlencode({'search': reg.id_number(i)})}")
        client.get(f"/api/members/{i + 1}")
    out: dict[str, list[float]] = {k: [] for k in kinds}
    out["floor"] = []
    for i in people:
        pk = i + 1
        for kind, term in kinds.items():
            url = f"/api/members/?{urlencode({'search': term(i)})}"
            if kind == "name":
                check = lambda r: len(r.json()["items"]) > 0  # noqa: E731
            else:
                check = lambda r, pk=pk: [row["id"] for row in r.json()["items"]] == [pk]  # noqa: E731
            out[kind].append(timed_get(client, url, check))
        out["floor"].append(timed_get(client, f"/api/members/{pk}", lambda r, pk=pk: r.json()["id"] == pk))
    return out


def plans(built: int) -> dict[str, list[str]]:
    from django.db import connection

    from gonghui.members import selectors
    from gonghui.members.selectors import MemberFilters

    user = cadre()
    i = built // 3
    found = {}
    for kind, term in (("ID number", reg.id_number(i)), ("member number", f"110105{i + 1:010d}")):
        qs = selectors.members_for(actor=user, filters=MemberFilters(search=term))
        q, params = qs[:51].query.sql_with_params()
        with connection.cursor() as cur:
            cur.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {q}", params)
            (doc,) = cur.fetchone()

        def walk(n, depth=0):
            yield depth, n
            for c in n.get("Plans", []):
                yield from walk(c, depth + 1)

        lines = []
        for depth, n in walk(doc[0]["Plan"]):
            where = n.get("Index Name") or n.get("Relation Name") or ""
            cond = n.get("Index Cond", "")
            lines.append(
                f"{'  ' * depth}{n['Node Type']} {where} {cond} ({n.get('Actual Total Time', 0):.2f} ms)"
            )
        found[kind] = lines
    return found


def list_phase(client, union_id: int, pages: int = 5, rounds: int = 20) -> dict:
    base = {"union": union_id, "status": "active", "gender": "f", "limit": 50}
    out: dict[str, list[float]] = {"api forward": [], "api back": [], "page forward": [], "page back": []}
    cursors: list[int] = []
    for _ in range(rounds):
        after, cursors = None, []
        for _ in range(pages):
            q = {**base, **({"after": after} if after else {})}
            t = time.perf_counter()
            body = client.get(f"/api/members/?{urlencode(q)}").json()
            out["api forward"].append(time.perf_counter() - t)
            after = body["next_after"]
            cursors.append(after)
        before = body["prev_before"]
        while before is not None:
            t = time.perf_counter()
            body = client.get(f"/api/members/?{urlencode({**base, 'before': before})}").json()
            out["api back"].append(time.perf_counter() - t)
            before = body["prev_before"]
        page = {k: v for k, v in base.items() if k != "limit"}
        for after in cursors[:-1]:
            out["page forward"].append(timed_get(client, f"/members/?{urlencode({**page, 'after': after})}"))
        for before in cursors[:-1]:
            out["page back"].append(timed_get(client, f"/members/?{urlencode({**page, 'before': before})}"))
    return {"cursors": cursors, **out}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(kind: str, port: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "GONGHUI_LOG_LEVEL": "WARNING"}
    if kind == "granian":
        cmd = [
            sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port),
            "--workers", str(os.cpu_count() or 2), "--blocking-threads", str(threads), "--no-ws", "gonghui.wsgi:application",
        ]  # fmt: skip
    else:
        cmd = [
            sys.executable, "-m", "waitress", f"--threads={threads}", f"--listen=127.0.0.1:{port}",
            "gonghui.wsgi:application",
        ]  # fmt: skip
    log = open(HERE / ".cache" / f"search-{kind}.log", "w")  # noqa: SIM115 (a file, not a pipe: a full pipe stalls the server)
    proc = subprocess.Popen(cmd, env=env, cwd=HERE.parent, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"{kind} did not answer on port {port}: see {log.name}")


def http_load(port: int, paths: list[str], cookie: str, threads: int, seconds: float) -> dict:
    stop = time.perf_counter() + seconds
    lat: list[float] = []
    errors = []
    lock = threading.Lock()

    def run(k: int):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, n = [], k
        while time.perf_counter() < stop:
            path = paths[n % len(paths)]
            n += 1
            t = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                r = conn.getresponse()
                r.read()
            except OSError as exc:
                errors.append(f"{path}: {exc!r}")
                break
            mine.append(time.perf_counter() - t)
            if r.status != 200:
                errors.append(f"{path}: HTTP {r.status}")
                break
        with lock:
            lat.extend(mine)

    t0 = time.perf_counter()
    workers = [threading.Thread(target=run, args=(k,)) for k in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t0
    if errors:
        raise SystemExit(f"HTTP errors: {errors[:5]}")
    return {"rps": len(lat) / wall, "lat": lat, "n": len(lat)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--register", type=int, default=10_000_000, help="the register size the roster bench built"
    )
    ap.add_argument("--samples", type=int, default=300)
    have_granian = importlib.util.find_spec("granian") is not None
    ap.add_argument(
        "--server", choices=("granian", "waitress"), default="granian" if have_granian else "waitress"
    )
    ap.add_argument("--server-threads", type=int, default=8)
    ap.add_argument("--threads", type=int, default=16, help="HTTP client threads")
    ap.add_argument("--http-seconds", type=float, default=15)
    args = ap.parse_args()

    reg.ensure_database(os.environ["DATABASE_URL"])
    setup_django(migrate=True)
    sql("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)")
    reg.recover()
    if reg.meta_get("built", 0) < args.register:  # a fresh database: the roster bench's register, built once
        reg.build_register(args.register, workers=os.cpu_count() or 2)
    built = reg.meta_get("built", 0)
    sql("ANALYZE members_membership")
    sql("ANALYZE members_person")
    print(f"register: {built:,} people and memberships ({os.environ['DATABASE_URL']})")

    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from gonghui.orgs.models import Org

    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG is off: pages need the manifest
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(cadre())

    print(f"\n== search, in-process through the API stack ({args.samples} people of the register) ==")
    res = search_phase(client, built, args.samples)
    floor = res.pop("floor")
    print(f"floor: GET /api/members/<id>  {ms(floor)}")
    summary = {}
    for kind, took in res.items():
        ratio = pct(took, 99) / pct(floor, 99)
        summary[kind] = pct(took, 99)
        goal = "met" if pct(took, 99) <= 0.050 else "MISSED"
        print(f"search by {kind:14}  {ms(took)}  ({ratio:.2f} x the floor's p99; goal p99 <= 50 ms: {goal})")

    print("\n== plans (EXPLAIN ANALYZE, as the API runs them) ==")
    for kind, lines in plans(built).items():
        scans = [
            x for x in lines if "Seq Scan members_" in x
        ]  # the hundred-odd organisations may be read whole
        print(f"{kind}: {'index probes only on the register' if not scans else 'SCANS THE REGISTER'}")
        for line in lines:
            print(f"    {line}")

    print("\n== filtered lists, keyset pages forward and back, in-process ==")
    street = Org.objects.get(name="基准测试第1街道总工会", parent__name=reg.DISTRICT)
    lists = list_phase(client, street.pk)
    cursors = lists.pop("cursors")
    for kind, took in lists.items():
        goal = "met" if pct(took, 99) <= 0.100 else "MISSED"
        print(
            f"{kind:13} {ms(took)}  ({pct(took, 99) / pct(floor, 99):.2f} x the floor's p99; p99 <= 100 ms: {goal})"
        )

    print(
        f"\n== over HTTP: {args.server}"
        f" ({f'{os.cpu_count() or 2} workers x ' if args.server == 'granian' else ''}{args.server_threads} threads;"
        f" as the README deploys it); {args.threads} clients, keep-alive =="
    )
    port = free_port()
    proc = start_server(args.server, port, args.server_threads)
    try:
        cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        base = {"union": street.pk, "status": "active", "gender": "f", "limit": 50}
        paths = [f"/api/members/?{urlencode(base)}"]
        paths += [f"/api/members/?{urlencode({**base, 'after': c})}" for c in cursors[:-1]]
        paths += [f"/api/members/?{urlencode({**base, 'before': c})}" for c in cursors[1:]]
        http_load(port, paths, cookie, args.threads, 2)  # warm-up
        healthz = http_load(port, ["/healthz"], cookie, args.threads, args.http_seconds)
        lists_http = http_load(port, paths, cookie, args.threads, args.http_seconds)
    finally:
        proc.terminate()
        proc.wait(10)
    print(f"floor: /healthz  {healthz['rps']:,.0f} requests/s, {ms(healthz['lat'])}")
    rps = lists_http["rps"]
    print(
        f"list pages (API, forward and back): {rps:,.0f} requests/s, {ms(lists_http['lat'])}"
        f"  ({rps / healthz['rps']:.3f} x /healthz's rate; goal >= 500 requests/s: {'met' if rps >= 500 else 'MISSED'})"
    )
    print("\n== summary ==")
    print(
        json.dumps(
            {
                "register": built,
                "search_p99_ms": {k: round(v * 1000, 1) for k, v in summary.items()},
                "floor_p99_ms": round(pct(floor, 99) * 1000, 1),
                "lists_p99_ms": {k: round(pct(v, 99) * 1000, 1) for k, v in lists.items()},
                "http_lists_rps": round(rps),
                "http_healthz_rps": round(healthz["rps"]),
                "server": args.server,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
