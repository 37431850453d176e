"""Limits on sign-in (GB/T 22239 §8.1.4.1 b): failures per client address as well as per account, and an
absolute session lifetime besides the idle one."""

import datetime as dt

import pytest

from gonghui.accounts.tests.helpers import sign_in
from gonghui.core.models import AuditEvent
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def test_one_address_guessing_many_accounts_is_stopped(client, clock, world, settings):
    settings.GONGHUI_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    for username in ("nobody1", "nobody2", "nobody3"):  # each account fails once only
        sign_in(client, username, "guess", REMOTE_ADDR="203.0.113.9")
    refused = sign_in(client, "chaoyang", PASSWORD, REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 200 and "此网络地址登录失败次数过多" in refused.content.decode()
    assert sign_in(client, "chaoyang", PASSWORD, REMOTE_ADDR="203.0.113.10").status_code == 302
    assert AuditEvent.objects.get(action="login.address_lockout").after == {"address": "203.0.113.9"}
    client.logout()
    clock.shift(dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES, seconds=1))
    assert sign_in(client, "chaoyang", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 302


def test_a_success_does_not_clear_the_address_count(client, world, settings):
    settings.GONGHUI_LOGIN_ADDRESS_FAILURE_LIMIT = 3
    sign_in(client, "nobody1", "guess")
    sign_in(client, "nobody2", "guess")
    assert sign_in(client, "viewer", PASSWORD).status_code == 302  # the guesser's own account
    client.logout()
    sign_in(client, "nobody3", "guess")
    assert "此网络地址" in sign_in(client, "chaoyang", PASSWORD).content.decode()


def test_a_session_ends_at_its_absolute_lifetime_however_busy(client, clock, world, settings):
    settings.SESSION_COOKIE_AGE = 24 * 3600  # leave the idle timeout out of this test
    sign_in(client, "chaoyang", PASSWORD)
    clock.shift(dt.timedelta(hours=settings.GONGHUI_SESSION_MAX_HOURS) - dt.timedelta(minutes=1))
    assert client.get("/orgs/").status_code == 200
    clock.shift(dt.timedelta(minutes=2))
    response = client.get("/orgs/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert f"登录已超过 {settings.GONGHUI_SESSION_MAX_HOURS} 小时" in response.content.decode()


def test_behind_a_proxy_the_address_comes_from_its_header(client, world, settings):
    settings.GONGHUI_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.GONGHUI_LOGIN_ADDRESS_FAILURE_LIMIT = 2
    for username in ("nobody1", "nobody2"):  # every request comes from the proxy's own address
        sign_in(client, username, "guess", headers={"X-Real-IP": "198.51.100.7"})
    assert (
        "此网络地址"
        in sign_in(client, "chaoyang", PASSWORD, headers={"X-Real-IP": "198.51.100.7"}).content.decode()
    )
    assert sign_in(client, "chaoyang", PASSWORD, headers={"X-Real-IP": "198.51.100.8"}).status_code == 302
