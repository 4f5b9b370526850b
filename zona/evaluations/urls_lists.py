"""URLs of the lists views (included by zona/evaluations/urls.py)."""

urlpatterns: list = []
