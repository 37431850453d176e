"""How long `gonghui demo` takes from a fresh clone to its first page, against floors measured in the same run.

Run by hand (not part of the test suite), from the repository root:

    uv run python bench/demo_start.py            # the demo as the README starts it, default options
    uv run python bench/demo_start.py --again    # and a second start on the same var dir (it must create nothing)
    uv run python bench/demo_start.py --members 2000 --no-floor

The goal (issue 22, goal 5): `uv run gonghui demo` on an empty var dir serves its first page within 45 s.

What it does:
1. The demo: in a fresh temporary GONGHUI_VAR_DIR (SQLite, no DATABASE_URL), `uv run gonghui demo --port P` on a
   free port, exactly as the README says otherwise (default options: 20,000 members). The address the README tells
   users to open, `http://127.0.0.1:P/`, is polled (redirects followed, so it lands on the sign-in page) until it
   answers 200; the seconds from the start of the command to that answer are the figure. The demo's own phase
   lines ("迁移数据库 migrate …" followed by "完成 done in 12.3s") are collected and printed. Then the server is
   stopped with SIGTERM (which also stops its task worker) and the var dir is removed.
2. Floors, each in its own fresh var dir, in the same run:
   - *start-up*: `uv run python -c "import django; django.setup()"` with Gonghui's settings: what any `gonghui`
     command pays before it does anything (the interpreter, uv, importing Django and every app). No demo can
     start faster than this.
   - *migrate*: `uv run gonghui migrate` alone into a fresh SQLite file: the schema the demo must create before
     it can load anything, as Django builds it from the migrations.
   The demo's time is printed as a ratio against each.
3. With `--again`: the demo started a second time on the same var dir, to its first page, and its phase lines
   (a second run must create nothing: the lines say "0 新建" / "无需新增").
"""

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 45.0
TIMEOUT_SECONDS = 900.0
STEP_RE = re.compile(r"^(\S.*?) …\s*$")
DONE_RE = re.compile(r"完成 done in ([0-9.]+)s")
READY_RE = re.compile(r"Gonghui demo ready \(([0-9.]+)s\)")


def uv() -> list[str]:
    found = shutil.which("uv")
    if found is None:
        sys.exit("uv is not on PATH: the README starts the demo with `uv run gonghui demo`")
    return [found, "run", "--locked"]


def environment(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # the demo runs on SQLite
    env["GONGHUI_VAR_DIR"] = str(var_dir)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["PYTHONUNBUFFERED"] = "1"
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed(command: list[str], env: dict[str, str]) -> float:
    t = time.monotonic()
    subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    return time.monotonic() - t


class Demo:
    """`gonghui demo` in its own process group, its output collected with the time each line arrived."""

    def __init__(self, var_dir: Path, port: int, extra: list[str]):
        self.port = port
        self.lines: list[tuple[float, str]] = []
        self.started = time.monotonic()
        self.process = subprocess.Popen(  # noqa: S603
            [*uv(), "gonghui", "demo", "--port", str(port), *extra],
            env=environment(var_dir),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append((time.monotonic() - self.started, line.rstrip("\n")))

    def first_page(self) -> float:
        """Seconds from the start until the address the demo prints answers 200 (after its redirects)."""
        url = f"http://127.0.0.1:{self.port}/"
        while time.monotonic() - self.started < TIMEOUT_SECONDS:
            if self.process.poll() is not None:
                self.reader.join(timeout=5)
                tail = "\n".join(line for _t, line in self.lines[-30:])
                sys.exit(f"the demo exited with code {self.process.returncode} before serving:\n{tail}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        return time.monotonic() - self.started
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        sys.exit(f"no answer from {url} within {TIMEOUT_SECONDS:.0f} s")

    def stop(self) -> None:
        worker = next(
            (int(m.group(1)) for _t, line in self.lines if (m := re.search(r"worker pid (\d+)", line))), None
        )
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass
        if worker is not None:  # the worker has its own session; the demo stops it, this makes sure
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)
        self.reader.join(timeout=5)

    def phases(self) -> list[tuple[str, float]]:
        found, label = [], None
        for _t, line in self.lines:
            if m := STEP_RE.match(line):
                label = m.group(1)
            elif label and (m := DONE_RE.search(line)) and not line.startswith("    "):
                found.append((label, float(m.group(1))))
                label = None
        return found

    def ready(self) -> float | None:
        return next((float(m.group(1)) for _t, line in self.lines if (m := READY_RE.search(line))), None)


def run_demo(var_dir: Path, extra: list[str], title: str, *, show_output: bool) -> float:
    demo = Demo(var_dir, free_port(), extra)
    try:
        seconds = demo.first_page()
    finally:
        demo.stop()
    print(f"\n{title}: first page 200 after {seconds:.1f} s (the demo says ready after {demo.ready()} s)")
    for label, phase in demo.phases():
        print(f"  {phase:6.1f} s  {label}")
    if show_output:
        print("  -- output --")
        for t, line in demo.lines:
            print(f"  {t:6.1f} | {line}")
    else:
        created = [line.strip() for _t, line in demo.lines if "新建" in line and " 0 新建" not in line]
        if created:
            print("  lines that say something was created:")
            for line in created:
                print(f"    {line[:160]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--again", action="store_true", help="start the demo a second time on the same var dir"
    )
    parser.add_argument("--members", type=int, help="pass --members N to the demo (default: the demo's own)")
    parser.add_argument("--no-floor", action="store_true", help="skip the floors")
    parser.add_argument("--output", action="store_true", help="print the demo's whole output with timestamps")
    parser.add_argument("--keep", action="store_true", help="keep the var dirs")
    args = parser.parse_args()
    extra = [] if args.members is None else ["--members", str(args.members)]

    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the start"
    )
    dirs: list[Path] = []

    def fresh() -> Path:
        d = Path(tempfile.mkdtemp(prefix="gonghui-demo-bench-"))
        dirs.append(d)
        return d

    try:
        var_dir = fresh()
        demo = run_demo(var_dir, extra, "demo (fresh var dir)", show_output=args.output)
        again = None
        if args.again:
            again = run_demo(var_dir, extra, "demo again (same var dir)", show_output=args.output)

        floors: dict[str, float] = {}
        if not args.no_floor:
            setup = [*uv(), "python", "-c", "import django; django.setup()"]
            env = environment(fresh())
            env["DJANGO_SETTINGS_MODULE"] = "gonghui.settings.base"
            floors["start-up (django.setup())"] = timed(setup, env)
            floors["gonghui migrate, fresh SQLite"] = timed(
                [*uv(), "gonghui", "migrate"], environment(fresh())
            )

        load = os.getloadavg()
        print(f"\nmachine: load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} at the end")
        print("\nsummary")
        print(
            f"  demo, fresh var dir, to its first page: {demo:.1f} s (goal ≤ {GOAL_SECONDS:.0f} s: "
            f"{'met' if demo <= GOAL_SECONDS else 'missed'})"
        )
        if again is not None:
            print(f"  demo again, same var dir, to its first page: {again:.1f} s")
        for name, seconds in floors.items():
            print(f"  floor {name}: {seconds:.1f} s; the demo is {demo / seconds:.1f} × it")
    finally:
        if not args.keep:
            for d in dirs:
                shutil.rmtree(d, ignore_errors=True)
        else:
            print("kept: " + " ".join(map(str, dirs)))


if __name__ == "__main__":
    main()
