"""The proposal package of one evaluation, one ZIP for the instansi coordinator (who proposes
units to KemenPANRB) once the LKE is final at the TPI."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zona.accounts.models import Role
from zona.evaluations.access import get_evaluation_for, has_role_for

from .proposal import READY_STAGES, package


def may_download_package(user, evaluation) -> bool:
    return has_role_for(user, evaluation, Role.INSTANSI_COORDINATOR)


@login_required
@require_GET
def proposal_package(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    if not may_download_package(request.user, evaluation):
        raise PermissionDenied
    if evaluation.stage not in READY_STAGES:
        messages.error(
            request, _("The proposal package is ready once the LKE is final at the TPI.")
        )
        return redirect(evaluation)

    def evidence_url(evidence_pk: int) -> str:
        path = reverse("evaluations:evidence_download", args=[evaluation.pk, evidence_pk])
        return request.build_absolute_uri(path)

    body = package(request.user, evaluation, evidence_url)
    name = f"paket-usulan-{slugify(evaluation.unit.name)}-{evaluation.year}.zip"
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
