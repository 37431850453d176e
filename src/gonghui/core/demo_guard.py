"""Demo accounts have published passwords: a production server refuses to start while any is still in use."""

from django.core.exceptions import ImproperlyConfigured

DEMO_PASSWORD = "gonghui-demo-2026"  # noqa: S105 - published on purpose, refused in production
DEMO_USERNAMES = ("city_admin", "chaoyang", "xicheng", "donghu", "security", "auditor")


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
