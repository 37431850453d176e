from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("login/verify/", views.login_verify, name="verify"),
    path("mfa/enrol/", views.mfa_enrol, name="enrol"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.me, name="me"),
    path("me/password/", views.password_change, name="password"),
    path("me/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("staff/", views.staff_list, name="staff"),
    path("staff/new/", views.staff_new, name="staff_new"),
    path("staff/<int:user_id>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:user_id>/<str:action>/", views.staff_action, name="staff_action"),
    path("grants/<int:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("security/", views.security, name="security"),
    path("security/<int:user_id>/<str:action>/", views.security_action, name="security_action"),
]
