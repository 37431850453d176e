"""The requests part's pages, mounted under /services/ by urls.py."""

from django.urls import path

from . import requests_views as views

urlpatterns = [
    path("requests/", views.requests_index, name="requests"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/photo/<int:n>/", views.request_photo, name="request_photo"),
]
