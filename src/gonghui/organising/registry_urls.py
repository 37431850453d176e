"""The registry part's pages (mounted by urls.py under /organising/)."""

from django.urls import path

from . import registry_views as views

urlpatterns: list = [
    path("registry/", views.registry, name="registry"),
    path("registry/new/", views.legal_person_new, name="legal_person_new"),
    path("registry/reminders/", views.reminders, name="registry_reminders"),
    path("registry/missing/", views.missing, name="registry_missing"),
    path("registry/<int:pk>/", views.legal_person, name="legal_person"),
    path("registry/<int:pk>/change/", views.legal_person_change, name="legal_person_change"),
    path(
        "registry/<int:pk>/changes/<int:change>/reregister/",
        views.legal_person_reregister,
        name="legal_person_reregister",
    ),
    path("registry/<int:pk>/cancel/", views.legal_person_cancel, name="legal_person_cancel"),
]
