"""The care-campaign journey in a real browser, with the district and the street side by side (SCENARIOS 001-5,
001-6): 朝阳 creates its 夏送清凉 campaign, buys the six items on one purchase form, bundles them as the 清凉包
and hands packages, a target and a budget down to 东湖; 东湖, signed in in a browser of its own, records a
hand-out at a riders' service centre with a photo of it, and both cadres see the same covered workers, stock
and hand-out row. A hand-out beyond the stock is refused in Chinese, naming the item, and changes nothing; the
ledger downloads as Excel; the charts are drawn; axe finds nothing serious on the campaign pages.
"""

import datetime as dt
import re
import struct
import zlib

import pytest
from axe import check_accessibility
from charts import wait_for_charts
from django.utils import timezone
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from gonghui.care.models import Campaign, CampaignUnit, Distribution, Stock
from gonghui.orgs.models import Place, PlaceKind

NAME = "2026年夏送清凉"
PLACE = "美团骑手党群服务中心"
# SCENARIOS 001-6: the six items of the package, each bought at its own price (yuan)
SIX = {"防晒脖套": 12, "冰袖": 8, "防滑手套": 6, "防晒霜": 25, "防暑降温茶": 18, "急救包": 30}
UNITS = {"防晒脖套": "件", "冰袖": "副", "防滑手套": "副", "防晒霜": "支", "防暑降温茶": "盒", "急救包": "个"}
BOUGHT = 200  # of each item
TO_DONGHU = 50  # 清凉包 handed down to 东湖
HANDED = 30  # 清凉包 东湖 hands out at the service centre, one per rider
CHARTS = ("children", "days", "stock")


def tiny_png() -> bytes:
    """A real 8 × 8 red PNG, so that the browser can draw the photo it is shown."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xc0\x00\x00" * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def centre(world) -> Place:
    """The riders' service centre 东湖 runs (the world has put the campaign kinds and the catalogue back)."""
    return Place.objects.create(
        org=world.donghu, name=PLACE, kind=PlaceKind.SERVICE_STATION, address="湖光中街6号"
    )


def crumbs(page):
    return page.get_by_test_id("crumbs").locator("li")


def row_of(page, table: str, text: str):
    """The row of a table (by its data-testid) that mentions `text`."""
    return page.get_by_test_id(table).locator("tbody tr").filter(has_text=text)


def stock_row(page, item: str):
    return (
        page.get_by_test_id("stock")
        .locator("tbody tr")
        .filter(has=page.get_by_role("cell", name=item, exact=True))
    )


def open_campaign(page, url) -> None:
    """关爱 in the navigation, then the campaign in the list: the cadre's own unit of it."""
    page.get_by_role("navigation").get_by_role("link", name="关爱", exact=True).click()
    page.wait_for_url(url("/care/"))
    page.get_by_test_id("campaigns").get_by_role("link", name=NAME).click()
    page.wait_for_url(re.compile(r"/care/units/\d+/$"))


