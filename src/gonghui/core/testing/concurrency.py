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


def in_parallel(calls: list[Callable[[], object]], refusal: str) -> Counter[str]:
    """Run the calls at once and count the outcomes: "ok", "refused" (a DomainError whose message holds
    `refusal`), or the repr of any other error, which the caller's assertion then shows."""
    barrier = threading.Barrier(len(calls))
    results: list[str] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            call()
            outcome = "ok"
        except DomainError as exc:
            outcome = "refused" if refusal in exc.message else repr(exc)
        except Exception as exc:  # reported by the caller's assertion
            outcome = repr(exc)
        finally:
            connections.close_all()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Counter(results)
