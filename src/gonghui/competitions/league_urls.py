from django.urls import path

from . import league_views

urlpatterns = [
    path("<int:pk>/stages/<int:stage>/league/", league_views.league_page, name="league"),
    path("<int:pk>/stages/<int:stage>/league/start/", league_views.league_start, name="league_start"),
    path("<int:pk>/stages/<int:stage>/league/confirm/", league_views.league_confirm, name="league_confirm"),
    path("<int:pk>/stages/<int:stage>/knockout/", league_views.knockout_page, name="knockout"),
    path("<int:pk>/stages/<int:stage>/knockout/start/", league_views.knockout_start, name="knockout_start"),
    path(
        "<int:pk>/stages/<int:stage>/knockout/confirm/",
        league_views.knockout_confirm,
        name="knockout_confirm",
    ),
    path("<int:pk>/stages/<int:stage>/matches/<int:match>/result/", league_views.result, name="match_result"),
]
