"""A signed-in user never meets a link that leads to their own 404: for each role of the test world, every
internal link on the matrix's pages that the role may open answers something other than 404."""

import pytest

from .pages import ROLES, get_pages, internal_links, is_html, read, sign_in

pytestmark = pytest.mark.django_db


def dead_links(client, username: str, pages) -> list[str]:
    sign_in(client, username)
    links: dict[str, str] = {}
    for name, url, _ in pages:
        response = client.get(url)
        if response.status_code != 200 or not is_html(response):
            continue
        for link in internal_links(url, read(response.content.decode()).links):
            links.setdefault(link, name)
    return [
        f"{username}: {link} (linked from {source}) → 404"
        for link, source in sorted(links.items())
        if client.get(link).status_code == 404
    ]


@pytest.mark.parametrize("username", ROLES)
def test_no_link_leads_to_a_404(client, world, username):
    dead = dead_links(client, username, get_pages(world))
    assert not dead, "\n".join(dead)


def test_which_links_are_followed():
    hrefs = [
        "/orgs/3/",
        "?page=2",
        "children/#top",
        "/api/orgs/",
        "/orgs/3/export.xlsx",
        "/jobs/1/download/",
        "/accounts/logout/",
        "https://example.org/",
        "//cdn.example.org/x",
        "mailto:a@b.cn",
        "/static/x.css",
    ]
    assert internal_links("/orgs/3/", hrefs) == {"/orgs/3/", "/orgs/3/?page=2", "/orgs/3/children/"}
