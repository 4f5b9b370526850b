"""URLs of the fill views (included by zona/evaluations/urls.py)."""

urlpatterns: list = []
