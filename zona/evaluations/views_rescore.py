"""Asking for the re-scoring of a framework version's evaluations (runs on the queue)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from zona.frameworks.models import FrameworkVersion
from zona.jobs import kinds as jobs

from .rescoring import RESCORE, rescore_title


@login_required
@require_POST
def rescore(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(FrameworkVersion, pk=pk)
    job = jobs.start(request.user, RESCORE, {"version": version.pk}, rescore_title(version))
    return redirect(job)
