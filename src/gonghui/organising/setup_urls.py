"""The setup part's pages (mounted by urls.py under /organising/)."""

from django.urls import path

from . import setup_views as views

urlpatterns: list = [
    path("setups/", views.setups, name="setups"),
    path("setups/<int:pk>/", views.setup, name="setup"),
    path("setups/<int:pk>/submit/", views.setup_submit, name="setup_submit"),
    path("setups/<int:pk>/decide/", views.setup_decide, name="setup_decide"),
    path("setups/<int:pk>/found/", views.setup_found, name="setup_found"),
    path("targets/<int:target_id>/setup/", views.setup_new, name="setup_new"),
    path("targets/<int:target_id>/joint/", views.joint_cover, name="joint_cover"),
]
