from django.urls import path

from . import congresses_urls, elections_urls, evaluations_urls, plans_urls, views

app_name = "governance"

urlpatterns = [
    path("", views.index, name="index"),
    path("committees/<int:org_id>/", views.committee, name="committee"),
    # each part's pages are added below
]
urlpatterns += congresses_urls.urlpatterns
urlpatterns += elections_urls.urlpatterns
urlpatterns += plans_urls.urlpatterns
urlpatterns += evaluations_urls.urlpatterns
