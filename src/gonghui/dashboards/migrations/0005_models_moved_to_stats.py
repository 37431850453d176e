"""The statistics models moved to the stats app (`gonghui.stats`): only Django's record of them moves; the tables
stay as they are, under their old names (stats migration 0001 takes them over)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0004_no_fk_checks_on_rollups"),
        ("stats", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name="delta",
                    name="org",
                ),
                migrations.RemoveConstraint(
                    model_name="rollup",
                    name="rollup_unique",
                ),
                migrations.RemoveField(
                    model_name="rollupnode",
                    name="org",
                ),
                migrations.RemoveIndex(
                    model_name="span",
                    name="span_person_idx",
                ),
                migrations.RemoveIndex(
                    model_name="span",
                    name="span_start_idx",
                ),
                migrations.RemoveIndex(
                    model_name="span",
                    name="span_end_idx",
                ),
                migrations.RemoveIndex(
                    model_name="span",
                    name="span_scope_start_idx",
                ),
                migrations.RemoveIndex(
                    model_name="span",
                    name="span_scope_end_idx",
                ),
                migrations.DeleteModel(
                    name="StatState",
                ),
                migrations.DeleteModel(
                    name="Delta",
                ),
                migrations.RemoveField(
                    model_name="rollup",
                    name="node",
                ),
                migrations.DeleteModel(
                    name="RollupNode",
                ),
                migrations.RemoveField(
                    model_name="span",
                    name="membership",
                ),
                migrations.RemoveField(
                    model_name="span",
                    name="org",
                ),
                migrations.RemoveField(
                    model_name="span",
                    name="person",
                ),
                migrations.DeleteModel(
                    name="Rollup",
                ),
                migrations.DeleteModel(
                    name="Span",
                ),
            ],
        )
    ]
