"""A worker's request reaches their union (issue 19 §4, DOMAIN V4): a member of a union under 东湖 signs in with an
SMS code on a 360 px phone and sends a request with a photo; a cadre of 东湖 (whose subtree holds the member's union)
acknowledges, takes it in hand and answers it; the worker reads the answer and rates it. Another request, a call
logged for 东湖 itself, is left alone past its deadline: with the pinned clock moved on and the daily command run,
it shows as escalated to 朝阳区总工会, whose cadre finds it under 已升级."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe import check_accessibility
from axe import check_phone_page as check_phone_page_of
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from gonghui.core.scope import SYSTEM
from gonghui.core.testing import images
from gonghui.members.services import membership_enrol
from gonghui.members.tests.factories import person_data
from gonghui.outreach.tests.helpers import last_sms_code
from gonghui.support import requests_services
from gonghui.support.models.requests import ServiceRequest

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 360, "height": 740}
MOBILE = "13800138011"


@pytest.fixture
def clock(world):
    # Thursday 18 June 2026, the day before the Dragon Boat holiday
    with time_machine.travel(dt.datetime(2026, 6, 18, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def check_phone_page(page) -> None:
    check_phone_page_of(page, width=PHONE["width"])


def member_signs_in(phone, url, *, mobile: str, to: str) -> None:
    phone.goto(url(to))
    phone.wait_for_url(re.compile(r"/me/login/"))
    phone.get_by_label("手机号码").fill(mobile)
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.get_by_test_id("pending-mobile")).to_have_text(f"{mobile[:3]}****{mobile[-4:]}")
    phone.get_by_label("短信验证码").fill(last_sms_code())
    phone.get_by_role("button", name="下一步").click()
    phone.wait_for_url(re.compile(r"/me/(requests/.*)?$"))
    phone.goto(url(to))


@pytest.mark.browser
def test_a_request_is_answered_rated_and_a_late_one_escalates(
    world, clock, new_page, sign_in, url, screenshot, tmp_path
):
    membership_enrol(
        actor=SYSTEM, union=world.base_donghu, person_data=person_data("王小骑", mobile=MOBILE), approve=True
    )
    left_alone = requests_services.request_log(
        actor=SYSTEM,
        data=requests_services.CallData(
            channel="hotline",
            category="labour",
            description="来电反映加班费计算问题",
            logging_org=world.donghu,
            caller_name="周师傅",
        ),
    )
    photo = tmp_path / "payslip.png"
    photo.write_bytes(images.png((480, 320), colour=(200, 200, 210)))

    # 1. The worker signs in on the phone and sends a request with a photo.
    phone = new_page(phone=PHONE)
    member_signs_in(phone, url, mobile=MOBILE, to="/me/requests/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("我的诉求")
    check_phone_page(phone)
    phone.get_by_test_id("new-request").click()
    phone.get_by_label("诉求类别").select_option(label="工资拖欠")
    phone.get_by_label("诉求内容").fill("配送站上月的跑单补贴至今没有发放，站长说要等平台结算。")
    phone.get_by_label("照片（可选）").set_input_files(str(photo))
    check_phone_page(phone)
    phone.get_by_role("button", name="提交").click()
    expect(phone.get_by_text("望京科技有限公司工会将尽快与您联系")).to_be_visible()
    expect(phone.get_by_test_id("state")).to_have_text("已受理")
    request = ServiceRequest.objects.get(person__isnull=False)
    assert request.org == world.base_donghu  # rule V4: the member's own union

    # 2. A cadre of 东湖 (their subtree holds the union) acknowledges, takes it in hand and answers it.
    page = new_page()
    sign_in(page, "donghu")
    page.goto(url("/services/requests/"))
    page.get_by_role("link", name=request.number).click()
    expect(page.get_by_test_id("routed")).to_have_text("望京科技有限公司工会")
    expect(page.get_by_test_id("description")).to_contain_text("跑单补贴")
    page.get_by_test_id("step").click()
    expect(page.get_by_test_id("state")).to_have_text("已确认")
    page.get_by_label("说明").fill("已联系配送站站长")
    page.get_by_test_id("step").click()
    expect(page.get_by_test_id("state")).to_have_text("办理中")
    page.get_by_label("说明").fill("经协调，配送站同意本周五前补发上月跑单补贴。")
    page.get_by_test_id("step").click()
    expect(page.get_by_test_id("state")).to_have_text("已答复")
    expect(page.get_by_test_id("timeline")).to_contain_text("已联系配送站站长")
    check_accessibility(page)
    screenshot(page, "services-request-staff.png")

    # 3. The worker reads the answer and rates it.
    phone.reload()
    expect(phone.get_by_test_id("answer")).to_contain_text("本周五前补发")
    phone.get_by_label("5 非常满意").check()
    phone.get_by_label("评价（可选）").fill("很快就解决了")
    check_phone_page(phone)
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.get_by_text("感谢您的评价，诉求已办结")).to_be_visible()
    expect(phone.get_by_test_id("state")).to_have_text("已办结")
    expect(phone.get_by_test_id("rating")).to_contain_text("5星")
    check_phone_page(phone)
    screenshot(phone, "services-request-phone.png")
    request.refresh_from_db()
    assert (request.state, request.rating) == ("closed", 5)

    # 4. The call left alone: past Monday 6-22, its day to be acknowledged; the daily command escalates it.
    clock.move_to(dt.datetime(2026, 6, 24, 9, tzinfo=SHANGHAI))
    call_command("escalate_requests")
    left_alone.refresh_from_db()
    assert left_alone.escalated_to == world.chaoyang
    boss = new_page()
    sign_in(boss, "chaoyang")
    boss.goto(url("/services/requests/"))
    boss.get_by_label("升级督办").select_option(label="已升级")
    boss.get_by_role("button", name="筛选").click()
    expect(boss.get_by_test_id("list-count")).to_contain_text("共 1 条符合条件的记录")
    row = boss.get_by_test_id("requests").locator("tbody tr")
    expect(row).to_contain_text(left_alone.number)
    expect(row.get_by_test_id("escalated")).to_have_text("已升级至朝阳区总工会")
    check_accessibility(boss)
    screenshot(boss, "services-request-escalated.png")
