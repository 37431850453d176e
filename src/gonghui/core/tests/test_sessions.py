"""A staff session ends after the idle timeout, and while it lives a poll reads the session without writing it."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC)


def _session_writes(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in queries
        if "django_session" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_a_session_ends_after_thirty_idle_minutes_and_activity_keeps_it(login, world):
    with time_machine.travel(START, tick=False) as clock:
        client = login("chaoyang")
        for _ in range(3):  # busy for an hour and a half: a request every 29 minutes keeps it alive
            clock.shift(dt.timedelta(minutes=29))
            assert client.get("/accounts/me/").status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get("/accounts/me/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_polling_within_a_minute_does_not_write_the_session(login, world):
    with time_machine.travel(START, tick=False) as clock:
        client = login("chaoyang")
        clock.shift(dt.timedelta(seconds=61))
        assert _session_writes(client, "/accounts/me/") == 1  # renewed: a minute had passed
        for _ in range(5):
            clock.shift(dt.timedelta(seconds=5))
            assert _session_writes(client, "/accounts/me/") == 0
        clock.shift(dt.timedelta(seconds=60))
        assert _session_writes(client, "/accounts/me/") == 1
