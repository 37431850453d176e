"""Fixtures shared by the whole suite."""

import pytest

from gonghui.core.testing.clock import pinned_day  # noqa: F401  (the statistics tests' pinned day)
from gonghui.core.testing.world import PASSWORD, World, build_world


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def login(client):
    """Sign a test client in as one of the world's users by username."""

    def sign_in(username: str):
        assert client.login(username=username, password=PASSWORD), username
        return client

    return sign_in


@pytest.fixture(autouse=True)
def no_personal_data_leaks(monkeypatch):
    """DOMAIN I3, for every test: no page, API response, log line or default export shows a full ID
    number or mobile. Full views and full exports (audited, on purpose) mark themselves and are left out."""
    import logging

    from gonghui.core import jobs
    from gonghui.core.testing import leaks

    leaks.reset()
    for kind, handler in list(jobs._KINDS.items()):

        def watched(job, progress, handler=handler):
            name, content = handler(job, progress)
            if not job.params.get("full"):
                leaks.collect(f"job {job.kind} {name}", content)
            return name, content

        monkeypatch.setitem(jobs._KINDS, kind, watched)
    handler = leaks.LeakWatchHandler(level=logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    # the root, and the loggers that write on their own without passing records up (django.server …)
    loggers = [logging.getLogger()] + [
        lg
        for lg in logging.root.manager.loggerDict.values()
        if isinstance(lg, logging.Logger) and not lg.propagate
    ]
    for lg in loggers:
        lg.addHandler(handler)
    try:
        yield
    finally:
        for lg in loggers:
            lg.removeHandler(handler)
    found = leaks.leaks()
    leaks.reset()
    leaks.unwatch()
    assert not found, "personal data shown in full:\n" + "\n".join(found)
