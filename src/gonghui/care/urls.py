from django.urls import path

from . import views

app_name = "care"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/edit/", views.campaign_edit, name="edit"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("units/<int:pk>/receive/", views.receive, name="receive"),
    path("units/<int:pk>/package/", views.package_new, name="package_new"),
    path("units/<int:pk>/allocate/", views.allocate, name="allocate"),
    path("units/<int:pk>/distribute/", views.distribute, name="distribute"),
    path("units/<int:pk>/ledger.xlsx", views.ledger, name="ledger"),
    path("distributions/<int:pk>/photo/", views.photo, name="photo"),
    path("distributions/<int:pk>/void/", views.distribution_void, name="void"),
]
