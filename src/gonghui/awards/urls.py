from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.record, name="record"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]

# the model-worker registry, its teams, and honours entered from a 名单 (registry_views.py, rule A6)
from . import registry_views  # noqa: E402

urlpatterns += [
    path("lists/new/", registry_views.list_upload, name="list_upload"),
    path("lists/<int:pk>/", registry_views.list_preview, name="list_preview"),
    path("lists/<int:pk>/apply/", registry_views.list_apply, name="list_apply"),
    path("model-workers/", registry_views.workers, name="workers"),
    path("model-workers/<int:pk>/", registry_views.worker, name="worker"),
    path("model-workers/<int:pk>/edit/", registry_views.worker_edit, name="worker_edit"),
    path("model-workers/<int:pk>/visit/", registry_views.visit_new, name="visit_new"),
    path("teams/", registry_views.teams, name="teams"),
    path("teams/new/", registry_views.team_new, name="team_new"),
    path("teams/<int:pk>/", registry_views.team, name="team"),
    path("teams/<int:pk>/join/", registry_views.team_join, name="team_join"),
    path("people/<int:pk>/", registry_views.person, name="person"),
]
