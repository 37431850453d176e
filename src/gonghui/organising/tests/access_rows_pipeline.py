"""The pipeline part's rows of the access matrix."""


def page_rows(world) -> dict:
    return {}


def api_rows(world) -> list:
    return []


def api_records(world) -> dict[str, int]:
    return {}
