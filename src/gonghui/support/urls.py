from django.urls import path

from . import cases_urls, hardship_urls, requests_urls, stations_urls, views, volunteers_urls

app_name = "support"

urlpatterns = [
    path("", views.index, name="index"),
    # each part's pages are added below
]
urlpatterns += stations_urls.urlpatterns
urlpatterns += cases_urls.urlpatterns
urlpatterns += volunteers_urls.urlpatterns
urlpatterns += hardship_urls.urlpatterns
urlpatterns += requests_urls.urlpatterns
