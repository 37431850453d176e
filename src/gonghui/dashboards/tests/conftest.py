"""Every test here runs at the day GONGHUI_TEST_DAY names, when it is set (core.testing.clock)."""

import pytest


@pytest.fixture(autouse=True)
def _pinned(pinned_day):
    return pinned_day
