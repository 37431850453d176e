from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.enrol, name="enrol"),
    path("applications/", views.applications, name="applications"),
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/<int:pk>/<str:action>/", views.transfer_action, name="transfer_action"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/<str:action>/", views.action, name="action"),
]
