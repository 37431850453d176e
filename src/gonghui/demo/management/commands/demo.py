"""`gonghui demo`: a working Gonghui on one machine, with the world of the Beijing reports, in one command.

Why: a new user, a trainer or a reviewer should see the federations' own world (北京市总工会, its districts, streets,
unions, employers and rest stations, and some twenty thousand synthetic members in them) without setting up a
database, collecting static files, loading data and starting a web server and a task worker by hand. The command
does all of it against SQLite under ./var. Running it again is safe: migrations are idempotent, the loaders create
only what is missing (`--members N` tops the register up to N people), and the demo accounts are reset to the
published demo password, which a production server refuses to start with (core.demo_guard).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.management.commands import collectstatic
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from gonghui.core.demo_guard import DEMO_PASSWORD
from gonghui.core.modules import demo_lines, demo_steps, load
from gonghui.demo import schema
from gonghui.demo.loader import ensure_demo_staff, load_world
from gonghui.demo.members import DEFAULT_COUNT, load_members, member_counts
from gonghui.stats.services import stats_recompute

SQLITE_ENGINE = "django.db.backends.sqlite3"
WORKER_STOP_SECONDS = 20


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "演示环境：迁移数据库、收集静态文件、加载北京市总工会演示数据与演示账号，并启动网站和后台任务 "
        "(migrate, collect static files, load the demo world and accounts, serve them)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="端口 port (default 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="监听地址 host (default 127.0.0.1)")
        parser.add_argument(
            "--reset", action="store_true", help="先删除 SQLite 数据库 (start from an empty SQLite database)"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="只加载数据，不启动服务 (load, then exit)"
        )
        parser.add_argument(
            "--members",
            type=int,
            default=DEFAULT_COUNT,
            metavar="N",
            help=f"演示会员人数，0 为不生成 (synthetic members, 0 for none; default {DEFAULT_COUNT})",
        )

    def handle(self, *args, port: int, host: str, reset: bool, no_serve: bool, members: int, **options):
        if members < 0:
            raise CommandError("--members 不能为负数 (must be 0 or more)")
        started = time.monotonic()
        database = settings.DATABASES["default"]
        if reset:
            self._reset(database)

        self._step("迁移数据库 migrate", self._migrate)
        self._step("收集静态文件 collectstatic", self._collectstatic)
        self.stdout.write("加载演示数据 loading the demo world …")
        result = load_world(stdout=self.stdout)
        self.stdout.write(f"  完成 done in {result['seconds']:.1f}s")
        if members:
            self._members(members)
        for step in demo_steps():  # each module's own step (core.modules), in their order
            self._step(step.label, lambda step=step: self.stdout.write(f"  {load(step.run)()}"))
        self._step("统计汇总 statistics rollups", lambda: stats_recompute(spans=True))
        self.stdout.write("演示账号 demo accounts …")
        staff = ensure_demo_staff(stdout=self.stdout)

        url = self._url(host, port)
        totals = result["totals"]
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"工会演示环境已就绪 Gonghui demo ready ({time.monotonic() - started:.1f}s)")
        )
        self.stdout.write(f"  数据库 database: {self._describe(database)}")
        self.stdout.write(
            f"  组织 organisations {totals['orgs']} · 用人单位 employers {totals['employers']}"
            f" · 服务阵地 places {totals['places']}"
        )
        people = member_counts()
        if people["people"]:
            self.stdout.write(
                f"  人员 people {people['people']} · 正常 active {people['active'] - people['lapsed']}"
                f" · 转会中 in transfer {people['in_transfer']} · 保留会籍 retained {people['retained']}"
                f" · 已退会 left {people['left']} · 欠费满六个月 lapsed {people['lapsed']}"
                f" · 待审批 pending {people['pending']}"
            )
        self.stdout.write(
            f"  地址 URL: {url}" + ("" if not no_serve else "  (运行 run `gonghui demo` 以启动 to serve)")
        )
        self.stdout.write(f"  演示密码 demo password (all accounts): {DEMO_PASSWORD}")
        for row in staff:
            self.stdout.write(
                f"    {row['username']:<11} {row['full_name']}  {row['org']} · {row['role']} ({row['role_code']})"
            )
        for line in demo_lines(url.rstrip("/")):
            self.stdout.write(f"  {line}")
        self.stdout.write(
            "  演示密码是公开的，切勿在可被他人访问的主机上运行。The demo password is public: keep it local."
        )
        if no_serve:
            return
        self._serve(host, port, url)

    # -- steps ------------------------------------------------------------------------------------------------

    def _members(self, count: int) -> None:
        self.stdout.write(f"生成演示会员 synthetic members (目标 target {count}) …")
        t = time.monotonic()

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"  会员 members: {done}/{total} ({time.monotonic() - t:.1f}s)")

        added = load_members(count, progress=progress)
        if added:
            self.stdout.write(f"  会员 members: {added} 新建 new, {count} 共 in the demo")
        else:
            self.stdout.write(
                f"  会员 members: 已有 {member_counts()['people']} 人，无需新增 (nothing to add)"
            )
        self.stdout.write(f"  完成 done in {time.monotonic() - t:.1f}s")

    def _step(self, label: str, action) -> None:
        self.stdout.write(f"{label} …")
        t = time.monotonic()
        action()
        self.stdout.write(f"  完成 done in {time.monotonic() - t:.1f}s")

    def _migrate(self) -> None:
        if schema.replay():
            self.stdout.write(
                f"  按迁移记录建库 schema replayed from the migrations' record ({schema.SNAPSHOT.name})"
            )
        call_command("migrate", interactive=False, verbosity=0)  # applies whatever the record does not hold

    @staticmethod
    def _collectstatic() -> None:
        """Hashed names and the manifest the pages link by, without the gzip and brotli copies the production
        storage writes beside every file: compressing them all took most of this step, and the demo is served on
        this machine. Copies a production-style collect left behind are removed, so none can be stale."""
        command = collectstatic.Command()
        command.storage = ManifestStaticFilesStorage()
        call_command(command, interactive=False, verbosity=0)
        root = Path(settings.STATIC_ROOT)
        for suffix in (".gz", ".br"):
            for copy in root.rglob(f"*{suffix}"):
                copy.unlink()

    @staticmethod
    def _sqlite_file(database) -> Path | None:
        name = str(database.get("NAME") or "")
        if not name or name == ":memory:" or "mode=memory" in name:
            return None
        return Path(name)

    def _describe(self, database) -> str:
        if database["ENGINE"] == SQLITE_ENGINE:
            return f"SQLite {database['NAME']}"
        return f"{database['ENGINE'].rsplit('.', 1)[-1]} {database.get('NAME', '')}"

    def _reset(self, database) -> None:
        if database["ENGINE"] != SQLITE_ENGINE:
            raise CommandError(
                "--reset 只会删除 SQLite 数据库文件；默认数据库不是 SQLite，不会清空它。"
                "如需重建请自行删除并重新创建该数据库。"
                " (--reset only deletes a SQLite file; refusing to touch a non-SQLite database.)"
            )
        path = self._sqlite_file(database)
        if path is None:
            self.stdout.write("重置 reset: 内存数据库，无需删除 (in-memory database, nothing to delete)")
            return
        connections.close_all()
        removed = []
        for candidate in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
            if candidate.exists():
                candidate.unlink()
                removed.append(candidate.name)
        if removed:
            self.stdout.write(f"重置 reset: 已删除 deleted {', '.join(removed)} in {path.parent}")
        else:
            self.stdout.write(f"重置 reset: {path} 不存在 (nothing to delete)")

    @staticmethod
    def _url(host: str, port: int) -> str:
        shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)  # noqa: S104
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{port}/"

    # -- serving ----------------------------------------------------------------------------------------------

    def _serve(self, host: str, port: int, url: str) -> None:
        from django.core.wsgi import get_wsgi_application
        from waitress.server import create_server

        # Not gonghui.wsgi: that module is for production settings and refuses the demo passwords.
        application = get_wsgi_application()
        try:
            server = create_server(application, host=host, port=port, threads=6)
        except OSError as exc:
            raise CommandError(
                f"无法监听 cannot listen on {host}:{port}: {exc}（可用 --port 换一个端口）"
            ) from exc
        if host not in settings.ALLOWED_HOSTS and host not in ("0.0.0.0", "::"):  # noqa: S104
            self.stderr.write(
                f"注意 note: {host} 不在 ALLOWED_HOSTS 中，请设置 GONGHUI_ALLOWED_HOSTS (set GONGHUI_ALLOWED_HOSTS)"
            )

        self.stdout.write("启动后台任务进程 starting the background-task worker …")
        env = os.environ.copy()
        env["GONGHUI_VAR_DIR"] = str(getattr(settings, "VAR_DIR", Path.cwd() / "var"))
        # Its own session: a Ctrl-C in the terminal reaches only this process, which then stops the worker once.
        worker = subprocess.Popen(
            [sys.executable, "-m", "gonghui", "db_worker"], env=env, start_new_session=True
        )
        self.stdout.write(f"  后台任务进程 worker pid {worker.pid}")
        self.stdout.write(
            self.style.SUCCESS(f"网站已启动 serving on {url}  (按 Ctrl-C 停止 press Ctrl-C to stop)")
        )
        previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGTERM, signal.SIGHUP)}
        try:
            server.run()  # returns after KeyboardInterrupt / SystemExit, having closed its sockets
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._stop_worker(worker)
        self.stdout.write("已停止 stopped.")

    def _stop_worker(self, worker: subprocess.Popen) -> None:
        if worker.poll() is not None:
            self.stderr.write(f"后台任务进程已退出 the worker had exited (code {worker.returncode})")
            return
        self.stdout.write("停止后台任务进程 stopping the worker …")
        worker.terminate()  # SIGTERM: the worker finishes its current task, then exits
        try:
            worker.wait(timeout=WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            self.stderr.write("后台任务进程未按时退出，强制结束 the worker did not stop in time; killing it")
            worker.kill()
            worker.wait()
