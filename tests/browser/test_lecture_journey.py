"""A model workers' lecture in a real browser (SCENARIOS 002-2 "6位劳模先进代表", issue 17 §3, rule A6): 朝阳's cadre
opens a 劳模宣讲 held by 东湖 and records its speakers on the activity's page, two members of 望京科技有限公司工会 by
their member numbers and a guest by name; beside each member stands what the model-worker registry says they are,
and the page counts "其中劳模先进 2 位" from the records, not from what the cadre types. The guest is removed again
(after the confirm dialog), and the awards page of 朝阳 for 2026 reads "劳模先进宣讲 1 场、2 人次". The page fits a
360 px phone, the remove buttons included.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect
from widths import PHONE, sideways

from gonghui.activities import services as activities
from gonghui.activities.models import ActivityKind
from gonghui.awards.models import AwardType
from gonghui.awards.services import honour_record
from gonghui.core.scope import SYSTEM
from gonghui.members.tests.factories import enrol

TITLE = "2026年“劳模工匠进基层”宣讲报告会"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock(world):
    """A clock pinned to 20 June 2026, moving on: the lecture of 27 May is past, inside the year."""
    with time_machine.travel(dt.datetime(2026, 6, 20, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


def model_worker(world, name: str, code: str, year: int):
    """A member of 望京科技有限公司工会 whose honour puts them in the model-worker registry (rule A6)."""
    member = enrol(world.base_donghu, name)
    honour_record(
        actor=SYSTEM,
        org=world.base_donghu,
        award_type=AwardType.objects.get(code=code),
        year=year,
        unit_name="望京科技有限公司",
        person=member.person,
    )
    return member


def add_speaker(page, **fields) -> None:
    """Open 添加主讲人, fill the form by its labels, press 添加 and wait for the page it leads back to."""
    section = page.locator("#speakers")
    section.get_by_text("添加主讲人").click()
    for label, value in fields.items():
        section.get_by_label(label, exact=True).fill(value)
    with page.expect_navigation():
        section.get_by_role("button", name="添加").click()


def speaker_row(page, name: str):
    return page.get_by_test_id("speakers").locator("li").filter(has_text=name)


@pytest.mark.browser
def test_a_cadre_records_the_speakers_of_a_lecture_and_the_model_workers_are_counted(
    world, clock, new_page, url, sign_in, screenshot
):
    lecture = activities.activity_create(
        actor=SYSTEM,
        data=activities.ActivityData(
            org=world.donghu,
            kind=ActivityKind.objects.get(code="lecture"),
            title=TITLE,
            starts_on=dt.date(2026, 5, 27),
            place_text="望京科技园职工之家",
        ),
    )
    gao = model_worker(world, "高建平", "capital-model-worker", 2020)
    wang = model_worker(world, "王秀兰", "national-model-worker", 2015)

    page = new_page()
    sign_in(page, "chaoyang")
    page.goto(url(f"/activities/{lecture.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("#speakers")).to_contain_text("还没有登记主讲人")

    # members by their member numbers: the name is the register's, the title the registry's
    add_speaker(page, 会员证号=gao.number, 分享题目="三十年坚守一线的匠心故事")
    expect(page.get_by_role("alert").first).to_have_text("已添加主讲人高建平")
    add_speaker(page, 会员证号=wang.number, 单位及职务="望京科技有限公司 首席技师", 分享题目="技能报国")
    # a guest by name only: no badge, whatever the cadre might believe about them
    add_speaker(page, 姓名="陈思远")

    expect(page.get_by_test_id("speaker-count")).to_have_text("3")
    expect(speaker_row(page, "高建平")).to_contain_text("北京市劳动模范")
    expect(speaker_row(page, "高建平")).to_contain_text("三十年坚守一线的匠心故事")
    expect(speaker_row(page, "王秀兰")).to_contain_text("全国劳动模范")
    expect(speaker_row(page, "王秀兰")).to_contain_text("首席技师")
    expect(speaker_row(page, "陈思远").locator(".badge")).to_have_count(0)
    expect(page.get_by_test_id("speakers-marked")).to_have_text("其中劳模先进 2 位")
    screenshot(page, "activity-speakers.png")

    # the guest is removed again, after the page asks
    asked: list[str] = []

    def accept(dialog) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    with page.expect_navigation():
        speaker_row(page, "陈思远").get_by_role("button", name="移除").click()
    assert asked == ["移除主讲人陈思远？"]
    expect(page.get_by_role("alert").first).to_have_text("已移除主讲人陈思远")
    expect(page.get_by_test_id("speaker-count")).to_have_text("2")
    expect(page.get_by_test_id("speakers")).not_to_contain_text("陈思远")
    expect(page.get_by_test_id("speakers-marked")).to_have_text("其中劳模先进 2 位")

    # the awards page of 朝阳 counts the lecture from the speakers' records (SCENARIOS 002-2)
    page.goto(url(f"/awards/?org={world.chaoyang.pk}&year=2026"))
    lectures = page.get_by_test_id("lectures")
    expect(lectures).to_contain_text("劳模先进宣讲 1 场、2 人次")
    expect(lectures.get_by_role("link", name=TITLE)).to_be_visible()
    with page.expect_navigation():
        lectures.get_by_role("link", name=TITLE).click()
    assert page.url == url(f"/activities/{lecture.pk}/")

    # on a 360 px phone: nothing scrolls sideways, each speaker's 移除 stays whole beside the row
    phone = new_page(phone=PHONE)
    sign_in(phone, "chaoyang")
    phone.goto(url(f"/activities/{lecture.pk}/"))
    expect(phone.get_by_test_id("speakers-marked")).to_have_text("其中劳模先进 2 位")
    assert sideways(phone) == ""
    remove = speaker_row(phone, "王秀兰").get_by_role("button", name="移除")
    box = remove.bounding_box()
    assert box is not None and box["height"] < 40, f"移除 wraps on a phone: {box}"
    screenshot(phone, "activity-speakers-phone.png")
