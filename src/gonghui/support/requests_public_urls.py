"""The member's phone pages of the requests (V4), at the site root under /me/ (signed in by SMS)."""

from django.urls import path

from . import requests_views as views

urlpatterns = [
    path("me/requests/", views.me_requests, name="me_requests"),
    path("me/requests/new/", views.me_request_new, name="me_request_new"),
    path("me/requests/<int:pk>/", views.me_request, name="me_request"),
    path("me/requests/<int:pk>/photo/<int:n>/", views.me_request_photo, name="me_request_photo"),
]
