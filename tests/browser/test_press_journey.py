"""A report read into a record and a report drafted from it, in a real browser (issue 23, Done-when):

1. 朝阳's cadre opens 报道与记录, pastes the article of seed report 002-5 (常营's 包粽子 contest), dated 7 June 2024,
   and presses 识别: the article comes back as a card proposing a competition, its form pre-filled from the report
   with 80 participants and the prize tiers 一等奖 1 / 二等奖 2 / 三等奖 3, each beside the sentence it came from.
2. 确认录入, typing nothing: the clipping page sets each figure the report quoted beside what the record computes,
   and every one says 一致; the record link opens the contest under 常营地区总工会 with 80 and the tiers 1, 2, 3.
3. 从记录起草报道: the 本报讯 draft names 常营地区总工会, 80名 and 一等奖1名、二等奖2名、三等奖3名; 复制全文 copies
   it; 导出 Word（.docx） downloads a document that python-docx opens, holding the same text.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe import check_accessibility
from docx import Document
from playwright.sync_api import expect

from gonghui.competitions.models import Competition
from gonghui.press.models import Clipping, RecordKind

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTED_ON = "2024-06-07"
ORGANISER = "常营地区总工会"
TIERS = "一等奖1名、二等奖2名、三等奖3名"
# Seed report 002-5 (/work/shared/seeds/002_5e55d61621466464.txt), its article on 常营's contest as the paper
# printed it, the line broken inside 劲松 included.
ARTICLE = """## 朝阳常营地区职工同场比赛包粽子

**本报讯**（记者 刘欣欣）近日，朝阳区常营地区总工会在劲松职高常营校区组织开展“奋斗时代 匠心常营”主题职工技能竞赛。端午节即将来临，此次竞赛项目以包四角粽子为内容，吸引辖区80名职工参赛。

粽子比赛现场，参赛选手围绕粽子用料配比、四角成型速度等展开实操比拼，并邀请第一届“朝阳工匠”、朝阳区劲

松职业高中中餐烹饪专业主任牛京刚担任评委，最终评选出比赛一等奖1名、二等奖2名、三等奖3名。

