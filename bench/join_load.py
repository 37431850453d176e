"""Join-flow load benchmark: workers joining on their phones, through the real HTTP stack, on PostgreSQL.

Run by hand (not part of the test suite), e.g.

    uv run python bench/join_load.py --quick                  # 300 phones: a smoke run (a few minutes)
    uv run python bench/join_load.py --quick --server granian # the same on granian
    uv run python bench/join_load.py                          # 2,000 phones, 32 at a time
    uv run python bench/join_load.py --profile-server         # and where the server's time goes

What it does:
1. Creates its own database (`gonghui_joinbench`; dropped and created afresh on every run, dropped at the end
   unless --keep), migrates it, collects the static files (DEBUG is off: the manifest storage needs them), and
   builds a small world: a city, a district, a street federation and a joint union under it, a few employers, an
   outreach event with a join code that needs approval (street federation) and a code that approves
   automatically (joint union).
2. Starts the web server in child processes: waitress (`--server-threads 8`) or granian (`--server granian`: WSGI
   interface, `--blocking-threads 8`), on `gonghui.settings.base` with DEBUG off, sessions read from Redis and
   written through to the database (cached_db), rate limits in Redis (GONGHUI_CACHE_URL, the bench's own Redis
   database), SMS through `BenchSender` below (the "SMS" lands in Redis, where the phone reads it).
3. Drives simulated phones over HTTP/1.1 keep-alive (http.client, one connection per client thread, a cookie jar
   per phone), as a browser would, following every redirect: GET the landing page (a scan; the CSRF cookie),
   POST the two consents, GET the phone page, POST "send", GET the phone page, POST the SMS code, GET the form,
   POST the form, GET the result: 9 requests per join. The phones: unique valid resident ID numbers and mobiles;
   ~5 % of the people join from two phones at the same moment (both sessions wait at a barrier, then submit the
   form together); ~3 % are people who joined during the warm-up coming back another day on a new phone with their
   own mobile: their flow ends on their card (/me/), which the bench reads.
4. Baselines measured in the same run: the same server answering `/healthz` with the same client concurrency (the
   bare HTTP stack), and the join's services called in-process (no HTTP, sessions, middleware or templates) by as
   many threads as the server has.
5. Checks afterwards: live memberships held twice by one person, and people registered twice (by id_hash): both
   must be 0. The summary ends with issue 22's goal 4: >= 60 joins/s, a join request <= 5 x a /healthz, 0
   duplicates, every returning person on their card.

The app counts rate limits per client address. One bench client is one address, so either every phone presents
its own address the way the TLS proxy in front would (`--addresses forwarded`, the default: an X-Real-IP header
per phone, read by the app through GONGHUI_CLIENT_IP_HEADER=HTTP_X_REAL_IP; on an app without that setting,
X-Forwarded-For trusted by waitress from 127.0.0.1; the app's limits as shipped), or all phones share 127.0.0.1
and the server process raises the per-address limits before serving (`--addresses shared`; what was raised is
printed), or all share 127.0.0.1 with the limits as shipped (`--addresses as-shipped`: what the app sees behind
a proxy it is not told about; expect refusals and human checks).
"""

import argparse
import datetime as dt
import http.client
import io
import json
import os
import pstats
import random
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from gonghui.core.scope import SYSTEM

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CACHE = HERE / ".cache"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_joinbench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/7"
SMS_KEY = "joinbench:sms:"  # + mobile: the last code "sent" to it
RATE_KEYS = ":1:rl:*"  # the app's rate-limit counters (Django's cache key format)
CARD = "/me/"  # the member's card page (outreach.public_urls "me_card")

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings.base")
# Pinned like the import bench, so a kept database stays readable (hashes and ciphers derive from the key).
os.environ.setdefault("GONGHUI_SECRET_KEY", "gonghui-bench-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("GONGHUI_LOG_LEVEL", "WARNING")
os.environ.setdefault("GONGHUI_VAR_DIR", str(CACHE / "join_load"))  # collected static files
os.environ["GONGHUI_DEBUG"] = "0"
os.environ["GONGHUI_SMS_SENDER"] = "join_load.BenchSender"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(HERE))  # `join_load` importable by the server processes (the SMS sender)

# ---- the SMS "gateway": Redis ---------------------------------------------------------------------------------

_REDIS = None


def redis_client():
    global _REDIS
    if _REDIS is None:
        import redis

        _REDIS = redis.Redis.from_url(os.environ["GONGHUI_CACHE_URL"])
    return _REDIS


class BenchSender:
    """GONGHUI_SMS_SENDER for the bench: the code goes to Redis (SMS_KEY + mobile, 10 minutes), where the
    simulated phone reads it. Production's sender would call the province's SMS gateway instead."""

    def send(self, mobile: str, text: str) -> None:
        code = re.search(r"验证码是 (\d{6})", text)[1]
        redis_client().set(SMS_KEY + mobile, code, ex=600)


def clear_redis() -> int:
    r, n = redis_client(), 0
    for pattern in (RATE_KEYS, SMS_KEY + "*"):
        keys = list(r.scan_iter(pattern, count=1000))
        for i in range(0, len(keys), 1000):
            n += r.delete(*keys[i : i + 1000])
    return n


# ---- people --------------------------------------------------------------------------------------------------

REGION = "110102"  # 西城区: stdnum accepts it for every birth year used here
FIRST_BIRTH = dt.date(1975, 1, 1)
GROUPS = ("rider", "rider", "courier", "truck_driver", "domestic", "")
EMPLOYERS = ("美团", "饿了么", "顺丰速运", "闪送", "大栅栏商贸有限公司", "前门大街餐饮管理有限公司", "")
SERVICE_BASE = 500_000  # people (and phones) of the in-process baseline: indexes from here
PROFILE_PEOPLE, PROFILE_PHONES = 300_000, 10_000_000  # people and phones of the profile passes


