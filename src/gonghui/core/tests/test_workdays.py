"""Working days (DOMAIN §6 A4, V4): the State Council's holidays and 调休 weekends, the federation's own days, and
years whose calendar is not published yet."""

import datetime as dt

import pytest

from gonghui.core import workdays
from gonghui.core.models import CalendarDay

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_period_skips_the_national_day_holiday_and_counts_the_working_saturday():
    assert workdays.working_days_from(D(2026, 9, 28), 5) == D(2026, 10, 9)
    assert workdays.working_days_from(D(2026, 9, 30), 5) == D(
        2026, 10, 12
    )  # 9-30, 10-8, 10-9, 10-10 (Sat), 10-12
    assert workdays.is_workday(D(2026, 10, 10)) and not workdays.is_workday(D(2026, 10, 5))
    assert workdays.working_days_between(D(2026, 9, 28), D(2026, 10, 12)) == 7


def test_a_period_that_starts_on_a_holiday_starts_on_the_next_working_day():
    assert workdays.working_days_from(D(2026, 10, 3), 1) == D(2026, 10, 8)


def test_the_federations_own_days_come_first():
    CalendarDay.objects.create(day=D(2026, 9, 29), workday=False, reason="区工会会员代表大会")
    CalendarDay.objects.create(day=D(2026, 10, 11), workday=True, reason="补班")
    assert workdays.working_days_from(D(2026, 9, 28), 5) == D(2026, 10, 10)
    assert workdays.working_days_from(D(2026, 9, 30), 5) == D(2026, 10, 11)


def test_a_year_without_a_published_calendar_counts_monday_to_friday_and_says_so():
    assert workdays.covered(2026)
    assert not workdays.covered(2099)
    assert workdays.working_days_from(D(2099, 1, 2), 5) == D(2099, 1, 8)  # Fri 2nd … Thu 8th


def test_a_period_needs_a_day():
    with pytest.raises(ValueError):
        workdays.working_days_from(D(2026, 1, 5), 0)
