"""Top-level URLs: every module's pages under its prefix and its worker pages at the root (core.modules), and the
API under /api/."""

from django.urls import include, path

from gonghui.api import api
from gonghui.core.modules import registered

urlpatterns = [
    *(path(m.urls[0], include(m.urls[1])) for _, m in registered() if m.urls),
    *(path("", include(m.public_urls)) for _, m in registered() if m.public_urls),
    path("api/", api.urls),
]
