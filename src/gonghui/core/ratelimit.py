"""Counting uses of the public pages (the join pages, a member's votes, a judge's link) in fixed windows.

Counters live in the cache (Redis in production, GONGHUI_CACHE_URL; the process's memory in the demo): `cache.add`
starts a window, `cache.incr` counts in it, both atomic in Redis. A module keeps its own rules (limit, window in
seconds) beside the pages they guard."""

from django.core.cache import cache

from .errors import DomainError


def count(key: str, window: int) -> int:
    """One more use under `key` in its window; the uses so far, this one included."""
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, window)
        return 1


def hit(scope: str, subject: str, rule: tuple[int, int], message: str) -> None:
    """Count one use of `scope` by `subject`; refuse with `message` over the limit."""
    limit, window = rule
    if count(f"rl:{scope}:{subject}", window) > limit:
        raise DomainError("rate_limited", message)


def over(scope: str, subject: str, rule: tuple[int, int]) -> bool:
    """Whether `subject` has already used `scope` more than the rule allows in the window (without counting)."""
    limit, _window = rule
    return (cache.get(f"rl:{scope}:{subject}") or 0) > limit
