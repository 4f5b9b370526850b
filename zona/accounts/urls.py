from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("akun/sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "akun/sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("akun/lupa-sandi/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "akun/lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "akun/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "akun/reset/selesai/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("orang/", views.people, name="people"),
    path("orang/undang/", views.invite, name="invite"),
    path("orang/undangan/<int:pk>/batalkan/", views.revoke_invitation, name="revoke_invitation"),
    path("orang/peran/<int:pk>/cabut/", views.revoke_role, name="revoke_role"),
    path("undangan/<str:token>/", views.accept, name="accept"),
]
