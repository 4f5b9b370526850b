"""Who sees a job: the person who started it, nobody else (outside that, 404)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from .models import Job


def get_job_for(user, pk) -> Job:
    return get_object_or_404(Job, pk=pk, owner_id=user.pk)
