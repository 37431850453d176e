"""The 等保 sign-in journeys in a real browser (GB/T 22239 §8.1.4).

1. MFA is required: 朝阳's administrator signs in with the password and is sent to bind an authenticator. The page
   draws the otpauth QR code as inline SVG (nothing from another host, no inline script or style) and shows the
   key to type by hand; the test plays the phone, computing the code from the device's key. Ten recovery codes
   are shown once. Signing out and in again asks for the code from the app, and it signs in.
2. 三员分立: the same administrator tries to make itself 审计员 on the staff page and is refused in Chinese; it still
   cannot open the audit log.
"""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from gonghui.orgs.models import RoleGrant


def code_now(device: TOTPDevice, *, ahead: int = 0) -> str:
    """What the authenticator shows now (`ahead`: the next window's code, accepted within the drift tolerance,
    so that a second sign-in need not wait 30 seconds for a code not used before)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + ahead):06d}"


@pytest.mark.browser
def test_an_administrator_binds_an_authenticator_and_signs_in_with_it(
    world, page, url, sign_in, screenshot, settings
):
    settings.GONGHUI_MFA_REQUIRED = True
    sign_in(page, "chaoyang")
    expect(page).to_have_url(url("/accounts/mfa/enrol/"))
    expect(page.get_by_role("heading", name="绑定身份验证器（两步验证）")).to_be_visible()
    qr = page.get_by_test_id("totp-qr").locator("svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 150  # big enough to scan from the screen
    device = TOTPDevice.objects.get(user__username="chaoyang", confirmed=False)
    key = page.get_by_test_id("totp-key").inner_text().replace(" ", "")
    assert f"secret={key}&" in device.config_url
    screenshot(page, "security-totp-enrol.png")

    page.get_by_label("验证码").fill(code_now(device))
    page.get_by_role("button", name="完成绑定").click()
    expect(page.get_by_role("heading", name="身份验证器已绑定")).to_be_visible()
    expect(page.get_by_test_id("recovery-codes").locator("li")).to_have_count(10)
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page.get_by_test_id("me")).to_contain_text("chaoyang")

    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(url("/accounts/login/"))
    sign_in(page, "chaoyang")
    expect(page).to_have_url(url("/accounts/login/verify/"))
    page.get_by_label("验证码").fill(code_now(device, ahead=1))
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_test_id("me")).to_contain_text("chaoyang")
    page.goto(url("/accounts/me/"))
    expect(page.get_by_test_id("mfa-status")).to_contain_text("已绑定身份验证器")


@pytest.mark.browser
def test_a_district_administrator_cannot_make_itself_auditor(
    world, page, url, sign_in, screenshot, browser_guard
):
    me = world.user("chaoyang")
    sign_in(page, "chaoyang")
    page.goto(url(f"/accounts/staff/{me.pk}/"))
    page.get_by_label("角色").select_option(label="审计员")
    page.get_by_label("授权组织（含全部下级）").select_option(label="朝阳区总工会")
    page.get_by_role("button", name="授予").click()
    expect(page.get_by_text("不能给自己授予角色：角色须由其他管理员授予")).to_be_visible()
    screenshot(page, "security-self-grant.png")
    assert not RoleGrant.objects.filter(user=me, role__code="auditor").exists()
    expect(page.get_by_role("link", name="审计日志")).to_have_count(0)
    browser_guard.expect_console_error(r"404")
    response = page.goto(url("/audit/"))
    assert response is not None and response.status == 404
