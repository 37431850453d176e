"""A role of its own for hardship files (V3): household income and health are sensitive data (PIPL art. 29), so
no built-in role holds `hardship.handle`; a node grants 帮扶专员 to the few who review hardship files."""

from django.db import migrations

ROLE = (
    "hardship",
    "帮扶专员",
    ["org.view", "member.view", "work.edit", "hardship.handle"],
    "困难职工帮扶：建档、审核、发放，查看家庭收入等敏感信息（每次查看留痕）",
)


def add_role(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    code, name, permissions, description = ROLE
    Role.objects.get_or_create(
        code=code, defaults={"name": name, "permissions": permissions, "description": description}
    )


class Migration(migrations.Migration):
    reference_data = True  # put back after a flush by core.testing.seeds.reseed
    dependencies = [("support", "0001_initial"), ("orgs", "0002_builtin_roles")]
    operations = [migrations.RunPython(add_role, migrations.RunPython.noop)]
