"""A roster import in a real browser: upload, watch the check run, read the preview, apply."""

import pytest
from playwright.sync_api import expect

from gonghui.imports.tests.rosters import xlsx
from gonghui.members.models import Membership
from gonghui.members.tests.factories import enrol, resident_id


@pytest.mark.browser
def test_upload_preview_and_apply_a_roster(world, page, url, sign_in, screenshot, tmp_path):
    elsewhere = resident_id()
    enrol(world.base_xicheng, "何平", id_number=elsewhere)
    rows = [[f"职工{i}", resident_id(), f"1350000{i:04d}", "中级工"] for i in range(12)]
    rows.append(["何平", elsewhere, "13500009999", "高级工"])  # active in 西城: a transfer request
    rows.append(["错号", "110105199001011234", "13500008888", "初级工"])
    roster = tmp_path / "望京科技会员名册.xlsx"
    roster.write_bytes(xlsx(rows, headings=["姓名", "身份证号码", "手机号码", "技能等级"]))

    sign_in(page, "donghu")
    page.goto(url("/imports/"))
    page.get_by_label("导入到工会").select_option(label="望京科技有限公司工会")
    page.get_by_label("名册文件（.xlsx、.xls、.csv）").set_input_files(str(roster))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_test_id("job-status")).to_contain_text("已完成")
    page.get_by_test_id("job-next").click()

    counts = page.get_by_test_id("import-counts")
    expect(counts).to_contain_text("14")  # data rows
    expect(page.get_by_test_id("import-errors")).to_contain_text("校验位")
    expect(page.get_by_test_id("import-errors")).to_contain_text("110***********1234")
    assert not Membership.objects.filter(org=world.base_donghu).exists()  # the preview wrote nothing
    screenshot(page, "import-preview.png")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_test_id("apply").click()
    expect(page.get_by_test_id("job-status")).to_contain_text("已完成")
    page.get_by_test_id("job-next").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已导入")
    assert Membership.objects.filter(org=world.base_donghu).count() == 12
    assert Membership.objects.get(person__full_name="何平").org_id == world.base_xicheng.pk
