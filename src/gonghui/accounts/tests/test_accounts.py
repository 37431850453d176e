"""Sign-in with lockout, tokens, staff management in scope, and the security audit trail."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from gonghui.accounts.models import ApiToken, User, token_digest
from gonghui.core.models import AuditEvent
from gonghui.core.testing.world import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_login_lands_on_the_own_dashboard_and_is_audited(client, world):
    response = sign_in(client, "chaoyang", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/", follow=True).redirect_chain[-1][0] == f"/stats/{world.chaoyang.pk}/"
    event = AuditEvent.objects.get(action="login")
    assert (
        event.actor_username == "chaoyang" and event.org_id == world.chaoyang.pk and event.ip == "127.0.0.1"
    )


def test_repeated_failures_lock_the_account(client, world):
    for _ in range(settings.LOGIN_FAILURE_LIMIT - 1):
        page = sign_in(client, "donghu", "wrong-password").content.decode()
        assert "用户名或密码错误" in page
    page = sign_in(client, "donghu", "wrong-password").content.decode()
    assert "锁定" in page
    page = sign_in(client, "donghu", PASSWORD).content.decode()  # even the right password is refused now
    assert "账号已锁定" in page and "_auth_user_id" not in client.session
    actions = list(AuditEvent.objects.filter(actor_username="donghu").values_list("action", flat=True))
    assert actions.count("login.failed") == settings.LOGIN_FAILURE_LIMIT
    assert "login.lockout" in actions and "login.blocked" in actions


def test_the_security_admin_unlocks_a_locked_account_and_the_staff_manager_cannot(client, world):
    from gonghui.core.testing.world import make_user

    make_user("security", world.city, "secadmin")
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        sign_in(client, "donghu", "nope")
    donghu = world.users["donghu"].pk
    assert client.login(username="chaoyang", password=PASSWORD)
    page = client.get(f"/accounts/staff/{donghu}/").content.decode()
    assert "已锁定" in page and "由安全管理员办理" in page
    assert client.post(f"/accounts/staff/{donghu}/unlock/").status_code == 404
    assert client.get("/accounts/security/").status_code == 404
    client.logout()
    assert client.login(username="security", password=PASSWORD)
    page = client.get("/accounts/security/").content.decode()
    assert "已锁定" in page and "解除锁定" in page
    client.post(f"/accounts/security/{donghu}/unlock/")
    client.logout()
    assert sign_in(client, "donghu", PASSWORD).status_code == 302
    unlock = AuditEvent.objects.get(action="login.unlock")
    assert unlock.actor_username == "security" and unlock.category == "security"


def test_unknown_usernames_fail_the_same_way(client, world):
    page = sign_in(client, "nobody", "whatever").content.decode()
    assert "用户名或密码错误" in page
    assert AuditEvent.objects.get(action="login.failed").actor_username == "nobody"


def test_tokens_are_created_once_stored_hashed_and_revoked_on_the_users_page(login, world):
    c = login("chaoyang")
    page = c.post("/accounts/me/", {"token-name": "区统计系统"}).content.decode()
    token = ApiToken.objects.get(user__username="chaoyang")
    raw = page.split('<code class="user-select-all">')[1].split("</code>")[0]
    assert token.digest == token_digest(raw) and raw not in token.digest
    assert c.get("/accounts/me/").content.decode().count(raw) == 0  # shown once only
    c.post(f"/accounts/me/tokens/{token.pk}/revoke/")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert list(
        AuditEvent.objects.filter(category="security", action__startswith="token").values_list(
            "action", flat=True
        )
    ) == ["token.revoke", "token.create"]


def test_createtoken_prints_the_token_last(world, client):
    out = io.StringIO()
    call_command("createtoken", "xicheng", stdout=out, stderr=io.StringIO())
    raw = out.getvalue().strip().splitlines()[-1]
    response = client.get("/api/orgs/", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["items"][0]["name"] == "西城区总工会"


def test_staff_are_managed_only_inside_the_subtree(login, world):
    c = login("chaoyang")
    listing = c.get("/accounts/staff/").content.decode()
    assert "donghu" in listing and "xicheng" not in listing
    response = c.post(
        "/accounts/staff/new/",
        {
            "username": "changying1",
            "full_name": "常营干事",
            "org": world.changying.pk,
            "password": "Lanterns-Over-Beijing-7",
            "confirm": "Lanterns-Over-Beijing-7",
        },
    )
    assert response.status_code == 302
    new = User.objects.get(username="changying1")
    response = c.post(f"/accounts/staff/{new.pk}/", {"role": 2, "org": world.changying.pk})
    assert new.grants.get().org_id == world.changying.pk
    refused = c.post(
        "/accounts/staff/new/",
        {
            "username": "x1",
            "full_name": "x",
            "org": world.dashilan.pk,
            "password": "Lanterns-Over-Beijing-7",
            "confirm": "Lanterns-Over-Beijing-7",
        },
    )
    assert refused.status_code == 200 and not User.objects.filter(username="x1").exists()
    weak = c.post(
        "/accounts/staff/new/",
        {
            "username": "weak",
            "full_name": "弱",
            "org": world.changying.pk,
            "password": "12345678",
            "confirm": "12345678",
        },
    ).content.decode()
    assert not User.objects.filter(username="weak").exists() and "密码" in weak


def test_the_auditor_reads_security_events_and_nothing_else(client, login, world):
    sign_in(client, "chaoyang", PASSWORD)
    client.logout()
    c = login("auditor")
    page = c.get("/audit/?category=security").content.decode()
    assert "login" in page and "chaoyang" in page
    assert c.get(f"/orgs/{world.chaoyang.pk}/").status_code == 404
    api = c.get("/api/audit/?action=login").json()
    assert api["count"] >= 1


def test_a_district_auditor_sees_only_its_subtree(client, world):
    from gonghui.core.testing.world import make_user

    make_user("cy_auditor", world.chaoyang, "auditor")
    sign_in(client, "xicheng", PASSWORD)
    sign_in(client, "donghu", PASSWORD)
    client.logout()
    assert client.login(username="cy_auditor", password=PASSWORD)
    page = client.get("/audit/").content.decode()
    assert "donghu" in page and "xicheng" not in page


def test_production_refuses_demo_passwords(world):
    from django.core.exceptions import ImproperlyConfigured

    from gonghui.core.demo_guard import DEMO_PASSWORD, refuse_demo_passwords

    refuse_demo_passwords()  # none in use
    user = User.objects.get(username="chaoyang")
    user.set_password(DEMO_PASSWORD)
    user.save()
    with pytest.raises(ImproperlyConfigured, match="chaoyang"):
        refuse_demo_passwords()
