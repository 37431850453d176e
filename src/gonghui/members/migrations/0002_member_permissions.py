"""Give the built-in roles the member permissions (databases created before the register existed)."""

from django.db import migrations

ADD = {
    "admin": ["member.view", "member.manage", "member.reveal"],
    "operator": ["member.view", "member.manage"],
    "viewer": ["member.view"],
}


def add_permissions(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for code, perms in ADD.items():
        role = Role.objects.filter(code=code).first()
        if role is not None:
            role.permissions = sorted(set(role.permissions) | set(perms))
            role.save(update_fields=["permissions"])


class Migration(migrations.Migration):
    reference_data = True  # put back after a flush by core.testing.seeds.reseed
    dependencies = [("members", "0001_initial"), ("orgs", "0002_builtin_roles")]
    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
