"""The activities journeys in a real browser (SCENARIOS 001-3, 002-6; DOMAIN W6, S5).

1. 朝阳's cadre opens 活动, records a family day (亲子, co-organised by 东湖, chosen from 朝阳's own tree; open
   registration by family, two craft groups of two places: 毛猴 and 盘扣) and a training class (培训, the four topics of 001-3 as sessions) on the activity form, and
   filters the list by kind and by words.
2. Workers of 望京科技有限公司工会 sign in on their phones with an SMS code, follow 工会活动报名 on the e-card page and
   register their families in 毛猴: the first two get the places, the third lands on the waiting list and sees
   候补. Staff cancel one registration and the waiting worker moves up, on the staff page and on the phone.
3. At the door, staff tick one family on the list (HTMX) and check in another by typing the code under the
   e-card's QR code; the figure reads “5人次（签到）”; a made-up code is refused in Chinese.
4. The training class takes attendance per session on the grid, and the completion workbook lists who completed.

Journeys 2 to 4 start from activities recorded through the services, with the same content as the ones journey 1
records on the form. axe finds nothing serious on the list, detail, check-in, attendance and phone pages.
"""

import datetime as dt
import re

import pytest
from axe import check_accessibility
from axe import check_phone_page as check_phone_page_of
from charts import wait_for_charts
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from gonghui.activities import services
from gonghui.activities.models import Activity, Registration, RegistrationMode, RegistrationStatus
from gonghui.activities.services import GroupData, SessionData
from gonghui.activities.tests.factories import activity
from gonghui.core.scope import SYSTEM
from gonghui.members.cards import card_code
from gonghui.members.tests.factories import enrol
from gonghui.outreach.tests.helpers import last_sms_code

FAMILY = "2026年职工亲子非遗手工体验日"
TRAINING = "2026年基层工会干部培训班"
# SCENARIOS 001-3: the four topics of the training class
TOPICS = ("基层工会组建", "会员数据平台使用", "工会法人证书办理", "工会经费管理")
GROUPS = {"毛猴": 2, "盘扣": 2}
UNION = "望京科技有限公司工会"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def kinds(world):
    """The activity kinds: put back by the world after every flush (core.testing.seeds.reseed)."""


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The SMS rate-limit counters live in the cache, which the live server shares: start with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def new_phone(new_page):
    """A page in a phone-sized browser context of its own (its own member session), watched by the guard."""
    return lambda: new_page(phone=PHONE)


def check_phone_page(page) -> None:
    check_phone_page_of(page, width=PHONE["width"])


def activity_rows(page):
    return page.get_by_test_id("activities").locator("tbody tr")


def group_row(page, name: str):
    return (
        page.get_by_test_id("groups")
        .locator("tbody tr")
        .filter(has=page.get_by_role("cell", name=name, exact=True))
    )


def registration_row(page, name: str):
    return page.get_by_test_id("registrations").locator("tbody tr").filter(has_text=name)


