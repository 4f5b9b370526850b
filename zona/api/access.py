"""Whose tokens a person sees: their own, nobody else's (outside → 404)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from .models import ApiToken


def tokens_for(user) -> QuerySet[ApiToken]:
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def get_token_for(user, pk: int) -> ApiToken:
    found = tokens_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
