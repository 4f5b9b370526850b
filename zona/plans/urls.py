"""URLs of the action plans: /rencana-aksi/…"""

from django.urls import path

from . import views, views_monev

app_name = "plans"

urlpatterns = [
    path("", views.index, name="index"),
    path("unit/<int:unit_pk>/", views.unit_page, name="unit"),
    path("unit/<int:unit_pk>/baru/", views.plan_create, name="plan_create"),
    path("unit/<int:unit_pk>/monev/baru/", views_monev.monev_create, name="monev_create"),
    path(
        "unit/<int:unit_pk>/tahapan/<int:year>/<int:stage>/",
        views_monev.stage_mark,
        name="stage_mark",
    ),
    path(
        "unit/<int:unit_pk>/tahapan/<int:year>/<int:stage>/hapus/",
        views_monev.stage_unmark,
        name="stage_unmark",
    ),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/kegiatan/baru/", views.activity_create, name="activity_create"),
    path("kegiatan/<int:pk>/", views.activity_detail, name="activity"),
    path("kegiatan/<int:pk>/ubah/", views.activity_edit, name="activity_edit"),
    path("kegiatan/<int:pk>/bukti/", views.evidence_add, name="evidence_add"),
    path("kegiatan/<int:pk>/bukti/cepat/", views.evidence_quick, name="evidence_quick"),
    path("kegiatan/<int:pk>/bukti/lampirkan/", views.evidence_attach, name="evidence_attach"),
    path(
        "kegiatan/<int:pk>/bukti/<int:evidence_pk>/unduh/",
        views.evidence_download,
        name="evidence_download",
    ),
    path(
        "kegiatan/<int:pk>/bukti/lepas/<int:link_pk>/",
        views.evidence_detach,
        name="evidence_detach",
    ),
    path("monev/<int:pk>/", views_monev.monev_detail, name="monev"),
    path("monev/<int:pk>/<str:name>/", views_monev.monev_move, name="monev_move"),
]
