"""The plans part's pages, mounted under /governance/ by urls.py."""

from django.urls import path

from . import plans_views as views

urlpatterns: list = [
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/items/", views.plan_item_add, name="plan_item_add"),
    path("plans/<int:pk>/items/<int:item>/remove/", views.plan_item_remove, name="plan_item_remove"),
    path("plans/<int:pk>/items/import/", views.plan_items_import, name="plan_items_import"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/complete/", views.plan_complete, name="plan_complete"),
    path("plans/<int:pk>/report/", views.plan_report, name="plan_report"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan_export"),
]
