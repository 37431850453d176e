"""Sign-in lockout, the audit log, the Content Security Policy and static files, seen from a real browser."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
ASSETS = (
    "gonghui/app.js",
    "gonghui/app.css",
    "vendor/htmx/htmx.min.js",
    "vendor/bootstrap/bootstrap.min.css",
)


@pytest.mark.browser
def test_five_wrong_passwords_lock_the_account(world, page, url, sign_in):
    errors = page.get_by_test_id("form-errors")
    for attempt in range(1, settings.LOGIN_FAILURE_LIMIT):
        sign_in(page, "chaoyang", "wrong-password")
        left = settings.LOGIN_FAILURE_LIMIT - attempt
        expect(errors).to_have_text(f"用户名或密码错误（再失败 {left} 次将锁定账号）")
    sign_in(page, "chaoyang", "wrong-password")
    expect(errors).to_contain_text("登录失败次数过多，账号已锁定")
    expect(page).to_have_url(url("/accounts/login/"))

    # Locked means locked: the right password is refused too, and no session is created.
    sign_in(page, "chaoyang")
    expect(errors).to_contain_text("账号已锁定")
    expect(page).to_have_url(url("/accounts/login/"))
    expect(page.get_by_test_id("me")).to_have_count(0)


@pytest.mark.browser
def test_the_auditor_sees_sign_ins_in_the_audit_log(world, page, new_page, url, sign_in):
    sign_in(page, "chaoyang", "wrong-password")
    sign_in(page, "chaoyang")
    expect(page).to_have_url(url(f"/stats/{world.chaoyang.pk}/"))

    auditor = new_page()
    sign_in(auditor, "auditor")
    expect(auditor).to_have_url(url("/audit/"))  # an auditor's home is the audit log
    rows = auditor.get_by_test_id("audit-table").locator("tbody tr")

    def events(action: str, username: str):
        return rows.filter(
            has=auditor.locator("td:nth-child(2)", has_text=re.compile(f"^{username}$"))
        ).filter(has=auditor.locator("code", has_text=re.compile(f"^{re.escape(action)}$")))

    expect(events("login", "chaoyang")).to_have_count(1)
    expect(events("login.failed", "chaoyang")).to_have_count(1)
    expect(events("login", "auditor")).to_have_count(1)  # the auditor's own sign-in is there too

    # Filter by operator: only chaoyang's two events remain, the failure and the sign-in.
    auditor.get_by_label("操作人").fill("chaoyang")
    auditor.get_by_role("button", name="筛选").click()
    auditor.wait_for_url(re.compile(r"/audit/\?"))
    expect(rows).to_have_count(2)
    expect(rows.locator("td:nth-child(2)")).to_have_text(["chaoyang", "chaoyang"])
    # each action in Chinese, its code beside it
    expect(rows.locator("td:nth-child(4)")).to_have_text(
        [re.compile(r"^登录\s+login$"), re.compile(r"^登录失败（密码错误）\s+login\.failed$")]
    )
    expect(rows.locator("td:nth-child(5)")).to_contain_text(["chaoyang", "chaoyang"])  # the user signed in

    # Filter by action, chosen by its label: the failure alone remains.
    auditor.get_by_label("操作", exact=True).select_option(label="登录失败（密码错误）")
    auditor.get_by_role("button", name="筛选").click()
    auditor.wait_for_url(re.compile(r"action=login\.failed"))
    expect(rows).to_have_count(1)
    expect(rows.locator("code")).to_have_text(["login.failed"])


@pytest.mark.browser
def test_pages_send_a_csp_and_carry_no_inline_script(world, page, url, sign_in, browser_guard):
    login = page.goto(url("/accounts/login/"))
    pages = {"/accounts/login/": login}
    sign_in(page, "city_admin")
    for path in (
        "/orgs/",
        f"/orgs/{world.donghu.pk}/",
        f"/orgs/{world.donghu.pk}/new/",
        f"/orgs/{world.base_donghu.pk}/move/",
        f"/orgs/{world.donghu.pk}/history/",
        "/orgs/search/?q=东湖",
        "/accounts/me/",
    ):
        pages[path] = page.goto(url(path))
        assert pages[path].status == 200, path
        html = page.content()
        assert not INLINE_SCRIPT.findall(html), path
        assert not INLINE_HANDLER.findall(html), path
        assert "javascript:" not in html, path
    for path, response in pages.items():
        csp = response.headers.get("content-security-policy", "")
        for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'"):
            assert directive in csp, (path, csp)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, (path, csp)

    # The watch on the console works: an inline script injected into the page is refused and reported.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate(
            """() => { const s = document.createElement("script");
                       s.textContent = "window.ghInline = 1"; document.body.append(s); }"""
        )
    assert page.evaluate("window.ghInline") is None
    refused = browser_guard.take_csp_violations()
    assert len(refused) == 1 and "inline script" in refused[0], refused

    # And the policy keeps the page from talking to any other host (192.0.2.1 is a documentation address).
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        assert page.evaluate("fetch('http://192.0.2.1/x').then(() => 'sent', () => 'blocked')") == "blocked"
    refused = browser_guard.take_csp_violations()
    assert refused and "connect-src" in refused[0], refused  # Chromium also logs the failed fetch
    assert not any("192.0.2.1" in u for u in browser_guard.requests), "the request never left the browser"


@pytest.mark.browser
def test_static_files_are_served_by_the_app(world, page, url, client):
    """The live server serves /static/ itself, and so does the application (WhiteNoise, using the finders)."""
    for asset in ASSETS:
        served = client.get(f"/static/{asset}")  # through the middleware stack, as in production
        assert served.status_code == 200, (
            f"/static/{asset} is not served: the staticfiles finders do not find src/gonghui/static "
            "(it belongs to no installed app); settings need STATICFILES_DIRS = [PACKAGE_DIR / 'static']"
        )
        response = page.goto(url(f"/static/{asset}"))
        assert response.status == 200, asset
        kind = "javascript" if asset.endswith(".js") else "css"
        assert kind in response.headers["content-type"], (asset, response.headers["content-type"])
