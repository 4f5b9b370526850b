"""Today's date for the plans, in one place so that tests can set it."""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    return timezone.localdate()
