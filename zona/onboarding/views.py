"""The import pages: per instansi, each kind with its template, export and upload; an upload's
preview and its confirmation. Thin: access in `access.py`, changes in `actions.py`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zona.core.tabular import XLSX_TYPE

from . import actions
from .access import batches_for, get_batch_for, get_importable_instansi, importable_instansi
from .forms import UploadForm
from .importers import IMPORTERS
from .table import FileProblem, csv_file, workbook

RECENT = 20


def _importer(kind: str):
    if kind not in IMPORTERS:
        raise Http404
    return IMPORTERS[kind]


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """From the navigation: straight to the one instansi, or the choice of instansi."""
    choices = list(importable_instansi(request.user).only("pk", "name")[:501])
    if not choices:
        raise Http404
    if len(choices) == 1:
        return redirect("onboarding:index", choices[0].pk)
    return render(request, "onboarding/home.html", {"choices": choices[:500]})


def _index_context(request, instansi, forms=None) -> dict:
    forms = forms or {}
    kinds = [
        {"importer": imp, "form": forms.get(code) or UploadForm(prefix=code)}
        for code, imp in IMPORTERS.items()
    ]
    recent = list(batches_for(request.user).filter(instansi=instansi)[:RECENT])
    return {"instansi": instansi, "kinds": kinds, "recent": recent, "large": actions.LARGE}


@login_required
def index(request: HttpRequest, pk: int) -> HttpResponse:
    instansi = get_importable_instansi(request.user, pk)
    return render(request, "onboarding/index.html", _index_context(request, instansi))


@login_required
@require_POST
def upload(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    instansi = get_importable_instansi(request.user, pk)
    _importer(kind)
    form = UploadForm(request.POST, request.FILES, prefix=kind)
    if form.is_valid():
        file = form.cleaned_data["file"]
        try:
            batch = actions.upload(
                request.user, instansi, kind, filename=file.name, content=file.read(),
                base_url=request.build_absolute_uri("/"),
            )  # fmt: skip
        except FileProblem as problem:
            form.add_error("file", str(problem))
        else:
            return redirect(batch)
    context = _index_context(request, instansi, {kind: form})
    return render(request, "onboarding/index.html", context, status=422)


def _file(body: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def template(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The empty template: the columns, the notes sheet, the drop-down lists."""
    get_importable_instansi(request.user, pk)
    return _table(_importer(kind), fmt, [], f"templat-{_importer(kind).filename()}")


@login_required
def export(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The instansi's objects in the template's columns: edit in Excel, import again."""
    instansi = get_importable_instansi(request.user, pk)
    imp = _importer(kind)
    rows = imp.export_rows(request.user, instansi)
    stamp = timezone.localdate().isoformat()
    return _table(imp, fmt, rows, f"{imp.filename()}-{instansi.pk}-{stamp}")


def _table(imp, fmt: str, rows, name: str) -> HttpResponse:
    if fmt == "xlsx":
        return _file(workbook(imp.spec, rows, title=imp.title()), f"{name}.xlsx", XLSX_TYPE)
    if fmt == "csv":
        return _file(csv_file(imp.spec, rows), f"{name}.csv", "text/csv; charset=utf-8")
    raise Http404


@login_required
def batch(request: HttpRequest, pk) -> HttpResponse:
    found = get_batch_for(request.user, pk)
    imp = _importer(found.kind)
    problems_by_sheet: dict[str, list] = {}
    for problem in found.problems:
        problems_by_sheet.setdefault(problem["sheet"], []).append(problem)
    return render(request, "onboarding/batch.html", {
        "batch": found, "importer": imp, "problems_by_sheet": problems_by_sheet,
        "large": found.rows_total > actions.LARGE,
    })  # fmt: skip


@login_required
@require_POST
def confirm(request: HttpRequest, pk) -> HttpResponse:
    found = get_batch_for(request.user, pk)
    try:
        job = actions.confirm(request.user, found)
    except actions.ImportError_ as error:
        messages.error(request, str(error))
        return redirect(found)
    if job is not None:
        return redirect("jobs:detail", job.pk)
    found.refresh_from_db()
    if found.problems:
        messages.error(request, _("Nothing was applied: the data changed since the preview. "
                                  "The problems are listed below."))  # fmt: skip
    else:
        messages.success(request, _("Import applied."))
    return redirect(found)
