"""The hardship part's pages, mounted under /services/ by urls.py; every one needs hardship.handle."""

from django.urls import path

from . import hardship_views as v

urlpatterns = [
    path("hardship/", v.hardship_index, name="hardship"),
    path("hardship/new/", v.hardship_new, name="hardship_new"),
    path("hardship/lines/", v.income_lines, name="income_lines"),
    path("hardship/<int:pk>/", v.hardship_file, name="hardship_file"),
    path("hardship/<int:pk>/edit/", v.hardship_edit, name="hardship_edit"),
    path("hardship/<int:pk>/submit/", v.hardship_submit, name="hardship_submit"),
    path("hardship/<int:pk>/review/<str:stage>/", v.hardship_review, name="hardship_review"),
    path("hardship/<int:pk>/grant/", v.hardship_grant, name="hardship_grant"),
    path("hardship/<int:pk>/rereview/", v.hardship_rereview, name="hardship_rereview"),
    path("hardship/<int:pk>/withdraw/", v.hardship_withdraw, name="hardship_withdraw"),
]
