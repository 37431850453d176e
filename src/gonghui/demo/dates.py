"""Demo days relative to today: the reports' work (spring and summer 2024) is moved so that it happened lately,
this year, and the summer campaigns are running now. A fresh demo then shows this year's work figures, open
activities for workers to register for and campaigns whose hand-out form can be used.

`reported()` keeps the reports' order: the last reported day (001-6's first stops, 9 July) becomes yesterday and
every earlier day lies as far before it, squeezed into this year when today is too early in the year; days after
it keep their distance from today (a campaign's end). `last_year()` puts a report's day on the same date a year
before today's year, for work that gives this year something to compare with.
"""

import datetime as dt

from django.utils import timezone

# The day after the last day the reports record work on: it becomes today.
REPORTS_SEEN_ON = dt.date(2024, 7, 10)
EARLIEST_REPORTED = dt.date(2024, 5, 16)  # 002-4, the earliest day moved into this year


def reported(original: dt.date, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    if original >= REPORTS_SEEN_ON:
        return today + (original - REPORTS_SEEN_ON)
    before = (REPORTS_SEEN_ON - original).days
    room = (today - dt.date(today.year, 1, 1)).days  # days this year before today
    span = (REPORTS_SEEN_ON - EARLIEST_REPORTED).days
    if room < span:  # early in the year: closer together, and still no later than yesterday when there is one
        before = max(min(1, room), before * room // span)
    return today - dt.timedelta(days=before)


def lasting(start: dt.date, original_start: dt.date, original_end: dt.date) -> dt.date:
    """The end of something that starts on `start` and lasts as long as it did in the report."""
    return start + (original_end - original_start)


def last_year(original: dt.date, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    year = today.year - 1
    return original.replace(year=year) if (original.month, original.day) != (2, 29) else dt.date(year, 2, 28)


def upcoming(days: int, today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(days=days)