def id_number(i: int) -> str:
    """A valid resident ID number, distinct for every i (500 a day of birth, then the next day)."""
    from stdnum.cn import ric

    birth = FIRST_BIRTH + dt.timedelta(days=i // 500)
    body = f"{REGION}{birth:%Y%m%d}{100 + i % 500:03d}"
    return body + ric.calc_check_digit(body + "0")  # it takes a full number and ignores the last character


_NAMES: tuple | None = None


def person_name(i: int) -> str:
    global _NAMES
    if _NAMES is None:
        from gonghui.demo.members import GIVEN_NAMES, SURNAMES

        _NAMES = ([s for s, w in SURNAMES for _ in range(max(1, round(w)))], GIVEN_NAMES)
    surnames, given = _NAMES
    h = (i * 2654435761 + 0x9E3779B9) & 0xFFFFFFFF
    names = given["m" if (100 + i % 500) % 2 else "f", FIRST_BIRTH.year + i // 500 // 365 >= 1980]
    return surnames[h % len(surnames)] + names[(h >> 9) % len(names)]


def mobile_of(n: int) -> str:
    return f"139{n:08d}"


def address_of(n: int) -> str:
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


# ---- the database and the world --------------------------------------------------------------------------------


def db_name(url: str) -> tuple[dict, str]:
    import dj_database_url

    cfg = dj_database_url.parse(url)
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("the benchmark needs PostgreSQL: --database postgres://…")
    if "joinbench" not in cfg["NAME"]:
        sys.exit(f"refusing to drop {cfg['NAME']!r}: the bench's database name must contain 'joinbench'")
    admin = {"host": cfg["HOST"], "port": cfg["PORT"] or 5432, "user": cfg["USER"], "dbname": "postgres"}
    if cfg["PASSWORD"]:
        admin["password"] = cfg["PASSWORD"]
    return admin, cfg["NAME"]


def recreate_database(url: str) -> None:
    import psycopg

    admin, name = db_name(url)
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    admin, name = db_name(url)
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django() -> None:
    import django

    django.setup()


def sql(statement: str, params=None) -> list:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall()


def build_world() -> dict:
    """City > district > street federation > joint union; employers in the street; an event code that needs
    approval (street federation) and a code that approves automatically (joint union)."""
    from gonghui.orgs.models import Level
    from gonghui.orgs.services import employer_create, org_create
    from gonghui.outreach import services

    city = org_create(
        actor=SYSTEM, parent=None, name="基准测试市总工会", level=Level.CITY, district_code="110000"
    )
    district = org_create(
        actor=SYSTEM, parent=city, name="基准测试西城区总工会", level=Level.DISTRICT, district_code="110102"
    )
    street = org_create(actor=SYSTEM, parent=district, name="基准测试大栅栏街道总工会", level=Level.STREET)
    joint = org_create(actor=SYSTEM, parent=street, name="基准测试新就业形态联合工会", level=Level.JOINT)
    for name in ("美团", "大栅栏商贸有限公司", "前门大街餐饮管理有限公司"):
        employer_create(actor=SYSTEM, org=street, name=name)
    event = services.event_create(
        actor=SYSTEM, union=street, name="大栅栏商业街集中入会", place="大栅栏西街", gift="防晒冰袖一副"
    )
    approve = services.code_create(actor=SYSTEM, union=street, label="摆摊点（审批）", event=event)
    auto = services.code_create(actor=SYSTEM, union=joint, label="骑手驿站（自动审批）", auto_approve=True)
    return {"approve": approve.token, "auto": auto.token, "unions": [street.name, joint.name]}


# ---- the HTTP client -------------------------------------------------------------------------------------------

UA = "Mozilla/5.0 (Linux; Android 14) gonghui-join-bench"


class BenchError(Exception):
    def __init__(self, step: str, status: int, detail: str = ""):
        super().__init__(f"{step}: HTTP {status} {detail}".strip())
        self.step, self.status = step, status


class Client:
    """One keep-alive HTTP/1.1 connection (used by one thread at a time); the phone's cookie jar is per call."""

    def __init__(self, port: int, header: str):
        self.port, self.header = port, header  # header: where the phone's address goes ("": none)
        self.origin = f"http://127.0.0.1:{port}"
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.requests = 0
        self.retries = 0

    def call(self, step: str, method: str, path: str, jar: dict, form=None, address: str = ""):
        headers = {"User-Agent": UA, "Accept": "text/html", "Accept-Language": "zh-CN"}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin  # as a browser sends it; Django's CSRF check compares it
        if self.header and address:
            headers[self.header] = address
        t = time.perf_counter()
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError, http.client.CannotSendRequest):
                self.conn.close()
                if attempt:
                    raise
                self.retries += 1
        self.latency[step].append(time.perf_counter() - t)
        self.requests += 1
        for header in resp.msg.get_all("Set-Cookie") or ():
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    jar.pop(name, None)
                else:
                    jar[name] = morsel.value
        return resp.status, resp.getheader("Location", ""), data


_local = threading.local()
_clients: list[Client] = []
_clients_lock = threading.Lock()


def thread_client(port: int, header: str) -> Client:
    client = getattr(_local, "client", None)
    if client is None or client.port != port:
        client = _local.client = Client(port, header)
        with _clients_lock:
            _clients.append(client)
    return client


def collect_clients() -> list[Client]:
    with _clients_lock:
        out = list(_clients)
        _clients.clear()
    for client in out:
        client.conn.close()
    return out


# ---- a phone joining ------------------------------------------------------------------------------------------


class Phone:
    """One browser session on one phone: a person, a mobile, an address, a code; `barrier` for a twin."""

    def __init__(self, sid: int, person: int, token: str, *, kind: str = "new", mobile: str = ""):
        self.sid, self.person, self.token, self.kind = sid, person, token, kind
        self.mobile = mobile or mobile_of(sid)  # a returning person brings the mobile they joined with
        self.address = address_of(sid)
        self.barrier: threading.Barrier | None = None
        self.outcome = ""
        self.seconds = 0.0


def _expect(ok: bool, step: str, status: int, data: bytes = b"") -> None:
    if not ok:
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", data.decode("utf-8", "replace")))
        raise BenchError(step, status, text[:160])


def join_flow(client: Client, phone: Phone) -> str:
    """The whole flow as a phone's browser runs it; returns the outcome."""
    jar: dict[str, str] = {}
    base, a = f"/j/{phone.token}/", phone.address
    st, _, data = client.call("landing GET", "GET", base, jar, address=a)
    _expect(st == 200 and "csrftoken" in jar, "landing GET", st, data)
    csrf = {"csrfmiddlewaretoken": jar["csrftoken"]}
    st, loc, data = client.call("consent POST", "POST", base, jar, {**csrf, "agree": "1", "agree_id": "1"}, a)
    _expect(st == 302 and loc == base + "phone/", "consent POST", st, data)
    st, _, data = client.call("phone GET", "GET", loc, jar, address=a)
    _expect(st == 200, "phone GET", st, data)
    form = {**csrf, "action": "send", "mobile": phone.mobile}
    st, loc, data = client.call("sms send POST", "POST", base + "phone/", jar, form, a)
    _expect(st == 302 and loc == base + "phone/", "sms send POST", st, data)
    st, _, data = client.call("phone GET", "GET", loc, jar, address=a)
    _expect(st == 200, "phone GET", st, data)
    code = redis_client().get(SMS_KEY + phone.mobile)
    _expect(code is not None, "sms received", 0)
    form = {**csrf, "action": "check", "sms_code": code.decode()}
    st, loc, data = client.call("sms check POST", "POST", base + "phone/", jar, form, a)
    _expect(st == 302 and loc == base + "form/", "sms check POST", st, data)
    st, _, data = client.call("form GET", "GET", loc, jar, address=a)
    _expect(st == 200, "form GET", st, data)
    if phone.barrier is not None:
        phone.barrier.wait()  # the twin on the other phone submits at the same moment
    i = phone.person
    form = {
        **csrf,
        "full_name": person_name(i),
        "id_number": id_number(i),
        "employer": EMPLOYERS[i % len(EMPLOYERS)],
        "group": GROUPS[i % len(GROUPS)],
        "action": "join",
    }
    st, loc, data = client.call("form POST", "POST", base + "form/", jar, form, a)
    if st == 200:
        text = data.decode()
        if "无需重复入会" in text or "一人只能有一个会籍" in text:
            return "refused: already a member"
        _expect(False, "form POST", st, data)
    if st == 409 and phone.kind == "twin" and "该登记无法在此继续办理" in data.decode():
        # the other phone's submission registered the person with its own mobile a moment before: this mobile
        # does not speak for them (the app's identity rule), and the page names nobody
        return "refused: registered with the other phone's mobile"
    if st == 302 and loc == CARD:  # a member of this union already: signed in, on their card
        st, _, data = client.call("card GET", "GET", loc, jar, address=a)
        text = data.decode()
        _expect(st == 200 and 'data-testid="e-card"' in text, "card GET", st, data)
        union = re.search(r'data-testid="card-union">([^<]*)<', text)
        number = re.search(r'data-testid="card-number">([^<]*)<', text)
        _expect(bool(union and union[1].strip() and number and number[1].strip()), "card GET", st, data)
        _expect("无需重复入会" in text, "card GET", st, data)
        return (
            "on their card (number)" if number[1].strip().isdigit() else "on their card (awaiting approval)"
        )
    _expect(st == 302 and loc == base + "done/", "form POST", st, data)
    st, loc, data = client.call("done GET", "GET", loc, jar, address=a)
    if st == 302 and loc == base:
        return "already a member: sent back to the landing page"
    _expect(st == 200, "done GET", st, data)
    text = data.decode()
    if "入会成功" in text:
        return "joined (active)"
    if "入会申请已提交" in text:
        return "applied (pending)"
    _expect(False, "done GET", st, data)
    return ""


def run_phone(port: int, header: str, phone: Phone) -> Phone:
    client = thread_client(port, header)
    t = time.perf_counter()
    try:
        phone.outcome = join_flow(client, phone)
    except BenchError as exc:
        phone.outcome = f"error: {exc}"
        if phone.barrier is not None:
            phone.barrier.abort()
    except threading.BrokenBarrierError:
        phone.outcome = "error: the twin failed before the form"
    except Exception as exc:
        phone.outcome = f"error: {type(exc).__name__}: {exc}"
        if phone.barrier is not None:
            phone.barrier.abort()
    phone.seconds = time.perf_counter() - t
    return phone


def run_task(port: int, header: str, task: list[Phone]) -> list[Phone]:
    """One phone, or two phones of one person submitting together (the second on a thread of its own)."""
    if len(task) == 1:
        return [run_phone(port, header, task[0])]
    barrier = threading.Barrier(2, timeout=120)
    for phone in task:
        phone.barrier = barrier

    def second() -> None:
        try:
            run_phone(port, header, task[1])
        finally:  # a thread of its own, so a connection of its own: close it, or they pile up
            client = getattr(_local, "client", None)
            if client is not None:
                client.conn.close()

    twin = threading.Thread(target=second)
    twin.start()
    run_phone(port, header, task[0])
    twin.join()
    return task


def drive(port: int, header: str, tasks: list[list[Phone]], threads: int) -> tuple[list[Phone], float]:
    t = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        done = [p for phones in pool.map(lambda task: run_task(port, header, task), tasks) for p in phones]
    return done, time.perf_counter() - t


def healthz_load(port: int, header: str, threads: int, seconds: float) -> tuple[int, float, list[float]]:
    """The bare stack: every client thread GETs /healthz over its keep-alive connection for `seconds`."""
    counts, latencies, lock = [0], [], threading.Lock()
    stop = time.perf_counter() + seconds

    def loop(n: int) -> None:
        client, jar, mine = Client(port, header), {}, []
        while time.perf_counter() < stop:
            t = time.perf_counter()
            st, _, _ = client.call("healthz", "GET", "/healthz", jar, address=address_of(900_000 + n))
            if st != 200:
                raise SystemExit(f"/healthz answered {st}")
            mine.append(time.perf_counter() - t)
        client.conn.close()
        with lock:
            counts[0] += len(mine)
            latencies.extend(mine)

    t = time.perf_counter()
    workers = [threading.Thread(target=loop, args=(n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return counts[0], time.perf_counter() - t, latencies


# ---- the web server (child processes) ---------------------------------------------------------------------------


def request_kind(method: str, path: str, status: str, location: str) -> str:
    if path == "/healthz":
        return "GET /healthz"
    m = re.match(r"^/j/[^/]+/(phone/|form/|done/)?$", path)
    page = {None: "landing", "phone/": "phone", "form/": "form", "done/": "done"}[m[1]] if m else "other"
    kind = f"{method} {page}"
    if method == "POST" and page == "landing":
        kind = "POST consent"
    elif method == "POST" and page == "phone":
        kind = "POST phone: check" if location.endswith("/form/") else "POST phone: send"
    elif method == "POST" and page == "form":
        kind = "POST form: joined" if location.endswith("/done/") else "POST form: refused"
        if location == CARD:
            kind = "POST form: a member here"
    elif page == "done" and status.startswith("302"):
        kind = "GET done: no record"
    if path == CARD:
        kind = f"{method} card"
    return kind


def instrument(app):
    """Per kind of request: count, wall time, SQL statements and their time, time in the rate limits."""
    from time import perf_counter

    import join_load
    from django.db import connection

    from gonghui.outreach import limits

    local, lock = threading.local(), threading.Lock()
    totals: dict[str, list] = {}

    def timed(owner, name: str, bucket: str) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            t = perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                acc = getattr(local, "acc", None)
                if acc is not None:
                    acc[bucket] += perf_counter() - t

        setattr(owner, name, wrapper)

    for name in ("hit", "failed", "needs_check", "forgive"):
        timed(limits, name, "limits")
    timed(join_load.BenchSender, "send", "sms")

    def watch(execute, statement, params, many, context):
        t = perf_counter()
        try:
            return execute(statement, params, many, context)
        finally:
            local.acc["db"] += perf_counter() - t
            local.acc["queries"] += 1

    def wrapped(environ, start_response):
        local.acc = {"db": 0.0, "queries": 0, "limits": 0.0, "sms": 0.0}
        seen = {}

        def remember(status, headers, exc_info=None):
            seen["status"], seen["location"] = status, dict(headers).get("Location", "")
            return start_response(status, headers, exc_info)

        t = perf_counter()
        with connection.execute_wrapper(watch):
            result = app(environ, remember)
            try:
                body = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        wall = perf_counter() - t
        kind = request_kind(
            environ["REQUEST_METHOD"], environ["PATH_INFO"], seen.get("status", ""), seen.get("location", "")
        )
        acc, local.acc = local.acc, None
        with lock:
            row = totals.setdefault(
                kind, {"n": 0, "wall": 0.0, "db": 0.0, "queries": 0, "limits": 0.0, "sms": 0.0}
            )
            row["n"] += 1
            row["wall"] += wall
            for key in ("db", "queries", "limits", "sms"):
                row[key] += acc[key]
        return [body]

    return wrapped, totals


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def relax_limits(addresses: str) -> list[str]:
    """--addresses shared: every phone is 127.0.0.1, so the per-address limits are raised in the server process."""
    from gonghui.outreach import limits

    relaxed = []
    if addresses == "shared":
        for name, value in (
            ("SMS_PER_ADDRESS", (1_000_000_000, 3600)),
            ("FAILURES_BEFORE_CHECK", 1_000_000_000),
        ):
            relaxed.append(f"limits.{name} {getattr(limits, name)} -> {value}")
            setattr(limits, name, value)
    return relaxed


def granian_app():
    """granian's target (`--factory join_load:granian_app`, in each granian worker): the WSGI application with
    the run's settings (inherited environment) and, for --addresses shared, the raised limits."""
    setup_django()
    from django.core.wsgi import get_wsgi_application

    relax_limits(os.environ.get("JOINBENCH_ADDRESSES", "forwarded"))
    return get_wsgi_application()


def child_serve(fd: int, threads: int, addresses: str, connections: int, stats: str, profile: str) -> None:
    import logging

    setup_django()
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server

    relaxed = relax_limits(addresses)
    logging.getLogger("waitress.queue").setLevel(
        logging.ERROR
    )  # "task queue depth is N": expected under load
    application = get_wsgi_application()
    totals = None
    if stats:
        application, totals = instrument(application)
    options: dict = {
        "threads": threads,
        "connection_limit": connections,
        "ident": "gonghui",
        "channel_timeout": 300,
    }
    header = ""
    if addresses == "forwarded":
        from django.conf import settings

        if getattr(settings, "GONGHUI_CLIENT_IP_HEADER", ""):  # the app reads the proxy's header itself
            header = "-".join(w.capitalize() for w in settings.GONGHUI_CLIENT_IP_HEADER[5:].split("_"))
            header = header.replace("-Ip", "-IP")
        else:  # an app without that setting: waitress trusts X-Forwarded-For from 127.0.0.1, sets REMOTE_ADDR
            header = "X-Forwarded-For"
            options.update(
                trusted_proxy="127.0.0.1",
                trusted_proxy_headers={"x-forwarded-for"},
                clear_untrusted_proxy_headers=True,
            )
    server = create_server(application, sockets=[socket.socket(fileno=fd)], **options)
    sys.stdout.write(json.dumps({"pid": os.getpid(), "relaxed": relaxed, "header": header}) + "\n")
    sys.stdout.flush()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()  # Python 3.12: sys.monitoring, so it sees every thread
        profiler.enable()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run()  # returns on KeyboardInterrupt (SIGINT / SIGTERM)
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
        if totals is not None:
            Path(stats).write_text(json.dumps(totals))


def descendants(pid: int) -> set[int]:
    """A process and every process below it (granian's workers), from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                text = Path(f"/proc/{entry.name}/stat").read_text()
            except OSError:
                continue
            children[int(text[text.rindex(")") + 2 :].split()[1])].append(int(entry.name))
    out, todo = set(), [pid]
    while todo:
        p = todo.pop()
        out.add(p)
        todo.extend(children.get(p, ()))
    return out


class GranianServer:
    """granian (WSGI interface) as the README deploys it: `procs` worker processes, `threads` blocking threads
    each (the threads that run the Django application, like waitress's threads), on a port of its own."""

    kind = "granian"

    def __init__(self, *, procs: int, threads: int, addresses: str, connections: int):
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.tmp = Path(tempfile.mkdtemp(prefix="join_load-"))
        env = dict(os.environ, JOINBENCH_ADDRESSES=addresses)
        env["PYTHONPATH"] = os.pathsep.join([str(HERE), str(ROOT / "src"), env.get("PYTHONPATH", "")])
        args = [
            str(Path(sys.executable).with_name("granian")),
            "--interface",
            "wsgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(procs),
            "--blocking-threads",
            str(threads),
            "--backlog",
            str(max(128, connections)),
            "--no-ws",
            "--log-level",
            "warning",
            "--factory",
            "join_load:granian_app",
        ]
        self.proc = subprocess.Popen(args, cwd=ROOT, env=env)  # noqa: S603
        deadline = time.monotonic() + 120
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise SystemExit("granian did not start")
            time.sleep(0.2)
        setup_django()
        from django.conf import settings

        self.header = ""
        if addresses == "forwarded":
            if not getattr(settings, "GONGHUI_CLIENT_IP_HEADER", ""):
                self.stop()
                raise SystemExit("--server granian --addresses forwarded needs GONGHUI_CLIENT_IP_HEADER")
            self.header = "-".join(w.capitalize() for w in settings.GONGHUI_CLIENT_IP_HEADER[5:].split("_"))
            self.header = self.header.replace("-Ip", "-IP")
        self.relaxed = []
        if addresses == "shared":  # what granian_app does in each worker, for the printout
            self.relaxed = [
                f"limits.SMS_PER_ADDRESS -> {(1_000_000_000, 3600)}",
                f"limits.FAILURES_BEFORE_CHECK -> {1_000_000_000}",
            ]
        self.pids = descendants(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def start_server(kind: str, **options):
    if kind == "granian":
        options.pop("instrumented", None)
        options.pop("profile", None)
        return GranianServer(**options)
    return Server(**options)


class Server:
    """`procs` waitress processes sharing one listening socket (the kernel spreads the connections)."""

    kind = "waitress"

    def __init__(
        self,
        *,
        procs: int,
        threads: int,
        addresses: str,
        connections: int,
        instrumented: bool = False,
        profile: bool = False,
    ):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1024)
        self.port = self.sock.getsockname()[1]
        self.tmp = Path(tempfile.mkdtemp(prefix="join_load-"))
        self.procs, self.relaxed = [], []
        self.stats_files, self.profile_files = [], []
        for n in range(procs):
            stats = str(self.tmp / f"stats-{n}.json") if instrumented else ""
            prof = str(self.tmp / f"profile-{n}.prof") if profile else ""
            self.stats_files.append(stats)
            self.profile_files.append(prof)
            args = [
                sys.executable,
                __file__,
                "--child",
                "serve",
                str(self.sock.fileno()),
                str(threads),
                addresses,
                str(connections),
                stats or "-",
                prof or "-",
            ]
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, pass_fds=(self.sock.fileno(),), cwd=ROOT)  # noqa: S603
            self.procs.append(proc)
        for proc in self.procs:
            ready, _, _ = select.select([proc.stdout], [], [], 120)
            line = proc.stdout.readline() if ready else b""
            if not line:
                self.stop()
                raise SystemExit("a server process did not start")
            ready = json.loads(line)
            self.relaxed, self.header = ready["relaxed"], ready["header"]
        self.pids = {p.pid for p in self.procs}

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
        for proc in self.procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        self.sock.close()

    def totals(self) -> dict:
        merged: dict[str, dict] = {}
        for path in self.stats_files:
            if path and Path(path).exists():
                for kind, row in json.loads(Path(path).read_text()).items():
                    into = merged.setdefault(kind, dict.fromkeys(row, 0))
                    for key, value in row.items():
                        into[key] += value
        return merged

    def profile_text(self, top: int = 30) -> str:
        files = [p for p in self.profile_files if p and Path(p).exists()]
        if not files:
            return ""
        out = io.StringIO()
        stats = pstats.Stats(*files, stream=out)
        stats.sort_stats("tottime").print_stats(top)
        stats.sort_stats("cumulative").print_stats(
            r"gonghui/|sessions/backends|template/loader\.py|handlers/base|middleware|cache/backends",
            top + 10,
        )
        return out.getvalue()

    def cleanup(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


# ---- the in-process baseline (a child process) -------------------------------------------------------------------


def child_service(count: int, threads: int, tokens: list[str]) -> None:
    """The services a join calls, with the views' arguments, minus HTTP, sessions, middleware and templates."""
    setup_django()
    from django.db import connection
    from django.utils import timezone

    from gonghui.outreach import services
    from gonghui.outreach.models import SmsPurpose

    outcomes: Counter = Counter()
    lock = threading.Lock()

    def worker(first: int) -> None:
        mine: Counter = Counter()
        for i in range(first, SERVICE_BASE + count, threads):
            token, address = tokens[i % len(tokens)], address_of(i)
            code = services.code_open(token)  # each view does it once
            services.scan_record(code)
            services.code_open(token)
            mobile = services.sms_send(mobile_raw=mobile_of(i), purpose=SmsPurpose.JOIN, address=address)
            sent = redis_client().get(SMS_KEY + mobile).decode()
            services.code_open(token)
            services.sms_check(mobile=mobile, purpose=SmsPurpose.JOIN, code=sent, address=address)
            now = timezone.now()
            data = services.JoinData(
                full_name=person_name(i),
                id_number=id_number(i),
                mobile=mobile,
                employer=EMPLOYERS[i % len(EMPLOYERS)],
                group=GROUPS[i % len(GROUPS)],
                agreed_at=now,
                id_number_agreed_at=now,
            )
            outcome = services.join_submit(code=services.code_open(token), data=data)
            mine["joined" if outcome.record is not None else "not joined"] += 1
        connection.close()
        with lock:
            outcomes.update(mine)

    t = time.perf_counter()
    workers = [threading.Thread(target=worker, args=(SERVICE_BASE + n,)) for n in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = time.perf_counter() - t
    sys.stdout.write(json.dumps({"wall": wall, "outcomes": dict(outcomes)}) + "\n")


def run_service_baseline(count: int, threads: int, tokens: list[str]) -> dict:
    proc = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--child", "service", str(count), str(threads), *tokens],
        stdout=subprocess.PIPE,
        cwd=ROOT,
        check=False,
    )
    if proc.returncode != 0:
        raise SystemExit(f"the in-process baseline failed ({proc.returncode})")
    return json.loads(proc.stdout.decode().strip().splitlines()[-1])


# ---- CPU accounting ------------------------------------------------------------------------------------------------


def cpu_snapshot(server_pids: set[int]) -> tuple[dict[int, tuple[str, int]], list[int]]:
    """CPU ticks of every process with its group, and the machine's /proc/stat cpu line. A process's ticks
    include its reaped children's (cutime, cstime): PostgreSQL backends that end inside the window (Django
    reconnects after CONN_MAX_AGE) are counted through the postmaster."""
    me, procs = os.getpid(), {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        pid = int(entry.name)
        if pid == me:
            group = "bench client"
        elif pid in server_pids:
            group = "web server"
        elif comm.startswith("postgres"):
            group = "postgres"
        elif comm.startswith("redis"):
            group = "redis"
        else:
            group = "other processes"
        procs[pid] = (group, sum(int(x) for x in fields[11:15]))
    with open("/proc/stat") as f:
        machine = [int(x) for x in f.readline().split()[1:]]
    return procs, machine


def cpu_report(before, after, wall: float) -> dict[str, float]:
    """Cores used by each group over the window (processes that ended inside it are missed: 'unaccounted')."""
    hz = os.sysconf("SC_CLK_TCK")
    groups: dict[str, float] = defaultdict(float)
    for pid, (group, ticks) in after[0].items():
        groups[group] += (ticks - before[0].get(pid, (group, 0))[1]) / hz / wall
    for pid, (group, ticks) in before[0].items():
        if (
            pid not in after[0]
        ):  # ended: its parent's cutime now holds all of it, the part before the window too
            groups[group] -= ticks / hz / wall
    d = [a - b for a, b in zip(after[1], before[1], strict=False)]
    user, nice, system, idle, iowait, irq, softirq, steal = (d + [0] * 8)[:8]
    busy = (user + nice + system + irq + softirq) / hz / wall
    out = dict(groups)
    out["unaccounted"] = max(0.0, busy - sum(groups.values()))
    out["busy"], out["idle"], out["steal"] = busy, (idle + iowait) / hz / wall, steal / hz / wall
    return out


def cpu_line(cpu: dict[str, float]) -> str:
    order = ("web server", "postgres", "bench client", "redis", "other processes", "unaccounted")
    parts = ", ".join(f"{k} {cpu.get(k, 0):.2f}" for k in order)
    return (
        f"{parts}; machine busy {cpu['busy']:.2f}, steal {cpu['steal']:.2f}, idle {cpu['idle']:.2f} (cores)"
    )


def machine_note(seconds: float = 2.0) -> str:
    """The load average and what other processes used over `seconds` (cores), busiest first."""
    load = os.getloadavg()
    before = cpu_snapshot(set())
    time.sleep(seconds)
    after = cpu_snapshot(set())
    hz, me = os.sysconf("SC_CLK_TCK"), os.getpid()
    busy: Counter = Counter()
    for pid, (_group, ticks) in after[0].items():
        if pid != me and pid in before[0]:
            used = (ticks - before[0][pid][1]) / hz / seconds
            if used > 0.02:
                try:
                    cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
                except OSError:
                    continue
                busy[(cmd or "?")[:70]] += used
    top = ", ".join(f"{cmd} ({used:.2f})" for cmd, used in busy.most_common(4))
    return (
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; other processes used"
        f" {sum(busy.values()):.2f} cores over {seconds:.0f} s" + (f": {top}" if top else "")
    )


# ---- the run ---------------------------------------------------------------------------------------------------------


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def plan(args, tokens: list[str]) -> tuple[list[list[Phone]], int]:
    """Warm-up phones (one per person), then the timed tasks: new people, twins (two phones of one person
    at once), and people of the warm-up coming back on a new phone. Persons and phones numbered apart."""
    rng = random.Random(2026)
    sid = 0

    def phone(person: int, kind: str) -> Phone:
        nonlocal sid
        sid += 1
        return Phone(sid, person, tokens[person % len(tokens)], kind=kind)

    warm = [[phone(p, "warm-up")] for p in range(args.warmup)]
    n = args.workers
    pairs = round(n * args.twins)
    repeats = min(round(n * args.repeats), args.warmup)
    singles = n - 2 * pairs - repeats
    person = args.warmup
    timed: list[list[Phone]] = []
    for _ in range(singles):
        timed.append([phone(person, "new")])
        person += 1
    for _ in range(pairs):
        timed.append([phone(person, "twin"), phone(person, "twin")])
        person += 1
    for p in rng.sample(range(args.warmup), repeats):
        back = phone(p, "repeat")
        back.mobile = warm[p][0].mobile  # the same person and number, on a new phone (a new browser session)
        timed.append([back])
    rng.shuffle(timed)
    return warm, timed


def outcome_table(phones: list[Phone]) -> dict[str, Counter]:
    table: dict[str, Counter] = defaultdict(Counter)
    for p in phones:
        outcome = p.outcome if not p.outcome.startswith("error") else "error"
        table[p.kind][outcome] += 1
    return table


def print_latencies(clients: list[Client]) -> None:
    merged: dict[str, list[float]] = defaultdict(list)
    for c in clients:
        for step, values in c.latency.items():
            merged[step].extend(values)
    order = (
        "landing GET",
        "consent POST",
        "phone GET",
        "sms send POST",
        "sms check POST",
        "form GET",
        "form POST",
        "done GET",
        "card GET",
    )
    print("  latency per request (ms)      n      p50     p95     p99     max")
    for step in order:
        v = merged.get(step, [])
        if v:
            print(
                f"    {step:<22} {len(v):>7,} {pct(v, 0.5) * 1e3:8.1f}{pct(v, 0.95) * 1e3:8.1f}"
                f"{pct(v, 0.99) * 1e3:8.1f}{max(v) * 1e3:8.1f}"
            )


def checks() -> dict:
    dup_members = sql(
        "SELECT person_id, COUNT(*) FROM members_membership WHERE status IN ('pending','active','in_transfer','retained')"
        " GROUP BY person_id HAVING COUNT(*) > 1"
    )
    dup_people = sql("SELECT id_hash, COUNT(*) FROM members_person GROUP BY id_hash HAVING COUNT(*) > 1")
    by_status = dict(sql("SELECT status, COUNT(*) FROM members_membership GROUP BY status ORDER BY 1"))
    return {
        "duplicate_memberships": len(dup_members),
        "duplicate_people": len(dup_people),
        "people": sql("SELECT COUNT(*) FROM members_person")[0][0],
        "people_without_membership": sql(
            "SELECT COUNT(*) FROM members_person p WHERE NOT EXISTS"
            " (SELECT 1 FROM members_membership m WHERE m.person_id = p.id)"
        )[0][0],
        "memberships": by_status,
        "join_records": dict(
            sql("SELECT outcome, COUNT(*) FROM outreach_joinrecord GROUP BY outcome ORDER BY 1")
        ),
        "consents": sql("SELECT COUNT(*) FROM outreach_consent")[0][0],
        "scans": sql("SELECT COUNT(*) FROM outreach_joinscan")[0][0],
        "sms_codes": sql("SELECT COUNT(*) FROM outreach_smscode")[0][0],
        "sessions": sql("SELECT COUNT(*) FROM django_session")[0][0],
    }


JOINED = ("joined (active)", "applied (pending)")


def profile_pass(args, tokens: list[str]) -> dict:
    """Where the server's time goes: one waitress thread (so per-request times are service times, and cProfile,
    which in 3.12 sees every thread through sys.monitoring, does not interleave worker threads), kept busy by 8
    client threads. Two short runs: per kind of request (wall, SQL, rate limits; and /healthz for scale), then
    cProfile."""
    n, first, out = args.profile_workers, 0, {}
    for label, instrumented, profile in (("timings", True, False), ("cProfile", False, True)):
        server = Server(
            procs=1,
            threads=1,
            addresses=args.addresses,
            connections=64,
            instrumented=instrumented,
            profile=profile,
        )
        phones = [
            [Phone(PROFILE_PHONES + k, PROFILE_PEOPLE + k, tokens[k % len(tokens)], kind="profile")]
            for k in range(first, first + n)
        ]
        first += n
        try:
            done, wall = drive(server.port, server.header, phones, 8)
            collect_clients()
            if instrumented:
                healthz_load(server.port, server.header, 8, 2)
        finally:
            server.stop()
        joined = sum(1 for p in done if p.outcome in JOINED)
        print(
            f"\n-- profile pass ({label}): 1 waitress thread, 8 client threads, {n} phones:"
            f" {joined} joins in {wall:.1f} s = {joined / wall:.1f} joins/s"
            f"{' (under the profiler)' if profile else ''} --"
        )
        if instrumented:
            totals = server.totals()
            print(
                "  kind of request              n   ms/req  SQL/req  SQL ms/req  limits ms  Python etc. ms"
                "  ms per join"
            )
            per_join = {"wall": 0.0, "db": 0.0, "queries": 0.0, "limits": 0.0, "sms": 0.0}
            for kind, row in sorted(totals.items(), key=lambda kv: -kv[1]["wall"]):
                k = row["n"]
                rest = row["wall"] - row["db"] - row["limits"] - row["sms"]
                share = 0.0 if kind == "GET /healthz" else row["wall"] / max(joined, 1)
                print(
                    f"    {kind:<24}{k:>6} {row['wall'] / k * 1e3:8.2f} {row['queries'] / k:8.1f}"
                    f" {row['db'] / k * 1e3:10.2f} {row['limits'] / k * 1e3:10.2f} {rest / k * 1e3:15.2f}"
                    f" {share * 1e3:12.2f}"
                )
                if kind != "GET /healthz":
                    for key in per_join:
                        per_join[key] += row[key] / max(joined, 1)
            wall_j = per_join["wall"]
            rest_j = wall_j - per_join["db"] - per_join["limits"] - per_join["sms"]
            print(
                f"  per join: {wall_j * 1e3:.1f} ms in the WSGI application (one thread), of which"
                f" {per_join['queries']:.0f} SQL statements {per_join['db'] * 1e3:.1f} ms ({per_join['db'] / wall_j:.0%}),"
                f" rate limits (Redis) {per_join['limits'] * 1e3:.1f} ms ({per_join['limits'] / wall_j:.0%}),"
                f" the rest (Python: Django, ORM, sessions, templates) {rest_j * 1e3:.1f} ms ({rest_j / wall_j:.0%});"
                f" one thread's ceiling {1 / wall_j:.1f} joins/s"
            )
            hz = totals.get("GET /healthz")
            if hz:
                print(
                    f"  /healthz in the same server: {hz['wall'] / hz['n'] * 1e3:.2f} ms per request:"
                    f" a join costs {wall_j / (hz['wall'] / hz['n']):.0f} x one /healthz"
                )
            out = {"per_join_ms": wall_j * 1e3, "ceiling": 1 / wall_j, "db_share": per_join["db"] / wall_j}
        if profile:
            print(server.profile_text())
        server.cleanup()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, help="phones in the timed run (default 2,000; --quick 300)")
    parser.add_argument("--warmup", type=int, help="phones joining before the timed run (100; --quick 40)")
    parser.add_argument("--threads", type=int, default=32, help="client threads: phones at once (default 32)")
    parser.add_argument(
        "--server",
        choices=("waitress", "granian"),
        default="waitress",
        help="the production server: waitress (threads) or granian (WSGI interface, blocking threads)",
    )
    parser.add_argument(
        "--server-threads",
        type=int,
        default=8,
        help="threads running the application per process: waitress --threads, granian --blocking-threads (8)",
    )
    parser.add_argument(
        "--server-procs",
        type=int,
        default=1,
        help="server processes: waitress processes on one socket, granian --workers (default 1)",
    )
    parser.add_argument(
        "--addresses",
        choices=("forwarded", "shared", "as-shipped"),
        default="forwarded",
        help="forwarded (default): a distinct X-Forwarded-For per phone, trusted by waitress (limits as"
        " shipped); shared: every phone is 127.0.0.1 and the per-address limits are raised; as-shipped: every"
        " phone is 127.0.0.1, limits as shipped (what the app sees behind a proxy waitress does not trust)",
    )
    parser.add_argument(
        "--twins", type=float, default=0.05, help="share of people joining from two phones at once"
    )
    parser.add_argument("--repeats", type=float, default=0.03, help="share of warm-up people coming back")
    parser.add_argument("--baseline-seconds", type=float, help="length of the /healthz baseline (10; 4)")
    parser.add_argument(
        "--service-joins", type=int, help="joins of the in-process baseline (500; 150; 0: none)"
    )
    parser.add_argument("--profile-server", action="store_true", help="two extra passes: timings, cProfile")
    parser.add_argument("--profile-workers", type=int, help="phones in each profile pass (300; 100)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 300 phones, short baselines")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--database", default=os.environ.get("JOINBENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--redis", default=os.environ.get("JOINBENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, rest = args.child[0], args.child[1:]
        if kind == "serve":
            child_serve(
                int(rest[0]), int(rest[1]), rest[2], int(rest[3]), rest[4].strip("-"), rest[5].strip("-")
            )
        elif kind == "service":
            child_service(int(rest[0]), int(rest[1]), rest[2:])
        return
    sizes = {"workers": (2000, 300), "warmup": (100, 40), "baseline_seconds": (10, 4)}
    sizes |= {"service_joins": (500, 150), "profile_workers": (300, 100)}
    for name, (full, quick) in sizes.items():  # --quick changes only what was not given
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)

    # the children inherit these (never the caller's DATABASE_URL: this database is dropped)
    os.environ["DATABASE_URL"] = args.database
    os.environ["GONGHUI_CACHE_URL"] = args.redis
    forwarded = args.addresses == "forwarded"
    if forwarded:  # as nginx would set it: proxy_set_header X-Real-IP $remote_addr (docs/operations.md)
        os.environ["GONGHUI_CLIENT_IP_HEADER"] = "HTTP_X_REAL_IP"
    else:
        os.environ.pop("GONGHUI_CLIENT_IP_HEADER", None)
    print(
        f"database: {args.database} (dropped and created afresh{'' if args.keep else ', dropped at the end'})"
    )
    print(
        f"cache: {args.redis} (rate limits, and the bench's SMS); machine: {os.cpu_count()} cores, {machine_note()}"
    )

    t = time.perf_counter()
    recreate_database(args.database)
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"migrated ({time.perf_counter() - t:.1f} s)")
    t = time.perf_counter()
    call_command("collectstatic", interactive=False, verbosity=0)
    world = build_world()
    tokens = [world["approve"], world["auto"]]
    print(
        f"static files collected, world built ({time.perf_counter() - t:.1f} s): codes /j/{tokens[0]}/ (approval,"
        f" {world['unions'][0]}) and /j/{tokens[1]}/ (automatic approval, {world['unions'][1]})"
    )
    print(f"cleared {clear_redis()} rate-limit and SMS keys in Redis")
    assert not settings.DEBUG
    print(
        f"settings: {os.environ['DJANGO_SETTINGS_MODULE']}, DEBUG off, sessions {settings.SESSION_ENGINE},"
        f" cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]}, SMS sender {settings.GONGHUI_SMS_SENDER}"
    )

    warm, timed = plan(args, tokens)
    connections = max(100, 4 * args.threads + 20)
    server = start_server(
        args.server,
        procs=args.server_procs,
        threads=args.server_threads,
        addresses=args.addresses,
        connections=connections,
    )
    print(
        f"server: {args.server}, {args.server_procs} process(es) x {args.server_threads} threads on"
        f" 127.0.0.1:{server.port}"
    )
    if forwarded and server.header == "X-Forwarded-For":
        print(
            "addresses: each phone sends its own X-Forwarded-For (10.x.y.z), which waitress trusts from 127.0.0.1"
            " (this app has no GONGHUI_CLIENT_IP_HEADER); the app's rate limits are as shipped"
        )
    elif forwarded:
        print(
            f"addresses: each phone sends its own {server.header} (10.x.y.z), as the proxy in front would; the app"
            f" reads it (GONGHUI_CLIENT_IP_HEADER={os.environ['GONGHUI_CLIENT_IP_HEADER']}); rate limits as shipped"
        )
    elif server.relaxed:
        print(
            f"addresses: every phone is 127.0.0.1; RELAXED in the server process: {'; '.join(server.relaxed)}"
        )
    else:
        print("addresses: every phone is 127.0.0.1 and the rate limits are as shipped (expect refusals)")
    try:
        t = time.perf_counter()
        done_warm, _ = drive(server.port, server.header, warm, args.threads)
        collect_clients()
        warm_errors = [p.outcome for p in done_warm if p.outcome.startswith("error")]
        print(
            f"warm-up: {len(done_warm)} phones in {time.perf_counter() - t:.1f} s, {len(warm_errors)} errors"
            + (f" (first: {warm_errors[0]})" if warm_errors else "")
        )
        if len(warm_errors) == len(done_warm):
            raise SystemExit("every warm-up join failed: stopping")
        # the warm-up's people come back another day: yesterday's per-mobile SMS limits have lapsed
        print(f"cleared {clear_redis()} rate-limit and SMS keys (the returning people come back another day)")

        n_hz, wall_hz, lat_hz = healthz_load(server.port, server.header, args.threads, args.baseline_seconds)
        hz_rate = n_hz / wall_hz
        print(
            f"baseline /healthz: {n_hz:,} requests in {wall_hz:.1f} s = {hz_rate:,.0f} requests/s"
            f" (p50 {pct(lat_hz, 0.5) * 1e3:.1f} ms, p95 {pct(lat_hz, 0.95) * 1e3:.1f} ms)"
        )

        phones = sum(len(task) for task in timed)
        print(f"\n== timed: {phones:,} phones, {args.threads} at a time ==", flush=True)
        before = cpu_snapshot(server.pids)
        done, wall = drive(server.port, server.header, timed, args.threads)
        after = cpu_snapshot(server.pids)
        clients = collect_clients()
    finally:
        server.stop()
        server.cleanup()
    cpu = cpu_report(before, after, wall)
    requests = sum(c.requests for c in clients)
    retries = sum(c.retries for c in clients)
    table = outcome_table(done)
    joins = sum(1 for p in done if p.outcome in JOINED)
    flows = [p.seconds for p in done if not p.outcome.startswith("error")]
    for kind in ("new", "twin", "repeat"):
        if kind in table:
            print(f"  {kind:<7} " + ", ".join(f"{o}: {n:,}" for o, n in sorted(table[kind].items())))
    errors = Counter(re.sub(r"\d{6,}", "N", p.outcome)[:140] for p in done if p.outcome.startswith("error"))
    for text, n in errors.most_common(5):
        print(f"  {n:,} x {text}")
    print(
        f"  {joins:,} joins in {wall:.1f} s = {joins / wall:.1f} joins/s; {requests:,} requests = "
        f"{requests / wall:,.0f} requests/s ({requests / max(len(done), 1):.1f} per phone;"
        f" {retries} reconnects)"
    )
    print(
        f"  a whole flow (9 requests): p50 {pct(flows, 0.5):.2f} s, p95 {pct(flows, 0.95):.2f} s, max {max(flows, default=0):.2f} s"
    )
    print_latencies(clients)
    print(f"  CPU in the window: {cpu_line(cpu)}")

    service = None
    if args.service_joins:
        service = run_service_baseline(args.service_joins, args.server_threads, tokens)
        s_joins = service["outcomes"].get("joined", 0)
        print(
            f"baseline in-process services ({args.server_threads} threads, one process): {s_joins:,} joins in"
            f" {service['wall']:.1f} s = {s_joins / service['wall']:.1f} joins/s ({service['outcomes']})"
        )

    found = checks()
    print(f"checks: {found}")
    profiled = {}
    if args.profile_server:
        profiled = profile_pass(args, tokens)
        found = checks()
        print(
            f"checks after the profile passes: duplicate memberships {found['duplicate_memberships']},"
            f" duplicate people {found['duplicate_people']}"
        )

    # ---- summary
    per_phone = requests / max(len(done), 1)
    hz_per_join = hz_rate / per_phone
    print(
        f"\n== summary (PostgreSQL, {os.cpu_count()} cores, {args.server} {args.server_procs} x {args.server_threads}"
        f" threads, {args.threads} phones at once, addresses {args.addresses}) =="
    )
    print(f"joins: {joins:,} in {wall:.1f} s = {joins / wall:.1f} joins/s; {requests / wall:,.0f} requests/s")
    print(
        f"bare stack: /healthz {hz_rate:,.0f} requests/s; the join flow's requests/s are"
        f" {requests / wall / hz_rate:.3f} x that (a join-flow request costs {hz_rate / (requests / wall):.1f} x"
        f" a /healthz); if every request were a /healthz: {hz_per_join:,.0f} joins/s (this run: {joins / wall / hz_per_join:.3f} x)"
    )
    if service:
        s_rate = service["outcomes"].get("joined", 0) / service["wall"]
        print(f"in-process services: {s_rate:.1f} joins/s; over HTTP: {joins / wall / s_rate:.2f} x that")
    if profiled:
        print(
            f"server time per join (1 thread): {profiled['per_join_ms']:.0f} ms, {profiled['db_share']:.0%} of it"
            f" in SQL: at most {profiled['ceiling']:.1f} joins/s per busy Python thread (per process, with the GIL)"
        )
    print(f"CPU: {cpu_line(cpu)}")
    ok = found["duplicate_memberships"] == 0 and found["duplicate_people"] == 0
    print(
        f"duplicates: live memberships held twice {found['duplicate_memberships']}, people registered twice"
        f" {found['duplicate_people']} (must be 0: {'OK' if ok else 'FAILED'})"
    )
    returning = [p for p in done if p.kind == "repeat"]
    on_card = [p for p in returning if p.outcome.startswith("on their card")]
    cost = hz_rate / (requests / wall)

    def verdict(met: bool) -> str:
        return "met" if met else "MISSED"

    print("goals (issue 22, goal 4):")
    print(f"  >= 60 joins/s: {joins / wall:.1f} joins/s: {verdict(joins / wall >= 60)}")
    print(f"  a join request <= 5 x a /healthz of the same server: {cost:.1f} x: {verdict(cost <= 5)}")
    dups = found["duplicate_memberships"] + found["duplicate_people"]
    print(f"  0 duplicates: {dups}: {verdict(dups == 0)}")
    print(
        f"  every returning person ends on their card: {len(on_card)} of {len(returning)}"
        f" ({Counter(p.outcome for p in returning)}): {verdict(len(on_card) == len(returning))}"
    )
    if server.relaxed:
        print(f"relaxed for this run: {'; '.join(server.relaxed)}")
    print(f"machine at the end: {machine_note()}")
    if not args.keep:
        drop_database(args.database)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
