from django.urls import path

from . import (
    league_urls,
    views,
)

app_name = "competitions"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/entrants/", views.entrant_add, name="entrant_add"),
    path("<int:pk>/entrants/<int:entrant>/<str:status>/", views.entrant_status, name="entrant_status"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    # each format's pages (judged_urls, league_urls, …) are added below
]
urlpatterns += league_urls.urlpatterns
