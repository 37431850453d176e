"""Every page of the access matrix, as each role that may open it, in Chromium at 1366 px and at 360 px (issue 16,
"Done when"): no English UI words on the rendered page, nothing scrolls sideways on the phone, and axe finds no
serious or critical violation. All problems are collected and reported together as (role, page, width,
problem).

The roles are the matrix's (core/tests/test_access.py): anonymous opens the public pages, a signed-in member
their own pages, a user without a role the pages any signed-in user may open, and the user in scope every page
of its row (out of scope is a 404 page, which the language test covers). One screenshot per page and width goes
to a temporary directory; a few go to GONGHUI_SCREENSHOT_DIR (docs/screenshots) as sweep-<page>-<width>.png.
"""

import os
import re

import pytest
from axe import blocking, describe, run_axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError
from widths import DESKTOP, PHONE, sideways

from gonghui.accounts.models import User
from gonghui.core.access import LOGIN, MEMBER, PUBLIC
from gonghui.core.tests.test_access import _client, _member_client, matrix, page_patterns
from gonghui.core.tests.test_page_language import english_words

# the pages whose 360 px screenshots are kept in docs/screenshots: one of each kind a person meets
KEPT = {
    "core:home",
    "members:list",
    "members:detail",
    "members:enrol",
    "dashboards:org",
    "outreach:index",
    "care:index",
    "activities:index",
    "join",
    "me_card",
}
SIGN_IN = ("/accounts/login/", "/me/login/")


def who_opens(rule, owner: str | None, out_of_scope) -> list[str]:
    """The matrix roles (by who they sign in as) that may open a page with this access rule: 200, not 404
    (core/tests/test_access.py `page_failures`)."""
    if rule == PUBLIC:
        return ["anonymous"]
    if rule == MEMBER:
        return ["member"]
    if rule == LOGIN and out_of_scope is None:
        return ["norole", owner or "norole"]
    return [owner] if owner else []


def visits(world) -> dict[str, list[tuple[str, str]]]:
    """For each role, the (url name, address) pairs it opens."""
    rules = {name: cb.access_rule for _, name, cb in page_patterns()}
    out: dict[str, list[tuple[str, str]]] = {}
    for name, (method, kwargs_in, kwargs_out, owner) in matrix(world).items():
        if method != "GET":
            continue
        for who in dict.fromkeys(who_opens(rules[name], owner, kwargs_out)):
            out.setdefault(who, []).append((name, reverse(name, kwargs=kwargs_in)))
    return out


def session_cookie(client, world, who: str) -> str | None:
    """A session for `who`, made by the test client as the matrix makes it, to hand to the browser."""
    if who == "anonymous":
        return None
    c = _member_client(client, world) if who == "member" else _client(client, who)
    return c.cookies[settings.SESSION_COOKIE_NAME].value


def problems(page, names: tuple[str, ...], *, phone: bool) -> list[str]:
    """What is wrong with the page as it stands: English words, sideways scrolling on a phone, axe's findings."""
    found = []
    if words := english_words(page.content(), names):
        found.append(f"English words {sorted(words)}")
    if phone and (problem := sideways(page)):
        found.append(problem)
    if serious := blocking(run_axe(page)):
        found.append("axe:\n" + describe(serious))
    return found


@pytest.mark.browser
def test_every_page_reads_in_chinese_fits_a_phone_and_passes_axe(
    world, browser, browser_guard, _browser_contexts, client, live_server, tmp_path, screenshot
):
    plan = visits(world)
    names = (*User.objects.values_list("username", flat=True), "matrix")
    failures: list[str] = []
    opened: set[tuple[str, str, int]] = set()
    for who, pages in plan.items():
        cookie = session_cookie(client, world, who)
        for size in (DESKTOP, PHONE):
            phone = size is PHONE
            device = {"is_mobile": True, "has_touch": True} if phone else {}
            context = browser.new_context(
                viewport=size, locale="zh-CN", timezone_id="Asia/Shanghai", **device
            )
            context.set_default_timeout(10_000)
            _browser_contexts.append(context)
            browser_guard.watch(context)
            if cookie:
                cookie_at = {"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}
                context.add_cookies([cookie_at])
            page = context.new_page()
            seen: set[str] = set()
            for name, path in pages:
                width = size["width"]
                try:
                    response = page.goto(live_server.url + path)
                except PlaywrightError as exc:
                    if "Download is starting" in str(exc):  # a file, not a page
                        continue
                    raise
                landed = page.url.removeprefix(live_server.url)
                if (
                    response is None
                    or response.status != 200
                    or not response.headers.get("content-type", "").startswith("text/html")
                    # sent on to sign in (not its page), or to a page already checked
                    or (landed != path and (landed.startswith(SIGN_IN) or landed in seen))
                ):
                    continue
                seen.add(landed)
                page.wait_for_load_state("load")
                opened.add((who, name, width))

                role = who if who in ("anonymous", "member", "norole") else f"in_scope ({who})"
                for problem in problems(page, names, phone=phone):
                    failures.append(f"{role} · {name} ({path}) · {width} px: {problem}")
                slug = re.sub(r"\W+", "-", name)
                page.screenshot(path=str(tmp_path / f"{who}-{slug}-{width}.png"), full_page=True)
                if phone and name in KEPT and os.environ.get("GONGHUI_SCREENSHOT_DIR"):
                    screenshot(page, f"sweep-{slug}-{width}.png")
            context.close()
            _browser_contexts.remove(context)
    print(f"\nsweep: {len(opened)} page views, screenshots in {tmp_path}")
    # every role of the matrix opened pages, on both screens: the sweep cannot pass by opening nothing
    assert {(who, width) for who, _, width in opened} == {
        (who, size["width"]) for who in plan for size in (DESKTOP, PHONE)
    }
    # what is left out is a file (exports, photos, QR codes), a redirect (join steps without the one before) or
    # the health check: 60 of the matrix's pages are pages
    assert len({name for _, name, _ in opened}) >= 60
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
