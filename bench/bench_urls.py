"""Zona's URLs plus the floor of the web benchmark: the cheapest view Django can serve through
the same middleware (sessions, language, CSRF, authentication, messages) on the same server."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


def floor_signed_in(request: HttpRequest) -> HttpResponse:
    """The minimal signed-in view of the workspace issue: reads the session, the user and one
    row."""
    from zona.evaluations.models import Evaluation

    if not request.user.is_authenticated:
        return HttpResponse(b"signed out", status=403, content_type="text/plain")
    stage = Evaluation.objects.order_by("pk").values_list("stage", flat=True).first()
    return HttpResponse(stage or "", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/floor/signed-in/", floor_signed_in, name="bench_floor_signed_in"),
    path("", include("zona.urls")),
]
