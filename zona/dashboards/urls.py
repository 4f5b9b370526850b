from django.urls import path

from . import views, views_signed

app_name = "dashboards"

urlpatterns = [
    path("", views.index, name="index"),
    path("nasional/", views.national, name="national"),
    path("instansi/<int:pk>/", views.instansi, name="instansi"),
    path("instansi/<int:pk>/ringkasan.pdf", views.instansi_pdf, name="instansi_pdf"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("evaluasi/<int:pk>/laporan/", views.report, name="report"),
    path("evaluasi/<int:pk>/laporan.pdf", views.report_pdf, name="report_pdf"),
    path("evaluasi/<int:pk>/laporan.docx", views.report_docx, name="report_docx"),
    path("evaluasi/<int:pk>/laporan/bertanda-tangan/", views_signed.upload, name="signed_upload"),
    path(
        "evaluasi/<int:pk>/laporan/bertanda-tangan/<int:signed_pk>/",
        views_signed.download,
        name="signed_download",
    ),
]
