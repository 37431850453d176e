from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.imports, name="list"),
    path("template.xlsx", views.template, name="template"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/mapping/", views.remap, name="remap"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("<int:pk>/errors-full/", views.errors_full, name="errors_full"),
]
