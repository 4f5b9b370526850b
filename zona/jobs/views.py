"""A job's page, its status fragment (polled by htmx until it is finished) and its download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .access import get_job_for
from .models import JobStatus


@login_required
def detail(request: HttpRequest, pk) -> HttpResponse:
    return render(request, "jobs/detail.html", {"job": get_job_for(request.user, pk)})


@login_required
def status(request: HttpRequest, pk) -> HttpResponse:
    job = get_job_for(request.user, pk)
    return render(request, "jobs/detail.html#status", {"job": job})


@login_required
def download(request: HttpRequest, pk) -> FileResponse:
    job = get_job_for(request.user, pk)
    if job.status != JobStatus.DONE or not job.result:
        raise Http404
    response = FileResponse(job.result.open("rb"), as_attachment=True, filename=job.result_name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
