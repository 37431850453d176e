"""From an employer without a union to a base union in the tree (issue 21, DOMAIN R1, O3): 东湖's cadre records a
visit to 东湖快递配送站 (未建会) and starts 筹建, which moves it to 筹建中, and applies to the node above; 朝阳's cadre
approves, the new union appears under 东湖 with the employer linked, and 东湖's 建会率 for this month rises from
50% to 100% while May's figure stays 50%."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axe import check_accessibility
from playwright.sync_api import expect

from gonghui.core.scope import SYSTEM
from gonghui.organising import services as organising
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Employer, Org

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIRM = "东湖快递配送站"
UNION = "东湖快递配送站工会"


@pytest.fixture
def clock(world):
    with time_machine.travel(dt.datetime(2026, 6, 18, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


@pytest.fixture
def street(world, clock):
    """东湖 has two employers on the register since 1 March: 望京科技 with its own union, the depot without one
    (a target nobody has visited yet)."""
    org_services.employer_create(
        actor=SYSTEM,
        org=world.donghu,
        union=world.base_donghu,
        name="望京科技有限公司",
        headcount=300,
        on_date=dt.date(2026, 3, 1),
    )
    depot = org_services.employer_create(
        actor=SYSTEM, org=world.donghu, name=FIRM, headcount=60, on_date=dt.date(2026, 3, 1)
    )
    organising.target_open(actor=SYSTEM, employer=depot, channel="visit")
    return world


def rate_card(page):
    return page.get_by_test_id("key-figures").locator(".gh-figure").filter(has_text="建会率").first


@pytest.mark.browser
def test_a_visited_employer_is_set_up_approved_above_and_raises_this_months_rate(
    street, new_page, url, sign_in, screenshot
):
    w = street
    cadre = new_page()
    sign_in(cadre, "donghu")
    cadre.goto(url(f"/stats/{w.donghu.pk}/?period=month&on=2026-05-31"))
    expect(rate_card(cadre)).to_contain_text("50%")

    # the visit: from the targets list to the target's page
    cadre.goto(url("/organising/targets/"))
    cadre.get_by_role("link", name=FIRM).click()
    form = cadre.get_by_test_id("visit-form")
    form.get_by_label("走访日期").fill("2026-06-16")
    form.get_by_label("走访人员").fill("东湖街道总工会 赵子鹏")
    form.get_by_label("接待人").fill("站长 刘某")
    form.get_by_label("沟通情况").fill("介绍工会服务，站长同意组织筹建")
    form.get_by_label("结果").select_option(label="同意筹建")
    form.get_by_label("下一步", exact=True).fill("成立筹建组")
    form.get_by_label("下一步日期").fill("2026-06-17")
    with cadre.expect_navigation():
        form.get_by_role("button", name="登记走访").click()
    expect(cadre.get_by_text("已走访").first).to_be_visible()

    # 筹建: the preparatory group, then the application to the node above
    cadre.get_by_role("link", name="开始筹建").click()
    start = cadre.get_by_test_id("setup-new")
    start.get_by_label("拟建工会名称").fill(UNION)
    start.get_by_label("预计会员人数").fill("40")
    start.get_by_label("筹建组成员及分工").fill("刘某 组长\n王某 成员")
    start.get_by_label("筹建开始日期").fill("2026-06-17")
    with cadre.expect_navigation():
        start.get_by_role("button", name="开始筹建").click()
    expect(cadre.get_by_text("筹建中").first).to_be_visible()
    apply = cadre.get_by_test_id("submit")
    apply.get_by_label("申请日期").fill("2026-06-17")
    with cadre.expect_navigation():
        apply.get_by_role("button", name="向上级工会提出申请").click()
    expect(cadre.get_by_text("已申请").first).to_be_visible()
    expect(cadre.get_by_test_id("decide")).to_have_count(0)  # an operator cannot approve
    check_accessibility(cadre)
    screenshot(cadre, "organising-setup-applied.png")
    setup_url = cadre.url

    # the node above approves
    above = new_page()
    sign_in(above, "chaoyang")
    above.goto(setup_url)
    decide = above.get_by_test_id("decide")
    decide.get_by_label("批复日期").fill("2026-06-18")
    decide.get_by_label("批复意见").fill("同意成立")
    with above.expect_navigation():
        decide.get_by_role("button", name="批复同意建会").click()
    expect(above.get_by_text("已批复").first).to_be_visible()
    screenshot(above, "organising-setup-approved.png")

    # the new union is under 东湖, and the employer is linked to it from the day of approval
    union = Org.objects.get(name=UNION)
    assert union.parent_id == w.donghu.pk
    above.goto(url(f"/orgs/{w.donghu.pk}/"))
    expect(above.get_by_role("link", name=UNION).first).to_be_visible()
    depot = Employer.objects.get(name=FIRM)
    above.goto(url(f"/orgs/employers/{depot.pk}/"))
    expect(above.get_by_test_id("coverage")).to_have_text("独立建会")
    expect(above.get_by_test_id("periods")).to_contain_text("2026-06-18")
    screenshot(above, "organising-employer-history.png")

    # 建会率: this month 100% (+50 points on May's same day), May's month end still 50%
    above.goto(url(f"/stats/{w.donghu.pk}/?period=month"))
    expect(rate_card(above)).to_contain_text("100%")
    expect(rate_card(above)).to_contain_text("+50.0个百分点")
    above.goto(url(f"/stats/{w.donghu.pk}/?period=month&on=2026-05-31"))
    expect(rate_card(above)).to_contain_text("50%")
    above.goto(url(f"/organising/?org={w.donghu.pk}&year=2026"))
    expect(above.get_by_test_id("formed")).to_have_text("1")
    expect(above.get_by_test_id("sentence")).to_contain_text("新建工会1家，覆盖职工60人")
    screenshot(above, "organising-overview-donghu.png")
