"""三员分立: the 系统管理员 and 安全管理员 roles (审计员 exists since 0002). The data is written out here, not
imported from permissions.py, so that this migration means the same thing whatever the code says later."""

from django.db import migrations

ROLES = [
    ("sysadmin", "系统管理员", ["org.view", "staff.manage"], "三员之一：管理本级及下级人员账号与角色"),
    ("secadmin", "安全管理员", ["org.view", "security.manage"], "三员之一：解除登录锁定、重置两步验证"),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for code, name, permissions, description in ROLES:
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "permissions": permissions, "description": description}
        )


def remove_roles(apps, schema_editor):
    apps.get_model("orgs", "Role").objects.filter(code__in=[code for code, *_ in ROLES]).delete()


class Migration(migrations.Migration):
    reference_data = True  # put back after a flush by core.testing.seeds.reseed
    dependencies = [("orgs", "0003_alter_employer_org_alter_place_org_and_more")]
    operations = [migrations.RunPython(add_roles, remove_roles)]
