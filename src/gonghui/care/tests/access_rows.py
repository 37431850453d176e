"""This app's rows of the access matrix (core/tests/test_access.py): each page and API operation, in scope and
out of scope."""


def page_rows(world) -> dict:
    """{url name: (method, kwargs in scope, kwargs out of scope or None, username in scope)}"""
    return {}


def api_rows(world) -> list:
    """[(method, path in scope, path out of scope or None, body, username in scope[, body out of scope])]"""
    return []
