"""A unit's public page, when the unit has switched it on: its running innovations and recent
publications, no login, in the style of the public survey results. Language: Indonesian, or
English with `?bahasa=en`."""

from __future__ import annotations

from datetime import timedelta

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_GET

from .models import LIVE_STATUSES, Innovation, Publication, PublicPage

RECENT_DAYS = 365
RECENT_LIMIT = 30


@require_GET
def unit_page(request: HttpRequest, unit_pk: int) -> HttpResponse:
    page = (
        PublicPage.objects.select_related("unit", "unit__instansi")
        .filter(unit_id=unit_pk, enabled=True)
        .first()
    )
    if page is None:
        raise Http404
    lang = "en" if request.GET.get("bahasa") == "en" else "id"
    since = timezone.localdate() - timedelta(days=RECENT_DAYS)
    with translation.override(lang):
        return render(
            request,
            "innovations/public/unit.html",
            {
                "unit": page.unit,
                "lang": lang,
                "innovations": Innovation.objects.filter(
                    unit_id=unit_pk, status__in=LIVE_STATUSES
                ).select_related("service"),
                "publications": Publication.objects.filter(
                    unit_id=unit_pk, published_on__gte=since
                ).order_by("-published_on", "-pk")[:RECENT_LIMIT],
            },
        )
