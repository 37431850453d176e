"""The national and capital award types of DOMAIN W3 and §6 A1. Types are data: a node adds its own on its page."""

from django.db import migrations

# code, name, level, recipient kind, cycle in years, conferred by, model worker, the honour one level below (A5)
TYPES = [
    (
        "national-labour-certificate",
        "全国五一劳动奖状",
        "national",
        "unit",
        1,
        "中华全国总工会",
        False,
        "capital-labour-certificate",
    ),
    (
        "national-labour-medal",
        "全国五一劳动奖章",
        "national",
        "person",
        1,
        "中华全国总工会",
        False,
        "capital-labour-medal",
    ),
    ("national-pioneer", "全国工人先锋号", "national", "team", 1, "中华全国总工会", False, "capital-pioneer"),
    (
        "national-model-worker",
        "全国劳动模范",
        "national",
        "person",
        5,
        "中共中央、国务院",
        True,
        "capital-model-worker",
    ),
    (
        "national-advanced-worker",
        "全国先进工作者",
        "national",
        "person",
        5,
        "中共中央、国务院",
        True,
        "capital-advanced-worker",
    ),
    ("national-women-post", "全国巾帼文明岗", "national", "team", 1, "全国妇联", False, "capital-women-post"),
    ("capital-labour-certificate", "首都劳动奖状", "capital", "unit", 1, "北京市总工会", False, ""),
    ("capital-labour-medal", "首都劳动奖章", "capital", "person", 1, "北京市总工会", False, ""),
    ("capital-pioneer", "北京市工人先锋号", "capital", "team", 1, "北京市总工会", False, ""),
    ("capital-model-worker", "北京市劳动模范", "capital", "person", 5, "北京市委、市政府", True, ""),
    ("capital-advanced-worker", "北京市先进工作者", "capital", "person", 5, "北京市委、市政府", True, ""),
    ("capital-women-post", "首都巾帼文明岗", "capital", "team", 1, "北京市妇联", False, ""),
    ("capital-women-striver", "首都最美巾帼奋斗者", "capital", "person", 1, "北京市妇联", False, ""),
    ("capital-family", "首都最美家庭", "capital", "family", 1, "北京市妇联", False, ""),
]


def seed(apps, schema_editor):
    AwardType = apps.get_model("awards", "AwardType")
    made = {}
    for order, (code, name, level, kind, cycle, by, model, _below) in enumerate(TYPES, start=1):
        made[code], _ = AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "level": level,
                "recipient_kind": kind,
                "cycle_years": cycle,
                "conferred_by": by,
                "model_worker": model,
                "order": order * 10,
            },
        )
    for code, *_rest, below in TYPES:
        if below:
            AwardType.objects.filter(code=code).update(below=made[below])


def unseed(apps, schema_editor):
    apps.get_model("awards", "AwardType").objects.filter(code__in=[t[0] for t in TYPES]).delete()


class Migration(migrations.Migration):
    reference_data = True  # put back after a flush by core.testing.seeds.reseed
    dependencies = [("awards", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
