"""Reference data after a flush. Transactional tests (the browser's) empty every table between tests, which also
removes what data migrations wrote: the built-in roles, activity kinds, the supplies catalogue, award types. A
migration that writes such data says `reference_data = True`; `reseed()` runs the forward functions of each of
them again, in migration order, with the current models (each is idempotent: get_or_create, update_or_create)."""

from django.apps import apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython


def reference_migrations() -> list:
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    order: dict = {}
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            order.setdefault(key, None)
    return [
        loader.graph.nodes[key] for key in order if getattr(loader.graph.nodes[key], "reference_data", False)
    ]


def reseed() -> None:
    for migration in reference_migrations():
        for operation in migration.operations:
            if isinstance(operation, RunPython):
                operation.code(apps, None)
