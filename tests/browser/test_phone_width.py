"""Staff pages on a phone: at 360 px wide nothing scrolls sideways, and the tables turn into cards whose cells
carry their column's heading (issue 16 §1). The desktop layout stays a table.

Every main staff list is opened with a few rows in it, recorded through the services as the other browser tests
do: members and an application, a transfer, employers, an activity, a care campaign, an outreach event, a roster
import, the audit log (as the auditor) and a dashboard.
"""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from playwright.sync_api import expect
from widths import DESKTOP, PHONE, sideways

from gonghui.activities.tests.factories import activity
from gonghui.care.tests.helpers import summer_campaign
from gonghui.core.scope import SYSTEM
from gonghui.imports.services import roster_upload
from gonghui.imports.tests.rosters import xlsx
from gonghui.members import services as member_services
from gonghui.members.tests.factories import enrol
from gonghui.orgs.services import employer_create
from gonghui.outreach import services as outreach_services
from gonghui.stats.services import stats_recompute

FIRST_LABEL = """(cell) => getComputedStyle(cell, "::before").content"""


def record_rows(world) -> None:
    """A few rows for every list: members (one a long-named worker still applying), a transfer, employers,
    an activity, a care campaign, an outreach event, a roster import, and the statistics folded in."""
    importlib.import_module("gonghui.activities.migrations.0002_kinds").seed(apps, None)
    importlib.import_module("gonghui.care.migrations.0002_catalogue").seed(apps, None)
    employer_create(
        actor=SYSTEM,
        org=world.donghu,
        union=world.base_donghu,
        name="望京科技有限公司（北京朝阳区东湖街道望京SOHO塔三二十八层研发中心）",
        headcount=10,
    )
    employer_create(actor=SYSTEM, org=world.donghu, name="东湖未建会商店", headcount=6)
    for name in ("王芳", "李强", "刘洋"):
        enrol(world.base_donghu, name)
    enrol(world.base_donghu, "阿卜杜热合曼·买买提明", approve=False)
    moving = enrol(world.base_donghu, "陈晓东")
    member_services.transfer_start(
        actor=SYSTEM, membership=moving, to_union=world.base_xicheng, reason="换工作"
    )
    activity(world.chaoyang, title="2026年职工亲子非遗手工体验日")
    summer_campaign(world)
    outreach_services.event_create(
        actor=SYSTEM,
        union=world.donghu,
        name="东湖外卖骑手驿站入会宣传",
        place="湖光中街6号",
        staff_present="街道工会主席",
        gift="防晒冰袖一副",
    )
    roster = xlsx(
        [["赵敏", "110105199001011234", "13912345678"]], headings=["姓名", "身份证号码", "手机号码"]
    )
    roster_upload(
        actor=world.user("chaoyang"),
        union=world.base_donghu,
        content=roster,
        filename="望京科技会员名册.xlsx",
    )
    stats_recompute()


def assert_fits(page, path: str) -> None:
    problem = sideways(page)
    assert not problem, f"{path}: {problem}"


@pytest.mark.browser
def test_staff_pages_fit_a_phone_and_tables_become_cards(world, new_page, url, sign_in, screenshot):
    record_rows(world)
    page = new_page(phone=PHONE)
    sign_in(page, "chaoyang")
    chaoyang = world.chaoyang.pk
    paths = [
        reverse("members:list"),
        reverse("members:applications"),
        reverse("members:transfers"),
        reverse("orgs:tree"),
        reverse("orgs:detail", args=[chaoyang]),
        reverse("orgs:employers", args=[world.donghu.pk]),
        reverse("accounts:staff"),
        reverse("activities:index"),
        reverse("care:index"),
        reverse("outreach:index"),
        reverse("imports:list"),
        reverse("dashboards:org", args=[chaoyang]),
    ]
    for path in paths:
        page.goto(url(path))
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_fits(page, path)

    page.goto(url(reverse("members:list")))
    table = page.get_by_test_id("member-table")
    expect(table.locator("tbody tr")).to_have_count(5)
    first = table.locator("tbody tr").first.locator("td").first
    expect(first).to_have_attribute("data-label", "姓名")
    assert first.evaluate(FIRST_LABEL) == '"姓名"'
    # the headings are still there for screen readers, only out of sight
    expect(table.get_by_role("columnheader", name="姓名")).to_be_attached()
    assert table.locator("thead").evaluate("(head) => head.getBoundingClientRect().width") <= 1
    screenshot(page, "members-list-phone.png")

    auditor = new_page(phone=PHONE)
    sign_in(auditor, "auditor")
    auditor.goto(url(reverse("core:audit")))
    expect(auditor.get_by_test_id("audit-table").locator("tbody tr").first).to_be_visible()
    assert_fits(auditor, reverse("core:audit"))


@pytest.mark.browser
def test_the_desktop_keeps_its_tables(world, new_page, url, sign_in, screenshot):
    for name in ("王芳", "李强", "刘洋"):
        enrol(world.base_donghu, name)
    page = new_page()
    page.set_viewport_size(DESKTOP)
    sign_in(page, "chaoyang")
    page.goto(url(reverse("members:list")))
    table = page.get_by_test_id("member-table")
    expect(table.locator("thead th").first).to_be_visible()
    assert table.evaluate("(t) => getComputedStyle(t).display") == "table"
    first = table.locator("tbody tr").first.locator("td").first
    assert first.evaluate(FIRST_LABEL) == "none"
    screenshot(page, "members-list-desktop.png")
