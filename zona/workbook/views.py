"""The LKE workbook of an evaluation: download it, and import a filled one (check → preview →
confirm). Thin: the work is in `export`, `reader`, `jobs` and `actions`."""

from __future__ import annotations

import hashlib
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
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
from zona.evaluations.models import Evaluation
from zona.jobs import kinds
from zona.jobs.models import Job, JobStatus

from .cells import Problem
from .jobs import WORKBOOK_APPLY, WORKBOOK_CHECK, apply_title, check_title, checked
from .official import build_official_workbook
from .reader import ImportPlan


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
    """Upload a workbook: stored, then read and checked as a job on the queue. When the job is
    finished by the time it is started (no worker: eager; or a quick worker) its outcome is
    shown here as before (the problems table, or the preview of the changes); otherwise the
    job's progress page, which links to the preview when the check is done."""
    evaluation, layer = _writable(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, evaluation, layer, form, status=422 if form.is_bound else 200)
    upload_file = form.cleaned_data["workbook"]
    content = upload_file.read()
    params = {
        "evaluation": evaluation.pk, "layer": layer,
        "sha256": hashlib.sha256(content).hexdigest(),
    }  # fmt: skip
    job = kinds.start(
        request.user, WORKBOOK_CHECK, params, check_title(evaluation),
        upload=(upload_file.name, content),
        link=(reverse("workbook:upload", args=[evaluation.pk]), _("Back to the import")),
    )  # fmt: skip
    job.refresh_from_db()
    if job.status == JobStatus.DONE:
        return _preview(request, evaluation, layer, job)
    if job.status != JobStatus.FAILED:
        return redirect(job)
    if job.data.get("problems"):
        problems = [Problem(p["sheet"], p["row"], p["column"], p["message"])
                    for p in job.data["problems"]]  # fmt: skip
        return _page(
            request, evaluation, layer, UploadForm(), status=422,
            problems=problems, filename=upload_file.name,
        )  # fmt: skip
    return _page(request, evaluation, layer, UploadForm(), status=422, refused=job.error)


def _preview(request, evaluation, layer, job) -> HttpResponse:
    plan = ImportPlan.from_json(job.data["plan"])
    return _page(
        request, evaluation, layer, UploadForm(), plan=plan, token=str(job.pk),
        changes=_preview_rows(evaluation, plan), filename=job.data.get("filename", ""),
    )  # fmt: skip


@login_required
@require_GET
def preview(request: HttpRequest, pk: int, job: uuid.UUID) -> HttpResponse:
    """The changes a finished check found, to confirm (linked from the check's job page)."""
    evaluation, layer = _writable(request, pk)
    check = checked(request.user, job)
    if check.params.get("evaluation") != evaluation.pk or check.params.get("layer") != layer:
        raise Http404
    return _preview(request, evaluation, layer, check)


def _pending_check(request, evaluation, layer):
    """The checked upload the confirm form names, if it is the person's, for this evaluation
    and layer, and not imported yet."""
    try:
        pk = uuid.UUID(request.POST.get("token", ""))
    except ValueError:
        return None
    check = Job.objects.filter(
        pk=pk, owner_id=request.user.pk, kind=WORKBOOK_CHECK, status=JobStatus.DONE,
    ).first()  # fmt: skip
    if check is None or "plan" not in check.data:
        return None
    if check.params.get("evaluation") != evaluation.pk or check.params.get("layer") != layer:
        return None
    applied = Job.objects.filter(
        kind=WORKBOOK_APPLY, params={"check": str(check.pk)}, status=JobStatus.DONE
    )
    return None if applied.exists() else check


@login_required
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Import the checked plan (all answers or none), as a job on the queue; once per check."""
    evaluation, layer = _writable(request, pk)
    check = _pending_check(request, evaluation, layer)
    if check is None:
        messages.error(request, _("This import is no longer pending; upload the workbook again."))
        return redirect("workbook:upload", pk=evaluation.pk)
    job = kinds.start(
        request.user, WORKBOOK_APPLY, {"check": str(check.pk)}, apply_title(evaluation),
        link=(evaluation.get_absolute_url(), _("Open the LKE")),
    )  # fmt: skip
    job.refresh_from_db()
    if job.status == JobStatus.DONE:
        messages.success(request, job.summary)
        return redirect(evaluation)
    if job.status == JobStatus.FAILED:
        return _page(request, evaluation, layer, UploadForm(), status=409, refused=job.error)
    return redirect(job)
