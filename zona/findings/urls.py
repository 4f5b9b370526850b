from django.urls import path

from . import views

app_name = "findings"

urlpatterns = [
    path("temuan/", views.register, name="register"),
    path("temuan/baru/", views.finding_add, name="add"),
    path("temuan/<int:pk>/", views.finding_detail, name="detail"),
    path("temuan/<int:pk>/ubah/", views.finding_edit, name="edit"),
    path("temuan/<int:pk>/rekomendasi/", views.recommendation_add, name="recommendation_add"),
    path("temuan/rekomendasi/<int:pk>/status/", views.status_change, name="status"),
    path("temuan/rekomendasi/<int:pk>/batas-waktu/", views.deadline_change, name="deadline"),
    path("temuan/rekomendasi/<int:pk>/tindak-lanjut/", views.follow_up, name="follow_up"),
    path("temuan/dokumen/<int:pk>/unduh/", views.document_download, name="document"),
    path("temuan/tlhp/<int:unit_pk>/", views.tlhp_view, name="tlhp"),
    path("capaian-kinerja/<int:unit_pk>/<int:year>/", views.performance, name="performance"),
    path(
        "capaian-kinerja/<int:unit_pk>/<int:year>/ubah/",
        views.performance_edit,
        name="performance_edit",
    ),
]
