"""The volunteers part's pages, mounted under /services/ by urls.py."""

from django.urls import path

from . import volunteers_views as views

urlpatterns: list = [
    path("teams/", views.teams, name="teams"),
    path("teams/new/", views.team_new, name="team_new"),
    path("teams/<int:pk>/", views.team, name="team"),
    path("teams/<int:pk>/edit/", views.team_edit, name="team_edit"),
    path("teams/<int:pk>/members/", views.member_add, name="team_member_add"),
    path("teams/<int:pk>/members/<int:member>/leave/", views.member_leave, name="team_member_leave"),
    path("teams/<int:pk>/events/new/", views.event_new, name="event_new"),
    path("volunteer-events/", views.events, name="events"),
    path("volunteer-events/<int:pk>/", views.event, name="event"),
    path("volunteer-events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("volunteer-events/<int:pk>/void/", views.event_void, name="event_void"),
]
