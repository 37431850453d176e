"""The worker's way in on a phone, shared by the browser tests that walk it: scan, consent, verify the mobile
through the demo SMS page, fill in the join form (360 px wide, every page checked by axe and for sideways
scrolling on the way)."""

import re

from axe import check_phone_page as check_phone_page_of
from playwright.sync_api import expect
from widths import PHONE

from gonghui.members.tests.factories import resident_id


def check_phone_page(page) -> None:
    check_phone_page_of(page, width=PHONE["width"])


def join_on_phone(
    phone, url, code, *, name: str, mobile: str, group: str, screenshot=None, id_number: str = ""
) -> None:
    """Scan, consent, verify the mobile (reading the code from the demo SMS page), fill in and submit the
    form, checking each page on the way; ends on the page the submission answers with."""
    phone.goto(url(f"/j/{code.token}/"))
    expect(phone.get_by_test_id("union-name")).to_have_text(code.org.name)
    expect(phone.locator("[aria-current=step]")).to_have_text("1 同意告知")
    check_phone_page(phone)
    if screenshot:
        screenshot(phone, "join-phone-landing.png")
    phone.get_by_label("我已阅读并同意以上个人信息处理规则").check()
    phone.get_by_label("我单独同意工会处理我的身份证号码（敏感个人信息）").check()
    phone.get_by_role("button", name="同意并继续").click()

    phone.wait_for_url(url(f"/j/{code.token}/phone/"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("验证手机号码")
    check_phone_page(phone)
    phone.get_by_label("手机号码").fill(mobile)
    phone.get_by_role("button", name="获取验证码").click()
    masked = f"{mobile[:3]}****{mobile[-4:]}"
    expect(phone.get_by_test_id("pending-mobile")).to_have_text(masked)
    check_phone_page(phone)
    with phone.expect_popup() as opened:
        phone.get_by_role("link", name="查看演示短信").click()
    sms = opened.value
    message = sms.get_by_test_id("demo-sms").locator("li", has_text=masked).first
    expect(message).to_contain_text("入会验证码")
    check_phone_page(sms)
    sms_code = re.search(r"验证码是 (\d{6})", message.inner_text())[1]
    sms.close()
    phone.get_by_label("短信验证码").fill(sms_code)
    phone.get_by_role("button", name="下一步").click()

    phone.wait_for_url(url(f"/j/{code.token}/form/"))
    expect(phone.get_by_text(f"手机号码：{masked}（已验证）")).to_be_visible()
    phone.get_by_label("姓名").fill(name)
    phone.get_by_label("身份证号码").fill(id_number or resident_id())
    phone.get_by_label("职业类别").select_option(label=group)
    phone.get_by_label("工作单位或平台").fill("美团")
    check_phone_page(phone)
    if screenshot:
        screenshot(phone, "join-phone-form.png")
    phone.get_by_role("button", name="提交入会申请").click()
    if id_number:
        return
    phone.wait_for_url(url(f"/j/{code.token}/done/"))
    check_phone_page(phone)