常营地区总工会相关负责人表示，未来，地区总工会将持续开展劳动技能竞赛，推动技能人才培养与产业发展深度融合，引导职工通过“干中学、学中干”提升专业能力，为地区经济高质量发展提供人力支撑。
"""


@pytest.fixture
def clock(world):
    """A clock pinned to 11 June 2024, moving on: four days after the paper reported the contest."""
    with time_machine.travel(dt.datetime(2024, 6, 11, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


@pytest.mark.browser
def test_a_cadre_reads_a_report_into_a_competition_and_drafts_its_report_back(
    world, clock, new_page, url, sign_in, screenshot
):
    page = new_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url(""))
    sign_in(page, "chaoyang")

    # ---- 1. paste the report, 识别 ----------------------------------------------------------------------------
    page.get_by_role("navigation").get_by_role("link", name="报道", exact=True).click()
    page.wait_for_url(url("/press/"))
    page.get_by_role("link", name="粘贴报道，识别录入").click()
    page.wait_for_url(url("/press/read/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("识别报道")
    page.get_by_label("报道原文").fill(ARTICLE)
    page.get_by_label("报道日期").fill(REPORTED_ON)
    with page.expect_navigation():
        page.get_by_role("button", name="识别").click()

    expect(page.get_by_test_id("article")).to_have_count(1)
    article = page.get_by_test_id("article")
    expect(article.get_by_role("heading", level=2)).to_have_text("1. 朝阳常营地区职工同场比赛包粽子")
    expect(article.locator(".card-header")).to_contain_text(ORGANISER)
    expect(article.get_by_test_id("new-org")).to_have_count(0)
    proposal = article.get_by_test_id("proposal-competition")
    expect(proposal).to_have_count(1)
    form = proposal.get_by_test_id("confirm-competition")
    expect(form.get_by_label("主办单位")).to_have_value(str(world.changying.pk))
    expect(form.locator("select[name$='-org'] option:checked")).to_have_text(ORGANISER)
    expect(form.get_by_label("参赛职工（人）")).to_have_value("80")
    expect(form.get_by_test_id("source-people_counted")).to_contain_text("吸引辖区80名职工参赛")
    expect(form.get_by_label("奖项与名额（每行一项，如“一等奖 1”）")).to_have_value(
        "一等奖 1\n二等奖 2\n三等奖 3"
    )
    expect(form.get_by_test_id("source-tiers")).to_contain_text(f"最终评选出比赛{TIERS}")
    expect(form.get_by_label("竞赛名称")).not_to_have_value("")
    expect(form.get_by_label("开始日期")).not_to_have_value("")
    name = form.get_by_label("竞赛名称").input_value()
    check_accessibility(page)
    screenshot(page, "press-read.png")

    # ---- 2. 确认录入 as pre-filled: the clipping page checks the figures, the record holds them -----------------
    with page.expect_navigation():
        form.get_by_role("button", name="确认录入").click()
    page.wait_for_url(re.compile(r"/press/\d+/$"))
    expect(page.get_by_role("alert")).to_contain_text(f"已据报道录入：{name}")
    expect(page.get_by_role("heading", level=1)).to_have_text("朝阳常营地区职工同场比赛包粽子")
    clipping = Clipping.objects.get()
    contest = Competition.objects.get()
    assert (clipping.record_kind, clipping.record_id, clipping.org) == (
        RecordKind.COMPETITION,
        contest.pk,
        world.changying,
    )
    assert clipping.reported_on == dt.date.fromisoformat(REPORTED_ON)
    assert contest.people_counted == 80
    assert [(t.name, t.count) for t in contest.tiers.all()] == [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]

    checks = page.get_by_test_id("checks").locator("tbody tr")
    expect(checks).to_have_count(4)  # 80 participants and three prize tiers
    for row in checks.all():
        expect(row.locator("td").last).to_have_text("一致")
    expect(checks.filter(has_text="80")).to_have_count(1)
    for tier, n in (("一等奖", 1), ("二等奖", 2), ("三等奖", 3)):
        expect(checks.filter(has_text=tier)).to_have_count(1)
        expect(checks.filter(has_text=tier).locator("td").nth(2)).to_have_text(f"{n}名")
    check_accessibility(page)
    clipping_page = page.url

    # The record link: the contest, under 常营地区总工会, with 80 reported and the three tiers.
    expect(page.get_by_test_id("record-link")).to_have_text(name)
    page.get_by_test_id("record-link").click()
    page.wait_for_url(url(f"/competitions/{contest.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    facts = page.get_by_test_id("facts")
    expect(facts.locator("tr").filter(has_text="主办单位").locator("td")).to_have_text(ORGANISER)
    expect(facts.locator("tr").filter(has_text="奖项").locator("td")).to_contain_text(
        "一等奖 1名、二等奖 2名、三等奖 3名"
    )
    expect(page.get_by_test_id("taking")).to_contain_text("报送参与职工 80 人")

    # ---- 3. the draft from the record: copied, and exported as .docx --------------------------------------------
    page.go_back()
    page.wait_for_url(clipping_page)
    page.get_by_role("link", name="从记录起草报道").click()
    page.wait_for_url(url(f"/press/draft/competition/{contest.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("起草报道")
    body = page.get_by_test_id("draft-body")
    for words in ("本报讯　", ORGANISER, "80名", TIERS):
        expect(body).to_have_value(re.compile(re.escape(words)))
    headline = page.get_by_label("标题").input_value()
    drafted = body.input_value()
    assert headline == name
    check_accessibility(page)
    screenshot(page, "press-draft.png")

    page.get_by_test_id("copy-draft").click()
    expect(page.get_by_test_id("draft-form").get_by_role("status")).to_have_text("已复制")
    assert page.evaluate("() => navigator.clipboard.readText()") == f"{headline}\n\n{drafted}"

    with page.expect_download() as downloading:
        page.get_by_role("button", name="导出 Word（.docx）").click()
    download = downloading.value
    assert download.suggested_filename.endswith(".docx")
    paragraphs = [p.text for p in Document(download.path()).paragraphs]
    assert paragraphs[0] == headline
    assert paragraphs[1:] == [line.strip() for line in drafted.splitlines() if line.strip()]
    text = "\n".join(paragraphs)
    for words in (ORGANISER, "80名", TIERS):
        assert words in text
