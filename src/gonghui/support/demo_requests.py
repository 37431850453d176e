"""The requests part of the services' demo (SCENARIOS / issue 19 §6)."""


def load() -> str:
    return ""
