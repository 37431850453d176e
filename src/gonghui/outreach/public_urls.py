"""The worker's pages: short URLs at the site root, outside the staff area (mounted by core.modules)."""

from django.urls import path

from . import views

urlpatterns = [
    path("j/<str:token>/", views.join, name="join"),
    path("j/<str:token>/phone/", views.join_phone, name="join_phone"),
    path("j/<str:token>/form/", views.join_form, name="join_form"),
    path("j/<str:token>/transfer/", views.join_transfer, name="join_transfer"),
    path("j/<str:token>/done/", views.join_done, name="join_done"),
    path("me/", views.me_card, name="me_card"),
    path("me/login/", views.me_login, name="me_login"),
    path("me/logout/", views.me_logout, name="me_logout"),
    path("me/demo-sms/", views.demo_sms, name="demo_sms"),
]
