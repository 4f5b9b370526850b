"""The units whose public page is on, for the public register of predicates."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import PublicPage


def public_pages(unit_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    enabled = PublicPage.objects.filter(unit_id__in=unit_ids, enabled=True)
    label = _("Innovations and publications")
    return {
        unit_id: [(label, reverse("innovations:public", args=[unit_id]))]
        for unit_id in enabled.values_list("unit_id", flat=True)
    }
