"""Top-level URLs: pages per app, and the API under /api/."""

from django.urls import include, path

from gonghui.api import api
from gonghui.core import views as core_views
from gonghui.outreach.urls import public_patterns as worker_patterns

core_patterns = (
    [
        path("", core_views.home, name="home"),
        path("audit/", core_views.audit_log, name="audit"),
        path("healthz", core_views.healthz, name="healthz"),
        path("jobs/<int:job_id>/", core_views.job_detail, name="job"),
        path("jobs/<int:job_id>/download/", core_views.job_download, name="job_download"),
    ],
    "core",
)

urlpatterns = [
    path("", include(core_patterns)),
    path("accounts/", include("gonghui.accounts.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("members/", include("gonghui.members.urls")),
    path("imports/", include("gonghui.imports.urls")),
    path("outreach/", include("gonghui.outreach.urls")),
    path("stats/", include("gonghui.dashboards.urls")),
    path("activities/", include("gonghui.activities.urls")),
    path("care/", include("gonghui.care.urls")),
    *worker_patterns,
    path("api/", api.urls),
]
