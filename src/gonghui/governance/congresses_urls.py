"""The congresses part's pages, mounted under /governance/ by urls.py."""

from django.urls import path

from . import congresses_views as views

urlpatterns: list = [
    path("congresses/", views.index, name="congresses"),
    path("congresses/new/", views.new, name="congress_new"),
    path("congresses/<int:pk>/", views.detail, name="congress"),
    path("congresses/<int:pk>/quotas/", views.quota, name="congress_quota"),
    path("congresses/<int:pk>/delegates/", views.delegate, name="congress_delegate"),
    path("congresses/<int:pk>/credentials/", views.credentials, name="congress_credentials"),
    path("congresses/<int:pk>/sittings/", views.sitting, name="congress_sitting"),
    path("congresses/<int:pk>/matters/", views.congress_matter, name="congress_matter"),
    path("congresses/matters/<int:pk>/vote/", views.vote, name="matter_vote"),
    path("congresses/matters/<int:pk>/file/", views.matter_file, name="matter_file"),
    path("plenaries/new/", views.plenary_new, name="plenary_new"),
    path("plenaries/<int:pk>/", views.plenary, name="plenary"),
    path("plenaries/<int:pk>/matters/", views.plenary_matter, name="plenary_matter"),
]
