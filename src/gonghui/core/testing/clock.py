"""Tests at a pinned day: `GONGHUI_TEST_DAY=2028-02-29 uv run pytest src/gonghui/stats src/gonghui/dashboards` runs
those modules with the clock stopped at noon (Beijing) on that day, so the figures are checked on the days where a
month's half, its end and a leap day change how they are read. `.ci/run` runs the days of issue 15."""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine


@pytest.fixture
def pinned_day():
    day = os.environ.get("GONGHUI_TEST_DAY")
    if not day:
        yield None
        return
    moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(12), tzinfo=ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=False):
        yield dt.date.fromisoformat(day)