def create_campaign(page, url, today: dt.date) -> None:
    page.get_by_role("navigation").get_by_role("link", name="关爱", exact=True).click()
    page.wait_for_url(url("/care/"))
    expect(page.get_by_test_id("campaigns")).to_contain_text("没有符合条件的关爱活动")
    page.get_by_role("link", name="新建关爱活动").click()
    page.wait_for_url(url("/care/new/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("新建关爱活动")
    check_accessibility(page)
    page.get_by_label("主办工会").select_option(label="朝阳区总工会（上级：北京市总工会）")
    page.get_by_label("活动类型").select_option(label="夏送清凉")
    page.get_by_label("活动名称").fill(NAME)
    page.get_by_label("开始日期").fill((today - dt.timedelta(days=5)).isoformat())
    page.get_by_label("结束日期").fill((today + dt.timedelta(days=25)).isoformat())
    page.get_by_label("预算（元）").fill("300000")
    page.get_by_label("目标企业数").fill("100")
    page.get_by_label("目标职工数").fill("20000")
    page.get_by_label("环卫工人").check()
    page.get_by_label("快递员、外卖配送员").check()
    page.get_by_label("户外劳动者").check()
    page.get_by_role("button", name="创建").click()
    page.wait_for_url(re.compile(r"/care/units/\d+/$"))


@pytest.mark.browser
def test_district_and_street_run_a_summer_campaign_side_by_side(
    world, centre, new_page, url, sign_in, screenshot, browser_guard
):
    today = timezone.localdate()
    chaoyang, donghu = new_page(), new_page()

    # 1. chaoyang creates the campaign and lands on its page, with nothing done yet.
    sign_in(chaoyang, "chaoyang")
    create_campaign(chaoyang, url, today)
    expect(chaoyang.get_by_role("alert")).to_contain_text(f"已创建“{NAME}”")
    expect(chaoyang.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(crumbs(chaoyang)).to_have_text(["关爱活动", "朝阳区总工会"])
    expect(chaoyang.get_by_text("夏送清凉 · 主办：朝阳区总工会")).to_be_visible()
    for group in ("环卫工人", "快递员、外卖配送员", "户外劳动者"):
        expect(chaoyang.locator(".badge", has_text=group)).to_be_visible()
    expect(chaoyang.get_by_test_id("workers")).to_have_text("0 / 目标 20,000")
    expect(chaoyang.get_by_test_id("employers")).to_have_text("0 / 目标 100")
    expect(chaoyang.get_by_test_id("spent")).to_have_text("0.00 / 预算 300,000.00")
    expect(chaoyang.get_by_test_id("stock")).to_contain_text("尚无物资入库")
    campaign = Campaign.objects.get()
    assert (campaign.starts_on, campaign.ends_on) == (
        today - dt.timedelta(days=5),
        today + dt.timedelta(days=25),
    )
    assert campaign.target_groups == ["环卫工人", "快递员、外卖配送员", "户外劳动者"]
    district_page = chaoyang.url

    # 2. One purchase form brings in the six items, a quantity and a unit price a row …
    chaoyang.get_by_role("link", name="采购入库").click()
    chaoyang.wait_for_url(re.compile(r"/receive/$"))
    chaoyang.get_by_label("供应商").fill("北京清凉劳保用品有限公司")
    for item, price in SIX.items():
        chaoyang.get_by_label(f"{item}（{UNITS[item]}）").fill(str(BOUGHT))
        chaoyang.get_by_label(f"{item}单价（元）").fill(str(price))
    check_accessibility(chaoyang)
    chaoyang.get_by_role("button", name="入库").click()
    chaoyang.wait_for_url(district_page)
    expect(chaoyang.get_by_role("alert")).to_contain_text(f"已入库：防晒脖套{BOUGHT}件、冰袖{BOUGHT}副")
    cost = BOUGHT * sum(SIX.values())
    expect(chaoyang.get_by_test_id("spent")).to_have_text(f"{cost:,}.00 / 预算 300,000.00")
    for item in SIX:
        expect(stock_row(chaoyang, item)).to_have_text(
            re.compile(rf"^{item}\s*0 {UNITS[item]}\s*{BOUGHT} {UNITS[item]}$")
        )

    # … and the 清凉包 bundles one of each.
    chaoyang.get_by_role("link", name="设置礼包").click()
    chaoyang.wait_for_url(re.compile(r"/package/$"))
    chaoyang.get_by_label("礼包名称").fill("清凉包")
    for item in SIX:
        chaoyang.get_by_label(f"{item}（{UNITS[item]}）").fill("1")
    check_accessibility(chaoyang)
    chaoyang.get_by_role("button", name="保存").click()
    chaoyang.wait_for_url(district_page)
    expect(chaoyang.get_by_role("alert")).to_contain_text("已设置礼包“清凉包”")
    expect(chaoyang.get_by_test_id("packages")).to_have_text(
        "清凉包：防晒脖套1件、冰袖1副、防滑手套1副、防晒霜1支、防暑降温茶1盒、急救包1个"
    )

    # 3. 下拨到下级: 东湖 gets a target, a budget and 50 packages; the children table and chart show it.
    chaoyang.get_by_role("link", name="下拨到下级").click()
    chaoyang.wait_for_url(re.compile(r"/allocate/$"))
    chaoyang.get_by_label("下拨给").select_option(label="东湖街道总工会（上级：朝阳区总工会）")
    chaoyang.get_by_label("目标企业数").fill("10")
    chaoyang.get_by_label("目标职工数").fill("1000")
    chaoyang.get_by_label("下拨预算（元）").fill("20000")
    chaoyang.get_by_label("下拨礼包").select_option(label="清凉包")
    chaoyang.get_by_label("礼包份数").fill(str(TO_DONGHU))
    check_accessibility(chaoyang)
    chaoyang.get_by_role("button", name="保存").click()
    chaoyang.wait_for_url(district_page)
    expect(chaoyang.get_by_role("alert")).to_contain_text("已下拨到东湖街道总工会")
    donghu_row = row_of(chaoyang, "children", "东湖街道总工会")
    expect(donghu_row).to_have_count(1)
    expect(donghu_row.locator("td").nth(1)).to_contain_text("0 / 1,000")
    expect(donghu_row.locator("td").nth(2)).to_contain_text("0 / 10")
    expect(donghu_row.locator("td").nth(3)).to_contain_text("0.00 / 20,000.00")
    # the subtree still holds everything bought: 朝阳 150 and 东湖 50 of each
    expect(stock_row(chaoyang, "急救包")).to_have_text(re.compile(rf"^急救包\s*0 个\s*{BOUGHT} 个$"))
    expect(chaoyang.locator('[data-chart="children"] svg text', has_text="东湖")).not_to_have_count(0)

    # 4. donghu, in a browser of its own, opens the campaign: its own unit, whose breadcrumbs start at 东湖.
    sign_in(donghu, "donghu")
    open_campaign(donghu, url)
    street_page = donghu.url
    street = CampaignUnit.objects.get(org=world.donghu)
    assert street_page == url(f"/care/units/{street.pk}/")
    expect(donghu.get_by_role("heading", level=1)).to_have_text(f"{NAME} · 东湖街道总工会")
    expect(crumbs(donghu)).to_have_text(["关爱活动", "东湖街道总工会"])
    expect(donghu.get_by_test_id("crumbs")).not_to_contain_text("朝阳区总工会")
    expect(donghu.get_by_text("由朝阳区总工会下拨")).to_be_visible()
    expect(donghu.get_by_test_id("workers")).to_have_text("0 / 目标 1,000")
    expect(donghu.get_by_role("link", name="设置礼包")).to_have_count(0)  # the package is the district's
    expect(stock_row(donghu, "防晒霜")).to_have_text(re.compile(rf"^防晒霜\s*0 支\s*{TO_DONGHU} 支$"))

    # … and records the hand-out at the riders' service centre, with a photo.
    donghu.get_by_role("link", name="登记发放").click()
    donghu.wait_for_url(re.compile(r"/distribute/$"))
    expect(donghu.get_by_role("heading", level=1)).to_have_text("登记发放")
    donghu.get_by_label("发放对象").select_option(label="站点/阵地")
    donghu.get_by_label("服务阵地").select_option(label=PLACE)
    donghu.get_by_label("礼包", exact=True).select_option(label="清凉包")
    donghu.get_by_label("礼包份数").fill(str(HANDED))
    donghu.get_by_label("覆盖职工人数").fill(str(HANDED))
    donghu.get_by_label("发放人").fill("赵子鹏")
    donghu.get_by_label("现场照片").set_input_files(
        {"name": "骑手驿站发放.png", "mimeType": "image/png", "buffer": tiny_png()}
    )
    donghu.get_by_label("备注").fill("中午高温时段在驿站发放")
    check_accessibility(donghu)
    donghu.get_by_role("button", name="保存").click()
    donghu.wait_for_url(street_page)
    expect(donghu.get_by_role("alert")).to_contain_text(f"已登记发放：{PLACE}")

    # 5. The street sees its covered workers against its target and the stock left …
    left = TO_DONGHU - HANDED
    expect(donghu.get_by_test_id("workers")).to_have_text(f"{HANDED} / 目标 1,000")
    expect(donghu.get_by_test_id("distributions")).to_have_text("1")
    expect(stock_row(donghu, "防晒脖套")).to_have_text(re.compile(rf"^防晒脖套\s*{HANDED} 件\s*{left} 件$"))
    hand_out = row_of(donghu, "distributions-table", PLACE)
    expect(hand_out).to_have_count(1)
    expect(hand_out).to_contain_text("站点/阵地")
    expect(hand_out).to_contain_text(f"清凉包 × {HANDED}")
    expect(hand_out).to_contain_text("赵子鹏")
    wait_for_charts(donghu, "days", "stock")
    expect(donghu.locator('[data-chart="children"]')).to_have_count(0)  # 东湖 handed nothing further down
    check_accessibility(donghu)
    screenshot(donghu, "care-donghu.png")

    # … and so does the district, in its total and in 东湖's row, with the same hand-out row.
    chaoyang.reload()
    expect(chaoyang.get_by_test_id("workers")).to_have_text(f"{HANDED} / 目标 20,000")
    expect(chaoyang.get_by_test_id("distributions")).to_have_text("1")
    expect(donghu_row.locator("td").nth(1)).to_contain_text(f"{HANDED} / 1,000")
    expect(donghu_row.locator("td").nth(4)).to_have_text("1")
    expect(stock_row(chaoyang, "防晒脖套")).to_have_text(
        re.compile(rf"^防晒脖套\s*{HANDED} 件\s*{BOUGHT - HANDED} 件$")
    )
    district_row = row_of(chaoyang, "distributions-table", PLACE)
    expect(district_row).to_have_count(1)
    expect(district_row).to_contain_text("东湖街道总工会")
    expect(district_row.locator("td").nth(4)).to_have_text(str(HANDED))
    wait_for_charts(chaoyang, *CHARTS)
    check_accessibility(chaoyang)
    screenshot(chaoyang, "care-chaoyang.png")

    # 6. The ledger downloads as Excel: the purchase, the allocation and the hand-out, line by line.
    with chaoyang.expect_download() as downloading:
        chaoyang.get_by_role("link", name="导出台账").click()
    download = downloading.value
    assert re.fullmatch(rf"{NAME}-朝阳区总工会-台账-\d{{8}}\.xlsx", download.suggested_filename)
    rows = CalamineWorkbook.from_path(download.path()).get_sheet_by_name("发放台账").to_python()
    assert rows[1][:7] == ["发生时间", "登记时间", "组织", "类型", "物资", "单位", "数量"]
    purchases = [r for r in rows[2:] if r[3] == "采购入库"]
    assert {r[4]: (r[6], r[7], r[9]) for r in purchases} == {
        item: (BOUGHT, price, "北京清凉劳保用品有限公司") for item, price in SIX.items()
    }
    handed = [r for r in rows[2:] if r[3] == "发放"]
    assert {r[4]: r[6] for r in handed} == dict.fromkeys(SIX, -HANDED)
    assert {(r[2], r[9], r[10], r[11]) for r in handed} == {("东湖街道总工会", PLACE, HANDED, "赵子鹏")}
    assert len([r for r in rows[2:] if r[3] == "下拨"]) == len(SIX)
    # … and totals each item in its own unit: no row adds 件 to 副 (issue 16 §4)
    totals = CalamineWorkbook.from_path(download.path()).get_sheet_by_name("物资合计").to_python()
    assert {r[0]: (r[1], r[2], r[5]) for r in totals[2:]} == {
        item: (UNITS[item], BOUGHT, HANDED) for item in SIX
    }

    # The photo link opens the photo itself, under a policy of its own that lets the browser's image viewer
    # style itself: no refusals.
    assert not browser_guard.take_csp_violations()
    with chaoyang.expect_response(re.compile(r"/care/distributions/\d+/photo/$")) as opened:
        district_row.get_by_role("link", name="查看").click()
    assert opened.value.status == 200
    assert opened.value.headers["content-type"] == "image/png"
    photo = chaoyang.locator("img")
    expect(photo).to_be_visible()
    assert photo.evaluate("(img) => img.complete && img.naturalWidth") == 8
    chaoyang.go_back()
    chaoyang.wait_for_url(district_page)
    assert opened.value.headers["content-security-policy"].startswith("default-src 'none'")
    assert not browser_guard.take_csp_violations()

    # A hand-out beyond the street's stock is refused, naming the item, and nothing changes.
    donghu.get_by_role("link", name="登记发放").click()
    donghu.wait_for_url(re.compile(r"/distribute/$"))
    donghu.get_by_label("发放对象").select_option(label="班组/车队")
    donghu.get_by_label("对象名称").fill("东湖环卫一队")
    donghu.get_by_label("礼包", exact=True).select_option(label="清凉包")
    donghu.get_by_label("礼包份数").fill(str(left + 1))
    donghu.get_by_label("覆盖职工人数").fill(str(left + 1))
    donghu.get_by_role("button", name="保存").click()
    expect(donghu.get_by_test_id("form-errors")).to_have_text(
        f"库存不足：东湖街道总工会的防晒脖套剩余 {left} 件，需要 {left + 1} 件"
    )
    expect(donghu.get_by_role("heading", level=1)).to_have_text("登记发放")
    check_accessibility(donghu)
    assert Distribution.objects.count() == 1
    assert set(Stock.objects.filter(unit=street).values_list("quantity", flat=True)) == {left}
    donghu.get_by_role("link", name="取消").click()
    donghu.wait_for_url(street_page)
    expect(donghu.get_by_test_id("workers")).to_have_text(f"{HANDED} / 目标 1,000")
    expect(donghu.get_by_test_id("distributions")).to_have_text("1")
    expect(row_of(donghu, "distributions-table", "东湖环卫一队")).to_have_count(0)
    expect(stock_row(donghu, "防晒脖套")).to_have_text(re.compile(rf"^防晒脖套\s*{HANDED} 件\s*{left} 件$"))
