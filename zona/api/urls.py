"""Mounted at /api/: the API and its docs, then a JSON 404 for every other /api/ path."""

from django.urls import path, re_path

from .api import api
from .errors import error_response, not_found_message


def not_found(request, rest: str = ""):
    return error_response(404, "not_found", not_found_message())


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", not_found),
]
