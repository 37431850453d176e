"""Core's pages: the home page, the audit log, health, and background jobs."""

from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit"),
    path("healthz", views.healthz, name="healthz"),
    path("jobs/<int:job_id>/", views.job_detail, name="job"),
    path("jobs/<int:job_id>/download/", views.job_download, name="job_download"),
]
