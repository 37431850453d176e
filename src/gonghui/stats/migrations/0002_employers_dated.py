"""Employers' figures are counted from their dated periods (orgs 0006, rule R1) instead of the undated bucket:
the rollups are rebuilt by the next fold."""

from django.db import migrations


def recompute_due(apps, schema_editor):
    StatState = apps.get_model("stats", "StatState")
    StatState.objects.update_or_create(pk=1, defaults={"recompute_due": True})


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_initial"),
        ("orgs", "0006_employer_periods"),
    ]

    operations = [migrations.RunPython(recompute_due, migrations.RunPython.noop)]
