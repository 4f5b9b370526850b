"""Who may see which framework. Frameworks are regulation: every signed-in user may read them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import FrameworkVersion


def frameworks_for(user) -> QuerySet[FrameworkVersion]:
    if not user.is_authenticated:
        return FrameworkVersion.objects.none()
    return FrameworkVersion.objects.all()


def get_framework_version_for(user, code: str, version: str) -> FrameworkVersion:
    found = frameworks_for(user).filter(code=code, version=version).first()
    if found is None:
        raise Http404
    return found
