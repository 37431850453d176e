"""When it happened, apart from when it was recorded: the one rule for records entered after the fact.

A join recorded from last week's stall, stock received on Monday and entered on Friday, a hand-out or an
activity typed in from the paper sign-in sheet: each carries the day it happened and is counted on that day.
Recording something that happened up to `GONGHUI_BACKDATE_DAYS` days ago needs nothing more; further back needs a
reason, which the writing service puts on its audit row. A day in the future is refused for what has happened.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .errors import DomainError


def window_days() -> int:
    return settings.GONGHUI_BACKDATE_DAYS


def needs_reason(happened_on: dt.date, *, today: dt.date | None = None) -> bool:
    """Whether a record dated `happened_on` lies further back than the window (so needs a reason)."""
    today = today or timezone.localdate()
    return happened_on < today - dt.timedelta(days=window_days())


def check_happened_on(
    happened_on: dt.date | dt.datetime,
    *,
    reason: str = "",
    today: dt.date | None = None,
    field: str = "happened_on",
    label: str = "发生日期",
    reason_field: str = "backdate_reason",
) -> str:
    """Refuse a future date, and a date beyond the window without a reason; return the reason to audit ("" if
    the date is inside the window). `field`/`reason_field` name the form fields the message belongs beside."""
    today = today or timezone.localdate()
    day = timezone.localtime(happened_on).date() if isinstance(happened_on, dt.datetime) else happened_on
    if day > today:
        raise DomainError("future_date", f"{label}不能晚于今天", fields={field: f"{label}不能晚于今天"})
    if not needs_reason(day, today=today):
        return ""
    reason = (reason or "").strip()
    if not reason:
        days = window_days()
        message = f"{label}早于{days}天前（{today - dt.timedelta(days=days):%Y-%m-%d}），请填写补录原因"
        raise DomainError("backdate_reason", message, fields={reason_field: message})
    return reason
