"""The four built-in roles (管理员, 经办人, 只读, 审计员); roles are data and can be extended."""

from django.db import migrations

from gonghui.orgs.permissions import BUILTIN_ROLES


def add_roles(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for code, name, permissions, description in BUILTIN_ROLES:
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "permissions": permissions, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
