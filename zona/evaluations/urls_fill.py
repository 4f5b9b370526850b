"""URLs of the fill views (included by zona/evaluations/urls.py)."""

from django.urls import path

from . import views_fill

urlpatterns = [
    path("<int:pk>/", views_fill.detail, name="detail"),
    path("<int:pk>/jawaban/<str:question>/", views_fill.answer, name="answer"),
    path("<int:pk>/perbaikan/<str:question>/", views_fill.revision, name="revision"),
    path("<int:pk>/komentar/<str:question>/", views_fill.comment, name="comment"),
    path("<int:pk>/rilis-tpi/", views_fill.release_tpi, name="release_tpi"),
    path("<int:pk>/riwayat/<str:question>/", views_fill.history, name="history"),
    path("<int:pk>/skor/", views_fill.score_panel, name="score_panel"),
]
