"""Demo accounts have published passwords: a production server refuses to start while any is still in use."""

import functools

from django.contrib.auth.hashers import get_hasher, make_password
from django.core.exceptions import ImproperlyConfigured

DEMO_PASSWORD = "gonghui-demo-2026"  # noqa: S105 - published on purpose, refused in production
DEMO_USERNAMES = ("city_admin", "chaoyang", "xicheng", "donghu", "security", "auditor")
# The password is public, so a salt of its own hides nothing: with a fixed one its hash is the same string in every
# run, and the demo's accounts are set and checked against it without a key derivation per account (about half a
# second each with the production hasher, and the demo sets and checks its accounts some thirty times).
# As long as a random salt (22+ letters and digits), or Django would re-hash it at every sign-in (`must_update`).
DEMO_PASSWORD_SALT = "gonghuiDemoPublishedPassword2026"  # noqa: S105


def demo_password_hash() -> str:
    """The demo password hashed by the current default hasher with the fixed salt, computed once per process."""
    hasher = get_hasher()
    return _demo_hash(hasher.algorithm, getattr(hasher, "iterations", None))


@functools.cache
def _demo_hash(algorithm: str, iterations: int | None) -> str:
    return make_password(DEMO_PASSWORD, salt=DEMO_PASSWORD_SALT, hasher=algorithm)


def has_demo_password(user) -> bool:
    """Whether the account's password is the demo password: a string comparison for the hash the demo sets."""
    return user.password == demo_password_hash() or user.check_password(DEMO_PASSWORD)


def accounts_with_demo_password() -> list[str]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES, is_active=True)
    return sorted(u.username for u in users if u.check_password(DEMO_PASSWORD))


def refuse_demo_passwords() -> None:
    found = accounts_with_demo_password()
    if found:
        raise ImproperlyConfigured(
            "演示账号仍在使用公开的演示密码，生产环境拒绝启动："
            + "、".join(found)
            + "。请先修改这些账号的密码或停用它们。"
        )
