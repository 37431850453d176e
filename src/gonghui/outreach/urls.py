from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.index, name="index"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("codes/new/", views.code_new, name="code_new"),
    path("codes/<int:pk>/", views.code_detail, name="code"),
    path("codes/<int:pk>/qr.svg", views.code_qr, name="code_qr"),
    path("codes/<int:pk>/close/", views.code_close, name="code_close"),
    path("joins/<int:pk>/gift/", views.gift, name="gift"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_scanned, name="verify_scanned"),
]

# The worker's pages: short URLs, outside the staff area.
public_patterns = [
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
