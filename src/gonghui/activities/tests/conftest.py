import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

BEIJING = ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 6, 15)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in Beijing time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BEIJING)


@pytest.fixture
def clock():
    """The clock stopped at 10:00 (Beijing) on 15 June 2026; request it before `world` so the world is built on
    that day too. `clock.move_to(at(day, h, m))` moves it."""
    with time_machine.travel(at(TODAY, 10), tick=False) as traveller:
        yield traveller
