"""The elections part's rows of the access matrix (core/tests/test_access.py)."""


def page_rows(world) -> dict:
    return {}


def api_rows(world) -> list:
    return []


def api_records(world) -> dict[str, int]:
    return {}
