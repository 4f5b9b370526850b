"""URLs of the lists views (included by zona/evaluations/urls.py)."""

from django.urls import path

from . import views_lists

urlpatterns = [
    path("", views_lists.evaluation_list, name="list"),
    path("cari-unit/", views_lists.unit_lookup, name="unit_lookup"),
]
