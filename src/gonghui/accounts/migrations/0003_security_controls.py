"""等保 sign-in controls: throttling per client address, token expiry, password age.

Existing passwords count from the day this runs (their age is unknown), and existing tokens expire 90 days
after they were made (the default GONGHUI_TOKEN_MAX_AGE_DAYS, written out so the migration never changes).
"""

import datetime as dt

from django.db import migrations, models
from django.db.models import F
from django.utils import timezone


def start_the_clocks(apps, schema_editor):
    apps.get_model("accounts", "User").objects.update(password_changed_at=timezone.now())
    apps.get_model("accounts", "ApiToken").objects.update(expires_at=F("created_at") + dt.timedelta(days=90))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="AddressThrottle",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("address", models.GenericIPAddressField(unique=True)),
                ("failures", models.PositiveIntegerField(default=0)),
                ("window_start", models.DateTimeField(blank=True, null=True)),
                ("locked_until", models.DateTimeField(blank=True, null=True)),
            ],
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_at",
            field=models.DateTimeField(null=True, verbose_name="有效期至"),
        ),
        migrations.AddField(
            model_name="user",
            name="password_changed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="密码修改时间"),
        ),
        migrations.RunPython(start_the_clocks, migrations.RunPython.noop),
    ]
