from django.urls import path

from . import round_views, views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.record, name="record"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]

# rounds: quota, nomination, 公示, vetting, approval (DOMAIN §6 A2-A5)
urlpatterns += [
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
    path("objections/<int:pk>/decide/", round_views.objection_decide, name="objection_decide"),
]
