"""The member's phone pages of the photo contests (rule C7), at the site root under /me/ (signed in by SMS)."""

from django.urls import path

from . import photo_views

urlpatterns = [
    path("me/contests/", photo_views.me_contests, name="contests_me"),
    path("me/contests/<int:stage_id>/", photo_views.me_contest, name="contest_me"),
    path("me/contests/entry/<int:submission_id>/", photo_views.me_entry, name="contest_entry_me"),
    path("me/contests/entry/<int:submission_id>.img", photo_views.me_entry_image, name="contest_image_me"),
]
