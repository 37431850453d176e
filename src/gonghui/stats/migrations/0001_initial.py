"""The statistics models, taken over from the dashboards app with their tables as they are (no database change):
the dashboards migrations 0001-0004 created them."""

import django.db.models.deletion
from django.db import migrations, models

import gonghui.core.paths


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("dashboards", "0004_no_fk_checks_on_rollups"),
        ("members", "0006_membershipevent_leave_reason"),
        ("orgs", "0005_employer_employer_one_per_base_union"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="RollupNode",
                    fields=[
                        (
                            "org",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                primary_key=True,
                                related_name="+",
                                serialize=False,
                                to="orgs.org",
                            ),
                        ),
                        ("path", gonghui.core.paths.PathField(max_length=255, unique=True)),
                    ],
                    options={
                        "db_table": "dashboards_rollupnode",
                    },
                ),
                migrations.CreateModel(
                    name="StatState",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("recompute_due", models.BooleanField(default=True)),
                        ("monthly_from", models.DateField(blank=True, null=True)),
                        ("folded_at", models.DateTimeField(blank=True, null=True)),
                        ("recomputed_at", models.DateTimeField(blank=True, null=True)),
                        ("recompute_seconds", models.FloatField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "dashboards_statstate",
                    },
                ),
                migrations.CreateModel(
                    name="Delta",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True, serialize=False)),
                        ("month", models.DateField()),
                        ("key", models.CharField(max_length=48)),
                        ("value", models.BigIntegerField()),
                        (
                            "org",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="orgs.org",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "dashboards_delta",
                    },
                ),
                migrations.CreateModel(
                    name="Rollup",
                    fields=[
                        ("id", models.BigAutoField(primary_key=True, serialize=False)),
                        ("month", models.DateField()),
                        ("key", models.CharField(max_length=48)),
                        ("value", models.BigIntegerField()),
                        (
                            "node",
                            models.ForeignKey(
                                db_constraint=False,
                                db_index=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="orgs.org",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "dashboards_rollup",
                        "constraints": [
                            models.UniqueConstraint(fields=("node", "month", "key"), name="rollup_unique")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Span",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("org_path", gonghui.core.paths.PathField(editable=False, max_length=255)),
                        ("started_on", models.DateField()),
                        ("ended_on", models.DateField(blank=True, null=True)),
                        (
                            "start_kind",
                            models.CharField(
                                choices=[("join", "入会"), ("transfer", "转入"), ("return", "恢复会籍")],
                                max_length=12,
                            ),
                        ),
                        (
                            "end_kind",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("transfer", "转出"),
                                    ("voluntary", "本人申请退会"),
                                    ("lapsed", "连续六个月未缴会费"),
                                    ("deceased", "去世"),
                                    ("other", "其他"),
                                    ("expelled", "除名"),
                                ],
                                max_length=12,
                            ),
                        ),
                        ("channel", models.CharField(max_length=16)),
                        ("gender", models.CharField(max_length=1)),
                        ("is_migrant", models.BooleanField()),
                        ("is_new_form", models.BooleanField()),
                        ("priority_group", models.CharField(blank=True, max_length=16)),
                        ("skill_level", models.CharField(blank=True, max_length=20)),
                        ("birth_decade", models.PositiveSmallIntegerField(blank=True, null=True)),
                        (
                            "membership",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="members.membership",
                            ),
                        ),
                        (
                            "org",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="orgs.org",
                                verbose_name="所属组织",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                db_index=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="members.person",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "dashboards_span",
                        "indexes": [
                            models.Index(fields=["person"], name="span_person_idx"),
                            models.Index(fields=["started_on"], name="span_start_idx"),
                            models.Index(fields=["ended_on"], name="span_end_idx"),
                            models.Index(fields=["org_path", "started_on"], name="span_scope_start_idx"),
                            models.Index(fields=["org_path", "ended_on"], name="span_scope_end_idx"),
                        ],
                    },
                ),
            ],
        )
    ]
