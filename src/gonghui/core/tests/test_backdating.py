"""The back-dating window (issue 16 §4): inside it no reason; beyond it a reason; never a future day."""

import datetime as dt

import pytest

from gonghui.core import backdating
from gonghui.core.errors import DomainError

TODAY = dt.date(2026, 6, 20)


def test_inside_the_window_needs_no_reason(settings):
    settings.GONGHUI_BACKDATE_DAYS = 30
    assert backdating.check_happened_on(dt.date(2026, 5, 21), today=TODAY) == ""
    assert backdating.check_happened_on(TODAY, today=TODAY) == ""


def test_beyond_the_window_asks_for_a_reason_beside_its_field(settings):
    settings.GONGHUI_BACKDATE_DAYS = 30
    with pytest.raises(DomainError) as err:
        backdating.check_happened_on(dt.date(2026, 5, 20), today=TODAY)
    assert "补录原因" in err.value.message and "2026-05-21" in err.value.message
    assert "backdate_reason" in err.value.fields
    assert backdating.check_happened_on(dt.date(2026, 5, 20), reason=" 纸质签到表补录 ", today=TODAY) == (
        "纸质签到表补录"
    )


def test_a_future_day_is_refused(settings):
    with pytest.raises(DomainError) as err:
        backdating.check_happened_on(dt.date(2026, 6, 21), reason="任何原因", today=TODAY, label="发放日期")
    assert err.value.fields == {"happened_on": "发放日期不能晚于今天"}
