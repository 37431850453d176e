"""Walking the pages of the access matrix as a role: what a page shows as text, and where its links lead."""

import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.urls import reverse

from gonghui.core.testing.world import PASSWORD

from .test_access import matrix

ROLES = ["city_admin", "chaoyang", "xicheng", "donghu", "viewer", "auditor", "norole"]
SHOWN_ATTRS = {"placeholder", "title", "aria-label", "alt"}
HIDDEN_TAGS = ("script", "style", "template")
CODE_TAGS = ("code", "kbd", "samp")  # machine codes shown as such: token prefixes, hashes, secrets


def get_pages(world) -> list[tuple[str, str, str | None]]:
    """(url name, address in scope, who is in scope) for every GET row of the matrix."""
    return [
        (name, reverse(name, kwargs=kwargs_in), owner)
        for name, (method, kwargs_in, _, owner) in matrix(world).items()
        if method == "GET"
    ]


def sign_in(client, username: str | None):
    client.logout()
    if username:
        assert client.login(username=username, password=PASSWORD)
    return client


def is_html(response) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


class PageReader(HTMLParser):
    """The words a person sees (text, and the attributes a browser shows or reads aloud) and the page's links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self.links: list[str] = []
        self._hidden: list[str] = []  # open elements whose text is not read as words

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN_TAGS or tag in CODE_TAGS or "font-monospace" in (attrs.get("class") or ""):
            self._hidden.append(tag)
            if tag in HIDDEN_TAGS:
                return
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        self.words += [v for k, v in attrs.items() if k in SHOWN_ATTRS and v]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.words.append(attrs["value"])

    def handle_endtag(self, tag):
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.words.append(data.strip())


def read(html: str) -> PageReader:
    reader = PageReader()
    reader.feed(html)
    return reader


def internal_links(page_url: str, hrefs: list[str]) -> set[str]:
    """Links to this site's pages that a GET may follow: no API, no file downloads, no signing out."""
    out = set()
    for href in hrefs:
        url = urljoin(page_url, href.split("#")[0])
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        path = parts.path
        if (
            path.startswith(("/api/", "/static/", "/media/"))
            or "download" in path
            or "logout" in path
            or re.search(r"\.\w{2,4}$", path)
        ):
            continue
        out.add(path + (f"?{parts.query}" if parts.query else ""))
    return out
