"""System checks: `gonghui check --deploy --database default` flags demo passwords left in production."""

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db.utils import DatabaseError


@register(Tags.security, Tags.database, deploy=True)
def demo_passwords_in_production(app_configs=None, databases=None, **kwargs):
    if not databases or settings.DEBUG:
        return []
    from .demo_guard import accounts_with_demo_password

    try:
        found = accounts_with_demo_password()
    except DatabaseError:
        return []
    return (
        [
            Error(
                f"演示账号 {', '.join(found)} 仍使用演示密码",
                hint="修改这些账号的密码或停用它们。",
                id="gonghui.E001",
            )
        ]
        if found
        else []
    )
