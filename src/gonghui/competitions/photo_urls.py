from django.urls import path

from . import photo_views

urlpatterns = [
    path("<int:pk>/photo/<int:stage_id>/", photo_views.photo_page, name="photo"),
    path(
        "<int:pk>/photo/<int:stage_id>/entry/<int:submission_id>.img",
        photo_views.photo_image,
        name="photo_image",
    ),
]
