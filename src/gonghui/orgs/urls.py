from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("search/", views.search, name="search"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/children/", views.children, name="children"),
    path("<int:org_id>/history/", views.history, name="history"),
    path("<int:org_id>/new/", views.create, name="create"),
    path("<int:org_id>/edit/", views.edit, name="edit"),
    path("<int:org_id>/move/", views.move, name="move"),
    path("<int:org_id>/dissolve/", views.dissolve, name="dissolve"),
    path("<int:org_id>/export.xlsx", views.export, name="export"),
    path("<int:org_id>/employers/", views.employers, name="employers"),
    path("<int:org_id>/employers/new/", views.employer_new, name="employer_new"),
    path("employers/<int:employer_id>/", views.employer, name="employer"),
    path("<int:org_id>/places/", views.places, name="places"),
    path("<int:org_id>/places/new/", views.place_new, name="place_new"),
]
