"""Browser tests: Debian's Chromium, driven by Playwright's sync API, against pytest-django's live server.

Every page a test opens is watched: a console error, an uncaught script error, a Content Security Policy
violation or a request to any host other than the live server fails the test (see `BrowserGuard`).

Screenshots are written to pytest's temporary directory unless GONGHUI_SCREENSHOT_DIR names a directory,
so that an ordinary test run leaves the committed PNGs alone; refresh them with

    GONGHUI_SCREENSHOT_DIR=docs/screenshots uv run pytest tests/browser -q
"""

import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test's own thread. Django sees that loop and
# refuses ORM calls from the test body (SynchronousOnlyOperation), although the test code itself is plain
# synchronous code and never runs inside the loop. Browser tests build their data and check the database
# from that thread, so Django's guard is switched off for them.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
# --lang: the browser's own controls (date boxes, file pickers) in Chinese, as a federation's cadres see them
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",
]
# Chromium takes its own controls' language (年/月/日 in a date box, 选择文件) from LANGUAGE, with chromium-l10n
# installed (LANG stays: a zh_CN locale the system lacks would garble downloaded file names)
BROWSER_ENV = {**os.environ, "LANGUAGE": "zh_CN"}
VIEWPORT = {"width": 1280, "height": 800}
# Chromium asks for /favicon.ico by itself and logs the 404 as a console error; the pages declare no icon, so
# that one message says nothing about the page under test.
BROWSER_OWN_REQUESTS = ("/favicon.ico",)
# A page that has finished loading and has no HTMX request in flight. Waiting for it is also a round trip to the
# page, and Playwright hands over events in the order the browser sent them: every console message and request the
# page made before it has reached the guard by the time the wait returns.
IDLE = """() => document.readyState === "complete" && !document.querySelector(".htmx-request")"""


@dataclass
class BrowserGuard:
    """What the pages of one test did that they must not: console errors, CSP violations, foreign requests."""

    base_url: str
    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    expected: list[re.Pattern] = field(default_factory=list)

    def watch(self, context) -> None:
        context.on("page", self.watch_page)
        context.on("request", self.on_request)
        for page in context.pages:
            self.watch_page(page)

    def watch_page(self, page) -> None:
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def on_console(self, message) -> None:
        # Older Chromium says "Refused to execute inline script because it violates the following Content
        # Security Policy directive …", newer "Executing inline script violates the following Content …".
        text = message.text
        if "Content Security Policy" in text or text.startswith("Refused to"):
            self.csp_violations.append(text)
        elif message.type == "error":
            where = message.location.get("url", "")
            if where.endswith(BROWSER_OWN_REQUESTS) or any(
                p.search(f"{text} {where}") for p in self.expected
            ):
                return
            self.console_errors.append(f"{text} ({where})" if where else text)

    def on_request(self, request) -> None:
        url = request.url
        self.requests.append(url)
        if not url.startswith(self.base_url + "/"):
            self.foreign_requests.append(url)

    def expect_console_error(self, pattern: str) -> None:
        """Allow one kind of console error that the test provokes on purpose (e.g. a 404 it asserts)."""
        self.expected.append(re.compile(pattern))

    def take_csp_violations(self) -> list[str]:
        """Hand over the violations recorded so far, for a test that provokes one on purpose."""
        taken, self.csp_violations = self.csp_violations, []
        return taken

    def problems(self) -> list[str]:
        return [
            *(f"console error: {t}" for t in self.console_errors),
            *(f"CSP violation: {t}" for t in self.csp_violations),
            *(f"uncaught page error: {t}" for t in self.page_errors),
            *(f"request to another host: {u}" for u in self.foreign_requests),
        ]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not its teardown) when one of its pages misbehaved."""
    result = yield
    guard = getattr(item, "funcargs", {}).get("browser_guard")
    if guard is not None:
        for context in item.funcargs.get("_browser_contexts", []):
            for page in context.pages:
                if not page.is_closed():
                    page.wait_for_function(IDLE)
        problems = guard.problems()
        assert not problems, "the browser reported:\n" + "\n".join(problems)
    return result


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's Chromium with `apt-get install chromium`"
        print(f"\nbrowser tests skipped: {reason}", file=sys.stderr)
        pytest.skip(reason)
    from django.db import connections

    sync_api = pytest.importorskip("playwright.sync_api")
    playwright = sync_api.sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS, env=BROWSER_ENV
        )
        yield browser
        browser.close()
    finally:
        # Close the connections Django opened while Playwright's loop was visible (see `world`) before the
        # loop goes; otherwise they stay open and PostgreSQL refuses to drop the test database.
        connections.close_all()
        playwright.stop()


@pytest.fixture
def world(live_server, transactional_db):
    """The test world, in a database the live server shares.

    Browser tests need a transactional database, flushed after each test, which also removes the built-in
    reference data that data migrations wrote; it is put back first (`core.testing.seeds.reseed`).
    (Serialized rollback cannot do it here: once Playwright runs, asgiref sees its event loop and Django hands
    this thread a new connection object, while the serialized copy hangs on the one that created the
    database.)
    """
    from gonghui.core.testing.seeds import reseed
    from gonghui.core.testing.world import build_world

    reseed()  # the roles, kinds, catalogues and award types the data migrations wrote
    return build_world()


@pytest.fixture
def browser_guard(live_server) -> BrowserGuard:
    return BrowserGuard(base_url=live_server.url)


@pytest.fixture
def _browser_contexts(browser) -> Iterator[list]:
    contexts: list = []
    yield contexts
    for context in contexts:
        context.close()


@pytest.fixture
def new_page(browser, browser_guard, _browser_contexts) -> Callable:
    """A page in a fresh browser context (its own cookies, so its own session), watched by the guard."""

    def open_page(*, phone: dict | None = None):
        """`phone`: a phone's viewport ({"width": …, "height": …}), touch and a dense screen, for workers' pages."""
        device = {"is_mobile": True, "has_touch": True, "device_scale_factor": 2} if phone else {}
        context = browser.new_context(
            viewport=phone or VIEWPORT, locale="zh-CN", timezone_id="Asia/Shanghai", **device
        )
        context.set_default_timeout(10_000)
        browser_guard.watch(context)
        _browser_contexts.append(context)
        return context.new_page()

    return open_page


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def url(live_server) -> Callable[[str], str]:
    return lambda path: live_server.url + path


@pytest.fixture
def sign_in(url) -> Callable:
    """Sign in through the login form (labels 用户名 and 密码, button 登录) as one of the world's users."""
    from gonghui.core.testing.world import PASSWORD

    def fill_and_submit(page, username: str, password: str = PASSWORD) -> None:
        page.goto(url("/accounts/login/"))
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(password)
        with page.expect_navigation():
            page.get_by_role("button", name="登录").click()

    return fill_and_submit


@pytest.fixture
def screenshot(tmp_path) -> Callable[[object, str], Path]:
    """Save a full-page PNG of the page; into GONGHUI_SCREENSHOT_DIR when set, else a temporary directory."""
    target = Path(os.environ.get("GONGHUI_SCREENSHOT_DIR") or tmp_path)
    if not target.is_absolute():
        target = Path(__file__).resolve().parents[2] / target
    target.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = target / name
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000, f"{path} looks empty"
        return path

    return take
