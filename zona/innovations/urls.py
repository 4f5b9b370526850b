"""URLs of the innovation register and the media log: /inovasi/…; the public page of a unit:
/inovasi/publik/<unit>/ (no login)."""

from django.urls import path

from . import views, views_media, views_public

app_name = "innovations"

urlpatterns = [
    path("publik/<int:unit_pk>/", views_public.unit_page, name="public"),
    path("unit/<int:unit_pk>/", views.register, name="register"),
    path("unit/<int:unit_pk>/layanan/baru/", views.service_form, name="service_create"),
    path("unit/<int:unit_pk>/layanan/<int:pk>/", views.service_form, name="service_edit"),
    path("unit/<int:unit_pk>/baru/", views.innovation_form, name="innovation_create"),
    path("unit/<int:unit_pk>/<int:pk>/ubah/", views.innovation_form, name="innovation_edit"),
    path("unit/<int:unit_pk>/publik/", views.public_switch, name="public_switch"),
    path("<int:pk>/", views.innovation_detail, name="innovation"),
    path("<int:pk>/bukti/", views.evidence_add, name="evidence_add"),
    path(
        "<int:pk>/bukti/<int:evidence_pk>/unduh/", views.evidence_download, name="evidence_download"
    ),
    path("evaluasi/<int:evaluation_pk>/jumlah-layanan/", views.counts, name="counts"),
    path("unit/<int:unit_pk>/media/", views_media.media_log, name="media"),
    path("unit/<int:unit_pk>/media/baru/", views_media.publication_form, name="publication_create"),
    path(
        "unit/<int:unit_pk>/media/<int:pk>/ubah/",
        views_media.publication_form,
        name="publication_edit",
    ),
    path("media/<int:pk>/", views_media.publication_detail, name="publication"),
    path("media/<int:pk>/lke/", views_media.publication_attach, name="publication_attach"),
    path("media/<int:pk>/unduh/", views_media.publication_download, name="publication_download"),
]
