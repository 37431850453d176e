from django.urls import path

from . import pipeline_urls, registry_urls, setup_urls, views

app_name = "organising"

urlpatterns = [
    path("", views.index, name="index"),
    # each part's pages are added below
]
urlpatterns += pipeline_urls.urlpatterns
urlpatterns += setup_urls.urlpatterns
urlpatterns += registry_urls.urlpatterns
