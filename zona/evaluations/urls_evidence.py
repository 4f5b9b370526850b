"""URLs of the evidence views (included by zona/evaluations/urls.py)."""

from django.urls import path

from . import views_also, views_evidence

urlpatterns = [
    path(
        "<int:pk>/bukti/<int:evidence_pk>/unduh/",
        views_evidence.download,
        name="evidence_download",
    ),
    path(
        "<int:pk>/bukti/lepas/<int:link_pk>/",
        views_evidence.detach,
        name="evidence_detach",
    ),
    path(
        "<int:pk>/bukti/<str:question>/tambah/",
        views_evidence.add,
        name="evidence_add",
    ),
    path(
        "<int:pk>/bukti/<str:question>/cepat/",
        views_evidence.quick,
        name="evidence_quick",
    ),
    path(
        "<int:pk>/bukti/<str:question>/lampirkan/",
        views_evidence.attach,
        name="evidence_attach",
    ),
    path(
        "<int:pk>/bukti/<str:question>/juga/<int:evidence_pk>/",
        views_also.also_attach,
        name="evidence_also",
    ),
    path(
        "<int:pk>/bukti/<str:question>/",
        views_evidence.question_evidence,
        name="evidence_question",
    ),
]
