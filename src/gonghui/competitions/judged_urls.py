from django.urls import path

from . import judged_views as v

urlpatterns = [
    path("<int:pk>/stages/<int:stage>/judged/", v.judged_stage, name="judged"),
    path("<int:pk>/stages/<int:stage>/judged/criteria/", v.judged_criterion, name="judged_criterion"),
    path("<int:pk>/stages/<int:stage>/judged/settings/", v.judged_settings, name="judged_settings"),
    path("<int:pk>/stages/<int:stage>/judged/judges/", v.judged_judge, name="judged_judge"),
    path(
        "<int:pk>/stages/<int:stage>/judged/judges/<int:judge>/<str:action>/",
        v.judged_judge_action,
        name="judged_judge_action",
    ),
    path("<int:pk>/stages/<int:stage>/judged/start/", v.judged_start, name="judged_start"),
    path(
        "<int:pk>/stages/<int:stage>/judged/measure/<int:entrant>/", v.judged_measure, name="judged_measure"
    ),
    path("<int:pk>/stages/<int:stage>/judged/confirm/", v.judged_confirm, name="judged_confirm"),
    path("judge/<str:token>/", v.judge_page, name="judge"),
    path("<int:pk>/certificates.pdf", v.certificates, name="certificates"),
]
