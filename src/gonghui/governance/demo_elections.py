"""The elections part of the governance demo (issue 20 §6)."""


def load() -> str:
    return ""
