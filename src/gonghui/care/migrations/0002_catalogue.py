"""The campaign kinds and supply items the Beijing reports name (W2; SCENARIOS 001-5, 001-6), as starting data."""

from django.db import migrations

KINDS = ("夏送清凉", "冬送温暖", "金秋助学", "困难帮扶", "节日慰问", "劳模慰问")
ITEMS = (
    ("防晒脖套", "件"),
    ("冰袖", "副"),
    ("防滑手套", "副"),
    ("防晒霜", "支"),
    ("防暑降温茶", "盒"),
    ("急救包", "个"),
    ("西瓜", "斤"),
    ("绿豆汤", "份"),
    ("矿泉水", "箱"),
    ("藿香正气水", "盒"),
    ("棉手套", "副"),
    ("护手霜", "支"),
)


def seed(apps, schema_editor):
    CampaignKind = apps.get_model("care", "CampaignKind")
    SupplyItem = apps.get_model("care", "SupplyItem")
    for order, name in enumerate(KINDS):
        CampaignKind.objects.get_or_create(name=name, defaults={"order": order})
    for name, unit in ITEMS:
        SupplyItem.objects.get_or_create(name=name, defaults={"unit": unit})


class Migration(migrations.Migration):
    reference_data = True  # put back after a flush by core.testing.seeds.reseed
    dependencies = [("care", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
