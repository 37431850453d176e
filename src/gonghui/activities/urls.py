from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.xlsx", views.export, name="export"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/register/", views.register, name="register"),
    path(
        "<int:pk>/registrations/<int:reg>/<str:action>/",
        views.registration_action,
        name="registration_action",
    ),
    path("<int:pk>/checkin/", views.checkin, name="checkin"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/<int:session>/<int:reg>/", views.attendance_mark, name="attendance_mark"),
    path("<int:pk>/completion.xlsx", views.completion, name="completion"),
    path("<int:pk>/reach/", views.reach, name="reach"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/speakers/", views.speaker_add, name="speaker_add"),
    path("<int:pk>/speakers/<int:speaker_id>/remove/", views.speaker_remove, name="speaker_remove"),
    path("<int:pk>/photos/", views.photo_add, name="photo_add"),
    path("<int:pk>/photos/<int:photo_id>/", views.photo, name="photo"),
    path("<int:pk>/photos/<int:photo_id>/remove/", views.photo_remove, name="photo_remove"),
    # activity kinds, managed by the city federation's administrators
    path("kinds/", views.kinds, name="kinds"),
    path("kinds/<int:pk>/", views.kind_edit, name="kind_edit"),
    path("kinds/<int:pk>/<str:action>/", views.kind_action, name="kind_action"),
    # the signed-in member's phone pages
    path("me/", views.me, name="me"),
    path("me/<int:pk>/", views.me_detail, name="me_detail"),
]
