from django.urls import path

from . import heats_urls, judged_urls, league_urls, phone_views, photo_urls, views

app_name = "competitions"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/entrants/", views.entrant_add, name="entrant_add"),
    path("<int:pk>/entrants/import/", views.entrants_import, name="entrants_import"),
    path("<int:pk>/entrants/<int:entrant>/<str:status>/", views.entrant_status, name="entrant_status"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/void/", views.void, name="void"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    # the signed-in member's phone pages
    path("me/", phone_views.me, name="me"),
    path("me/<int:pk>/", phone_views.me_detail, name="me_detail"),
    # each format's pages (judged_urls, league_urls, …) are added below
]
urlpatterns += heats_urls.urlpatterns
urlpatterns += photo_urls.urlpatterns
urlpatterns += judged_urls.urlpatterns
urlpatterns += league_urls.urlpatterns
