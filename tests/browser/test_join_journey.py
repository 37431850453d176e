"""The worker's join journey on a phone: scan a union's code, consent, verify the mobile with an SMS code, fill
in the form, wait for approval and open the e-member card; staff see the event and check a card.

Every page passes axe-core (no serious or critical violation), and the worker's pages fit a 360 px screen
without scrolling sideways.
"""

import re

import pytest
from axe import check_accessibility
from django.core.cache import cache
from joining import PHONE, check_phone_page, join_on_phone
from playwright.sync_api import expect

from gonghui.core.scope import SYSTEM
from gonghui.members.models import Channel, Membership, MembershipStatus
from gonghui.members.selectors import MemberFilters, members_for
from gonghui.members.tests.factories import enrol
from gonghui.outreach import services

UNION = "大栅栏街道总工会"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The SMS rate-limit counters live in the cache, which the live server shares: start with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def phone(new_page):
    """A page in a phone-sized browser context (360 × 740, touch), watched by the guard like `new_page`'s."""
    return new_page(phone=PHONE)


def outreach_members(world) -> int:
    """Active members of 大栅栏 who joined at an outreach event, as 西城's member register counts them."""
    filters = MemberFilters(union=world.dashilan, channel=Channel.OUTREACH, status=MembershipStatus.ACTIVE)
    return members_for(actor=world.user("xicheng"), filters=filters).count()


