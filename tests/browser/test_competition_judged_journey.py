"""A judged contest in a real browser (issue 18 §2, rules C2, C3): 朝阳's organiser sets two criteria and three
judges over two groups on the stage's page and starts scoring (the panel locks); each judge scores on a phone
(360 px) from a personal link, one entrant after another — a mark over the maximum is refused naming the criterion,
and 周敏, of 甲厂, is shown 回避 for 甲厂's entrant and is not asked for that score. The organiser watches the grid
fill (HTMX), confirms the ranking, publishes; the competition's results show the prizes and the certificates PDF
downloads. Screenshots: judged-phone.png, judged-stage.png and judged-results.png."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from gonghui.competitions import services
from gonghui.competitions.models import CompetitionKind, Format, Judge, Placing
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM

SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = {"width": 360, "height": 740}
NAME = "东湖街道职工包粽子技能竞赛"
ENTRANTS = {
    "甲组": [("张一", "甲厂"), ("李二", "乙厂"), ("王三", "丙厂")],
    "乙组": [("赵四", "丁厂"), ("钱五", "戊厂")],
}
# judge → their group, unit and the marks (理论, 实操) they give each entrant of it
JUDGES = {
    "周敏": (
        "甲组",
        "甲厂",
        {"李二": ("30", "50"), "王三": ("35", "40")},
    ),  # recused from 张一 (甲厂), rule C2
    "吴刚": ("甲组", "", {"张一": ("38", "55"), "李二": ("32", "52"), "王三": ("33", "41")}),
    "郑红": ("乙组", "", {"赵四": ("36.5", "50"), "钱五": ("30", "48")}),
}


@pytest.fixture
def clock(world):
    with time_machine.travel(dt.datetime(2026, 6, 18, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


@pytest.fixture
def contest(world, clock):
    c = services.competition_create(
        actor=SYSTEM,
        data=services.CompetitionData(
            org=world.donghu,
            kind=CompetitionKind.SKILL,
            name=NAME,
            starts_on=dt.date(2026, 6, 18),
            groups=list(ENTRANTS),
            tiers=[services.TierData("一等奖", 1), services.TierData("二等奖", 1)],
            stages=[services.StageData("决赛", Format.JUDGED)],
        ),
    )
    for group in c.groups.all():
        for i, (name, unit) in enumerate(ENTRANTS[group.name], start=1):
            services.entrant_add(
                actor=SYSTEM,
                competition=c,
                data=services.EntrantData(
                    group=group,
                    name=name,
                    number=f"{group.order}{i:02d}",
                    units=[services.UnitData(name=unit)],
                ),
            )
    return c


def post(page, button: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_a_judged_contest_scored_on_phones(world, contest, new_page, sign_in, url, screenshot):
    stage = contest.stages.get()
    organiser = new_page()
    sign_in(organiser, "chaoyang")
    organiser.goto(url(f"/competitions/{contest.pk}/"))
    with organiser.expect_navigation():
        organiser.get_by_test_id("stages").get_by_role("link", name="决赛").click()

    for name, top in (("理论", "40"), ("实操", "60")):
        organiser.get_by_label("项目名称").fill(name)
        organiser.get_by_label("满分").fill(top)
        post(organiser, "添加项目")
    expect(organiser.get_by_test_id("criteria")).to_contain_text("实操")
    for name, (group, unit, _marks) in JUDGES.items():
        organiser.get_by_label("组别").select_option(label=group)
        organiser.get_by_label("评委姓名").fill(name)
        organiser.get_by_label("所在单位").fill(unit)
        post(organiser, "添加评委")
    expect(organiser.get_by_test_id("judge-link")).to_have_count(3)
    organiser.once("dialog", lambda dialog: dialog.accept())
    post(organiser, "开始评分")
    expect(organiser.get_by_role("button", name="添加评委")).to_have_count(0)  # rule C2: the panel is locked
    expect(organiser.get_by_test_id("progress")).to_have_text("已完成 0 / 5")

    for name, (_group, _unit, marks) in JUDGES.items():
        judge = Judge.objects.get(stage=stage, name=name)
        phone = new_page(phone=PHONE)
        phone.goto(organiser.get_by_label(f"{name}的评分链接").input_value())
        if name == "周敏":
            row = phone.get_by_test_id("judge-entrants").get_by_role("listitem").filter(has_text="张一")
            expect(row.get_by_test_id("recused")).to_have_text("回避（同单位）")
            expect(row.get_by_role("link")).to_have_count(0)
            expect(phone.get_by_test_id("judge-current")).not_to_contain_text("张一")
            # over the maximum: refused, naming the criterion
            phone.get_by_label("理论（满分40）").fill("41")
            phone.get_by_label("实操（满分60）").fill("50")
            post(phone, "保存评分")
            expect(phone.get_by_test_id("form-errors")).to_have_text("李二：“理论”最高40分，不能填41分")
            screenshot(phone, "judged-phone.png")
        for entrant, (theory, practice) in marks.items():
            expect(phone.get_by_test_id("judge-current")).to_contain_text(entrant)
            phone.get_by_label("理论（满分40）").fill(theory)
            phone.get_by_label("实操（满分60）").fill(practice)
            post(phone, "保存评分")
        expect(phone.get_by_test_id("judge-finished")).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        assert judge.scores.count() == 2 * len(marks)
        # the organiser's grid follows without a reload (HTMX every few seconds)
        if name == "吴刚":
            expect(organiser.get_by_test_id("progress")).to_have_text("已完成 3 / 5", timeout=8000)

    # a changed mark needs a reason, and is audited
    phone.goto(phone.url.split("?")[0] + f"?entrant={contest.entrants.get(name='钱五').pk}")
    phone.get_by_label("实操（满分60）").fill("47")
    post(phone, "保存评分")
    expect(phone.get_by_test_id("form-errors")).to_have_text("钱五：修改已提交的评分须填写原因")
    phone.get_by_label("修改原因（修改已提交的评分时必填）").fill("实操计时有误")
    post(phone, "保存评分")
    assert AuditEvent.objects.get(action="competition.judged.score.change").reason == "实操计时有误"

    expect(organiser.get_by_test_id("progress")).to_have_text("已完成 5 / 5", timeout=8000)
    expect(organiser.get_by_test_id("grid")).to_contain_text("回避")
    screenshot(organiser, "judged-stage.png")
    organiser.once("dialog", lambda dialog: dialog.accept())
    post(organiser, "确认成绩")
    organiser.once("dialog", lambda dialog: dialog.accept())
    post(organiser, "公布结果")
    results = organiser.locator("#results")
    expect(organiser.get_by_test_id("published")).to_be_visible()
    # 甲组: 张一 93 (吴刚 only), 李二 82 (mean of 80 and 84), 王三 74.5; 乙组: 赵四 86.5, 钱五 77
    first = organiser.get_by_test_id("results").first
    expect(first.get_by_role("row").nth(1)).to_contain_text("张一")
    expect(first.get_by_role("row").nth(1)).to_contain_text("93.00分")
    expect(first.get_by_role("row").nth(1)).to_contain_text("一等奖")
    expect(first.get_by_role("row").nth(2)).to_contain_text("82.00分")
    expect(results).to_contain_text("86.50分")
    assert {
        (p.entrant.name, p.tier.name) for p in Placing.objects.filter(stage=stage, tier__isnull=False)
    } == {
        ("张一", "一等奖"),
        ("李二", "二等奖"),
        ("赵四", "一等奖"),
        ("钱五", "二等奖"),
    }
    screenshot(organiser, "judged-results.png")
    with organiser.expect_download() as downloading:
        organiser.get_by_role("link", name="下载获奖证书").click()
    download = downloading.value
    assert download.suggested_filename == f"获奖证书_{NAME}.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
    assert AuditEvent.objects.filter(action="competition.certificates").exists()
