"""The evaluations part's pages, mounted under /governance/ by urls.py."""

from django.urls import path

from . import evaluations_views as views

urlpatterns: list = [
    path("evaluation-schemes/", views.schemes, name="evaluation_schemes"),
    path("evaluation-schemes/new/", views.scheme_new, name="evaluation_scheme_new"),
    path("evaluation-schemes/<int:pk>/", views.scheme, name="evaluation_scheme"),
    path("evaluations/", views.index, name="evaluations"),
    path("evaluations/new/", views.new, name="evaluation_new"),
    path("evaluations/<int:pk>/", views.detail, name="evaluation"),
    path("evaluations/<int:pk>/units/<int:unit_id>/self/", views.self_assess, name="evaluation_self"),
    path("evaluations/<int:pk>/units/<int:unit_id>/score/", views.score, name="evaluation_score"),
    path("evaluations/<int:pk>/advance/", views.advance, name="evaluation_advance"),
    path("evaluations/<int:pk>/scores.xlsx", views.xlsx, name="evaluation_xlsx"),
]
