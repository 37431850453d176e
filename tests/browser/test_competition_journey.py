"""A person skill contest in a real browser (DOMAIN W4, §6 C1-C3; issue 18 §1):

1. 朝阳's cadre creates 东湖's contest on the form: two groups, one judged stage, prize tiers 1/2/3, at most 2
   entrants a unit and phone sign-up for members; finds it on the list by year and kind and sorts the list; enters
   one entrant by name and unit; uploads a 报名表 with one bad row, sees the problem named by row and column and
   nothing entered, then the corrected sheet goes in whole; one entrant withdraws with a reason.
2. A member of 望京科技有限公司工会 signs in on a 360 px phone with an SMS code, taps 竞赛报名 on the e-card, chooses
   a group and enters; the page fits the phone. The cadre's page lists the member with their union.
3. The judged stage hands its ranking over (through the services here; the judged page is a format's own), the
   cadre publishes the results (after the confirm dialog), sees 成绩和获奖 with the prizes and downloads 导出成绩.
"""

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
import xlsxwriter
from axe import check_accessibility
from django.core.cache import cache
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook
from widths import DESKTOP, PHONE, sideways

from gonghui.competitions import services
from gonghui.competitions.models import Competition, CompetitionKind, EntrantStatus, Format
from gonghui.competitions.services import Ranked
from gonghui.core.scope import SYSTEM
from gonghui.members.tests.factories import enrol
from gonghui.outreach.tests.helpers import last_sms_code

SHANGHAI = ZoneInfo("Asia/Shanghai")
CONTEST = "2026年东湖街道职工电工技能竞赛"
OTHER = "2025年东湖街道职工乒乓球比赛"
UNION = "望京科技有限公司工会"
MEMBER, MOBILE = "孙晓燕", "13911110001"
WITHDRAW_REASON = "因工作安排无法参赛"


