"""Fixtures of the sign-in security tests."""

import datetime as dt

import pytest

# A Monday morning, Beijing time; every test that moves the clock starts here, whatever today's date is.
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def clock(time_machine):
    """Time frozen at START (request it before `world`, so that the world is built then too)."""
    time_machine.move_to(START, tick=False)
    return time_machine
