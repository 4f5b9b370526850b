"""URLs of the workbook and of the list exports (included at the root by zona/urls.py), each
beside the page it belongs to: /evaluasi/<pk>/lke.xlsx, /instansi/ekspor.csv, …"""

from django.urls import path, register_converter

from . import lists, views, views_proposal


class TableFormat:
    regex = "csv|xlsx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TableFormat, "tableformat")

app_name = "workbook"

urlpatterns = [
    path("evaluasi/<int:pk>/lke.xlsx", views.download, name="download"),
    path(
        "evaluasi/<int:pk>/paket-usulan.zip",
        views_proposal.proposal_package,
        name="proposal_package",
    ),
    path("evaluasi/<int:pk>/impor/", views.upload, name="upload"),
    path("evaluasi/<int:pk>/impor/konfirmasi/", views.confirm, name="confirm"),
    path("evaluasi/<int:pk>/impor/<uuid:job>/", views.preview, name="preview"),
    path("evaluasi/ekspor.<tableformat:fmt>", lists.evaluations, name="evaluations"),
    path(
        "evaluasi/<int:pk>/riwayat/<str:question>/ekspor.<tableformat:fmt>",
        lists.question_history,
        name="question_history",
    ),
    path("instansi/ekspor.<tableformat:fmt>", lists.instansi_list, name="instansi"),
    path("instansi/<int:pk>/unit/ekspor.<tableformat:fmt>", lists.units, name="units"),
    path("orang/ekspor.<tableformat:fmt>", lists.people, name="people"),
    path("register-predikat/ekspor.<tableformat:fmt>", lists.register, name="register"),
]
