"""The pipeline part's demo records (idempotent)."""


def load() -> str:
    return ""
