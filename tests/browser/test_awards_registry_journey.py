"""Honours from a 名单 in a real browser (issue 17 §1, §3): a cadre uploads a list with one bad row, reads the error
named by row and column, uploads the fixed list, records it; the honours show on the register and on the person's
page, and the new 劳动模范 is in the model-worker registry."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
import xlsxwriter
from playwright.sync_api import expect

from gonghui.awards.models import Honour
from gonghui.members.tests.factories import enrol, resident_id

HEADINGS = ["序号", "姓名", "工作单位", "职务（岗位）", "身份证号", "荣誉称号", "年度"]


def _xlsx(rows: list[list]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate([["2025年度表彰名单"], HEADINGS, *rows]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return out.getvalue()


@pytest.fixture
def clock(world):
    """A clock pinned to 20 June 2026, moving on: the 2025 honours are past, the team founded on 1 May too."""
    moment = dt.datetime(2026, 6, 20, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True) as traveller:
        yield traveller


@pytest.mark.browser
def test_a_cadre_uploads_a_list_fixes_a_bad_row_and_the_honours_show(
    world, clock, page, url, sign_in, screenshot, tmp_path
):
    number = resident_id()
    enrol(world.base_donghu, "高建平", id_number=number)
    bad_number = number[:-1] + ("0" if number[-1] != "0" else "1")
    good = [
        [1, "高建平", "望京科技有限公司", "高级技师", number, "北京市劳动模范", 2025],
        [2, "林晓", "望京科技有限公司", "工程师", "", "首都劳动奖章", 2025],
    ]
    broken = tmp_path / "表彰名单.xlsx"
    broken.write_bytes(_xlsx([[*good[0][:4], bad_number, *good[0][5:]], good[1]]))
    fixed = tmp_path / "表彰名单（修改）.xlsx"
    fixed.write_bytes(_xlsx(good))

    sign_in(page, "chaoyang")
    page.goto(url("/awards/"))
    page.get_by_role("link", name="导入名单").click()
    page.get_by_label("登记在").select_option(label="东湖街道总工会")
    page.get_by_label("名单文件").set_input_files(str(broken))
    page.get_by_role("button", name="上传并检查").click()

    errors = page.get_by_test_id("list-errors")
    expect(errors).to_contain_text("第3行")
    expect(errors).to_contain_text("身份证号")
    expect(errors).to_contain_text("校验位不正确")
    expect(errors).to_contain_text(bad_number[:3] + "*" * 11 + bad_number[-4:])
    expect(page.get_by_test_id("list-apply")).to_have_count(0)
    assert not Honour.objects.exists()  # the check wrote nothing
    screenshot(page, "awards-list-errors.png")

    page.get_by_role("link", name="重新上传").click()
    expect(page.get_by_label("登记在")).to_have_value(str(world.donghu.pk))
    page.get_by_label("名单文件").set_input_files(str(fixed))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_test_id("list-rows")).to_contain_text("已匹配")
    page.get_by_test_id("list-apply").click()

    expect(page.get_by_role("status").or_(page.locator(".alert-success"))).to_contain_text("已导入2条荣誉")
    honours = page.get_by_test_id("honours")
    expect(honours).to_contain_text("北京市劳动模范")
    expect(honours).to_contain_text("林晓")
    honours.get_by_role("link", name="高建平").click()
    expect(page.get_by_test_id("person-honours")).to_contain_text("北京市劳动模范")
    page.get_by_role("link", name="劳模名录：北京市劳动模范").click()
    expect(page.get_by_test_id("worker-honours")).to_contain_text("2025年 北京市劳动模范（高级技师）")

    page.goto(url("/awards/model-workers/"))
    workers = page.get_by_test_id("workers")
    expect(workers).to_contain_text("高建平")
    expect(workers).not_to_contain_text("林晓")  # 首都劳动奖章 is not a model-worker honour
    expect(page.get_by_test_id("list-count")).to_contain_text("共 1 条")
    screenshot(page, "awards-model-workers.png")

    # the federation keeps the allowance and a condolence visit, and the model worker joins a lecture team
    workers.get_by_role("link", name="高建平").click()
    page.get_by_role("link", name="修改信息").click()
    page.get_by_label("荣誉津贴（元/月）").fill("600")
    page.get_by_label("联系人").fill("工会干事刘洋")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("worker-facts")).to_contain_text("600元/月")
    page.get_by_role("link", name="登记慰问").click()
    page.get_by_label("慰问人").fill("东湖街道总工会主席")
    page.get_by_label("慰问内容").fill("慰问金1000元")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("worker-visits")).to_contain_text("慰问金1000元")

    page.goto(url("/awards/teams/new/"))
    page.get_by_label("所属组织").select_option(label="东湖街道总工会")
    page.get_by_label("名称").fill("东湖劳模宣讲团")
    page.get_by_label("成立日期").fill("2026-05-01")
    page.get_by_role("button", name="新建").click()
    page.get_by_label("劳模").select_option(label="高建平（北京市劳动模范）")
    page.get_by_label("职务").fill("团长")
    page.get_by_role("button", name="加入").click()
    expect(page.get_by_test_id("team-members")).to_contain_text("首都（北京市）（1人）")
    expect(page.get_by_test_id("team-members")).to_contain_text("高建平 · 北京市劳动模范（团长）")
    screenshot(page, "awards-team.png")
