"""Zona URL configuration. Paths are Indonesian, as the people who read them."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from zona.accounts import oidc
from zona.accounts import views as account_views

urlpatterns = [
    path("", account_views.home, name="home"),
    path("masuk/", account_views.LoginView.as_view(), name="login"),
    path("masuk/sso/", oidc.StartView.as_view(), name="oidc_start"),
    path("masuk/sso/kembali/", oidc.CallbackView.as_view(), name="oidc_callback"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("zona.accounts.urls")),
    path("", include("zona.orgs.urls")),
    path("lke/", include("zona.frameworks.urls")),
    path("evaluasi/", include("zona.evaluations.urls")),
    path("", include("zona.workbook.urls")),
    path("dasbor/", include("zona.dashboards.urls")),
    path("rencana-aksi/", include("zona.plans.urls")),
    path("inovasi/", include("zona.innovations.urls")),
    path("jejak-audit/", include("zona.audit.urls")),
    path("notifikasi/", include("zona.notifications.urls")),
    path("tugas/", include("zona.jobs.urls")),
    path("evaluasi/", include("zona.feeds.urls")),
    path("", include("zona.findings.urls")),
    path("", include("zona.surveys.urls")),
    path("", include("zona.onboarding.urls")),
    path("api/", include("zona.api.urls")),
    path("", include("zona.api.urls_tokens")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language view
]