@pytest.mark.browser
def test_a_strangers_id_number_on_my_phone_is_refused_in_words_that_name_nobody(
    world, phone, url, screenshot, browser_guard
):
    victim = enrol(world.base_donghu, "王晓梅", mobile="13800000001")
    code = services.code_create(actor=SYSTEM, union=world.dashilan, label="摆摊点", auto_approve=True)
    number = victim.person.reveal_document()
    browser_guard.expect_console_error(rf"status of 409 .* {re.escape(url(f'/j/{code.token}/form/'))}")
    join_on_phone(phone, url, code, name="王晓梅", mobile="13912340000", group="快递员", id_number=number)
    expect(phone.get_by_role("heading", level=1)).to_have_text("无法继续办理")
    expect(phone.get_by_role("alert")).to_have_text(services.CANNOT_CONTINUE)
    body = phone.locator("body").inner_text()
    assert world.base_donghu.name not in body and victim.number not in body and "王晓梅" not in body
    check_phone_page(phone)
    screenshot(phone, "join-cannot-continue.png")
    phone.goto(url("/me/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("会员登录")


@pytest.mark.browser
def test_a_worker_joins_on_a_phone_and_gets_the_card_once_approved(
    world, phone, page, url, sign_in, screenshot
):
    event = services.event_create(
        actor=SYSTEM,
        union=world.dashilan,
        name="大栅栏商业街摆摊入会",
        place="大栅栏西街",
        staff_present="街道工会主席、社会工作者",
        gift="防晒冰袖一副",
    )
    code = services.code_create(actor=SYSTEM, union=world.dashilan, label="摆摊点", event=event)
    before = outreach_members(world)

    join_on_phone(
        phone, url, code, name="刘骑手", mobile="13912345678", group="网约配送员", screenshot=screenshot
    )
    expect(phone.get_by_test_id("join-result")).to_have_text("入会申请已提交")
    expect(phone.get_by_role("note")).to_contain_text("请向现场工作人员领取防晒冰袖一副")
    phone.get_by_role("link", name="查看我的电子会员证").click()
    phone.wait_for_url(url("/me/"))
    expect(phone.get_by_test_id("card-status")).to_have_text("待审批")
    expect(phone.get_by_test_id("card-number")).to_have_text("审批后发放")
    expect(phone.get_by_test_id("e-card").locator("svg")).to_have_count(0)  # no QR code before approval
    check_phone_page(phone)
    assert outreach_members(world) == before

    # 西城 finds the application in its queue and approves it.
    sign_in(page, "xicheng")
    page.get_by_role("navigation").get_by_role("link", name="入会审批", exact=True).click()
    page.wait_for_url(url("/members/applications/"))
    page.get_by_label("选择 刘骑手").check()
    page.get_by_role("button", name="批准所选", exact=True).click()
    page.wait_for_url(url("/members/applications/"))
    expect(page.get_by_role("alert")).to_contain_text("已批准 1 份入会申请")

    # The event's page counts the scan, the application and the approval, and lists the worker.
    page.goto(url(f"/outreach/events/{event.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("大栅栏商业街摆摊入会")
    expect(page.get_by_test_id("stat-scans")).to_have_text("1")
    expect(page.get_by_test_id("stat-joins")).to_have_text("1")
    expect(page.get_by_test_id("stat-approvals")).to_have_text("1")
    row = page.get_by_test_id("joins").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("刘骑手")
    expect(row).to_contain_text("139****5678")
    expect(row).to_contain_text("正常")
    check_accessibility(page)
    screenshot(page, "outreach-event.png")
    page.get_by_role("link", name="摆摊点").click()
    page.wait_for_url(url(f"/outreach/codes/{code.pk}/"))
    expect(page.get_by_test_id("join-url")).to_have_text(url(f"/j/{code.token}/"))
    expect(page.get_by_test_id("join-qr").locator("svg")).to_be_visible()
    expect(page.get_by_test_id("code-status")).to_have_text("使用中")
    check_accessibility(page)
    screenshot(page, "outreach-code.png")

    # Back on the phone the card has its number, status 正常 and a QR code.
    phone.reload()
    card = phone.get_by_test_id("e-card")
    number = Membership.objects.get(person__full_name="刘骑手").number
    assert number
    expect(card.get_by_test_id("card-number")).to_have_text(number)
    expect(card.get_by_test_id("card-name")).to_have_text("刘骑手")
    expect(card.get_by_test_id("card-union")).to_have_text(UNION)
    expect(card.get_by_test_id("card-status")).to_have_text("正常")
    expect(card.locator(".gh-card-qr svg")).to_be_visible()
    expect(card.get_by_test_id("card-code")).to_have_text(re.compile(rf"^{number}-\d{{6}}$"))
    check_phone_page(phone)
    screenshot(phone, "e-card.png")
    assert outreach_members(world) == before + 1

    # Signing out leads to the members' sign-in page.
    phone.get_by_role("button", name="退出").click()
    phone.wait_for_url(url("/me/login/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("会员登录")
    check_phone_page(phone)


@pytest.mark.browser
def test_an_automatic_code_issues_a_card_that_staff_verify(world, phone, page, url, sign_in):
    code = services.code_create(actor=SYSTEM, union=world.dashilan, label="骑手驿站", auto_approve=True)

    join_on_phone(phone, url, code, name="王快递", mobile="13912345679", group="快递员")
    expect(phone.get_by_test_id("join-result")).to_have_text("入会成功")
    phone.get_by_role("link", name="查看我的电子会员证").click()
    phone.wait_for_url(url("/me/"))
    membership = Membership.objects.get(person__full_name="王快递")
    assert (membership.status, membership.channel) == (MembershipStatus.ACTIVE, Channel.SCAN)
    expect(phone.get_by_test_id("card-number")).to_have_text(membership.number)
    expect(phone.get_by_test_id("card-status")).to_have_text("正常")
    card_code = phone.get_by_test_id("card-code").inner_text()
    check_phone_page(phone)

    # A staff member types the code shown under the card's QR code.
    sign_in(page, "xicheng")
    page.goto(url("/outreach/verify/"))
    page.get_by_label("会员码").fill(card_code)
    page.get_by_role("button", name="核验", exact=True).click()
    result = page.get_by_test_id("verify-result")
    expect(result).to_contain_text("有效会员（正常）")
    expect(result).to_contain_text("姓名：王**")
    expect(result).to_contain_text(f"会员证号：{membership.number}")
    expect(result).to_contain_text(f"所在工会：{UNION}")
    expect(result).not_to_contain_text("王快递")
    check_accessibility(page)
