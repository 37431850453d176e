"""The statistics journey in a real browser: the city's dashboard with its map of the districts, drilling down
to a district and a street and back up by the breadcrumbs; a district admin's dashboard, which starts at the
district and hides the rest of the city; the report sentences and the yearbook export.

The figures come from the rollups, which are folded in asynchronously: the test enrols its members through the
services and recomputes the rollups before it opens a page.
"""

import datetime as dt
import re

import pytest
from axe import check_accessibility
from charts import wait_for_charts
from django.utils import timezone
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from gonghui.core.scope import SYSTEM
from gonghui.members.tests.factories import enrol, resident_id
from gonghui.orgs import services as org_services
from gonghui.orgs.models import Level
from gonghui.orgs.services import employer_create
from gonghui.stats.services import stats_recompute

# (name, born, woman, new-form group, skill level): varied, so that every chart has something to draw
IN_CHAOYANG = [  # enrolled in 望京科技有限公司工会 (朝阳 › 东湖)
    ("王芳", dt.date(1992, 3, 8), True, "", "intermediate"),
    ("李强", dt.date(1985, 7, 1), False, "rider", "junior"),
    ("刘洋", dt.date(1999, 11, 20), False, "courier", ""),
]
IN_XICHENG = [  # enrolled in 大栅栏商贸有限公司工会 (西城 › 大栅栏)
    ("赵敏", dt.date(1978, 5, 4), True, "domestic", "senior"),
    ("周杰", dt.date(2001, 9, 10), False, "", "apprentice"),
]


def record_employers(world) -> None:
    """朝阳: 望京科技 (own union, 10 workers) and a shop without a union, so 建会率 50%, 入会率 3/10;
    西城: 大栅栏商贸 (own union, 4 workers), so 建会率 100%, 入会率 2/4; the city: 2 of 3, 5/14."""
    employer_create(
        actor=SYSTEM, org=world.donghu, union=world.base_donghu, name="望京科技有限公司", headcount=10
    )
    employer_create(actor=SYSTEM, org=world.donghu, name="东湖未建会商店", headcount=6)
    employer_create(
        actor=SYSTEM, org=world.dashilan, union=world.base_xicheng, name="大栅栏商贸有限公司", headcount=4
    )


def enrol_members(world) -> None:
    """Record the employers, enrol the members (today, by staff) and fold them into the statistics."""
    record_employers(world)
    for union, people in ((world.base_donghu, IN_CHAOYANG), (world.base_xicheng, IN_XICHENG)):
        for name, born, woman, group, skill in people:
            enrol(
                union,
                name,
                id_number=resident_id(born, female=woman),
                is_new_form=bool(group),
                priority_group=group,
                skill_level=skill,
            )
    stats_recompute()


def stats_url(url, org) -> re.Pattern:
    """A node's dashboard; links kept from a page without a query end in a bare "?"."""
    return re.compile(rf"^{re.escape(url(f'/stats/{org.pk}/'))}\??$")


def figure(page, label: str):
    """The value of one key-figure card (会员人数, 建会率 …), e.g. "5 人"."""
    card = (
        page.get_by_test_id("key-figures")
        .locator(".card")
        .filter(has=page.locator(".small", has_text=re.compile(f"^{re.escape(label)}$")))
    )
    return card.locator(".fs-4")


def people(n: int) -> re.Pattern:
    return re.compile(rf"^{n}\s*人$")


COLUMNS = ("名称", "会员人数", "新发展会员", "新就业形态", "女职工", "建会率", "入会率")  # children table


def child_cell(page, name: str, column: str):
    """One cell of the children table: the row whose link is `name`, the column headed `column`."""
    row = (
        page.get_by_test_id("children")
        .locator("tbody tr")
        .filter(has=page.get_by_role("link", name=name, exact=True))
    )
    return row.locator(f"td:nth-child({COLUMNS.index(column) + 1})")


def child_link(page, name: str):
    return page.get_by_test_id("children").get_by_role("link", name=name, exact=True)


def crumbs(page):
    return page.get_by_test_id("crumbs").locator("li")


def map_region_label(page, name: str):
    """The label ECharts draws in the middle of a district on the map (an SVG <text>)."""
    return page.locator('[data-chart="map"] svg text').filter(has_text=re.compile(f"^{name}$"))


def click_at_centre(page, locator) -> None:
    """A mouse click where the element is drawn: ECharts finds the region under the pointer itself."""
    box = locator.bounding_box()
    assert box, "the element is not drawn"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.browser
