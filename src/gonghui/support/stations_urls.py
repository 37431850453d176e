"""The stations part's pages, mounted under /services/ by urls.py."""

from django.urls import path

from . import stations_views as views

urlpatterns: list = [
    path("providers/", views.providers, name="providers"),
    path("providers/new/", views.provider_new, name="provider_new"),
    path("providers/<int:pk>/", views.provider, name="provider"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider_edit"),
    path("providers/<int:pk>/retire/", views.provider_retire, name="provider_retire"),
    path("providers/<int:pk>/pairings/", views.pairing_new, name="pairing_new"),
    path("pairings/<int:pk>/shifts/", views.shift_add, name="shift_add"),
    path("pairings/<int:pk>/pattern/", views.shift_pattern, name="shift_pattern"),
    path("shifts/<int:pk>/remove/", views.shift_remove, name="shift_remove"),
    path("stations/<int:pk>/", views.station, name="station"),
    path("consultations/", views.consultations, name="consultations"),
    path("consultations/new/", views.consultation_new, name="consultation_new"),
    path("consultations/<int:pk>/", views.consultation, name="consultation"),
    path("screenings/", views.screenings, name="screenings"),
    path("screenings/new/", views.screening_new, name="screening_new"),
    path("screenings/<int:pk>/", views.screening, name="screening"),
    path("screenings/<int:pk>/risks/", views.risk_add, name="risk_add"),
    path("screenings/<int:pk>/risks/<int:risk>/follow-up/", views.risk_follow_up, name="risk_follow_up"),
]
