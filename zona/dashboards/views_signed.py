"""The signed copy of the Laporan Hasil Evaluasi: uploaded by the TPI or the coordinator, kept
with the evaluation, downloaded by whoever sees the evaluation (`Evaluation.objects.visible_to`
through `get_evaluation_for`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from zona.evaluations import actions
from zona.evaluations.access import get_evaluation_for


class SignedReportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Signed PDF"))
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)


@login_required
@require_POST
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    if not actions.may_upload_signed_report(request.user, evaluation):
        raise PermissionDenied
    form = SignedReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.upload_signed_report(
                request.user, evaluation, form.cleaned_data["file"], form.cleaned_data["note"]
            )
        except actions.EvaluationError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Signed report uploaded."))
    else:
        messages.error(request, _("Choose the signed PDF to upload."))
    return redirect(reverse("dashboards:report", args=[evaluation.pk]) + "#signed")


@login_required
def download(request: HttpRequest, pk: int, signed_pk: int) -> FileResponse:
    evaluation = get_evaluation_for(request.user, pk)
    signed = evaluation.signed_reports.filter(pk=signed_pk).first()
    if signed is None:
        raise Http404
    response = FileResponse(
        signed.file.open("rb"),
        as_attachment=True,
        filename=signed.original_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
