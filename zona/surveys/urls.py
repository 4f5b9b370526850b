from django.urls import path

from . import views, views_files, views_public

app_name = "surveys"

# Management under /survei/; public pages short: /s/<code>/ and /hasil-survei/<unit>/.
urlpatterns = [
    path("survei/", views.survey_list, name="list"),
    path("survei/baru/", views.survey_create, name="create"),
    path("survei/<int:pk>/", views.survey_detail, name="detail"),
    path("survei/<int:pk>/ubah/", views.survey_edit, name="edit"),
    path("survei/<int:pk>/jeda/", views.survey_pause, name="pause"),
    path("survei/<int:pk>/qr.svg", views_files.qr, name="qr"),
    path("survei/<int:pk>/poster.pdf", views_files.poster, name="poster"),
    path(
        "survei/laporan/unit/<int:unit_pk>/<int:year>.pdf",
        views_files.results_report,
        name="results_report",
    ),
    path(
        "survei/laporan/unit/<int:unit_pk>/<int:year>.docx",
        views_files.results_report_docx,
        name="results_report_docx",
    ),
    path("survei/<int:pk>/jawaban.<str:fmt>", views_files.export, name="export"),
    path("survei/<int:pk>/impor/", views.import_responses, name="import"),
    path("survei/<int:pk>/impor/templat.<str:fmt>", views_files.import_template, name="template"),
    path("survei/<int:pk>/token/", views.tokens, name="tokens"),
    path("survei/<int:pk>/token/<int:batch>/cetak/", views.tokens_print, name="tokens_print"),
    path("survei/<int:pk>/token/<int:batch>/kupon.pdf", views_files.tokens_pdf, name="tokens_pdf"),
    path(
        "survei/<int:pk>/token/<int:batch>.<str:fmt>",
        views_files.tokens_download,
        name="tokens_download",
    ),
    path("survei/instrumen/", views.instrument_list, name="instruments"),
    path("survei/instrumen/<int:pk>/", views.instrument_detail, name="instrument"),
    path("survei/instrumen/<int:pk>/ubah/", views.instrument_edit, name="instrument_edit"),
    path("s/<str:code>/", views_public.answer, name="answer"),
    path("s/<str:code>/terima-kasih/", views_public.thanks, name="thanks"),
    path("hasil-survei/", views_public.results_index, name="public_index"),
    path("hasil-survei/<int:unit_pk>/", views_public.unit_results, name="public_results"),
]
