"""Working days as China counts them: the State Council's holidays and its 调休 working weekends (the
`chinese-calendar` package, decision 0009), and the days a federation declares itself (`CalendarDay`).

Periods counted in working days: a 公示 of 5 working days (DOMAIN §6 A4), a request answered within so many
working days (V4). A year the published calendar does not cover yet counts Monday to Friday plus the federation's
own days, and says so (`covered`), so that a page can warn that the holidays are not yet known.
"""

import datetime as dt
from functools import lru_cache

import chinese_calendar

from .models import CalendarDay

ONE_DAY = dt.timedelta(days=1)


def covered(year: int) -> bool:
    """Whether the State Council's calendar for `year` is known (published and packaged)."""
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=4096)
def _published(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def _declared(start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    return dict(CalendarDay.objects.filter(day__range=(start, end)).values_list("day", "workday"))


def is_workday(day: dt.date) -> bool:
    declared = _declared(day, day)
    return declared[day] if day in declared else _published(day)


def working_days_from(start: dt.date, n: int) -> dt.date:
    """The last day of a period of `n` working days that begins on `start` (counted from it when it is a
    working day, else from the next one). A 公示 of 5 working days from Wednesday 2026-09-30 runs to Monday
    2026-10-12: the National Day holiday is skipped and the 调休 Saturday 10-10 counts."""
    if n < 1:
        raise ValueError("工作日天数至少为1")
    horizon = start + dt.timedelta(days=n * 3 + 60)
    declared = _declared(start, horizon)
    day, counted = start, 0
    while True:
        if day > horizon:  # a federation that declared long breaks: read on
            horizon = day + dt.timedelta(days=n * 3 + 60)
            declared |= _declared(day, horizon)
        if declared[day] if day in declared else _published(day):
            counted += 1
            if counted == n:
                return day
        day += ONE_DAY


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days from `start` to `end`, both included (0 when `end` is before `start`)."""
    if end < start:
        return 0
    declared = _declared(start, end)
    n, day = 0, start
    while day <= end:
        n += declared[day] if day in declared else _published(day)
        day += ONE_DAY
    return n
