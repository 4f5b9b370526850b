"""URLs of the evidence views (included by zona/evaluations/urls.py)."""

urlpatterns: list = []
