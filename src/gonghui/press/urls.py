from django.urls import path

from . import views

app_name = "press"

urlpatterns = [
    path("", views.index, name="index"),
    path("read/", views.read, name="read"),
    path("confirm/<slug:kind>/", views.confirm, name="confirm"),
    path("orgs/new/", views.org_new, name="org_new"),
    path("<int:pk>/", views.clipping, name="clipping"),
    path("records/", views.records, name="records"),
    path("summary/", views.summary, name="summary"),
    path("draft/<slug:kind>/<int:pk>/", views.draft, name="draft"),
]
