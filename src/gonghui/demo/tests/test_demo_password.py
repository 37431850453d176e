"""In `gonghui demo` the accounts get the published password as one hash per process (core.demo_guard), and it
still checks as that password; any other password, and any password outside the demo, is hashed as always."""

from django.contrib.auth.hashers import get_hasher
from django.test import override_settings

from gonghui.accounts.models import User
from gonghui.core.demo_guard import DEMO_PASSWORD, demo_password_hash, has_demo_password


@override_settings(GONGHUI_DEMO=True)
def test_the_demo_password_is_one_hash_that_checks():
    a, b = User(username="a"), User(username="b")
    a.set_password(DEMO_PASSWORD)
    b.set_password(DEMO_PASSWORD)
    assert a.password == b.password == demo_password_hash()
    assert a.check_password(DEMO_PASSWORD) and not a.check_password("another-password-1")
    assert has_demo_password(a)
    a.set_password("another-password-1")
    assert a.password != demo_password_hash() and not has_demo_password(a)


def test_outside_the_demo_each_account_gets_its_own_salt():
    a, b = User(username="a"), User(username="b")
    a.set_password(DEMO_PASSWORD)
    b.set_password(DEMO_PASSWORD)
    assert a.password != b.password
    assert has_demo_password(a) and has_demo_password(b)  # found by checking, as before


def test_the_demo_hash_is_not_rehashed_at_sign_in():
    assert not get_hasher().must_update(demo_password_hash())
