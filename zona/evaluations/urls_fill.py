"""URLs of the fill views (included by zona/evaluations/urls.py)."""

from django.urls import path

from . import views_fill, views_print

urlpatterns = [
    path("<int:pk>/", views_fill.detail, name="detail"),
    path("<int:pk>/lke/<str:code>/", views_fill.section, name="section"),
    path("<int:pk>/cetak/", views_print.print_view, name="print"),
    path("<int:pk>/jawaban/<str:question>/", views_fill.answer, name="answer"),
    path("<int:pk>/setuju/", views_fill.agree, name="agree"),
    path(
        "<int:pk>/perbaikan/<str:question>/balas/", views_fill.revision_loop, name="revision_loop"
    ),
    path("<int:pk>/perbaikan/<str:question>/", views_fill.revision, name="revision"),
    path("<int:pk>/komentar/<str:question>/", views_fill.comment, name="comment"),
    path("<int:pk>/rilis-tpi/", views_fill.release_tpi, name="release_tpi"),
    path("<int:pk>/riwayat/<str:question>/", views_fill.history, name="history"),
    path("<int:pk>/skor/", views_fill.score_panel, name="score_panel"),
]
