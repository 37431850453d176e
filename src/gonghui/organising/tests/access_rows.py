"""This module's rows of the access matrix (core/tests/test_access.py): each part declares its own
(`access_rows_<part>.py`); 东湖 is in 朝阳's subtree, 大栅栏 in 西城's."""

from . import access_rows_pipeline, access_rows_registry, access_rows_setup

PARTS = (access_rows_pipeline, access_rows_setup, access_rows_registry)


def page_rows(world) -> dict:
    rows = {"organising:index": ("GET", {}, None, "chaoyang")}
    for part in PARTS:
        rows.update(part.page_rows(world))
    return rows


def api_rows(world) -> list:
    summary = "/api/organising/summary?org={}&year=2026"
    return [
        ("GET", summary.format(world.donghu.pk), summary.format(world.dashilan.pk), None, "chaoyang"),
        *(row for part in PARTS for row in part.api_rows(world)),
    ]


def api_records(world) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in PARTS:
        found |= part.api_records(world)
    return found