@pytest.fixture
def clock(world):
    """A clock pinned to 20 June 2026, moving on: the contest of 1 July is ahead, phone sign-up still open."""
    with time_machine.travel(dt.datetime(2026, 6, 20, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The SMS rate-limit counters live in the cache, which the live server shares: start with none."""
    cache.clear()
    yield
    cache.clear()


def sheet(rows) -> bytes:
    """A 报名表 as a cadre's spreadsheet holds it."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    page = book.add_worksheet("报名表")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            page.write(r, c, value)
    book.close()
    return buffer.getvalue()


def competition_rows(page):
    return page.get_by_test_id("competitions").locator("tbody tr")


def entrant_row(page, name: str):
    return page.get_by_test_id("entrants").locator("tbody tr").filter(has_text=name)


def upload(page, name: str, content: bytes) -> None:
    entrants = page.locator("#entrants")
    if not entrants.get_by_label("报名表文件（.xlsx、.xls、.csv）").is_visible():
        entrants.get_by_text("导入报名表（Excel）").click()
    entrants.get_by_label("报名表文件（.xlsx、.xls、.csv）").set_input_files(
        files=[
            {
                "name": name,
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": content,
            }
        ]
    )
    with page.expect_navigation():
        entrants.get_by_role("button", name="导入", exact=True).click()


def member_signs_in(phone, url, *, name: str, mobile: str) -> None:
    """/me/ asks the member to sign in with an SMS code (read from the demo sender's outbox)."""
    phone.goto(url("/me/"))
    phone.wait_for_url(re.compile(r"/me/login/"))
    phone.get_by_label("手机号码").fill(mobile)
    phone.get_by_role("button", name="获取验证码").click()
    expect(phone.get_by_test_id("pending-mobile")).to_have_text(f"{mobile[:3]}****{mobile[-4:]}")
    phone.get_by_label("短信验证码").fill(last_sms_code())
    phone.get_by_role("button", name="下一步").click()
    phone.wait_for_url(url("/me/"))
    expect(phone.get_by_test_id("card-name")).to_have_text(name)


def publish_the_ranking(contest: Competition) -> None:
    """The judged stage's ranking handed over as its page would (rule C3: tiers 1/2/3 per group)."""
    stage = contest.stages.get()
    services.stage_start(actor=SYSTEM, stage=stage)
    active = {e.name: e for e in contest.entrants.filter(status=EntrantStatus.REGISTERED)}
    junior, senior = contest.groups.get(name="初级组"), contest.groups.get(name="高级组")
    services.placings_record(
        actor=SYSTEM,
        stage=stage,
        ranking={
            junior: [
                Ranked(active[MEMBER], 1, "96分"),
                Ranked(active["刘强"], 2, "91分"),
                Ranked(active["王磊"], 3, "88分"),
            ],
            senior: [Ranked(active["陈红"], 1, "93分")],
        },
    )


@pytest.mark.browser
def test_a_cadre_runs_a_skill_contest_and_a_member_enters_it_on_the_phone(
    world, clock, new_page, url, sign_in, screenshot
):
    # an older contest of another kind, so that the list's filters have something to leave out
    services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=world.donghu,
            kind=CompetitionKind.SPORT,
            name=OTHER,
            starts_on=dt.date(2025, 9, 12),
            groups=["男子组"],
            stages=[services.StageData("决赛", Format.KNOCKOUT)],
            backdate_reason="去年的比赛补录",
        ),
    )

    # ---- 1. the cadre creates the contest on the form ------------------------------------------------------
    page = new_page()
    page.set_viewport_size(DESKTOP)
    sign_in(page, "chaoyang")
    page.goto(url("/competitions/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("竞赛")
    page.get_by_role("link", name="新建竞赛").click()
    page.wait_for_url(url("/competitions/new/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("新建竞赛")
    page.get_by_label("主办单位").select_option(label="东湖街道总工会")
    page.get_by_label("竞赛类别").select_option(label="技能竞赛")
    page.get_by_label("竞赛名称").fill(CONTEST)
    page.get_by_label("开始日期").fill("2026-07-01")
    page.get_by_label("地点").fill("东湖街道职工技能实训基地")
    page.get_by_label("参赛形式").select_option(label="个人")
    page.get_by_label("每单位限报").fill("2")
    page.get_by_label("会员可在手机上报名（个人赛）").check()
    page.get_by_label("组别").fill("初级组\n高级组")
    page.get_by_label("比赛阶段").fill("决赛 评分")
    page.get_by_label("奖项").fill("一等奖 1\n二等奖 2\n三等奖 3")
    check_accessibility(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/competitions/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text(f"已新建竞赛“{CONTEST}”")
    expect(page.get_by_role("heading", level=1)).to_have_text(CONTEST)
    facts = page.get_by_test_id("facts")
    expect(facts).to_contain_text("东湖街道总工会")
    expect(facts).to_contain_text("个人；每单位限报 2")
    expect(facts).to_contain_text("初级组、高级组")
    expect(facts).to_contain_text("一等奖 1名、二等奖 2名、三等奖 3名")
    expect(page.get_by_test_id("stages")).to_contain_text("决赛")
    expect(page.get_by_test_id("stages")).to_contain_text("未开始")
    check_accessibility(page)
    contest = Competition.objects.get(name=CONTEST)
    assert (contest.unit_cap, contest.member_signup) == (2, True)
    assert [g.name for g in contest.groups.all()] == ["初级组", "高级组"]
    assert [(s.name, s.format) for s in contest.stages.all()] == [("决赛", Format.JUDGED)]
    assert [(t.name, t.count) for t in contest.tiers.all()] == [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]
    detail = url(f"/competitions/{contest.pk}/")

    # The list: both contests, newest first; filtered by year, then by kind; sorted by name.
    page.get_by_role("link", name="竞赛", exact=True).first.click()
    page.wait_for_url(url("/competitions/"))
    expect(competition_rows(page)).to_have_count(2)
    expect(competition_rows(page).first).to_contain_text(CONTEST)
    filters = page.get_by_test_id("filters")
    filters.get_by_label("年度").fill("2025")
    filters.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"\?.*year=2025"))
    expect(competition_rows(page)).to_have_count(1)
    expect(competition_rows(page)).to_contain_text(OTHER)
    filters.get_by_label("年度").fill("")
    filters.get_by_label("类别").select_option(label="技能竞赛")
    filters.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"\?.*kind=skill"))
    expect(competition_rows(page)).to_have_count(1)
    expect(competition_rows(page)).to_contain_text(CONTEST)
    expect(competition_rows(page)).to_contain_text("未公布")
    filters.get_by_label("类别").select_option(label="全部类别")
    filters.get_by_role("button", name="筛选").click()
    expect(competition_rows(page)).to_have_count(2)
    page.get_by_test_id("competitions").get_by_role("link", name="竞赛", exact=True).click()
    page.wait_for_url(re.compile(r"\?.*sort=name"))
    expect(page.get_by_role("columnheader", name="竞赛", exact=True)).to_have_attribute(
        "aria-sort", "ascending"
    )
    names = competition_rows(page).locator("td:nth-child(2)").all_inner_texts()
    assert names == sorted(names) and len(names) == 2
    with page.expect_download() as downloading:
        page.get_by_test_id("list-export").click()
    exported = downloading.value
    assert exported.suggested_filename.endswith(".xlsx")
    listed = CalamineWorkbook.from_path(exported.path()).get_sheet_by_index(0).to_python()
    assert any(CONTEST in str(cell) for row in listed for cell in row)
    page.mouse.move(0, 0)  # the page as read, not the button still under the pointer after the click
    check_accessibility(page)

    # One entrant by name and unit.
    page.get_by_role("link", name=CONTEST).click()
    page.wait_for_url(detail)
    entrants = page.locator("#entrants")
    entrants.get_by_text("登记参赛者").click()
    add = entrants.locator("form[action$='/entrants/']")
    add.get_by_label("组别").select_option(label="初级组")
    add.get_by_label("姓名/队名").fill("刘强")
    add.get_by_label("所在单位").fill("东湖物业公司")
    with page.expect_navigation():
        add.get_by_role("button", name="登记").click()
    expect(page.get_by_role("alert")).to_have_text("已登记参赛者刘强")
    expect(entrant_row(page, "刘强")).to_contain_text("东湖物业公司")
    expect(entrant_row(page, "刘强")).to_contain_text("已报名")

    # A 报名表 with a group the contest does not have: the row and column named, nothing entered.
    heading = ["姓名", "组别", "所在单位"]
    upload(
        page,
        "电工竞赛报名表.xlsx",
        sheet(
            [
                heading,
                ["王磊", "初级组", "望京科技有限公司"],
                ["陈红", "中级组", "东湖物业公司"],
                ["赵刚", "高级组", "湖光物业"],
            ]
        ),
    )
    problems = page.get_by_test_id("import-errors")
    expect(problems).to_contain_text("报名表有 1 处问题，未导入任何参赛者")
    expect(problems).to_contain_text("第3行 组别“中级组”：没有这个组别：初级组、高级组")
    expect(page.get_by_role("heading", name="参赛名单（1）")).to_be_visible()
    assert list(contest.entrants.values_list("name", flat=True)) == ["刘强"]
    check_accessibility(page)

    # The corrected sheet goes in whole.
    upload(
        page,
        "电工竞赛报名表（修改）.xlsx",
        sheet(
            [
                heading,
                ["王磊", "初级组", "望京科技有限公司"],
                ["陈红", "高级组", "东湖物业公司"],
                ["赵刚", "高级组", "湖光物业"],
            ]
        ),
    )
    expect(page.get_by_role("alert")).to_have_text("已从“电工竞赛报名表（修改）.xlsx”导入参赛者3名")
    expect(page.get_by_test_id("import-errors")).to_have_count(0)
    expect(page.get_by_role("heading", name="参赛名单（4）")).to_be_visible()
    for name, group, unit in (
        ("王磊", "初级组", "望京科技有限公司"),
        ("陈红", "高级组", "东湖物业公司"),
        ("赵刚", "高级组", "湖光物业"),
    ):
        expect(entrant_row(page, name)).to_contain_text(group)
        expect(entrant_row(page, name)).to_contain_text(unit)

    # 赵刚 withdraws, with the reason.
    row = entrant_row(page, "赵刚")
    row.get_by_text("退赛/取消资格").click()
    row.get_by_label("原因").fill(WITHDRAW_REASON)
    with page.expect_navigation():
        row.get_by_role("button", name="退赛").click()
    expect(page.get_by_role("alert")).to_have_text("赵刚：已退赛")
    expect(entrant_row(page, "赵刚")).to_contain_text("已退赛")
    expect(entrant_row(page, "赵刚")).to_contain_text(WITHDRAW_REASON)
    expect(page.get_by_test_id("taking")).to_contain_text("参赛单位 2 家，参赛职工 3 人")
    check_accessibility(page)
    assert contest.entrants.get(name="赵刚").status == EntrantStatus.WITHDRAWN

    # ---- 2. a member enters on the phone ---------------------------------------------------------------------
    enrol(world.base_donghu, MEMBER, mobile=MOBILE)
    phone = new_page(phone=PHONE)
    member_signs_in(phone, url, name=MEMBER, mobile=MOBILE)
    phone.get_by_role("link", name="竞赛报名").click()
    phone.wait_for_url(url("/competitions/me/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("竞赛报名")
    expect(phone.get_by_test_id("open").locator("li")).to_have_count(1)
    assert sideways(phone) == ""
    check_accessibility(phone)
    phone.get_by_test_id("open").get_by_role("link", name=re.compile(CONTEST)).click()
    phone.wait_for_url(url(f"/competitions/me/{contest.pk}/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text(CONTEST)
    phone.get_by_label("初级组").check()
    assert sideways(phone) == ""
    check_accessibility(phone)
    screenshot(phone, "competition-phone-enter.png")
    phone.get_by_role("button", name="报名参赛").click()
    phone.wait_for_url(url(f"/competitions/me/{contest.pk}/"))
    expect(phone.get_by_role("alert")).to_have_text("报名成功")
    expect(phone.get_by_test_id("my-entry")).to_contain_text("已报名 · 初级组")
    expect(phone.get_by_test_id("my-entry")).to_contain_text(f"所在单位：{UNION}")
    expect(phone.get_by_test_id("enter-form")).to_have_count(0)
    assert sideways(phone) == ""
    check_accessibility(phone)
    screenshot(phone, "competition-phone.png")
    phone.get_by_role("link", name="全部竞赛").click()
    phone.wait_for_url(url("/competitions/me/"))
    expect(phone.get_by_test_id("mine")).to_contain_text(CONTEST)
    expect(phone.get_by_test_id("mine")).to_contain_text("已报名")
    assert sideways(phone) == ""

    page.reload()
    expect(entrant_row(page, MEMBER)).to_contain_text(UNION)
    expect(entrant_row(page, MEMBER)).to_contain_text("初级组")
    expect(page.get_by_role("heading", name="参赛名单（5）")).to_be_visible()

    # ---- 3. the ranking handed over, the results published and downloaded ---------------------------------
    publish_the_ranking(contest)
    page.reload()
    expect(page.get_by_test_id("stages")).to_contain_text("成绩已确认")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="公布结果").click()
    expect(page.get_by_role("alert")).to_have_text("竞赛结果已公布")
    expect(page.get_by_test_id("published")).to_have_text("结果已公布")
    expect(page.get_by_role("button", name="公布结果")).to_have_count(0)
    results = page.get_by_test_id("results")
    expect(results).to_have_count(2)
    expect(results.nth(0).locator("tbody tr")).to_have_count(3)
    expect(results.nth(0).locator("tbody tr").nth(0).locator("td")).to_have_text(
        ["1", MEMBER, UNION, "96分", "一等奖"]
    )
    expect(results.nth(0).locator("tbody tr").nth(1).locator("td")).to_have_text(
        ["2", "刘强", "东湖物业公司", "91分", "二等奖"]
    )
    expect(results.nth(0).locator("tbody tr").nth(2).locator("td")).to_have_text(
        ["3", "王磊", "望京科技有限公司", "88分", "二等奖"]
    )
    expect(results.nth(1).locator("tbody tr").locator("td")).to_have_text(
        ["1", "陈红", "东湖物业公司", "93分", "一等奖"]
    )
    check_accessibility(page)
    screenshot(page, "competition.png")
    with page.expect_download() as downloading:
        page.get_by_role("link", name="导出成绩").click()
    download = downloading.value
    assert download.suggested_filename.endswith("-成绩.xlsx")
    assert download.suggested_filename == f"{CONTEST}-成绩.xlsx"
    rows = CalamineWorkbook.from_path(download.path()).get_sheet_by_index(0).to_python()
    flat = [[str(v).removesuffix(".0") for v in r if v != ""] for r in rows]
    assert ["1", MEMBER, UNION, "96分", "一等奖"] in flat

    # The same pages on a 360 px screen: nothing scrolls sideways.
    page.set_viewport_size(PHONE)
    page.reload()
    assert sideways(page) == ""
    screenshot(page, "competition-360.png")
    page.goto(url("/competitions/"))
    page.set_viewport_size(DESKTOP)
    expect(competition_rows(page).filter(has_text=CONTEST)).to_contain_text("已公布")
    screenshot(page, "competitions-list.png")
    page.set_viewport_size(PHONE)
    page.reload()
    assert sideways(page) == ""
    screenshot(page, "competitions-list-360.png")
