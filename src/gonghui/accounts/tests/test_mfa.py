"""Two factors for staff sign-in (GB/T 22239 §8.1.4.1 d): TOTP with single-use recovery codes, enrolled at the
first sign-in when the role requires it, always asked once enrolled."""

import datetime as dt

import pytest
from django.core.checks import run_checks
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gonghui.accounts import services
from gonghui.accounts.tests.helpers import code_for, sign_in
from gonghui.core.models import AuditEvent
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_on(settings):
    settings.GONGHUI_MFA_REQUIRED = True


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = services.totp_enrol_start(user=user)
    return device, services.totp_enrol_confirm(request=None, user=user, device=device, code=code_for(device))


def actions(username: str) -> list[str]:
    return list(
        AuditEvent.objects.filter(actor_username=username, category="security")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_an_admin_enrols_at_first_sign_in_and_then_signs_in_with_the_app(client, clock, world, mfa_on):
    response = sign_in(client, "chaoyang", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/accounts/mfa/enrol/"
    assert "_auth_user_id" not in client.session  # the password alone does not sign in
    assert client.get("/orgs/").status_code == 302  # still the login page
    page = client.get("/accounts/mfa/enrol/").content.decode()
    device = TOTPDevice.objects.get(user__username="chaoyang", confirmed=False)
    key = page.split('data-testid="totp-key">')[1].split("</code>")[0].replace(" ", "")
    assert (
        "<svg" in page and "用身份验证器扫描此二维码" in page and "http" not in page.split("<svg")[1][:2000]
    )
    assert key == device.config_url.split("secret=")[1].split("&")[0]
    refused = client.post(
        "/accounts/mfa/enrol/", {"code": "000000" if code_for(device) != "000000" else "111111"}
    )
    assert "验证码不正确" in refused.content.decode()
    clock.shift(31)
    done = client.post("/accounts/mfa/enrol/", {"code": code_for(device)}).content.decode()
    codes = done.split('data-testid="recovery-codes">')[1].split("</ol>")[0]
    assert codes.count("<li") == 10 and "只显示这一次" in done
    assert client.session["_auth_user_id"] == str(world.users["chaoyang"].pk)
    assert client.get("/orgs/").status_code == 200
    client.post("/accounts/logout/")

    clock.shift(60)
    assert sign_in(client, "chaoyang", PASSWORD)["Location"] == "/accounts/login/verify/"
    wrong = client.post("/accounts/login/verify/", {"code": "12345"}).content.decode()
    assert "验证码不正确" in wrong and "_auth_user_id" not in client.session
    clock.shift(31)
    assert client.post("/accounts/login/verify/", {"code": code_for(device)})["Location"] == "/"
    assert client.get("/orgs/").status_code == 200
    assert actions("chaoyang") == [
        "mfa.enrol_failed",
        "mfa.enrol",
        "login",
        "logout",
        "mfa.failed",
        "login",
    ]
    assert AuditEvent.objects.filter(action="login").last().after == {"mfa": "totp"}


def test_a_code_is_accepted_only_once(client, clock, world, mfa_on):
    device, _ = enrol(world.user("chaoyang"))
    clock.shift(31)
    code = code_for(device)
    sign_in(client, "chaoyang", PASSWORD)
    assert client.post("/accounts/login/verify/", {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, "chaoyang", PASSWORD)
    replay = client.post("/accounts/login/verify/", {"code": code})
    assert replay.status_code == 200 and "验证码不正确或已使用过" in replay.content.decode()


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(client, world, mfa_on):
    _, codes = enrol(world.user("chaoyang"))
    sign_in(client, "chaoyang", PASSWORD)
    page = client.post("/accounts/login/verify/", {"code": codes[0].upper()}, follow=True).content.decode()
    assert "已使用一个恢复码，还剩 9 个" in page
    assert AuditEvent.objects.get(action="mfa.recovery_used").after == {"left": 9}
    client.post("/accounts/logout/")
    sign_in(client, "chaoyang", PASSWORD)
    assert "验证码不正确" in client.post("/accounts/login/verify/", {"code": codes[0]}).content.decode()
    assert StaticToken.objects.filter(device__user__username="chaoyang").count() == 9


def test_enrolled_users_are_asked_for_the_code_even_when_it_is_not_required(client, world, settings):
    settings.GONGHUI_MFA_REQUIRED = False
    enrol(world.user("donghu"))
    assert sign_in(client, "donghu", PASSWORD)["Location"] == "/accounts/login/verify/"
    assert "_auth_user_id" not in client.session


def test_only_roles_that_reveal_data_or_administer_must_enrol(client, world, mfa_on):
    from gonghui.core.testing.world import make_user

    make_user("security", world.city, "secadmin")
    make_user("sysadmin", world.city, "sysadmin")
    for username in ("viewer", "donghu"):  # 只读, 经办人: masked data only
        assert sign_in(client, username, PASSWORD)["Location"] == "/"
        client.post("/accounts/logout/")
    for username in ("chaoyang", "auditor", "security", "sysadmin"):  # member.reveal, 三员
        assert sign_in(client, username, PASSWORD)["Location"] == "/accounts/mfa/enrol/", username
        client.cookies.clear()


def test_a_session_without_its_second_factor_ends(client, login, world, mfa_on):
    c = login("chaoyang")  # a session made without the login page (or before the role was granted)
    response = c.get("/orgs/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in c.session
    api = login("chaoyang").get("/api/orgs/")
    assert api.status_code == 401 and api.json()["message"] == "请重新登录并完成两步验证"


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, clock, world, settings, mfa_on):
    enrol(world.user("chaoyang"))
    sign_in(client, "chaoyang", PASSWORD)
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        client.post("/accounts/login/verify/", {"code": "000001"})
        clock.shift(60)  # past the device's own back-off
    locked = client.post("/accounts/login/verify/", {"code": "000001"}, follow=True).content.decode()
    assert "账号已锁定" in locked
    assert actions("chaoyang").count("mfa.failed") == settings.LOGIN_FAILURE_LIMIT
    assert "login.lockout" in actions("chaoyang")
    assert "账号已锁定" in sign_in(client, "chaoyang", PASSWORD).content.decode()


def test_a_pending_sign_in_expires_after_five_minutes(client, clock, world, mfa_on):
    enrol(world.user("chaoyang"))
    sign_in(client, "chaoyang", PASSWORD)
    clock.shift(dt.timedelta(minutes=6))
    response = client.get("/accounts/login/verify/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"


def test_the_security_admin_resets_a_lost_authenticator(client, clock, world, mfa_on):
    from gonghui.core.testing.world import make_user

    enrol(world.user("chaoyang"))
    security = make_user("security", world.city, "secadmin")
    device, _ = enrol(security)
    clock.shift(31)
    sign_in(client, "security", PASSWORD)
    c = client
    c.post("/accounts/login/verify/", {"code": code_for(device)})
    assert "重置两步验证" in c.get("/accounts/security/").content.decode()
    c.post(f"/accounts/security/{security.pk}/mfa_reset/")  # not one's own
    assert TOTPDevice.objects.filter(user=security).exists()
    c.post(f"/accounts/security/{world.users['chaoyang'].pk}/mfa_reset/")
    assert not TOTPDevice.objects.filter(user__username="chaoyang").exists()
    assert not StaticToken.objects.filter(device__user__username="chaoyang").exists()
    event = AuditEvent.objects.get(action="mfa.reset")
    assert event.actor_username == "security" and event.target_label.endswith("(chaoyang)")
    client.post("/accounts/logout/")
    assert sign_in(client, "chaoyang", PASSWORD)["Location"] == "/accounts/mfa/enrol/"


def test_a_user_enrols_from_the_own_page_and_the_session_stays_verified(login, world):
    c = login("donghu")
    assert "未绑定" in c.get("/accounts/me/").content.decode()
    c.get("/accounts/mfa/enrol/")
    device = TOTPDevice.objects.get(user__username="donghu")
    c.post("/accounts/mfa/enrol/", {"code": code_for(device)})
    assert c.get("/orgs/").status_code == 200  # verified by the enrolment itself
    assert "已绑定身份验证器" in c.get("/accounts/me/").content.decode()
    assert c.get("/accounts/mfa/enrol/")["Location"] == "/accounts/me/"  # no second device


def test_check_deploy_warns_when_production_runs_without_mfa(settings):
    settings.DEBUG = False
    settings.GONGHUI_MFA_REQUIRED = False
    assert "gonghui.W101" in {m.id for m in run_checks(include_deployment_checks=True)}
    settings.GONGHUI_MFA_REQUIRED = True
    assert "gonghui.W101" not in {m.id for m in run_checks(include_deployment_checks=True)}
