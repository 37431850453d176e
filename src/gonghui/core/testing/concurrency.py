"""Races for tests: calls released at once by a barrier, each in a thread with its own database connection.
Only PostgreSQL can run them: the SQLite test database lives in memory and is private to one connection."""

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from django.db import connection, connections

from gonghui.core.errors import DomainError


def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: the SQLite test database lives in memory and is private to one connection"
        )


def race(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls at once, each in its own thread and connection; returns, in no particular order, what each
    returned or the exception it raised (for the caller's assertion to show)."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            result = call()
        except Exception as exc:  # reported by the caller's assertion
            result = exc
        finally:
            connections.close_all()
        with lock:
            results.append(result)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def in_parallel(calls: list[Callable[[], object]], refusal: str) -> Counter[str]:
    """Run the calls at once and count the outcomes: "ok", "refused" (a DomainError whose message holds
    `refusal`), or the repr of any other error, which the caller's assertion then shows."""

    def outcome(result: object) -> str:
        if not isinstance(result, Exception):
            return "ok"
        if isinstance(result, DomainError) and refusal in result.message:
            return "refused"
        return repr(result)

    return Counter(outcome(r) for r in race(calls))
