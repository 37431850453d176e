from django.urls import path

from . import heats_views

urlpatterns = [
    path("<int:pk>/heats/<int:stage_id>/", heats_views.heats_page, name="heats"),
]