def test_city_dashboard_map_and_drill_down(world, page, url, sign_in, screenshot):
    enrol_members(world)

    # city_admin lands on the city's dashboard.
    sign_in(page, "city_admin")
    expect(page).to_have_url(url(f"/stats/{world.city.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("北京市总工会")
    expect(crumbs(page)).to_have_text(["北京市总工会"])

    # The map of the districts is drawn from the bundled GeoJSON: one path per district at least.
    the_map = page.locator('[data-chart="map"][data-ready="1"]')
    expect(the_map).to_have_count(1)
    assert the_map.locator("svg path").count() >= 16, "the map should draw Beijing's sixteen districts"
    # Labels that would overlap are left out (the small central districts); 朝阳区 has room for its own.
    expect(map_region_label(page, "朝阳区")).to_have_count(1)

    # The figures count every member enrolled, once, at each level.
    total = len(IN_CHAOYANG) + len(IN_XICHENG)
    year = timezone.localdate().year  # the year in Beijing, as the page counts it
    expect(figure(page, "会员人数")).to_have_text(people(total))
    expect(figure(page, f"新发展会员（{year}年）")).to_have_text(people(total))
    expect(figure(page, "女职工会员")).to_have_text(people(2))
    expect(figure(page, "新就业形态劳动者会员")).to_have_text(people(3))
    expect(figure(page, "建会率")).to_have_text("66.7%")  # 2 of 3 employers
    expect(figure(page, "入会率")).to_have_text("35.7%")  # 5 of their 14 workers
    expect(child_cell(page, "朝阳区总工会", "会员人数")).to_have_text(str(len(IN_CHAOYANG)))
    expect(child_cell(page, "朝阳区总工会", "建会率")).to_have_text("50%")
    expect(child_cell(page, "朝阳区总工会", "入会率")).to_have_text("30%")
    expect(child_cell(page, "西城区总工会", "会员人数")).to_have_text(str(len(IN_XICHENG)))
    expect(child_cell(page, "西城区总工会", "建会率")).to_have_text("100%")
    sentences = page.get_by_test_id("sentences")
    expect(sentences).to_contain_text(f"今年以来，北京市总工会新发展会员{total}人")
    expect(sentences).to_contain_text(f"北京市总工会共有会员{total}人")
    expect(sentences).to_contain_text("辖区登记用人单位3家，已建会2家")

    wait_for_charts(page)
    check_accessibility(page)
    screenshot(page, "dashboard-city.png")

    # Hovering 朝阳区 on the map names its federation and gives its figures in the tooltip.
    chaoyang_on_map = map_region_label(page, "朝阳区")
    chaoyang_on_map.hover()
    expect(page.locator('[data-chart="map"]')).to_contain_text(
        f"朝阳区总工会建会率 50%会员 {len(IN_CHAOYANG)} 人"
    )

    # Drill down on the map: clicking 朝阳区 opens 朝阳's dashboard.
    click_at_centre(page, chaoyang_on_map)
    page.wait_for_url(stats_url(url, world.chaoyang))
    expect(page.get_by_role("heading", level=1)).to_have_text("朝阳区总工会")
    expect(crumbs(page)).to_have_text(["北京市总工会", "朝阳区总工会"])
    expect(figure(page, "会员人数")).to_have_text(people(len(IN_CHAOYANG)))
    expect(page.locator('[data-chart="map"]')).to_have_count(0)  # the map is the city's alone
    expect(child_cell(page, "东湖街道总工会", "会员人数")).to_have_text(str(len(IN_CHAOYANG)))
    expect(child_cell(page, "常营地区总工会", "会员人数")).to_have_text("0")
    expect(page.get_by_test_id("children")).not_to_contain_text("西城区总工会")

    # … then 东湖 in the children table, and back up to the city by the first breadcrumb.
    child_link(page, "东湖街道总工会").click()
    page.wait_for_url(stats_url(url, world.donghu))
    expect(page.get_by_role("heading", level=1)).to_have_text("东湖街道总工会")
    expect(crumbs(page)).to_have_text(["北京市总工会", "朝阳区总工会", "东湖街道总工会"])
    expect(figure(page, "会员人数")).to_have_text(people(len(IN_CHAOYANG)))
    expect(child_cell(page, "望京科技有限公司工会", "会员人数")).to_have_text(str(len(IN_CHAOYANG)))
    page.get_by_test_id("crumbs").get_by_role("link", name="北京市总工会", exact=True).click()
    page.wait_for_url(stats_url(url, world.city))
    expect(page.get_by_role("heading", level=1)).to_have_text("北京市总工会")
    expect(page.locator('[data-chart="map"][data-ready="1"]')).to_have_count(1)

    # The children table's link leads down as well as the map does.
    child_link(page, "朝阳区总工会").click()
    page.wait_for_url(stats_url(url, world.chaoyang))
    expect(crumbs(page)).to_have_text(["北京市总工会", "朝阳区总工会"])


@pytest.mark.browser
def test_the_map_gives_daxing_its_own_figures_and_the_zone_apart(world, page, url, sign_in, screenshot):
    """经开区 shares 大兴's district code: the 大兴 polygon's tooltip and link are 大兴's, 经开区 is listed apart."""
    create = org_services.org_create
    daxing = create(
        actor=SYSTEM, parent=world.city, name="大兴区总工会", level=Level.DISTRICT, district_code="110115"
    )
    zone = create(
        actor=SYSTEM,
        parent=world.city,
        name="北京经济技术开发区总工会",
        short_name="经开区总工会",
        level=Level.ZONE,
        district_code="110115",
    )
    for parent, name, members in ((daxing, "兴业", 1), (zone, "亦庄精工", 3)):
        base = create(actor=SYSTEM, parent=parent, name=f"{name}有限公司工会", level=Level.BASE)
        employer_create(actor=SYSTEM, org=parent, union=base, name=f"{name}有限公司", headcount=10)
        for i in range(members):
            enrol(base, f"{name}{i}", id_number=resident_id(dt.date(1990, 1, 1 + i)))
    employer_create(actor=SYSTEM, org=daxing, name="大兴未建会商店", headcount=7)
    stats_recompute()

    sign_in(page, "city_admin")
    expect(page.locator('[data-chart="map"][data-ready="1"]')).to_have_count(1)
    apart = page.get_by_test_id("map-apart")
    expect(apart).to_contain_text("经开区总工会：建会率 100%，会员 3 人")
    daxing_on_map = map_region_label(page, "大兴区")
    daxing_on_map.hover()
    expect(page.locator('[data-chart="map"]')).to_contain_text("大兴区总工会建会率 50%会员 1 人")
    expect(page.locator('[data-chart="map"]')).not_to_contain_text("经开区")
    wait_for_charts(page)
    screenshot(page, "dashboard-city-map-zone.png")
    click_at_centre(page, daxing_on_map)
    page.wait_for_url(stats_url(url, daxing))
    expect(page.get_by_role("heading", level=1)).to_have_text("大兴区总工会")
    page.go_back()
    apart.get_by_role("link", name="经开区总工会").click()
    page.wait_for_url(stats_url(url, zone))


@pytest.mark.browser
def test_district_admin_sees_only_the_district_and_exports_the_yearbook(
    world, page, url, sign_in, screenshot, browser_guard
):
    enrol_members(world)
    joined = len(IN_CHAOYANG)

    # chaoyang lands on its own district's dashboard; the breadcrumbs start there, not at the city.
    sign_in(page, "chaoyang")
    expect(page).to_have_url(url(f"/stats/{world.chaoyang.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("朝阳区总工会")
    expect(crumbs(page)).to_have_text(["朝阳区总工会"])
    expect(page.get_by_test_id("crumbs")).not_to_contain_text("北京市总工会")
    expect(figure(page, "会员人数")).to_have_text(people(joined))
    expect(figure(page, "建会率")).to_have_text("50%")
    expect(page.get_by_test_id("children")).not_to_contain_text("西城")
    wait_for_charts(page)
    check_accessibility(page)
    screenshot(page, "dashboard-chaoyang.png")

    # The report sentences give the new members, ready to be copied.
    sentences = page.get_by_test_id("sentences")
    expect(sentences).to_contain_text(f"今年以来，朝阳区总工会新发展会员{joined}人")
    expect(sentences).to_contain_text(f"朝阳区总工会共有会员{joined}人")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url(""))
    copy = page.locator('[data-copy="gh-sentences"]')
    expect(copy).to_have_text("复制")
    copy.click()
    expect(copy).to_have_text("已复制")
    copied = page.evaluate("() => navigator.clipboard.readText()")
    assert f"朝阳区总工会新发展会员{joined}人" in copied
    assert copied.split("\n") == sentences.locator("p").all_inner_texts()  # one sentence a line

    # The yearbook table downloads as .xlsx; its first data row is the district's total.
    year = page.get_by_label("年度", exact=True).input_value()
    with page.expect_download() as downloading:
        page.get_by_role("button", name="导出统计表").click()
    download = downloading.value
    assert download.suggested_filename == f"朝阳区总工会{year}年工会统计表.xlsx"
    rows = CalamineWorkbook.from_path(download.path()).get_sheet_by_index(0).to_python()
    heading = next(i for i, row in enumerate(rows) if "会员人数" in row)
    column = rows[heading].index("会员人数")
    first = rows[heading + 1]
    assert first[0] == "朝阳区总工会（合计）"
    assert first[column] == joined
    by_name = {str(row[0]).strip("　"): row[column] for row in rows[heading + 2 :] if row and row[0]}
    assert by_name == {"东湖街道总工会": joined, "常营地区总工会": 0}

    # The rest of the city does not exist for chaoyang: 西城's dashboard and yearbook, and the city's, are 404.
    hidden = (
        f"/stats/{world.xicheng.pk}/",
        f"/stats/{world.xicheng.pk}/yearbook.xlsx?year={year}",
        f"/stats/{world.city.pk}/",
    )
    for path in hidden:  # Chromium logs each 404 it is shown; these are the point of the check
        browser_guard.expect_console_error(rf"status of 404 .* {re.escape(url(path))}$")
    for path in hidden:
        response = page.goto(url(path))
        assert response.status == 404, path
        assert "西城区总工会" not in page.content()
