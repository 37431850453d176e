"""Reference data comes back after a flush (core/testing/seeds.py): what the browser tests' world relies on."""

import pytest

from gonghui.activities.models import ActivityKind
from gonghui.awards.models import AwardType
from gonghui.care.models import SupplyItem
from gonghui.core.testing.seeds import reference_migrations, reseed
from gonghui.orgs.models import Role

pytestmark = pytest.mark.django_db
MODELS = (Role, ActivityKind, SupplyItem, AwardType)


def test_reseed_puts_back_every_row_the_data_migrations_wrote():
    before = {m: sorted(m.objects.values_list(*_key(m))) for m in MODELS}
    assert all(before.values())
    for model in reversed(MODELS):
        model.objects.all().delete()
    reseed()
    after = {m: sorted(m.objects.values_list(*_key(m))) for m in MODELS}
    assert after == before
    reseed()  # idempotent
    assert {m: m.objects.count() for m in MODELS} == {m: len(rows) for m, rows in before.items()}


def test_every_migration_that_writes_reference_data_says_so():
    """The house's own seeds are found; a module adds its own (the services' 帮扶专员 role) without editing this."""
    names = {f"{m.app_label}.{m.name}" for m in reference_migrations()}
    assert names >= {
        "orgs.0002_builtin_roles",
        "orgs.0004_separated_administrators",
        "members.0002_member_permissions",
        "activities.0002_kinds",
        "care.0002_catalogue",
        "awards.0002_seed_types",
    }


def _key(model) -> tuple[str, ...]:
    return {
        Role: ("code", "permissions"),
        ActivityKind: ("code",),
        SupplyItem: ("name",),
        AwardType: ("code",),
    }[model]
