from django.urls import path

from . import registry_views, round_views, views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.record, name="record"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    # the model-worker registry, its teams, and honours entered from a 名单 (registry_views.py, rule A6)
    path("lists/new/", registry_views.list_upload, name="list_upload"),
    path("lists/<int:pk>/", registry_views.list_preview, name="list_preview"),
    path("lists/<int:pk>/apply/", registry_views.list_apply, name="list_apply"),
    path("model-workers/", registry_views.workers, name="workers"),
    path("model-workers/<int:pk>/", registry_views.worker, name="worker"),
    path("model-workers/<int:pk>/edit/", registry_views.worker_edit, name="worker_edit"),
    path("model-workers/<int:pk>/visit/", registry_views.visit_new, name="visit_new"),
    path("teams/", registry_views.teams, name="teams"),
    path("teams/new/", registry_views.team_new, name="team_new"),
    path("teams/<int:pk>/", registry_views.team, name="team"),
    path("teams/<int:pk>/join/", registry_views.team_join, name="team_join"),
    path("people/<int:pk>/", registry_views.person, name="person"),
    # rounds: quota, nomination, 公示, vetting, approval (DOMAIN §6 A2-A5)
    path("rounds/", round_views.rounds, name="rounds"),
    path("rounds/new/", round_views.round_new, name="round_new"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round"),
    path("rounds/<int:pk>/quotas/<int:org>/", round_views.round_quotas, name="round_quotas"),
    path("rounds/<int:pk>/list/<int:org>/", round_views.round_list, name="round_list"),
    path("rounds/<int:pk>/list/<int:org>/add/", round_views.nomination_add, name="nomination_add"),
    path("rounds/<int:pk>/list/<int:org>/publicity.xlsx", round_views.publicity_xlsx, name="publicity_xlsx"),
    path("rounds/<int:pk>/list/<int:org>/publicity.pdf", round_views.publicity_pdf, name="publicity_pdf"),
    path("nominations/<int:pk>/", round_views.nomination, name="nomination"),
    path("nominations/<int:pk>/change/", round_views.nomination_change, name="nomination_change"),
    path("nominations/<int:pk>/remove/", round_views.nomination_remove, name="nomination_remove"),
    path("nominations/<int:pk>/step/", round_views.nomination_act, name="nomination_act"),
    path("nominations/<int:pk>/objection/", round_views.objection_add, name="objection_add"),
    path("nominations/<int:pk>/form.xlsx", round_views.nomination_xlsx, name="nomination_xlsx"),
    path("nominations/<int:pk>/form.pdf", round_views.nomination_pdf, name="nomination_pdf"),
    path("nominations/<int:pk>/attachments/", round_views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", round_views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/remove/", round_views.attachment_remove, name="attachment_remove"),
    path("objections/<int:pk>/decide/", round_views.objection_decide, name="objection_decide"),
]
