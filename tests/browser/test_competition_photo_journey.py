"""The couriers' photo contest on phones (SCENARIOS 000-3, DOMAIN C7): a rider of a union under 东湖 signs in with
an SMS code on a 360 px phone and uploads an entry; staff accept it; another rider votes once and a second vote
is refused in words; staff run the jury's two rounds and confirm the prizes. Then the heats page: the draw, the
times and the qualifiers marked Q/q."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe import check_accessibility
from axe import check_phone_page as check_phone_page_of
from django.core.cache import cache
from playwright.sync_api import expect

from gonghui.competitions import services
from gonghui.competitions.models import CompetitionKind, Format, Placing, Vote
from gonghui.core.scope import SYSTEM
from gonghui.core.testing import images
from gonghui.members.services import membership_enrol
from gonghui.members.tests.factories import person_data
from gonghui.outreach.tests.helpers import last_sms_code

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 360, "height": 740}
CONTEST = "“最美快递小哥”手机摄影大赛"


@pytest.fixture
def clock(world):
    with time_machine.travel(dt.datetime(2026, 7, 6, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def check_phone_page(page) -> None:
    check_phone_page_of(page, width=PHONE["width"])


def rider(world, name: str, mobile: str):
    return membership_enrol(
        actor=SYSTEM, union=world.base_donghu, person_data=person_data(name, mobile=mobile), approve=True
    )


def contest(world, name=CONTEST, fmt=Format.PHOTO, **stage):
    c = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=world.donghu,
            kind=CompetitionKind.PHOTO if fmt == Format.PHOTO else CompetitionKind.SPORT,
            name=name,
            starts_on=dt.date(2026, 7, 6),
            tiers=[services.TierData("一等奖", 1), services.TierData("二等奖", 1)],
            stages=stage.pop("stages", None) or [services.StageData("作品征集", fmt)],
        ),
    )
    return c


def member_signs_in(phone, url, *, mobile: str, to: str) -> None:
    phone.goto(url(to))
    phone.wait_for_url(re.compile(r"/me/login/"))
    phone.get_by_label("手机号码").fill(mobile)
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.get_by_test_id("pending-mobile")).to_have_text(f"{mobile[:3]}****{mobile[-4:]}")
    phone.get_by_label("短信验证码").fill(last_sms_code())
    phone.get_by_role("button", name="下一步").click()
    phone.wait_for_url(re.compile(r"/me/(contests/.*)?$"))
    phone.goto(url(to))


@pytest.mark.browser
def test_a_rider_uploads_another_votes_once_and_staff_confirm(
    world, clock, new_page, sign_in, url, screenshot, tmp_path
):
    c = contest(world)
    stage = c.stages.get()
    rider(world, "王小骑", "13800138001")
    rider(world, "李快递", "13800138002")
    photo = tmp_path / "rain.png"
    photo.write_bytes(images.png((480, 320), colour=(70, 110, 160)))

    # 1. The first rider signs in on the phone, finds the contest and uploads an entry.
    phone = new_page(phone=PHONE)
    member_signs_in(phone, url, mobile="13800138001", to="/me/contests/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("作品征集")
    phone.get_by_test_id("contests").get_by_role("link", name=CONTEST).click()
    phone.wait_for_url(url(f"/me/contests/{stage.pk}/"))
    phone.get_by_label("作品名称").fill("雨中送达")
    phone.get_by_label("作品说明").fill("暴雨天按时送到每一单")
    phone.get_by_label("作品照片").set_input_files(str(photo))
    check_phone_page(phone)
    screenshot(phone, "photo-contest-submit.png")
    phone.get_by_role("button", name="提交作品").click()
    expect(phone.get_by_text("作品已提交，审核通过后展示")).to_be_visible()
    expect(phone.get_by_test_id("own-status")).to_have_text("待审核")
    check_phone_page(phone)

    # 2. Staff accept it on the photo page.
    page = new_page()
    sign_in(page, "donghu")
    page.goto(url(f"/competitions/{c.pk}/photo/{stage.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("作品征集")
    row = page.get_by_test_id("submission").filter(has_text="雨中送达")
    expect(row).not_to_contain_text("王小骑")  # the author's name is masked
    row.get_by_role("button", name="通过", exact=True).click()
    expect(row.get_by_test_id("status")).to_have_text("已通过")
    check_accessibility(page)

    # 3. Another rider votes once; the second vote is refused in words.
    other = new_page(phone=PHONE)
    member_signs_in(other, url, mobile="13800138002", to=f"/me/contests/{stage.pk}/")
    entry = other.get_by_test_id("entry").filter(has_text="雨中送达")
    expect(entry.get_by_role("img", name="雨中送达")).to_be_visible()
    entry.get_by_role("button", name="投票：雨中送达").click()
    expect(other.get_by_text("已为“雨中送达”投票")).to_be_visible()
    expect(other.get_by_test_id("entry").filter(has_text="雨中送达").get_by_test_id("votes")).to_have_text(
        "1票"
    )
    other.get_by_test_id("entry").filter(has_text="雨中送达").get_by_role(
        "button", name="已投票：雨中送达"
    ).click()
    expect(other.get_by_text("您已为该作品投过票，每件作品只能投一次")).to_be_visible()
    assert Vote.objects.count() == 1
    check_phone_page(other)
    screenshot(other, "photo-contest-vote.png")

    # 4. Staff run the jury's rounds and confirm the prizes.
    page.reload()
    expect(page.get_by_test_id("submission").get_by_test_id("votes")).to_have_text("1")
    page.get_by_role("button", name="截止征集，开始初评").click()
    page.get_by_label("雨中送达是否入围").select_option(label="入围")
    page.get_by_role("button", name="保存我的评审意见").click()
    expect(page.get_by_text("已保存评审意见（1件）")).to_be_visible()
    page.get_by_role("button", name="结束初评，开始复评打分").click()
    page.get_by_label("雨中送达的评分（0-100）").fill("92")
    page.get_by_role("button", name="保存我的评审意见").click()
    expect(page.get_by_test_id("standings")).to_contain_text("92.00分")
    page.get_by_role("button", name="确认成绩").click()
    expect(page.get_by_test_id("finished")).to_be_visible()
    expect(page.get_by_test_id("standings")).to_contain_text("一等奖")
    check_accessibility(page)
    screenshot(page, "photo-contest-staff.png")
    assert Placing.objects.get(stage=stage).tier.name == "一等奖"


@pytest.mark.browser
def test_the_heats_page_draws_times_and_marks_qualifiers(world, clock, page, sign_in, url, screenshot):
    c = contest(
        world,
        name="快递小哥趣味运动会",
        fmt=Format.HEATS,
        stages=[
            services.StageData("预赛", Format.HEATS, advance=3, settings={"heats": 2, "by_place": 1}),
            services.StageData("决赛", Format.HEATS),
        ],
    )
    g = c.groups.get()
    for i in range(1, 6):
        services.entrant_add(
            actor=SYSTEM,
            competition=c,
            data=services.EntrantData(
                group=g, name=f"骑手{i}号", seed=i, units=[services.UnitData(name="东湖驿站")]
            ),
        )
    heats_stage = c.stages.order_by("order").first()
    sign_in(page, "donghu")
    page.goto(url(f"/competitions/{c.pk}/heats/{heats_stage.pk}/"))
    page.get_by_role("button", name="编排分组和道次").click()
    expect(page.get_by_test_id("heat-1").locator("tbody tr")).to_have_count(3)
    expect(page.get_by_test_id("heat-2").locator("tbody tr")).to_have_count(2)
    for i, t in zip(range(1, 6), ("12.50", "12.40", "12.90", "12.60", "12.70"), strict=True):
        page.get_by_label(f"骑手{i}号的成绩（秒）").fill(t)
    page.get_by_role("button", name="保存成绩").click()
    expect(page.get_by_test_id("run").filter(has_text="骑手1号").get_by_test_id("mark")).to_have_text("Q")
    expect(page.get_by_test_id("run").filter(has_text="骑手2号").get_by_test_id("mark")).to_have_text("Q")
    expect(page.get_by_test_id("run").filter(has_text="骑手4号").get_by_test_id("mark")).to_have_text("q")
    check_accessibility(page)
    page.get_by_role("button", name="确认成绩").click()
    expect(page.get_by_test_id("finished")).to_be_visible()
    screenshot(page, "heats-page.png")
    assert heats_stage.placings.filter(qualified=True).count() == 3
