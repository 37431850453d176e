"""The cases part's pages, mounted under /services/ by urls.py."""

from django.urls import path

from . import cases_views

urlpatterns = [
    path("cases/", cases_views.cases, name="cases"),
    path("cases/new/", cases_views.case_new, name="case_new"),
    path("cases/<int:pk>/", cases_views.case, name="case"),
    path("cases/<int:pk>/parties/", cases_views.case_party_add, name="case_party_add"),
    path(
        "cases/<int:pk>/parties/<int:party>/remove/", cases_views.case_party_remove, name="case_party_remove"
    ),
    path("cases/<int:pk>/clear/", cases_views.case_clear, name="case_clear"),
    path("cases/<int:pk>/assign/", cases_views.case_assign, name="case_assign"),
    path("cases/<int:pk>/events/", cases_views.case_event, name="case_event"),
    path("cases/<int:pk>/close/", cases_views.case_close, name="case_close"),
    path("cases/<int:pk>/reveal/", cases_views.case_reveal, name="case_reveal"),
]