def member_signs_in(phone, url, *, name: str, mobile: str) -> None:
    """/me/ asks the member to sign in with an SMS code (read from the demo sender's outbox); the e-card page's
    工会活动报名 link leads to the activities open to them."""
    phone.goto(url("/me/"))
    phone.wait_for_url(re.compile(r"/me/login/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("会员登录")
    phone.get_by_label("手机号码").fill(mobile)
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.get_by_test_id("pending-mobile")).to_have_text(f"{mobile[:3]}****{mobile[-4:]}")
    phone.get_by_label("短信验证码").fill(last_sms_code())
    phone.get_by_role("button", name="下一步").click()
    phone.wait_for_url(url("/me/"))
    expect(phone.get_by_test_id("card-name")).to_have_text(name)
    phone.get_by_role("link", name="工会活动报名").click()
    phone.wait_for_url(url("/activities/me/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("工会活动")
    expect(phone.get_by_text(f"{UNION}及上级工会组织的活动")).to_be_visible()


def register_family(phone, *, group: str, party: int, note: str) -> None:
    """On the activity's phone page: choose the group, say how many come and who, and press 报名."""
    phone.get_by_test_id("open").get_by_role("link", name=FAMILY).click()
    phone.wait_for_url(re.compile(r"/activities/me/\d+/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(FAMILY)
    phone.get_by_label(re.compile(f"^{group}：已报 \\d+ / {GROUPS[group]}")).check()
    phone.get_by_label("参加人数（含本人）").fill(str(party))
    phone.get_by_label("家庭成员").fill(note)


# ---- 1. staff record the two activities ----------------------------------------------------------------------


@pytest.mark.browser
def test_a_cadre_records_a_family_day_and_a_training_class_and_filters_the_list(
    world, kinds, page, url, sign_in, screenshot
):
    today = timezone.localdate()
    sign_in(page, "chaoyang")
    page.get_by_role("navigation").get_by_role("link", name="活动", exact=True).click()
    page.wait_for_url(url("/activities/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("工会活动")
    expect(activity_rows(page)).to_have_text(["没有符合条件的活动"])

    # The family day: open registration by family (at most 3 a family), two craft groups of two places each.
    page.get_by_role("link", name="登记活动").click()
    page.wait_for_url(url("/activities/new/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("登记活动")
    page.get_by_label("主办单位").select_option(label="朝阳区总工会")
    page.get_by_label("活动类型").select_option(label="亲子")
    page.get_by_label("活动名称").fill(FAMILY)
    page.get_by_label("开始日期").fill((today + dt.timedelta(days=7)).isoformat())
    page.get_by_label("地点", exact=True).fill("朝阳区职工之家二楼")
    # 协办单位 offers 朝阳's own tree, each union named with its parent (names repeat across the city)
    page.get_by_label("协办单位").select_option(label="东湖街道总工会（上级：朝阳区总工会）")
    page.get_by_label("服务对象").fill("教职工家庭、一线职工")
    page.get_by_label("公开报名").check()
    page.get_by_label("以家庭为单位报名（会员携家属）").check()
    page.get_by_label("每户最多人数").fill("3")
    page.get_by_label("小组及名额").fill("\n".join(f"{g} {n}" for g, n in GROUPS.items()))
    page.get_by_label("活动概况").fill("非遗传承人带领职工和孩子制作毛猴、盘扣。")
    check_accessibility(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text(f"已保存活动“{FAMILY}”")
    expect(page.get_by_role("heading", level=1)).to_have_text(FAMILY)
    expect(page.get_by_test_id("kind")).to_have_text("亲子")
    expect(page.get_by_test_id("facts")).to_contain_text("公开报名（以家庭为单位，每户最多 3 人）")
    expect(page.get_by_test_id("facts")).to_contain_text("协办单位东湖街道总工会")
    for name, places in GROUPS.items():
        expect(group_row(page, name)).to_contain_text(f"0 / {places}")
    expect(page.get_by_test_id("reach-label")).to_have_text("0人次（签到）")
    expect(page.get_by_test_id("registrations")).to_contain_text("还没有报名")
    wait_for_charts(page, "groups")
    check_accessibility(page)
    family = Activity.objects.get(title=FAMILY)
    assert (family.registration, family.family, family.max_party_size) == (RegistrationMode.OPEN, True, 3)
    assert [(g.name, g.capacity) for g in family.groups.all()] == list(GROUPS.items())
    assert list(family.co_organisers.all()) == [world.donghu]

    # The training class: the four topics, one a line, become its sessions.
    page.get_by_role("link", name="工会活动").click()
    page.wait_for_url(url("/activities/"))
    page.get_by_role("link", name="登记活动").click()
    page.wait_for_url(url("/activities/new/"))
    page.get_by_label("主办单位").select_option(label="朝阳区总工会")
    page.get_by_label("活动类型").select_option(label="培训")
    page.get_by_label("活动名称").fill(TRAINING)
    page.get_by_label("开始日期").fill((today + dt.timedelta(days=14)).isoformat())
    page.get_by_label("结束日期").fill((today + dt.timedelta(days=17)).isoformat())
    page.get_by_label("地点", exact=True).fill("朝阳区总工会职工培训中心")
    page.get_by_label("服务对象").fill("基层工会干部")
    page.get_by_label("专题/环节").fill("\n".join(TOPICS))
    page.get_by_label("公开报名").check()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/activities/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text(f"已保存活动“{TRAINING}”")
    expect(page.get_by_test_id("kind")).to_have_text("培训")
    expect(page.get_by_test_id("sessions").locator("li")).to_have_text(list(TOPICS))
    expect(page.get_by_role("link", name="分场次出勤")).to_be_visible()
    check_accessibility(page)
    training = Activity.objects.get(title=TRAINING)
    assert list(training.sessions.values_list("topic", flat=True)) == list(TOPICS)

    # The list shows both, each with its people reached and how that was counted, and filters them.
    page.get_by_role("navigation").get_by_role("link", name="活动", exact=True).click()
    page.wait_for_url(url("/activities/"))
    expect(activity_rows(page)).to_have_count(2)
    expect(activity_rows(page).filter(has_text=FAMILY)).to_contain_text("亲子")
    expect(activity_rows(page).filter(has_text=FAMILY).get_by_test_id("reach")).to_have_text("0人次（签到）")
    filters = page.get_by_test_id("filters")
    filters.get_by_label("类型").select_option(label="培训")
    filters.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"\?.*kind=training"))
    expect(activity_rows(page)).to_have_count(1)
    expect(activity_rows(page)).to_contain_text(TRAINING)
    filters.get_by_label("类型").select_option(label="全部类型")
    filters.get_by_label("搜索").fill("毛猴")  # words of the family day's summary
    filters.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"\?.*q=%E6%AF%9B%E7%8C%B4"))
    expect(activity_rows(page)).to_have_count(1)
    expect(activity_rows(page)).to_contain_text(FAMILY)
    filters.get_by_label("搜索").fill("没有这样的活动")
    filters.get_by_role("button", name="筛选").click()
    expect(activity_rows(page)).to_have_text(["没有符合条件的活动"])

    page.get_by_role("navigation").get_by_role("link", name="活动", exact=True).click()
    page.wait_for_url(url("/activities/"))
    expect(activity_rows(page)).to_have_count(2)
    wait_for_charts(page, "kinds")
    check_accessibility(page)
    screenshot(page, "activities-list.png")


# ---- 2 and 3. families register on their phones; check-in at the door -------------------------------------


@pytest.fixture
def family_day(world, kinds) -> Activity:
    """The family day of journey 1, recorded through the services."""
    return activity(
        world.chaoyang,
        kind="family",
        title=FAMILY,
        days=7,
        place_text="朝阳区职工之家二楼",
        registration=RegistrationMode.OPEN,
        family=True,
        max_party_size=3,
        groups=[GroupData(name, places) for name, places in GROUPS.items()],
        summary="非遗传承人带领职工和孩子制作毛猴、盘扣。",
    )


@pytest.mark.browser
def test_families_register_on_their_phones_and_check_in_at_the_door(
    world, family_day, new_phone, page, url, sign_in, screenshot
):
    zhang = enrol(world.base_donghu, "张晓梅", mobile="13911110001")
    li = enrol(world.base_donghu, "李建国", mobile="13911110002")
    enrol(world.base_donghu, "王丽华", mobile="13911110003")

    # The first worker: three of the family, in 毛猴.
    first = new_phone()
    member_signs_in(first, url, name="张晓梅", mobile="13911110001")
    expect(first.get_by_test_id("open").locator("li")).to_have_count(1)
    expect(first.get_by_test_id("open")).to_contain_text("亲子")
    check_phone_page(first)
    register_family(first, group="毛猴", party=3, note="配偶、孩子1名（8岁）")
    expect(first.get_by_label("毛猴：已报 0 / 2")).to_be_visible()
    check_phone_page(first)
    screenshot(first, "activity-phone.png")
    first.get_by_role("button", name="报名").click()
    expect(first.get_by_role("alert")).to_have_text("报名成功")
    status = first.get_by_test_id("my-status")
    expect(status).to_contain_text("已报名 · 毛猴")
    expect(status).to_contain_text("一行 3 人（配偶、孩子1名（8岁））")
    check_phone_page(first)

    # The second takes the last place in 毛猴.
    second = new_phone()
    member_signs_in(second, url, name="李建国", mobile="13911110002")
    register_family(second, group="毛猴", party=2, note="孩子1名（6岁）")
    expect(second.get_by_label("毛猴：已报 1 / 2")).to_be_visible()
    second.get_by_role("button", name="报名").click()
    expect(second.get_by_role("alert")).to_have_text("报名成功")
    expect(second.get_by_test_id("my-status")).to_contain_text("已报名 · 毛猴")

    # The third finds 毛猴 full, may still queue, and lands on the waiting list.
    third = new_phone()
    member_signs_in(third, url, name="王丽华", mobile="13911110003")
    register_family(third, group="毛猴", party=2, note="孩子1名（10岁）")
    expect(third.get_by_label("毛猴：已报 2 / 2（已满，可候补）")).to_be_visible()
    expect(third.get_by_label("盘扣：已报 0 / 2")).to_be_visible()
    third.get_by_role("button", name="报名").click()
    expect(third.get_by_role("alert")).to_contain_text("名额已满，您已进入候补名单")
    status = third.get_by_test_id("my-status")
    expect(status).to_contain_text("候补 · 毛猴")
    expect(status).to_contain_text("有人取消时按报名先后递补")
    check_phone_page(third)
    third.get_by_role("link", name="全部活动").click()
    third.wait_for_url(url("/activities/me/"))
    expect(third.get_by_test_id("mine").get_by_test_id("status")).to_have_text("候补")
    expect(third.get_by_test_id("open")).to_contain_text("暂无可报名的活动")
    check_phone_page(third)

    # Staff see the group full with one waiting, and every family on the list.
    sign_in(page, "chaoyang")
    page.get_by_role("navigation").get_by_role("link", name="活动", exact=True).click()
    page.wait_for_url(url("/activities/"))
    page.get_by_role("link", name=FAMILY).click()
    detail = url(f"/activities/{family_day.pk}/")
    page.wait_for_url(detail)
    maohou = group_row(page, "毛猴")
    # the group, its fill, places taken, people coming (families counted in full), waiting
    expect(maohou.locator("td")).to_have_text(["毛猴", "2 / 2 · 已满", "2", "5", "1"])
    expect(group_row(page, "盘扣").locator("td")).to_have_text(["盘扣", "0 / 2", "0", "0", "0"])
    expect(page.get_by_text("报名 2 户，5 人；候补 1")).to_be_visible()
    expect(registration_row(page, "王丽华")).to_contain_text("候补")
    expect(registration_row(page, "张晓梅")).to_contain_text("配偶、孩子1名（8岁）")

    # Staff cancel 李建国's registration: 王丽华 moves up, first come first served.
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        registration_row(page, "李建国").get_by_role("button", name="取消报名").click()
    expect(page.get_by_role("alert")).to_have_text("已取消李建国的报名，王丽华 由候补转为已报名")
    expect(maohou.locator("td")).to_have_text(["毛猴", "2 / 2 · 已满", "2", "5", "0"])
    expect(registration_row(page, "王丽华")).to_contain_text("已报名")
    expect(registration_row(page, "李建国")).to_contain_text("已取消")
    expect(page.get_by_text("报名 2 户，5 人")).to_be_visible()
    wait_for_charts(page, "groups")
    check_accessibility(page)
    screenshot(page, "activity-family.png")

    # … and 王丽华's phone says so after a reload; 李建国's says the registration is gone.
    third.get_by_test_id("mine").get_by_role("link", name=FAMILY).click()
    third.wait_for_url(url(f"/activities/me/{family_day.pk}/"))
    expect(third.get_by_test_id("my-status")).to_contain_text("已报名 · 毛猴")
    third.reload()
    expect(third.get_by_test_id("my-status")).to_contain_text("已报名 · 毛猴")
    expect(third.get_by_test_id("my-status")).not_to_contain_text("候补")
    check_phone_page(third)
    second.reload()
    expect(second.get_by_test_id("my-status")).to_have_count(0)
    expect(second.get_by_test_id("register-form")).to_be_visible()  # may queue again, at the end

    # 3. At the door: 王丽华's family is ticked on the list (HTMX swaps the row, the page stays) …
    row = registration_row(page, "王丽华")
    row.get_by_role("button", name="签到", exact=True).click()
    expect(row).to_contain_text("名单勾选")
    expect(row.get_by_role("button", name="撤销签到")).to_be_visible()
    assert page.url.startswith(detail)
    check_accessibility(page)

    # … and 张晓梅 shows her e-card: the code under its QR code is typed in on the check-in page.
    page.get_by_test_id("checkin-link").click()
    page.wait_for_url(url(f"/activities/{family_day.pk}/checkin/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("扫码签到")
    expect(page.get_by_test_id("checked-in")).to_have_text("2人次（签到）")
    check_accessibility(page)
    page.get_by_label("会员码").fill(card_code(zhang))
    page.get_by_test_id("checkin-form").get_by_role("button", name="签到", exact=True).click()
    result = page.get_by_test_id("checkin-result")
    expect(result).to_contain_text("张**签到成功，毛猴组，一行 3 人")
    expect(result).to_contain_text(f"所在工会：{UNION}")
    expect(result).not_to_contain_text("张晓梅")
    expect(page.get_by_test_id("checked-in")).to_have_text("5人次（签到）")
    check_accessibility(page)
    screenshot(page, "activity-checkin.png")

    # A second scan changes nothing; a made-up code is refused in Chinese.
    page.get_by_label("会员码").fill(card_code(zhang))
    page.get_by_test_id("checkin-form").get_by_role("button", name="签到", exact=True).click()
    expect(result).to_contain_text("无需重复签到")
    page.get_by_label("会员码").fill(f"{zhang.number}-000000")
    page.get_by_test_id("checkin-form").get_by_role("button", name="签到", exact=True).click()
    expect(result).to_have_text("无效的会员码：请让会员刷新电子会员证后重新扫码")
    expect(page.get_by_test_id("checked-in")).to_have_text("5人次（签到）")
    check_accessibility(page)
    # 李建国 cancelled: his card finds the group's places taken and is refused without a place.
    page.get_by_label("会员码").fill(card_code(li))
    page.get_by_test_id("checkin-form").get_by_role("button", name="签到", exact=True).click()
    expect(result).to_contain_text("李**未报名本活动的小组，请先报名")
    expect(page.get_by_test_id("checked-in")).to_have_text("5人次（签到）")

    # The detail page and the list carry the same figure, labelled; 张晓梅's phone shows her check-in.
    page.get_by_role("link", name=FAMILY).click()
    page.wait_for_url(detail)
    expect(page.get_by_test_id("reach-label")).to_have_text("5人次（签到）")
    expect(registration_row(page, "张晓梅")).to_contain_text("扫会员码")
    page.get_by_role("link", name="工会活动").click()
    expect(activity_rows(page).get_by_test_id("reach")).to_have_text("5人次（签到）")
    first.reload()
    expect(first.get_by_test_id("my-status")).to_contain_text("已于")
    expect(first.get_by_test_id("my-status")).to_contain_text("签到")
    expect(first.get_by_role("button", name="取消报名")).to_have_count(0)
    check_phone_page(first)

    statuses = dict(Registration.objects.values_list("person__full_name", "status"))
    assert statuses == {
        "张晓梅": RegistrationStatus.REGISTERED,
        "李建国": RegistrationStatus.CANCELLED,
        "王丽华": RegistrationStatus.REGISTERED,
    }


# ---- 4. training: attendance per session and who completed ---------------------------------------------------


@pytest.mark.browser
def test_a_training_class_takes_attendance_per_session_and_exports_who_completed(
    world, kinds, page, url, sign_in
):
    training = activity(
        world.chaoyang,
        kind="training",
        title=TRAINING,
        days=14,
        place_text="朝阳区总工会职工培训中心",
        registration=RegistrationMode.OPEN,
        sessions=[SessionData(topic) for topic in TOPICS],
    )
    for name in ("赵敏", "钱伟"):
        services.registration_add(
            actor=SYSTEM, activity=training, person=enrol(world.base_donghu, name).person
        )
    sun = enrol(world.changying, "孙丽")

    # A third trainee is registered on the detail page by member number.
    sign_in(page, "chaoyang")
    page.goto(url(f"/activities/{training.pk}/"))
    expect(page.get_by_test_id("sessions").locator("li")).to_have_text(list(TOPICS))
    page.get_by_text("登记报名").click()
    # (the 主讲人 form beside it has a 会员证号 of its own)
    page.locator("#people").get_by_label("会员证号").fill(sun.number)
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("孙丽：已报名")
    expect(registration_row(page, "孙丽")).to_contain_text("常营地区总工会")

    # The grid: 赵敏 comes to all four sessions, 钱伟 to three, 孙丽 to none.
    page.get_by_role("link", name="分场次出勤").click()
    page.wait_for_url(url(f"/activities/{training.pk}/attendance/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("分场次出勤")
    expect(page.get_by_test_id("completion-rule")).to_contain_text(
        "结业要求：参加全部 4 场。学员 3 名，已结业 0 名"
    )
    check_accessibility(page)
    ticks = {"赵敏": TOPICS, "钱伟": TOPICS[:3]}
    for name, topics in ticks.items():
        for topic in topics:
            page.get_by_role("button", name=f"{name} {topic}：缺勤").click()
            expect(page.get_by_role("button", name=f"{name} {topic}：出勤")).to_have_text("✓")
    # a slip of the finger, put right
    page.get_by_role("button", name=f"孙丽 {TOPICS[0]}：缺勤").click()
    page.get_by_role("button", name=f"孙丽 {TOPICS[0]}：出勤").click()
    expect(page.get_by_role("button", name=f"孙丽 {TOPICS[0]}：缺勤")).to_have_text("—")

    page.reload()
    expect(page.get_by_test_id("completed")).to_have_text("1")
    grid = page.get_by_test_id("attendance")
    expect(grid.locator("tbody tr").filter(has_text="赵敏").locator(".badge")).to_have_text("结业")
    expect(grid.locator("tbody tr").filter(has_text="钱伟").locator(".badge")).to_have_text("未结业")
    expect(grid.locator("tbody tr").filter(has_text="孙丽").locator(".badge")).to_have_text("未结业")
    expect(grid.locator("tfoot td")).to_have_text(["各场出勤", "2", "2", "2", "1", ""])
    check_accessibility(page)

    # The completion workbook names who completed, under the rule.
    with page.expect_download() as downloading:
        page.get_by_test_id("completion-export").click()
    download = downloading.value
    assert re.fullmatch(rf"{TRAINING}-结业名单-\d{{8}}\.xlsx", download.suggested_filename)
    rows = CalamineWorkbook.from_path(download.path()).get_sheet_by_name("结业名单").to_python()
    assert rows[0][0] == f"{TRAINING} 结业名单（结业要求：参加全部 4 场）"
    assert rows[1] == ["序号", "姓名", "所在工会/单位", *TOPICS, "出勤场次", "是否结业"]
    trainees = {r[1]: (r[2], r[-2], r[-1]) for r in rows[2:] if r[1]}
    assert trainees == {
        "赵敏": (UNION, 4, "结业"),
        "钱伟": (UNION, 3, "未结业"),
        "孙丽": ("常营地区总工会", 0, "未结业"),
    }
    assert [r[1] for r in rows[2:] if r[1] and r[-1] == "结业"] == ["赵敏"]
    assert any("共 3 名学员，结业 1 名" in str(r[0]) for r in rows)

    # People reached: attendance summed over the sessions, and said so.
    page.get_by_role("link", name=TRAINING).click()
    page.wait_for_url(url(f"/activities/{training.pk}/"))
    expect(page.get_by_test_id("reach-label")).to_have_text("7人次（各场次签到累计）")


def test_a_cadre_voids_an_activity_recorded_twice_and_it_leaves_the_list(world, kinds, page, url, sign_in):
    """Issue 16 §4: an activity recorded in error is voided with a reason on its page; it then shows 已作废 with
    the reason, and the list leaves it out unless asked to show voided ones."""
    kept = activity(world.chaoyang, kind="visit", title="走访望京科技", days=-2)
    twice = activity(world.chaoyang, kind="visit", title="走访望京科技（重复）", days=-2)
    sign_in(page, "chaoyang")
    page.goto(url(f"/activities/{twice.pk}/"))
    page.get_by_label("作废原因").fill("与“走访望京科技”重复录入")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="作废", exact=True).click()
    expect(page.get_by_test_id("voided")).to_contain_text("作废原因：与“走访望京科技”重复录入")
    expect(page.get_by_test_id("voided-badge")).to_have_text("已作废")
    expect(page.get_by_role("button", name="作废", exact=True)).to_have_count(0)
    check_accessibility(page)

    page.get_by_role("link", name="工会活动").click()
    table = page.get_by_test_id("activities")
    expect(table.get_by_role("link", name=kept.title, exact=True)).to_be_visible()
    expect(table.get_by_role("link", name=twice.title)).to_have_count(0)
    page.get_by_label("作废").select_option(label="含已作废")
    page.get_by_role("button", name="筛选").click()
    expect(table.get_by_role("link", name=twice.title)).to_be_visible()
    expect(table.get_by_test_id("voided-badge")).to_have_count(1)
