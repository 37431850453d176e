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
    path("codes/<int:pk>/backfill/", views.join_backfill, name="backfill"),
    path("joins/<int:pk>/gift/", views.gift, name="gift"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_scanned, name="verify_scanned"),
]
