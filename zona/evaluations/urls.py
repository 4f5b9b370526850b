from django.urls import include, path

from . import views_rescore, views_stage, views_tiers

app_name = "evaluations"

# Each area of the evaluation has its own views module and URL list.
urlpatterns = [
    path("", include("zona.evaluations.urls_lists")),
    path("", include("zona.evaluations.urls_fill")),
    path("", include("zona.evaluations.urls_evidence")),
    path("baru/", views_stage.create, name="create"),
    path("<int:pk>/tahap/<str:move>/", views_stage.move, name="move"),
    path("tenggat/<int:instansi_pk>/<int:year>/", views_stage.deadline_edit, name="deadline"),
    path("tingkat-tpi/<int:instansi_pk>/", views_tiers.tiers_edit, name="tiers"),
    path("nilai-ulang/<int:pk>/", views_rescore.rescore, name="rescore"),
]
