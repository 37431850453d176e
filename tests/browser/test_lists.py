"""The shared list in a real browser (issue 16 §1, §2): the member list says how many match, goes forward and
back a page, sorts by a column; an address outside the user's subtree answers the Chinese 404 with the
navigation kept."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.members.tests.factories import enrol

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎鲁韦昌马苗凤花方"


def names_on(page) -> list[str]:
    return page.get_by_test_id("member-table").locator("tbody tr td:first-child").all_inner_texts()


@pytest.mark.browser
def test_the_member_list_counts_pages_back_and_sorts(world, page, url, sign_in, screenshot):
    for i, surname in enumerate(SURNAMES[:55]):
        enrol(world.base_donghu, f"{surname}{'伟芳'[i % 2]}")
    sign_in(page, "chaoyang")
    page.goto(url("/members/"))
    expect(page.get_by_test_id("list-count")).to_have_text(re.compile(r"共\s*55\s*条"))
    first = names_on(page)
    assert len(first) == 50

    page.get_by_role("link", name="下一页").click()
    second = names_on(page)
    assert len(second) == 5 and not set(second) & set(first)
    expect(page.get_by_text("下一页", exact=True)).not_to_have_attribute("href", re.compile("."))

    page.get_by_role("link", name="上一页").click()
    assert names_on(page) == first
    expect(page.get_by_test_id("list-count")).to_have_text(re.compile(r"共\s*55\s*条"))

    # sorting by name, then reversing it, walks the same people in opposite orders
    page.get_by_role("link", name=re.compile("^姓名")).click()
    expect(page.locator('th[aria-sort="ascending"]')).to_contain_text("姓名")
    ascending = names_on(page)
    page.get_by_role("link", name="下一页").click()
    ascending += names_on(page)
    page.get_by_role("link", name="第一页").click()
    page.get_by_role("link", name=re.compile("^姓名")).click()
    expect(page.locator('th[aria-sort="descending"]')).to_contain_text("姓名")
    descending = names_on(page)
    page.get_by_role("link", name="下一页").click()
    descending += names_on(page)
    assert len(ascending) == 55 and ascending == descending[::-1]
    screenshot(page, "member-list-sorted.png")


@pytest.mark.browser
def test_an_address_outside_the_subtree_is_the_chinese_404_with_navigation(
    world, page, url, sign_in, browser_guard
):
    other = enrol(world.base_xicheng, "赵敏")
    sign_in(page, "chaoyang")
    path = f"/members/{other.pk}/"
    browser_guard.expect_console_error(rf"status of 404 .* {re.escape(url(path))}$")
    response = page.goto(url(path))
    assert response.status == 404
    expect(page.get_by_test_id("error-page")).to_contain_text("页面不存在")
    expect(page.get_by_test_id("error-page")).to_contain_text("不在您的管辖范围内")
    expect(page.get_by_role("navigation").first).to_contain_text("会员")
    expect(page.get_by_test_id("error-home")).to_have_text("返回首页")
    assert "赵敏" not in page.content()
