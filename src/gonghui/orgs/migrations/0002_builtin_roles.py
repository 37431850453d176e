"""The four first built-in roles (管理员, 经办人, 只读, 审计员); roles are data and can be extended. The data is
written out here, not imported from permissions.py, so that this migration means the same thing whatever the code
says later."""

from django.db import migrations

ROLES = [
    (
        "admin",
        "管理员",
        [
            "org.view",
            "org.manage",
            "employer.manage",
            "staff.manage",
            "work.edit",
            "member.view",
            "member.manage",
            "member.reveal",
        ],
        "管理本级及下级组织与人员",
    ),
    (
        "operator",
        "经办人",
        ["org.view", "employer.manage", "work.edit", "member.view", "member.manage"],
        "日常业务经办",
    ),
    ("viewer", "只读", ["org.view", "member.view"], "只能查看"),
    ("auditor", "审计员", ["audit.view"], "只能查阅审计日志"),
]


def add_roles(apps, schema_editor):
    Role = apps.get_model("orgs", "Role")
    for code, name, permissions, description in ROLES:
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "permissions": permissions, "description": description}
        )


class Migration(migrations.Migration):
    reference_data = True  # put back after a flush by core.testing.seeds.reseed
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
