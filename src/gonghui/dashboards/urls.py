from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:org_id>/", views.dashboard, name="org"),
    path("<int:org_id>/yearbook.xlsx", views.yearbook, name="yearbook"),
]
