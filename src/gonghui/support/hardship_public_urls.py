"""The member's phone page of hardship aid (V3), at the site root under /me/ (signed in by SMS). The lead mounts
it in public_urls.py."""

from django.urls import path

from . import hardship_phone_views

urlpatterns = [
    path("me/hardship/", hardship_phone_views.me_hardship, name="hardship_me"),
    path(
        "me/hardship/<int:pk>/withdraw/",
        hardship_phone_views.me_hardship_withdraw,
        name="hardship_me_withdraw",
    ),
]
