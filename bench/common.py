"""Helpers every benchmark shares: Django set up (and migrated) on the benchmark's database, and plain SQL."""

import time


def setup_django(*, migrate: bool = False) -> None:
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrated ({time.perf_counter() - t:.1f} s)")


def sql(statement: str, params=None, *, fetch: bool = False):
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(statement, params)
        return cur.fetchall() if fetch else cur.rowcount
