"""The elections part's pages, mounted under /governance/ by urls.py."""

from django.urls import path

from . import elections_views as views

urlpatterns: list = [
    path("elections/", views.index, name="elections"),
    path("elections/new/", views.new, name="election_new"),
    path("elections/<int:pk>/", views.detail, name="election"),
    path("elections/<int:pk>/open/", views.open_vote, name="election_open"),
    path("elections/<int:pk>/attendance/", views.attendance, name="election_attendance"),
    path("elections/<int:pk>/tally/", views.tally, name="election_tally"),
    path("elections/<int:pk>/sign/", views.sign, name="election_sign"),
    path("elections/<int:pk>/submit/", views.submit, name="election_submit"),
    path("elections/<int:pk>/decide/", views.decide, name="election_decide"),
]
