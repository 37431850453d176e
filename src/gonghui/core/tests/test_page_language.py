"""No English word reaches a page (CONVENTIONS "Pages"): every GET page of the access matrix, as the user in
scope and as the auditor (who meets the 404 page on most of them), shows Chinese text only, outside a short list
of codes and names that are written in Latin letters in Chinese offices too."""

import re

import pytest

from .pages import get_pages, is_html, read, sign_in

pytestmark = pytest.mark.django_db

ALLOWED = {
    "Gonghui",  # the product's name beside 工会 in the navbar
    # units, formats and codes a cadre reads as they are
    "Excel",
    "xlsx",
    "CSV",
    "PDF",
    "QR",
    "SMS",
    "ID",
    "IP",
    "API",
    "URL",
    "SVG",
    "JPG",
    "PNG",
    "WebP",
    "KB",
    "MB",
    "Word",  # 事迹材料 as PDF、Word（DOCX）、JPG 或 PNG (awards' attachments)
    "DOCX",
    "SHA",  # SHA-256, the roster file's fingerprint
    "Ctrl",  # the key to hold for several choices
    # authenticator apps named on the two-factor page, as their makers spell them
    "TOTP",
    "FreeOTP",
    "Microsoft",
    "Authenticator",
}
# the test world's accounts are named in Latin letters (their full name is their username), the matrix names its
# tokens and jobs "matrix", uploaded rosters and attachments keep their file names, and a join code's address is
# shown to copy
DATA = re.compile(r"https?://\S+|\S+\.(?:xlsx|xls|csv|svg|pdf|docx|jpe?g|png)\b")
LATIN = re.compile(r"[A-Za-z]{2,}")


def english_words(html: str, names: tuple[str, ...] = ()) -> set[str]:
    text = DATA.sub(" ", " \n ".join(read(html).words))
    if names:
        text = re.sub(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", " ", text)
    return {w for w in LATIN.findall(text) if w not in ALLOWED}


def test_the_check_finds_a_framework_default():
    html = '<select><option value="">- Select an option -</option></select><button>筛选</button>'
    assert english_words(html) == {"Select", "an", "option"}
    hidden = '<code>ghp_x</code><script>var x = "Submit";</script><input type="hidden" value="Next"><a href="/x" class="btn">返回</a>'
    assert english_words(hidden) == set()
    shown = (
        '<input placeholder="Search"><input type="submit" value="Submit"><span aria-label="Close">×</span>'
    )
    assert english_words(shown) == {"Search", "Submit", "Close"}


def test_no_english_words_on_any_page(client, world):
    from gonghui.accounts.models import User

    found = []
    pages = get_pages(world)
    names = (*User.objects.values_list("username", flat=True), "matrix")
    for who in ("owner", "auditor"):
        for name, url, owner in pages:
            sign_in(client, owner if who == "owner" else "auditor")
            response = client.get(url)
            if not is_html(response) or response.status_code not in (200, 404):
                continue
            words = english_words(response.content.decode(), names)
            if words:
                found.append(
                    f"{name} as {owner if who == 'owner' else 'auditor'} ({response.status_code}): {sorted(words)}"
                )
    assert not found, "\n".join(found)
