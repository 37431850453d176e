"""A capital-award round in a real browser, from quota to the honours register (DOMAIN §6 A2-A4, issue 17 §2):
the city opens 2026年首都劳动奖 and splits the quota over its districts, and is told by name which line does not
add up when its hand edit is wrong; 朝阳, in a browser of its own, assembles its list and watches the composition
panel turn red when a nominee is not an industrial worker and green when the box is ticked; it runs each nominee's
democratic review and 公示, whose 5 working days from 30 September skip the National Day holiday and end on 12
October; his 事迹材料 go up as a PDF attached to his material; an objection to one nominee is found true and
withdraws her; the other passes the district's review and 公示; the city vets and approves him, and the honour is in
the register, on 朝阳's dashboard and on the staff's page of the member he is. The city then records the round's
表彰大会 from the round's page: an activity linked to the round, shown on both pages (issue 17 §2, rule A6).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from gonghui.activities.models import Activity, ActivityKind
from gonghui.awards.models import Attachment, Honour, Nomination, Source, State
from gonghui.awards.tests.files import pdf_bytes
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.members.services import membership_enrol
from gonghui.members.tests.factories import person_data

NAME = "2026年首都劳动奖"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def clock(world):
    """A clock pinned to 13 October 2026, moving on (the world has put the award types back)."""
    with time_machine.travel(dt.datetime(2026, 10, 13, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield traveller


def step(page, button: str, **fields) -> None:
    """Fill the fields of the next-step form that holds `button`, press it, and wait for the page it leads to."""
    form = (
        page.get_by_test_id("next-step").locator("form").filter(has=page.get_by_role("button", name=button))
    )
    for label, value in fields.items():
        form.get_by_label(label, exact=True).fill(value)
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()


def nominee_page(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_test_id("nominees").get_by_role("link", name=name).click()


def test_a_round_from_quota_to_the_honours_register(world, clock, new_page, sign_in, url, screenshot):
    city = new_page()
    sign_in(city, "city_admin")
    city.goto(url("/awards/rounds/"))
    with city.expect_navigation():
        city.get_by_role("link", name="启动评选").click()
    city.get_by_label("评选名称").fill(NAME)
    city.get_by_label("首都劳动奖章（常规）").fill("3")
    for category in ("农民工", "一线职工", "企业负责人"):
        city.get_by_label(f"{category}比例").select_option("")
    with city.expect_navigation():
        city.get_by_role("button", name="启动").click()

    # the split: an even one proposed, a hand edit that does not add up refused by its line, then one that does
    city.get_by_label("分配基数").select_option("equal")
    with city.expect_navigation():
        city.get_by_role("button", name="按基数计算").click()
    chaoyang_cell = city.get_by_label("朝阳区总工会 首都劳动奖章（常规）")
    xicheng_cell = city.get_by_label("西城区总工会 首都劳动奖章（常规）")
    expect(chaoyang_cell).to_have_value("2")
    expect(xicheng_cell).to_have_value("1")
    chaoyang_cell.fill("3")
    with city.expect_navigation():
        city.get_by_role("button", name="保存分配").click()
    expect(city.get_by_test_id("form-errors")).to_have_text(
        "首都劳动奖章（常规）：各下级名额合计4名，应等于本级名额3名"
    )
    city.get_by_label("西城区总工会 首都劳动奖章（常规）").fill("0")
    with city.expect_navigation():
        city.get_by_role("button", name="保存分配").click()
    expect(city.get_by_role("alert").first).to_contain_text("名额已分配到2个下级组织")
    expect(city.get_by_test_id("quotas").locator("tr").filter(has_text="朝阳区总工会")).to_contain_text("3")

    # 朝阳 assembles its list: the floor is broken, then met once the box is ticked (HTMX, no reload)
    district = new_page()
    sign_in(district, "chaoyang")
    district.goto(url("/awards/rounds/"))
    with district.expect_navigation():
        district.get_by_role("link", name=NAME).click()
    with district.expect_navigation():
        district.get_by_test_id("quotas").locator("tr").filter(has_text="朝阳区总工会").get_by_role(
            "link", name="名单"
        ).click()

    # 张伟 is a member of 望京科技有限公司工会 (under 东湖, in 朝阳's subtree): found by his ID number
    zhang_data = person_data("张伟")
    zhang_member = membership_enrol(
        actor=SYSTEM, union=world.base_donghu, person_data=zhang_data, approve=True
    )

    def add(name: str, unit: str, industrial: bool, id_number: str = "") -> None:
        district.get_by_text("新增推荐对象").click()
        form = district.get_by_test_id("add-form")
        form.get_by_role("combobox", name="荣誉").select_option(label="首都劳动奖章")
        form.get_by_label("单位名称").fill(unit)
        form.get_by_label("姓名", exact=True).fill(name)
        if id_number:
            form.get_by_label("身份证号码（会员可按证件号查找）").fill(id_number)
        if industrial:
            form.get_by_label("产业工人").check()
        form.get_by_role("button", name="加入名单").click()
        expect(district.get_by_test_id("nominees")).to_contain_text(name)

    add("张伟", "北京朝阳建工集团", industrial=False, id_number=zhang_data.id_number)
    panel = district.get_by_test_id("check-panel")
    expect(panel).to_contain_text("✗ 产业工人 0%，下限35%，还需1名产业工人")
    zhang = Nomination.objects.get(person_name="张伟")
    assert zhang.person == zhang_member.person
    district.get_by_test_id(f"categories-{zhang.pk}").get_by_label("产业工人").check()
    expect(panel).to_contain_text("✓ 产业工人 100%，下限35%")
    add("李娜", "北京朝阳物流有限公司", industrial=True)
    expect(panel).to_contain_text("首都劳动奖章（常规）：名额3名，已推荐2名")
    screenshot(district, "award-round-list.png")

    # 张伟's 事迹材料 as a PDF, attached to his material and listed with its kind and size
    nominee_page(district, "张伟")
    upload = district.get_by_test_id("attachment-form")
    upload.get_by_label("材料类别").select_option(label="事迹材料")
    upload.get_by_label("附件", exact=True).set_input_files(
        {"name": "张伟先进事迹.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes("Zhang Wei")}
    )
    with district.expect_navigation():
        upload.get_by_role("button", name="上传附件").click()
    expect(district.get_by_role("alert").first).to_have_text("已上传附件：张伟先进事迹.pdf")
    listed = district.get_by_test_id("attachments").locator("tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("张伟先进事迹.pdf")
    expect(listed).to_contain_text("事迹材料")
    expect(listed).to_contain_text("1 KB")
    with district.expect_download() as downloading:
        listed.get_by_role("link", name="张伟先进事迹.pdf").click()
    assert downloading.value.suggested_filename == "张伟先进事迹.pdf"
    assert Attachment.objects.get(nomination=zhang).original_name == "张伟先进事迹.pdf"
    assert AuditEvent.objects.filter(action="award.attachment.download", target_id=str(zhang.pk)).exists()

    # 张伟: the unit's democratic review and 公示, 5 working days over National Day
    step(district, "登记民主评议", 评议日期="2026-09-29", 同意票数="38", 参加评议人数="40")
    step(district, "开始单位公示（5个工作日）", 公示开始日期="2026-09-30")
    expect(district.get_by_test_id("publicity")).to_contain_text(
        "2026-09-30至2026-10-12（5个工作日，节假日不计）"
    )
    step(district, "公示期满，结束公示", 结束日期="2026-10-13")
    expect(district.get_by_test_id("state")).to_have_text("单位公示期满")

    # 李娜: an objection during her 公示 is found true, and she is withdrawn
    district.goto(url(f"/awards/rounds/{zhang.round_id}/list/{world.chaoyang.pk}/"))
    nominee_page(district, "李娜")
    step(district, "登记民主评议", 评议日期="2026-09-29", 同意票数="35", 参加评议人数="40")
    step(district, "开始单位公示（5个工作日）", 公示开始日期="2026-09-30")
    district.get_by_text("受理异议").click()
    objection = district.get_by_test_id("objection-form")
    objection.get_by_label("受理日期").fill("2026-10-09")
    objection.get_by_label("反映人").fill("匿名")
    objection.get_by_label("反映内容").fill("反映其所在单位2025年发生安全生产事故未如实上报")
    with district.expect_navigation():
        objection.get_by_role("button", name="登记异议").click()
    decide = district.get_by_test_id("decide-form")
    decide.get_by_label("调查核实情况").fill("经核实，反映情况属实")
    decide.get_by_label("结论").select_option(label="反映属实")
    with district.expect_navigation():
        decide.get_by_role("button", name="办结").click()
    expect(district.get_by_test_id("state")).to_have_text("已撤回")
    expect(district.get_by_test_id("objections")).to_contain_text("反映属实")

    # 张伟: 朝阳's review and its own 公示
    district.goto(url(f"/awards/nominations/{zhang.pk}/"))
    step(district, "审核通过", 审核日期="2026-10-13")
    step(district, "开始上级公示（5个工作日）", 公示开始日期="2026-10-13")
    expect(district.get_by_test_id("publicity")).to_contain_text("2026-10-13至2026-10-19")
    # a week later (the sessions have long timed out: both sign in again)
    clock.move_to(dt.datetime(2026, 10, 20, 9, tzinfo=SHANGHAI))
    sign_in(district, "chaoyang")
    district.goto(url(f"/awards/nominations/{zhang.pk}/"))
    step(district, "公示期满，结束公示", 结束日期="2026-10-20")
    expect(district.get_by_test_id("state")).to_have_text("部门联审中")
    expect(district.get_by_test_id("next-step")).to_contain_text("等待北京市总工会组织部门联审和批准")

    # the city vets and approves
    sign_in(city, "city_admin")
    city.goto(url(f"/awards/nominations/{zhang.pk}/"))
    step(city, "登记联审意见", 联审部门="市纪委监委")
    step(city, "批准")
    expect(city.get_by_role("alert").first).to_have_text("已批准，荣誉已登记")
    expect(city.get_by_test_id("state")).to_have_text("已批准")
    honour = Honour.objects.get(person_name="张伟")
    # a registered member's honour hangs where his membership is (望京科技有限公司工会, in 朝阳's subtree)
    assert (honour.source, honour.year, honour.person) == (Source.ROUND, 2026, zhang_member.person)
    assert honour.org_id == world.base_donghu.pk
    assert Nomination.objects.get(person_name="李娜").state == State.WITHDRAWN

    # the register and 朝阳's dashboard show it
    district.goto(url("/awards/?year=2026"))
    expect(district.get_by_test_id("honours")).to_contain_text("张伟")
    expect(district.get_by_test_id("award-sentence")).to_have_text("朝阳区1人荣获首都劳动奖章")
    district.goto(url(f"/stats/{world.chaoyang.pk}/"))
    expect(district.get_by_test_id("work-honours")).to_contain_text("1")
    screenshot(city, "award-round-approved.png")

    # the winner's own page: the staff's page of the member 张伟 shows the honour (awards' person_panels)
    district.goto(url(f"/members/{zhang_member.pk}/"))
    held = district.get_by_test_id("person-honours")
    expect(held).to_contain_text("2026年 首都劳动奖章")
    # his material's PDF stays with the approved nominee, no longer to be removed
    district.goto(url(f"/awards/nominations/{zhang.pk}/"))
    expect(district.get_by_test_id("attachments")).to_contain_text("张伟先进事迹.pdf")
    expect(district.get_by_test_id("attachments").get_by_role("button", name="删除")).to_have_count(0)

    # the ceremony: the city starts it from the round's page, the activity form comes prefilled with the round's
    # title and linked to the round (rule A6: the awards module asks the activities for it, neither imports the other)
    round_page = url(f"/awards/rounds/{zhang.round_id}/")
    city.goto(round_page)
    card = city.locator("#ceremony")
    expect(card).to_contain_text("尚未记录表彰大会")
    with city.expect_navigation():
        card.get_by_role("link", name="记录表彰大会").click()
    expect(city.get_by_role("heading", level=1)).to_have_text("登记活动")
    expect(city.get_by_label("活动名称")).to_have_value(f"{NAME}表彰大会")
    expect(city.get_by_label("活动类型")).to_have_value(str(ActivityKind.objects.get(code="meeting").pk))
    city.get_by_label("主办单位").select_option(label="北京市总工会")
    city.get_by_label("开始日期").fill("2026-10-23")  # three days after the pinned clock: a planned meeting
    city.get_by_label("地点", exact=True).fill("北京市劳动人民文化宫")
    with city.expect_navigation():
        city.get_by_role("button", name="保存").click()
    ceremony = Activity.objects.get(link=f"awards.round:{zhang.round_id}")
    city.wait_for_url(url(f"/activities/{ceremony.pk}/"))
    expect(city.get_by_role("heading", level=1)).to_have_text(f"{NAME}表彰大会")
    linked = city.get_by_test_id("linked-to")
    expect(linked).to_have_text(f"{NAME}（评选表彰）")
    with city.expect_navigation():
        linked.get_by_role("link").click()
    assert city.url == round_page
    listed = city.get_by_test_id("ceremony")
    expect(listed).to_contain_text(f"{NAME}表彰大会")
    expect(listed).to_contain_text("2026-10-23")
    expect(card).not_to_contain_text("尚未记录表彰大会")
    expect(card.get_by_test_id("ceremony-new")).to_have_text("再记录一场表彰大会")
    screenshot(city, "awards-ceremony.png")
