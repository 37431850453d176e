"""The member journey in a real browser: find a member, transfer them to another district, accept the
transfer there; approve an application; see an identity masked and reveal it with a reason."""

import re

import pytest
from playwright.sync_api import expect

from gonghui.core.models import AuditEvent
from gonghui.members.models import Membership, MembershipStatus
from gonghui.members.selectors import MemberFilters, members_for
from gonghui.members.tests.factories import enrol, resident_id

MEMBER = "陈晓东"
TARGET = "大栅栏商贸有限公司工会"


def member_ids(world, username: str) -> set[int]:
    """The memberships a user's member list holds (no filter), through the ORM."""
    return set(members_for(actor=world.user(username), filters=MemberFilters()).values_list("pk", flat=True))


def field(page, label: str):
    """The value next to a label in one of the member page's cards (会籍: 所属工会, 会员证号 …)."""
    return page.locator("dl dt", has_text=re.compile(f"^{label}$")).locator("xpath=following-sibling::dd[1]")


def enrol_others(world) -> None:
    """A few more people, so that the lists are not trivial."""
    for name in ("王芳", "李强", "刘洋"):
        enrol(world.base_donghu, name)
    enrol(world.base_xicheng, "赵敏")
    enrol(world.base_xicheng, "周杰")


@pytest.mark.browser
def test_transfer_a_member_to_another_district(world, page, new_page, url, sign_in, screenshot):
    enrol_others(world)
    member = enrol(world.base_donghu, MEMBER)
    enrol(world.base_donghu, "孙丽", approve=False)  # an application waiting for approval
    number, join_date = member.number, member.join_date
    assert number and join_date

    # donghu finds the member in the register by name (the filter form posts, then the list shows by GET).
    sign_in(page, "donghu")
    page.get_by_role("navigation").get_by_role("link", name="会员", exact=True).click()
    page.wait_for_url(url("/members/"))
    table = page.get_by_test_id("member-table")
    expect(table.locator("tbody tr")).to_have_count(5)  # four members and the application, all in 望京
    expect(table).not_to_contain_text("赵敏")  # 西城's members are not in 东湖's register
    screenshot(page, "members-list.png")
    page.get_by_label("搜索", exact=True).fill(MEMBER)
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"/members/\?"))
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_label("搜索", exact=True)).to_have_value(MEMBER)

    # Open the member's page and start the transfer to 大栅栏商贸有限公司工会 in 西城.
    table.get_by_role("link", name=MEMBER).click()
    page.wait_for_url(url(f"/members/{member.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(MEMBER)
    expect(page.get_by_test_id("member-status")).to_have_text("正常")
    page.get_by_role("link", name="办理转出").click()
    page.wait_for_url(url(f"/members/{member.pk}/transfer/"))
    targets = page.locator("#gh-transfer-targets")
    expect(targets).to_contain_text("请输入至少两个字搜索")
    page.get_by_test_id("transfer-search").fill("大栅栏")  # HTMX replaces the list of unions
    # each union is named with its parent, so alike names across the city can be told apart
    choice = targets.get_by_label(f"{TARGET}（上级：大栅栏街道总工会）", exact=True)
    expect(choice).to_be_visible()
    expect(targets.get_by_label("大栅栏街道总工会（上级：西城区总工会）", exact=True)).to_be_visible()
    expect(targets).not_to_contain_text("望京科技有限公司工会")
    choice.check()
    page.get_by_label("转会原因").fill("调入大栅栏商贸有限公司工作")
    screenshot(page, "member-transfer.png")
    page.get_by_role("button", name="办理转出").click()
    page.wait_for_url(url(f"/members/{member.pk}/"))
    expect(page.get_by_role("alert")).to_contain_text(f"已办理转出，等待“{TARGET}”接收")
    expect(page.get_by_test_id("member-status")).to_have_text("转会中")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("办理转出")
    expect(timeline).not_to_contain_text("接收转入")
    expect(page.get_by_test_id("transfers")).to_contain_text(f"望京科技有限公司工会 → {TARGET}")

    # In transfer the member is still counted once, at the old union: in 朝阳, not yet in 西城.
    chaoyang_before, xicheng_before = member_ids(world, "chaoyang"), member_ids(world, "xicheng")
    assert member.pk in chaoyang_before
    assert member.pk not in xicheng_before

    # xicheng, in its own browser context, finds the transfer waiting in its queue and accepts it.
    other = new_page()
    sign_in(other, "xicheng")
    other.get_by_role("navigation").get_by_role("link", name="转会", exact=True).click()
    other.wait_for_url(url("/members/transfers/"))
    expect(other.get_by_role("link", name="待本会处理")).to_have_attribute("aria-current", "page")
    rows = other.get_by_test_id("transfer-table").locator("tbody tr")
    expect(rows).to_have_count(1)
    row = rows.filter(has_text=MEMBER)
    expect(row).to_contain_text("望京科技有限公司工会")
    expect(row).to_contain_text(TARGET)
    expect(row).to_contain_text("待转入方接收")
    screenshot(other, "transfers-queue.png")
    row.get_by_test_id("accept").click()
    other.wait_for_url(url(f"/members/{member.pk}/"))
    expect(other.get_by_role("alert")).to_contain_text(f"{MEMBER}：已接收转入")
    expect(other.get_by_test_id("member-status")).to_have_text("正常")
    expect(field(other, "所属工会")).to_have_text(TARGET)
    expect(field(other, "会员证号")).to_have_text(number)
    timeline = other.get_by_test_id("timeline")
    expect(timeline).to_contain_text("办理转出")
    expect(timeline).to_contain_text("接收转入")
    expect(timeline).to_contain_text("自 望京科技有限公司工会 转入")
    screenshot(other, "member-page.png")
    # Nothing is left waiting.
    other.goto(url("/members/transfers/"))
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("没有办理中的转会")

    # The old union still opens the page, but sees only its own half of the history.
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_contain_text(MEMBER)
    expect(page.get_by_text("该会员已不在本单位")).to_be_visible()
    expect(page.get_by_role("link", name="办理转出")).to_have_count(0)  # nothing left to do here
    timeline = page.get_by_test_id("timeline")
    started = timeline.locator("li", has_text="办理转出")
    expect(started).to_have_count(1)
    expect(started).to_contain_text(TARGET)
    expect(timeline).not_to_contain_text("接收转入")

    # Counted exactly once, now in 西城; member number and join date kept.
    chaoyang_after, xicheng_after = member_ids(world, "chaoyang"), member_ids(world, "xicheng")
    assert chaoyang_after == chaoyang_before - {member.pk}
    assert xicheng_after == xicheng_before | {member.pk}
    assert len(chaoyang_after) == len(chaoyang_before) - 1
    assert len(xicheng_after) == len(xicheng_before) + 1
    moved = Membership.objects.get(pk=member.pk)
    assert moved.org_id == world.base_xicheng.pk
    assert moved.status == MembershipStatus.ACTIVE
    assert (moved.number, moved.join_date) == (number, join_date)


@pytest.mark.browser
def test_approve_an_application_from_the_queue(world, page, url, sign_in):
    enrol_others(world)
    application = enrol(world.base_donghu, "孙丽", approve=False)
    assert application.number is None

    sign_in(page, "donghu")
    page.get_by_role("navigation").get_by_role("link", name="入会审批", exact=True).click()
    page.wait_for_url(url("/members/applications/"))
    expect(page.get_by_test_id("pending-count")).to_have_text("1")
    page.get_by_label("选择 孙丽").check()
    page.get_by_role("button", name="批准所选", exact=True).click()
    page.wait_for_url(url("/members/applications/"))
    expect(page.get_by_role("alert")).to_contain_text("已批准 1 份入会申请")
    expect(page.get_by_test_id("pending-count")).to_have_text("0")
    expect(page.get_by_text("没有待审批的入会申请")).to_be_visible()

    approved = Membership.objects.get(pk=application.pk)
    assert approved.status == MembershipStatus.ACTIVE
    assert approved.number and approved.join_date
    page.goto(url(f"/members/{application.pk}/"))
    expect(page.get_by_test_id("member-status")).to_have_text("正常")
    expect(field(page, "会员证号")).to_have_text(approved.number)
    expect(page.get_by_test_id("timeline")).to_contain_text("批准入会")


@pytest.mark.browser
def test_identity_is_masked_and_an_admin_reveals_it_with_a_reason(world, page, new_page, url, sign_in):
    full_number = resident_id()
    member = enrol(world.base_donghu, MEMBER, id_number=full_number)
    masked = member.person.id_masked
    assert re.fullmatch(r"110\*{11}\d{3}[\dX]", masked)

    # The operator sees the masked number and is not offered the reveal.
    sign_in(page, "donghu")
    page.goto(url(f"/members/{member.pk}/"))
    expect(page.get_by_test_id("id-number")).to_have_text(masked)
    expect(page.get_by_test_id("id-number")).to_have_text(re.compile(r"^110\*{11}"))
    expect(page.get_by_test_id("reveal-form")).to_have_count(0)

    # chaoyang (admin, holds member.reveal) gives a reason; HTMX swaps the full identity into the card.
    admin = new_page()
    sign_in(admin, "chaoyang")
    admin.goto(url(f"/members/{member.pk}/"))
    identity = admin.locator("#gh-identity")
    expect(admin.get_by_test_id("id-number")).to_have_text(masked)
    form = admin.get_by_test_id("reveal-form")
    form.get_by_placeholder("查看事由").fill("核对困难帮扶申请")
    form.get_by_role("button", name="查看完整信息").click()
    revealed = identity.get_by_test_id("revealed")
    expect(revealed).to_be_visible()
    expect(identity).to_contain_text("本次查看已记录")
    expect(admin).to_have_url(url(f"/members/{member.pk}/"))  # swapped in place, no navigation
    shown = full_number in revealed.inner_text()
    assert shown, "the revealed block does not show the full document number"  # never print the number

    events = AuditEvent.objects.filter(action="member.reveal", actor_username="chaoyang")
    assert events.count() == 1
    assert events.get().reason == "核对困难帮扶申请"


@pytest.mark.browser
def test_enrol_in_two_steps_and_meet_someone_already_a_member(world, page, url, sign_in, screenshot):
    """Staff entry: the document first, then the register's fields; a person active in 西城 is offered only a
    transfer request, never a second membership (M4)."""
    sign_in(page, "donghu")
    page.goto(url("/members/new/"))
    page.get_by_label("入会工会").select_option(label="望京科技有限公司工会")
    page.get_by_label("证件号码").fill(resident_id(female=True))
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_text("入会工会：")).to_contain_text("望京科技有限公司工会")
    page.get_by_label("姓名").fill("林小红")
    page.get_by_label("手机号码").fill("13912345678")
    page.get_by_label("新就业形态劳动者").check()
    page.get_by_label("新就业形态群体").select_option(label="网约配送员")
    screenshot(page, "member-enrol.png")
    page.get_by_role("button", name="登记").click()
    expect(page.get_by_test_id("member-status")).to_have_text("正常")
    expect(page.get_by_test_id("mobile")).to_have_text("139****5678")
    expect(page.locator("#gh-identity")).to_contain_text("女")
    expect(page.locator("#gh-identity")).to_contain_text("新就业形态劳动者（网约配送员）")

    held_number = resident_id()
    held = enrol(world.base_xicheng, "何建国", id_number=held_number)
    page.goto(url("/members/new/"))
    page.get_by_label("入会工会").select_option(label="望京科技有限公司工会")
    page.get_by_label("证件号码").fill(held_number)
    page.get_by_role("button", name="下一步").click()
    expect(page.get_by_test_id("already-member")).to_contain_text("大栅栏商贸有限公司工会")
    expect(page.get_by_label("姓名")).to_have_count(0)  # no way to enrol a second time
    page.get_by_label("转会原因").fill("已到望京科技工作")
    page.get_by_test_id("request-transfer").click()
    expect(page.get_by_role("alert").first).to_contain_text("已向“大栅栏商贸有限公司工会”发出转会申请")
    assert Membership.objects.filter(person_id=held.person_id).count() == 1
    assert held.transfers.get().status == "requested"
