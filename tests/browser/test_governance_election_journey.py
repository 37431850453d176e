"""A base union's 差额 election from the congress to the approval above (issue 20 §2, DOMAIN G2, R21): 望京科技有限公司工会
registers 9 candidates for 7 seats with 45 entitled; 30 present is refused (not more than two thirds), 31 is
accepted and the page says the quorum is met; the paper tally is entered ballot by ballot and one ballot marking
8 names is counted invalid; the scrutineers sign, the result goes up to 东湖街道总工会, a cadre above approves,
and the union's page shows the new 工会主席."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe import check_accessibility
from playwright.sync_api import expect

from gonghui.core.scope import SYSTEM
from gonghui.governance import elections_services as services
from gonghui.governance.models import Election

SHANGHAI = ZoneInfo("Asia/Shanghai")
GOOD = ["丁一", "马力", "王芳", "刘强", "张伟", "李明", "黄敏"]
CANDIDATES = "黄敏\n李明 主席\n张伟\n王芳\n欧阳娜\n丁一\n马力\n刘强\n诸葛亮"


@pytest.fixture
def clock(world):
    with time_machine.travel(dt.datetime(2026, 6, 18, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


def tick_ballot(page, names):
    for name in names:
        page.get_by_label(name, exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="录入这张选票").click()


@pytest.mark.browser
def test_a_base_unions_election_is_counted_signed_and_approved_above(
    world, clock, new_page, url, sign_in, screenshot
):
    page = new_page()
    sign_in(page, "donghu")
    page.goto(url("/governance/elections/new/"))
    page.locator("#id_org").select_option(label="望京科技有限公司工会")
    page.locator("#id_title").fill("第三次会员代表大会选举工会委员会")
    page.locator("#id_held_on").fill("2026-06-12")
    page.locator("#id_seats").fill("7")
    page.locator("#id_entitled").fill("45")
    page.locator("#id_candidates").fill(CANDIDATES)
    with page.expect_navigation():
        page.get_by_role("button", name="保存").click()
    # the candidates in 姓氏笔画 order: 丁2 马3 王4 刘6 张7 李7 欧阳8 诸葛10 黄11
    names = page.get_by_test_id("candidates").locator("tbody tr td:first-child").all_inner_texts()
    assert names == ["丁一", "马力", "王芳", "刘强", "张伟", "李明", "欧阳娜", "诸葛亮", "黄敏"]
    with page.expect_navigation():
        page.get_by_role("button", name="开始投票").click()

    def attendance(present: int) -> None:
        form = page.get_by_test_id("attendance")
        form.locator("#id_entitled").fill("45")
        form.locator("#id_present").fill(str(present))
        form.locator("#id_ballots_issued").fill(str(present))
        form.locator("#id_ballots_returned").fill(str(present))
        with page.expect_navigation():
            form.get_by_role("button", name="登记").click()

    attendance(30)  # 3*30 = 90 is not more than 2*45
    expect(page.get_by_text("实到30人，未超过应到45人的三分之二，不能进行选举").first).to_be_visible()
    attendance(31)
    expect(page.get_by_test_id("quorum")).to_contain_text(
        "应到45人，实到31人，超过应到人数的三分之二，符合法定人数"
    )

    page.get_by_role("link", name="计票（逐张录入选票）").click()
    expect(page.get_by_text("第 1 张选票")).to_be_visible()
    tick_ballot(page, [*GOOD, "诸葛亮"])  # 8 names for 7 seats: invalid
    tick_ballot(page, GOOD)
    tick_ballot(page, [*GOOD[:6], "欧阳娜"])
    expect(page.get_by_test_id("entered")).to_have_text("已录入 3 张 / 收回 31 张，其中无效票 1 张")
    screenshot(page, "governance-election-tally.png")
    # the rest of the pile as the tally table enters them
    e = Election.objects.get(title="第三次会员代表大会选举工会委员会")
    ids = {c.name: c.pk for c in e.candidates.all()}
    for _ in range(24):
        services.ballot_add(actor=SYSTEM, election=e, marks=[ids[n] for n in GOOD])
    for _ in range(4):
        services.ballot_add(actor=SYSTEM, election=e, marks=[ids[n] for n in [*GOOD[:6], "欧阳娜"]])
    page.reload()
    expect(page.get_by_test_id("entered")).to_have_text("已录入 31 张 / 收回 31 张，其中无效票 1 张")

    page.get_by_role("link", name="查看计票结果").click()
    result = page.get_by_test_id("result")
    expect(result).to_contain_text("无效票1张")
    expect(result).to_contain_text("当选（7名）：丁一、马力、王芳、刘强、张伟、李明、黄敏")
    page.locator("#id_scrutineers").fill("周一、吴二")
    with page.expect_navigation():
        page.get_by_role("button", name="监票人签字").click()
    expect(page.get_by_test_id("signed")).to_contain_text("监票人 周一、吴二")
    with page.expect_navigation():
        page.get_by_role("button", name="报上级工会批复").click()
    expect(page.get_by_text("已报东湖街道总工会批复，等待批复。")).to_be_visible()
    check_accessibility(page)
    screenshot(page, "governance-election.png")

    boss = new_page()
    sign_in(boss, "chaoyang")
    boss.goto(url(f"/governance/elections/{e.pk}/"))
    with boss.expect_navigation():
        boss.get_by_role("button", name="批准").click()
    expect(boss.get_by_test_id("decision")).to_contain_text("已批准")
    screenshot(boss, "governance-election-approved.png")
    boss.goto(url(f"/orgs/{world.base_donghu.pk}/"))
    chair_row = boss.locator("tr", has_text="工会主席")
    expect(chair_row).to_contain_text("李明")
    expect(chair_row).to_contain_text("2026-06-12 起 5 年")
    screenshot(boss, "governance-election-org.png")
