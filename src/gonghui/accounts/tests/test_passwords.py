"""Password rules (GB/T 22239 §8.1.4.1 a): complexity, expiry, the current password asked on change, and
personal API tokens that expire and die with the password."""

import datetime as dt

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from gonghui.accounts import services
from gonghui.accounts.models import ApiToken
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.scope import SYSTEM
from gonghui.core.testing.world import PASSWORD, make_user

pytestmark = pytest.mark.django_db
NEW = "Hutong-Lanterns-2027"


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("lanternsoverbj", False),  # one class
        ("lanterns2027x", False),  # two classes
        ("Lanterns2027x", True),  # lower, upper, digit
        ("lanterns-2027", True),  # lower, digit, symbol
        ("Ab1-", False),  # four classes, too short
    ],
)
def test_passwords_need_length_and_three_kinds_of_characters(password, accepted):
    if accepted:
        validate_password(password)
    else:
        with pytest.raises(ValidationError, match="至少 3 类"):
            validate_password(password)


def test_the_staff_form_explains_the_rule_in_chinese(login, world):
    page = login("chaoyang").post(
        "/accounts/staff/new/",
        {
            "username": "weak2",
            "full_name": "弱",
            "org": world.changying.pk,
            "password": "lanterns2027x",
            "confirm": "lanterns2027x",
        },
    )
    assert "须包含小写字母、大写字母、数字、符号中的至少 3 类" in page.content.decode()


def test_an_expired_password_must_be_changed_before_anything_else(client, clock, world, login, settings):
    c = login("donghu")
    assert c.get("/orgs/").status_code == 200
    clock.shift(dt.timedelta(days=settings.GONGHUI_PASSWORD_MAX_AGE_DAYS, hours=1))
    c = login("donghu")
    assert c.get("/orgs/")["Location"] == "/accounts/me/password/"
    api = c.get("/api/orgs/")
    assert api.status_code == 403 and api.json()["code"] == "password_expired"
    assert "密码已过期" in c.get("/accounts/me/password/").content.decode()
    wrong = c.post(
        "/accounts/me/password/", {"current": "not-it-Either-1", "password": NEW, "confirm": NEW}
    ).content.decode()
    assert "当前密码不正确" in wrong
    same = c.post("/accounts/me/password/", {"current": PASSWORD, "password": PASSWORD, "confirm": PASSWORD})
    assert "新密码不能与当前密码相同" in same.content.decode()
    done = c.post("/accounts/me/password/", {"current": PASSWORD, "password": NEW, "confirm": NEW})
    assert done["Location"] == "/accounts/me/"
    assert c.get("/orgs/").status_code == 200  # the same session goes on
    assert list(
        AuditEvent.objects.filter(actor_username="donghu", action__startswith="user.password").values_list(
            "action", flat=True
        )
    ) == ["user.password", "user.password_refused"]


def test_a_password_chosen_by_the_staff_manager_is_changed_at_first_sign_in(client, world):
    services.user_create(
        actor=world.user("chaoyang"),
        username="changying2",
        full_name="常营干事",
        org=world.changying,
        password=NEW,
    )
    assert client.post("/accounts/login/", {"username": "changying2", "password": NEW}).status_code == 302
    assert client.get("/orgs/")["Location"] == "/accounts/me/password/"


def test_tokens_expire_after_their_days(client, clock, world, settings):
    _, raw = services.token_create(actor=SYSTEM, user=world.user("chaoyang"), name="区统计系统")
    token = ApiToken.objects.get()
    assert token.expires_at == dt.datetime.now(tz=dt.UTC) + dt.timedelta(
        days=settings.GONGHUI_TOKEN_MAX_AGE_DAYS
    )
    clock.shift(dt.timedelta(days=settings.GONGHUI_TOKEN_MAX_AGE_DAYS - 1))
    assert client.get("/api/orgs/", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    clock.shift(dt.timedelta(days=1, seconds=1))
    assert client.get("/api/orgs/", headers={"Authorization": f"Bearer {raw}"}).status_code == 401


def test_changing_the_password_revokes_every_token(login, world):
    _, raw = services.token_create(actor=SYSTEM, user=world.user("chaoyang"), name="区统计系统")
    c = login("chaoyang")
    assert c.get("/api/orgs/", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    c.post("/accounts/me/password/", {"current": PASSWORD, "password": NEW, "confirm": NEW})
    c.logout()
    assert c.get("/api/orgs/", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    revoke = AuditEvent.objects.get(action="token.revoke")
    assert revoke.reason == "密码已修改" and revoke.category == "security"


def test_a_staff_manager_cannot_set_the_auditors_password(world):
    auditor = make_user("cy_auditor", world.chaoyang, "auditor")
    with pytest.raises(DomainError, match="三员分立"):
        services.user_set_password(actor=world.user("chaoyang"), user=auditor, password=NEW)
    assert auditor.check_password(PASSWORD)
