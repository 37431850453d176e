"""This module's rows of the access matrix (core/tests/test_access.py): each part declares its own
(`access_rows_<part>.py`); 东湖 is in 朝阳's subtree, 大栅栏 in 西城's."""

from . import access_rows_congresses, access_rows_elections, access_rows_evaluations, access_rows_plans

PARTS = (access_rows_congresses, access_rows_elections, access_rows_plans, access_rows_evaluations)


def page_rows(world) -> dict:
    rows = {
        "governance:index": ("GET", {}, None, "chaoyang"),
        "governance:committee": (
            "GET",
            {"org_id": world.donghu.pk},
            {"org_id": world.dashilan.pk},
            "chaoyang",
        ),
    }
    for part in PARTS:
        rows.update(part.page_rows(world))
    return rows


def api_rows(world) -> list:
    summary = "/api/governance/summary?org={}&year=2026"
    return [
        ("GET", summary.format(world.donghu.pk), summary.format(world.dashilan.pk), None, "chaoyang"),
        *(row for part in PARTS for row in part.api_rows(world)),
    ]


def api_records(world) -> dict[str, int]:
    found: dict[str, int] = {}
    for part in PARTS:
        found |= part.api_records(world)
    return found
