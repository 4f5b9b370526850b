"""Zona's URLs plus the floor of the web benchmark: the cheapest view Django can serve through
the same middleware (sessions, language, CSRF, authentication, messages) on the same server."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("", include("zona.urls")),
]
