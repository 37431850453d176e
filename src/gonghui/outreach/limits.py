"""Rate limits and the human check for the public pages (join, SMS, member sign-in).

The counting is core's (`core/ratelimit.py`); the rules and the human check are the join pages' own.
"""

import secrets

from django.core.cache import cache

from gonghui.core.audit import client_ip
from gonghui.core.errors import DomainError
from gonghui.core.ratelimit import count, hit  # noqa: F401  (hit: the pages' one call)

# (limit, window in seconds)
SMS_PER_MOBILE = (1, 60)
SMS_PER_MOBILE_DAY = (10, 24 * 3600)
# Per address: generous, because at a stall many workers share the venue's Wi-Fi or a carrier's NAT; the limits per
# mobile number are what stops a number being flooded.
SMS_PER_ADDRESS = (200, 3600)
# Wrong SMS codes from one address before a human check: a few typos at a busy stall (one Wi-Fi, many workers)
# should not put everyone behind the question; a script guessing codes meets it soon.
FAILURES_BEFORE_CHECK = 5
FAILURE_WINDOW = 30 * 60
# Wrong SMS codes a day, whatever the number of codes sent: one mobile gets a few typos on each of its codes;
# one address (a stall's Wi-Fi) gets room for its crowd, not for a script.
GUESSES_PER_MOBILE_DAY = 20
GUESSES_PER_ADDRESS_DAY = 200
DAY = 24 * 3600

NUMBERS = "零一二三四五六七八九十"


def failed(address: str) -> None:
    """Remember a failure (a wrong or expired SMS code) from this address."""
    count(f"rl:fail:{address}", FAILURE_WINDOW)


def guesses_allowed(*, address: str, mobile_hash: str) -> None:
    """Refuse to look at a code at all once the day's wrong guesses for this mobile or address are used up."""
    if (cache.get(f"rl:guess-mobile:{mobile_hash}") or 0) >= GUESSES_PER_MOBILE_DAY:
        raise DomainError("rate_limited", "该手机号今天验证码错误次数过多，请明天再试")
    if (cache.get(f"rl:guess-address:{address}") or 0) >= GUESSES_PER_ADDRESS_DAY:
        raise DomainError("rate_limited", "验证码错误次数过多，请明天再试或联系工会工作人员")


def code_tries(code_id: int) -> int:
    return cache.get(f"rl:code:{code_id}") or 0


def code_tried(code_id: int, ttl) -> int:
    """Count one wrong try of this SMS code; returns the tries so far."""
    return count(f"rl:code:{code_id}", int(ttl.total_seconds()) + 60)


def guessed(*, address: str, mobile_hash: str) -> None:
    """Count one wrong SMS code against the mobile and the address for the day."""
    count(f"rl:guess-mobile:{mobile_hash}", DAY)
    count(f"rl:guess-address:{address}", DAY)


def needs_check(address: str) -> bool:
    return (cache.get(f"rl:fail:{address}") or 0) >= FAILURES_BEFORE_CHECK


def forgive(address: str) -> None:
    cache.delete(f"rl:fail:{address}")


def challenge() -> tuple[str, int]:
    """A question a person answers at a glance, in words (readable by screen readers, unlike a picture)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    return f"{NUMBERS[a]}加{NUMBERS[b]}等于几？（请填写数字）", a + b


def client_address(request) -> str:
    """The worker's address, read as the audit log reads it (core.audit.client_ip: behind a proxy, the header
    GONGHUI_CLIENT_IP_HEADER names)."""
    return client_ip(request) or "unknown"
