"""The pipeline part's pages (mounted by urls.py under /organising/)."""

from django.urls import path

from . import pipeline_views as views

urlpatterns: list = [
    path("targets/", views.targets, name="targets"),
    path("targets/new/", views.target_new, name="target_new"),
    path("targets/<int:pk>/", views.target, name="target"),
    path("targets/<int:pk>/edit/", views.target_edit, name="target_edit"),
    path("targets/<int:pk>/visits/", views.target_visit, name="target_visit"),
    path("worklist/", views.worklist, name="worklist"),
    path("board/", views.board, name="board"),
    path("events/", views.events, name="events"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event, name="event"),
    path("events/<int:pk>/contacts/", views.event_contact, name="event_contact"),
    path("events/<int:pk>/opinions/", views.event_opinion, name="event_opinion"),
    path("opinions/", views.opinions, name="opinions"),
    path("opinions/new/", views.opinion_new, name="opinion_new"),
    path("opinions/<int:pk>/answer/", views.opinion_answer, name="opinion_answer"),
]
