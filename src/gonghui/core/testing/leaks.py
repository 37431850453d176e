"""Watching the test suite for personal data shown in full (DOMAIN I3).

Every page and API response (the middleware below, installed by the test settings), every log line and
every export file a job writes is collected while a test runs; the suite's autouse fixture then fails the
test if any of them holds a full resident ID number or mobile number. Responses that show one in full on
purpose (the audited reveal and full export) mark themselves and are left out.

One exemption more, and only this one: a refused form gives the person back what they typed (issue 16 §3), so a
number that was in the POST body of this very request and comes back as the `value` of an `<input>` is their
own typing, not a leak (`without_echoes`). The same number anywhere else on the page, another number in an
input, or any number on a page opened by GET still counts.
"""

import html
import io
import logging
import re
import threading
import zipfile

from stdnum.cn import ric

FULL_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
# Digits after a decimal point are a fraction (a date and time in a sheet's XML is 46214.1464497769…), not a mobile.
FULL_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?<!\d\.)1[3-9]\d{9}(?![0-9A-Za-z])")

_lock = threading.Lock()
_seen: list[tuple[str, str]] = []
# Values a test has planted that have no shape of their own (a household's income, a diagnosis): each counts as a
# leak wherever it shows, like a full ID number (`watch`).
_watched: set[str] = set()


def _looks_real(number: str) -> bool:
    """A valid check digit and a real birth date: wider than `ric.is_valid`, which also wants the county to
    have existed in the birth year, and the register accepts numbers without that (decision 0003)."""
    try:
        ric.get_birth_date(number)
    except ValueError:  # stdnum's ValidationError is a ValueError
        return False
    return ric.calc_check_digit(number) == number[-1].upper()


def find_leaks(text: str) -> list[str]:
    """Full resident ID numbers (valid check digit) and mobile numbers in `text`."""
    found = [m.group() for m in FULL_ID.finditer(text) if _looks_real(m.group())]
    found += FULL_MOBILE.findall(text)
    with _lock:
        watched = sorted(_watched)
    found += [value for value in watched if value in text]
    return found


def watch(*values: str) -> None:
    """Count these exact texts as personal data for the rest of the test (V3: a household's income, written as
    the pages would write it). Pick values that cannot occur by chance ("83,517.29", not "100")."""
    with _lock:
        _watched.update(v for v in values if v)


def readable(content: bytes) -> str:
    """The text of a response or file: .xlsx (a zip of XML) is opened, anything else decoded."""
    if content[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                return "\n".join(
                    z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml")
                )
        except zipfile.BadZipFile:
            pass
    return content.decode("utf-8", "replace")


def collect(where: str, content: bytes | str) -> None:
    text = content if isinstance(content, str) else readable(content)
    with _lock:
        _seen.append((where, text))


def reset() -> None:
    with _lock:
        _seen.clear()


def unwatch() -> None:
    with _lock:
        _watched.clear()


def collected() -> list[tuple[str, str]]:
    with _lock:
        return list(_seen)


def leaks() -> list[str]:
    return [f"{where}: {', '.join(found)}" for where, text in collected() if (found := find_leaks(text))]


INPUT_VALUE = re.compile(r"""(<input\b[^>]*?\bvalue=)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)


def without_echoes(text: str, posted: set[str]) -> str:
    """`text` with the `<input value>`s that hold exactly a value of this request's POST body emptied."""
    if not posted:
        return text

    def empty(m: re.Match) -> str:
        return m.group(1) + '""' if html.unescape(m.group(3)).strip() in posted else m.group(0)

    return INPUT_VALUE.sub(empty, text)


def posted_values(request) -> set[str]:
    if request.method != "POST":
        return set()
    try:
        lists = list(request.POST.lists())
    except Exception:  # a body the view read as a stream: nothing typed into a form
        return set()
    return {v.strip() for _, values in lists for v in values if v.strip()}


class LeakWatchMiddleware:
    """Test settings only: hand every response body to the collector (streamed files included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(response, "gonghui_reveals", False) or getattr(request, "gonghui_reveals", False):
            return response
        where = f"{request.method} {request.get_full_path()} → {response.status_code}"
        if getattr(response, "streaming", False):
            chunks = [bytes(c) for c in response.streaming_content]
            response.streaming_content = iter(chunks)
            collect(where, b"".join(chunks))
        elif response.get("Content-Type", "").startswith("text/html"):
            collect(where, without_echoes(readable(response.content), posted_values(request)))
        else:
            collect(where, response.content)
        return response


class LeakWatchHandler(logging.Handler):
    """Every log record, formatted as it would be written."""

    def emit(self, record: logging.LogRecord) -> None:
        collect(f"log {record.name}", self.format(record))
