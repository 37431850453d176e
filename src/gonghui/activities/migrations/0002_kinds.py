"""The activity kinds the reports name (DOMAIN W1-W6). Kinds are data: federations add their own in the admin."""

from django.db import migrations

KINDS = [
    ("visit", "调研"),
    ("training", "培训"),
    ("lecture", "宣讲"),
    ("meeting", "座谈/会议"),
    ("joint_study", "联学联建"),
    ("exchange", "交流学习"),
    ("culture_sport", "文体"),
    ("contest", "比赛"),
    ("family", "亲子"),
    ("volunteer", "志愿服务"),
    ("condolence", "慰问"),
    ("outreach", "沟通会/摆摊"),
]


def seed(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for sort, (code, name) in enumerate(KINDS, start=1):
        ActivityKind.objects.get_or_create(code=code, defaults={"name": name, "sort": sort * 10})


def unseed(apps, schema_editor):
    apps.get_model("activities", "ActivityKind").objects.filter(code__in=[c for c, _ in KINDS]).delete()


class Migration(migrations.Migration):
    reference_data = True  # put back after a flush by core.testing.seeds.reseed
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
