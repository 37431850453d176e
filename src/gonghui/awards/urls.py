from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.record, name="record"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
