"""The LKE workbook of an evaluation: download it, and import a filled one (check → preview →
confirm). Thin: the work is in `export`, `reader` and `actions`."""

from __future__ import annotations

import secrets

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zona.core.tabular import XLSX_TYPE
from zona.evaluations import presenters
from zona.evaluations.access import get_evaluation_for, writable_layer
from zona.evaluations.actions import EvaluationError
from zona.evaluations.models import Evaluation

from . import actions
from .official import build_official_workbook
from .reader import ImportPlan, WorkbookRefused, read_workbook


class UploadForm(forms.Form):
    workbook = forms.FileField(
        label=gettext_lazy("Filled LKE workbook (.xlsx)"),
        help_text=gettext_lazy("The workbook downloaded from this page, filled in Excel."),
    )

    def clean_workbook(self):
        upload = self.cleaned_data["workbook"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Choose an Excel workbook (.xlsx)."))
        limit = settings.WORKBOOK_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


def _session_key(evaluation: Evaluation) -> str:
    return f"workbook-import-{evaluation.pk}"


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)

    def evidence_url(evidence_pk: int) -> str:
        path = reverse("evaluations:evidence_download", args=[evaluation.pk, evidence_pk])
        return request.build_absolute_uri(path)

    body = build_official_workbook(request.user, evaluation, evidence_url)
    name = f"LKE-{slugify(evaluation.unit.name)}-{evaluation.year}.xlsx"
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _writable(request: HttpRequest, pk: int) -> tuple[Evaluation, str]:
    evaluation = get_evaluation_for(request.user, pk)
    layer = writable_layer(request.user, evaluation)
    if layer is None:
        raise PermissionDenied
    return evaluation, layer


def _preview_rows(evaluation: Evaluation, plan: ImportPlan) -> list[dict]:
    framework = evaluation.framework.framework()
    language = presenters.lang()
    rows = []
    for change in plan.changes:
        q = framework.questions[change.question]
        rows.append({
            "change": change, "text": q.text,
            "before": presenters.display_answer(q, change.before, language),
            "after": presenters.display_answer(q, change.after, language),
            "note_changed": change.before_note != change.after_note,
        })  # fmt: skip
    return rows


def _page(request, evaluation, layer, form, status=200, **extra) -> HttpResponse:
    context = {
        "evaluation": evaluation,
        "layer_label": presenters.layer_label(layer),
        "form": form,
        "max_size": filesizeformat(settings.WORKBOOK_MAX_BYTES),
        **extra,
    }
    return render(request, "workbook/import.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Check an uploaded workbook: the problems table, or the preview of the changes."""
    evaluation, layer = _writable(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, evaluation, layer, form, status=422 if form.is_bound else 200)
    upload_file = form.cleaned_data["workbook"]
    try:
        plan = read_workbook(upload_file.read(), evaluation, layer)
    except WorkbookRefused as refused:
        return _page(
            request, evaluation, layer, UploadForm(), status=422,
            problems=refused.problems, filename=upload_file.name,
        )  # fmt: skip
    token = secrets.token_urlsafe(16)
    request.session[_session_key(evaluation)] = {
        "token": token, "plan": plan.to_json(), "filename": upload_file.name,
    }  # fmt: skip
    return _page(
        request, evaluation, layer, UploadForm(), plan=plan, token=token,
        changes=_preview_rows(evaluation, plan), filename=upload_file.name,
    )  # fmt: skip


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the checked plan (all answers or none)."""
    evaluation, layer = _writable(request, pk)
    pending = request.session.get(_session_key(evaluation))
    if not pending or not secrets.compare_digest(pending["token"], request.POST.get("token", "")):
        messages.error(request, _("This import is no longer pending; upload the workbook again."))
        return redirect("workbook:upload", pk=evaluation.pk)
    plan = ImportPlan.from_json(pending["plan"])
    try:
        count = actions.import_workbook(request.user, evaluation, plan, pending["filename"])
    except EvaluationError as exc:
        del request.session[_session_key(evaluation)]
        return _page(request, evaluation, layer, UploadForm(), status=409, refused=str(exc))
    del request.session[_session_key(evaluation)]
    messages.success(request, _("Workbook imported: %(count)d answers changed.") % {"count": count})
    return redirect(evaluation)
