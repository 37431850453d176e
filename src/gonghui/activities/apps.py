"""Activities (DOMAIN W6 and the activity side of W1-W5): visits, training, lectures, meetings, family events, with registration, check-in and people reached."""

from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "gonghui.activities"
    label = "activities"
    verbose_name = "活动"
