"""Top-level URLs: every module's pages under its prefix and its worker pages at the root (core.modules), and the
API under /api/. Error pages: 403 and 404 in Chinese with the navigation (core.views); 500 is templates/500.html,
rendered by Django without context processors, so it shows even when the database does not answer."""

from django.urls import include, path

from gonghui.api import api
from gonghui.core.modules import registered


def build() -> list:
    return [
        *(path(c.urls[0], include(c.urls[1])) for _, c in registered() if c.urls),
        *(path("", include(c.public_urls)) for _, c in registered() if c.public_urls),
        path("api/", api.urls),
    ]


urlpatterns = build()
handler403 = "gonghui.core.views.permission_denied"
handler404 = "gonghui.core.views.page_not_found"
