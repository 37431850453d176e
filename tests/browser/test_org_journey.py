"""The organisation journey in a real browser: sign in, browse the tree, create a union, move it, read its history."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.orgs.models import Org

NEW_UNION = "东湖测试科技有限公司工会"


def org_id_from(page) -> int:
    match = re.search(r"/orgs/(\d+)/$", page.url)
    assert match, page.url
    return int(match.group(1))


@pytest.mark.browser
def test_create_a_union_move_it_and_read_its_history(
    world, page, new_page, url, sign_in, screenshot, browser_guard
):
    # Sign in through the form, land on the district's dashboard, and open the tree from the menu.
    sign_in(page, "chaoyang")
    expect(page).to_have_url(url(f"/stats/{world.chaoyang.pk}/"))
    page.get_by_role("link", name="组织", exact=True).click()
    expect(page).to_have_url(url("/orgs/"))
    tree = page.get_by_test_id("tree")
    # For chaoyang the tree starts at 朝阳区总工会, whose children come with the page ...
    expect(page.get_by_role("heading", name="朝阳区总工会")).to_be_visible()
    expect(tree.get_by_role("link", name="东湖街道总工会", exact=True)).to_be_visible()
    expect(tree.get_by_role("link", name="常营地区总工会", exact=True)).to_be_visible()
    # ... and deeper levels load lazily through HTMX when a node's ▸ is clicked.
    toggle = page.get_by_test_id(f"expand-{world.donghu.pk}")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(page.locator(f"#gh-kids-{world.donghu.pk}")).to_contain_text("望京科技有限公司工会")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.click()  # collapses without another request
    expect(page.locator(f"#gh-kids-{world.donghu.pk}")).to_be_hidden()

    # 东湖街道总工会's page.
    tree.get_by_role("link", name="东湖街道总工会", exact=True).click()
    page.wait_for_url(url(f"/orgs/{world.donghu.pk}/"))
    expect(page.get_by_test_id("org-name")).to_have_text("东湖街道总工会")
    expect(page.get_by_test_id("children")).to_contain_text("望京科技有限公司工会")
    screenshot(page, "org-page.png")

    # Create a base union under it.
    page.get_by_role("link", name="新建下级组织").click()
    page.wait_for_url(url(f"/orgs/{world.donghu.pk}/new/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("在“东湖街道总工会”下新建组织")
    page.get_by_label("层级").select_option(label="基层工会")
    page.get_by_label("名称", exact=False).fill(NEW_UNION)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/orgs/\d+/$"))
    expect(page.get_by_test_id("org-name")).to_have_text(NEW_UNION)
    expect(page.get_by_role("alert")).to_contain_text("已完成")
    union_id = org_id_from(page)
    assert union_id not in {world.donghu.pk, world.base_donghu.pk}
    assert Org.objects.get(pk=union_id).parent_id == world.donghu.pk

    # Move it: search the eligible parents (HTMX replaces the radio list), pick 常营, confirm.
    page.get_by_role("link", name="迁移").click()
    page.wait_for_url(url(f"/orgs/{union_id}/move/"))
    targets = page.locator("#gh-move-targets")
    expect(targets.get_by_label("朝阳区总工会")).to_be_visible()  # before searching: every eligible parent
    expect(targets).not_to_contain_text("东湖街道总工会")  # the current parent is not offered
    page.get_by_test_id("move-search").fill("常营")
    expect(targets.get_by_label("朝阳区总工会")).to_have_count(0)
    choice = targets.get_by_label("常营地区总工会")
    expect(choice).to_be_visible()
    choice.check()
    page.get_by_label("迁移原因").fill("企业迁址至常营")
    screenshot(page, "move.png")
    page.get_by_role("button", name="确认迁移").click()
    page.wait_for_url(url(f"/orgs/{union_id}/"))
    expect(page.get_by_role("alert")).to_contain_text("已完成")
    expect(page.locator(".breadcrumb")).to_contain_text("常营地区总工会")

    # The history shows the creation and the move, with the parent before and after.
    page.get_by_role("link", name="变更历史").click()
    page.wait_for_url(url(f"/orgs/{union_id}/history/"))
    rows = page.get_by_test_id("history").locator("tbody tr")
    expect(rows).to_have_count(2)
    created = rows.filter(has=page.locator("td:nth-child(3)", has_text="新建"))
    expect(created).to_have_count(1)
    expect(created).to_contain_text("chaoyang")
    expect(created.locator("td:nth-child(5)")).to_contain_text(NEW_UNION)
    moved = rows.filter(has=page.locator("td:nth-child(3)", has_text="迁移"))
    expect(moved).to_have_count(1)
    expect(moved.locator("td:nth-child(4)")).to_have_text("上级工会：东湖街道总工会")
    expect(moved.locator("td:nth-child(5)")).to_have_text("上级工会：常营地区总工会")
    expect(moved.locator("td:nth-child(6)")).to_have_text("企业迁址至常营")
    screenshot(page, "history.png")

    union = Org.objects.select_related("parent").get(pk=union_id)
    assert union.name == NEW_UNION
    assert union.parent == world.changying
    assert union.path.startswith(world.changying.path)

    # xicheng, in a fresh browser context, may not see it: neither its page nor its API resource exists.
    other = new_page()
    sign_in(other, "xicheng")
    expect(other).to_have_url(url(f"/stats/{world.xicheng.pk}/"))
    # Control: the same URLs for xicheng's own district answer, so the 404s below are about scope.
    assert other.goto(url(f"/orgs/{world.xicheng.pk}/")).status == 200
    own = other.goto(url(f"/api/orgs/{world.xicheng.pk}"))
    assert own.status == 200
    assert own.json()["name"] == "西城区总工会"
    hidden = (f"/orgs/{union_id}/", f"/api/orgs/{union_id}")
    for path in hidden:  # Chromium logs each 404 it is shown; these two are the point of the check
        browser_guard.expect_console_error(rf"status of 404 .* {re.escape(url(path))}$")
    page_response = other.goto(url(hidden[0]))
    assert page_response.status == 404
    assert NEW_UNION not in other.content()
    api_response = other.goto(url(hidden[1]))
    assert api_response.status == 404
    assert NEW_UNION not in api_response.text()


@pytest.mark.browser
def test_tree_search_only_finds_what_the_user_may_see(world, page, new_page, url, sign_in, screenshot):
    sign_in(page, "chaoyang")
    page.get_by_role("link", name="组织", exact=True).click()
    page.get_by_test_id("org-search").fill("大栅栏")
    results = page.locator("#gh-search-results")
    expect(results).to_contain_text("没有名称包含“大栅栏”的组织")
    expect(results.get_by_role("link")).to_have_count(0)

    admin = new_page()
    sign_in(admin, "city_admin")
    expect(admin).to_have_url(url(f"/stats/{world.city.pk}/"))
    admin.goto(url("/orgs/"))
    admin.get_by_test_id("org-search").fill("大栅栏")
    found = admin.locator("#gh-search-results")
    expect(found.get_by_role("link", name=re.compile("^大栅栏街道总工会"))).to_be_visible()
    expect(found).to_contain_text("上级：西城区总工会")
    admin.get_by_test_id("org-search").fill("")  # an empty search clears the results
    expect(found.get_by_role("link")).to_have_count(0)

    # The city admin's tree starts at 北京市总工会; 朝阳区总工会's ▸ loads its streets through HTMX.
    toggle = admin.get_by_test_id(f"expand-{world.chaoyang.pk}")
    toggle.click()
    kids = admin.locator(f"#gh-kids-{world.chaoyang.pk}")
    expect(kids.get_by_role("link", name="东湖街道总工会")).to_be_visible()
    expect(kids.get_by_role("link", name="常营地区总工会")).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    screenshot(admin, "tree.png")


@pytest.mark.browser
def test_an_out_of_scope_address_shows_the_chinese_404_with_the_navigation(
    world, page, url, sign_in, screenshot, browser_guard
):
    # chaoyang follows a link to 大栅栏 (西城's street): the 404 keeps the menu and offers the way back.
    sign_in(page, "chaoyang")
    page.goto(url("/orgs/"))
    out = url(f"/orgs/{world.dashilan.pk}/")
    browser_guard.expect_console_error(rf"status of 404 .* {re.escape(out)}$")
    page.evaluate("address => { window.location.href = address; }", out)
    page.wait_for_url(out)
    expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    expect(page.get_by_role("link", name="组织", exact=True)).to_be_visible()
    expect(page.get_by_test_id("me")).to_have_text(
        "chaoyang"
    )  # the full name; the test world's is the username
    screenshot(page, "not-found.png")
    page.get_by_test_id("error-back").click()
    expect(page).to_have_url(url("/orgs/"))
    page.goto(out)
    page.get_by_test_id("error-home").click()
    expect(page).to_have_url(url(f"/stats/{world.chaoyang.pk}/"))


@pytest.mark.browser
def test_the_auditor_reads_changes_as_a_register(world, page, url, sign_in, screenshot):
    from gonghui.core.scope import SYSTEM
    from gonghui.orgs import services

    services.org_update(actor=SYSTEM, org=world.donghu, short_name="东湖", reason="简称登记")
    sign_in(page, "auditor")
    expect(page).to_have_url(url("/audit/"))
    page.get_by_label("组织（含下级）").select_option(value=str(world.chaoyang.pk))
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(rf"org={world.chaoyang.pk}"))
    changes = page.get_by_test_id("audit-changes").first
    expect(changes).to_contain_text("简称")
    expect(changes).to_contain_text("东湖")
    expect(page.get_by_test_id("audit-table")).not_to_contain_text("大栅栏")
    # time, operator and action each stay on one line
    first_row = page.get_by_test_id("audit-table").locator("tbody > tr").first
    for column in (1, 2, 4):
        cell = first_row.locator(f"> td:nth-child({column})")
        spread = cell.evaluate(
            "td => { const r = document.createRange(); r.selectNodeContents(td); "
            "const tops = [...r.getClientRects()].map(b => b.top); "
            "return Math.max(...tops) - Math.min(...tops); }"
        )
        assert spread < 10, (column, cell.inner_text())  # a second line would start a line height lower
    expect(page.get_by_role("link", name="东湖街道总工会")).to_have_count(
        0
    )  # 审计员 cannot open organisations
    page.set_viewport_size({"width": 1366, "height": 900})
    screenshot(page, "audit-register.png")


@pytest.mark.browser
def test_a_worker_meets_the_404_in_the_phone_style(world, new_page, url, screenshot, browser_guard):
    phone = new_page(phone={"width": 360, "height": 740})
    gone = url("/j/no-such-code/")
    browser_guard.expect_console_error(rf"status of 404 .* {re.escape(gone)}$")
    phone.goto(gone)
    expect(phone.get_by_role("heading", level=1)).to_have_text("页面不存在")
    expect(phone.locator("nav.gh-navbar")).to_have_count(0)  # no staff menu on a worker's phone
    expect(phone.get_by_test_id("error-home")).to_have_attribute("href", "/me/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    screenshot(phone, "not-found-phone.png")
