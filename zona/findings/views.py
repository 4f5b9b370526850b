"""The findings register (list, filters, export), a finding's page with its recommendations
and their follow-up trail, the TLHP figure of a unit, and the capaian kinerja record."""

from __future__ import annotations

import logging
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zona.core.tabular import FORMATS, table_response
from zona.evidence.download import file_response
from zona.lke import builtin_framework
from zona.orgs.access import units_for

from . import actions, capaian, tlhp
from .access import (
    can_follow_up,
    can_keep_performance,
    can_monitor,
    findings_for,
    get_finding_for,
    get_performance_unit_for,
    get_recommendation_for,
    get_tlhp_unit_for,
    monitored_units,
)
from .forms import (
    DeadlineForm,
    DocumentForm,
    FilterForm,
    FindingForm,
    FollowUpForm,
    IndicatorFormSet,
    NewFindingForm,
    PerformanceForm,
    RecommendationForm,
    StatusForm,
)
from .models import (
    OPEN_STATUSES,
    Document,
    Finding,
    PerformanceRecord,
    Recommendation,
    StatusChange,
)

logger = logging.getLogger(__name__)


# --- the register ------------------------------------------------------------------------------
def _filtered(user, form: FilterForm) -> QuerySet[Recommendation]:
    rows = (
        Recommendation.objects.filter(finding__in=findings_for(user).values("pk"))
        .select_related("finding", "finding__unit")
        .order_by("-finding__report_date", "finding_id", "pk")
    )
    if not form.is_valid():
        return rows
    data = form.cleaned_data
    if data["unit"]:
        rows = rows.filter(finding__unit=data["unit"])
    if data["source"]:
        rows = rows.filter(finding__source=data["source"])
    if data["status"]:
        rows = rows.filter(status=data["status"])
    if data["year"]:
        rows = rows.filter(finding__report_date__year=data["year"])
    if data["overdue"]:
        rows = rows.filter(deadline__lt=timezone.localdate(), status__in=OPEN_STATUSES)
    return rows


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, units=units_for(request.user))
    rows = _filtered(request.user, form)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        return _export(fmt, rows)
    today = timezone.localdate()
    rows = list(rows[:500])
    for rec in rows:
        rec.overdue = rec.is_overdue(today)
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    summary = None
    if unit is not None:
        summary = tlhp.counts_for_unit(unit.pk, [today])[today]
    return render(
        request,
        "findings/register.html",
        {
            "form": form, "rows": rows, "unit": unit, "summary": summary,
            "may_record": monitored_units(request.user).exists(),
            "query": request.GET.urlencode(), "this_year": today.year,
        },
    )  # fmt: skip


def _export(fmt: str, rows: QuerySet[Recommendation]) -> HttpResponse:
    today = timezone.localdate()
    headers = [
        _("Unit kerja"), _("Source"), _("Report number"), _("Report date"), _("Finding"),
        _("Recommendation"), _("Follow-up status"), _("Status as of"), _("Deadline"),
        _("Overdue"),
    ]  # fmt: skip
    body = (
        [
            r.finding.unit.name, r.finding.source_label, r.finding.report_number,
            r.finding.report_date, r.finding.title, r.text, r.get_status_display(), r.status_on,
            r.deadline, _("yes") if r.is_overdue(today) else "",
        ]
        for r in rows.iterator()
    )  # fmt: skip
    return table_response(fmt, f"temuan-{today:%Y%m%d}", headers, body, title=_("Findings"))


# --- one finding ---------------------------------------------------------------------------------
def _detail(request: HttpRequest, finding: Finding, status: int = 200, **forms) -> HttpResponse:
    unit = finding.unit
    recs = list(
        finding.recommendations.prefetch_related(
            Prefetch("changes", queryset=StatusChange.objects.select_related("by")),
            Prefetch("documents", queryset=Document.objects.select_related("file")),
        )
    )
    today = timezone.localdate()
    for rec in recs:
        rec.overdue = rec.is_overdue(today)
        rec.status_form = forms.get(f"status_{rec.pk}") or StatusForm(
            initial={"status": rec.status}, prefix=f"s{rec.pk}"
        )
        rec.follow_up_form = forms.get(f"follow_up_{rec.pk}") or FollowUpForm(prefix=f"f{rec.pk}")
        rec.deadline_form = forms.get(f"deadline_{rec.pk}") or DeadlineForm(
            initial={"deadline": rec.deadline}, prefix=f"d{rec.pk}"
        )
    context = {
        "finding": finding, "recs": recs,
        "may_monitor": can_monitor(request.user, unit),
        "may_follow_up": can_follow_up(request.user, unit),
        "recommendation_form": forms.get("recommendation") or RecommendationForm(),
    }  # fmt: skip
    return render(request, "findings/detail.html", context, status=status)


@login_required
def finding_add(request: HttpRequest) -> HttpResponse:
    units = monitored_units(request.user)
    if not units.exists():
        raise Http404
    form = NewFindingForm(
        request.POST or None, units=units, initial={"unit": request.GET.get("unit")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            finding = actions.create_finding(
                request.user, data["unit"], **{k: data[k] for k in actions.FINDING_FIELDS}
            )
            actions.add_recommendation(
                request.user, finding, data["recommendation"], data["deadline"]
            )
        except actions.FindingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Finding recorded."))
            return redirect(finding)
    return render(
        request, "findings/form.html", {"form": form, "title": _("Record an audit finding")}
    )


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_finding_for(request.user, pk))


@login_required
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for(request.user, pk, write=True)
    form = FindingForm(request.POST or None, instance=finding)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in actions.FINDING_FIELDS}
        finding.refresh_from_db()  # the form wrote into the instance; the action compares
        try:
            actions.update_finding(request.user, finding, **data)
        except actions.FindingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Finding saved."))
            return redirect(finding)
    return render(
        request, "findings/form.html",
        {"form": form, "title": _("Change the finding"), "back": finding.get_absolute_url()},
    )  # fmt: skip


@login_required
@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_finding_for(request.user, pk, write=True)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            actions.add_recommendation(
                request.user, finding, form.cleaned_data["text"], form.cleaned_data["deadline"]
            )
        except actions.FindingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Recommendation added."))
            return redirect(finding)
    return _detail(request, finding, status=422, recommendation=form)


def _recommendation_post(request, pk, *, to, form_class, prefix, key, error_field, apply, done):
    """One of a recommendation's small forms: check it, run the action, and on a refusal show
    the finding again with this form as typed and the reason (422)."""
    rec = get_recommendation_for(request.user, pk, to=to)
    form = form_class(request.POST, request.FILES, prefix=f"{prefix}{rec.pk}")
    if form.is_valid():
        try:
            apply(rec, form.cleaned_data)
        except actions.FindingError as exc:
            form.add_error(error_field, str(exc))
        else:
            messages.success(request, done)
            return redirect(rec.finding)
    return _detail(request, rec.finding, status=422, **{f"{key}_{rec.pk}": form})


@login_required
@require_POST
def status_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_post(
        request, pk, to="monitor", form_class=StatusForm, prefix="s", key="status",
        error_field=None, done=_("Follow-up status recorded."),
        apply=lambda rec, data: actions.change_status(
            request.user, rec, data["status"], data["effective_on"], data["note"]
        ),
    )  # fmt: skip


@login_required
@require_POST
def deadline_change(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_post(
        request, pk, to="monitor", form_class=DeadlineForm, prefix="d", key="deadline",
        error_field="deadline", done=_("Deadline saved."),
        apply=lambda rec, data: actions.set_deadline(request.user, rec, data["deadline"]),
    )  # fmt: skip


@login_required
@require_POST
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _recommendation_post(
        request, pk, to="follow_up", form_class=FollowUpForm, prefix="f", key="follow_up",
        error_field=None, done=_("Follow-up reported."),
        apply=lambda rec, data: actions.report_follow_up(
            request.user, rec, data["note"], upload=data["file"], url=data["url"],
            description=data["description"],
        ),
    )  # fmt: skip


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """A file of a follow-up or a capaian kinerja record, for whoever sees its unit."""
    document = (
        Document.objects.select_related("file", "recommendation__finding", "record")
        .filter(pk=pk, file__isnull=False)
        .first()
    )
    if document is None:
        raise Http404
    unit_id = (
        document.recommendation.finding.unit_id
        if document.recommendation
        else document.record.unit_id
    )
    if not units_for(request.user).filter(pk=unit_id).exists():
        raise Http404
    return file_response(document.file, document.filename)


# --- TLHP --------------------------------------------------------------------------------------
@login_required
@require_GET
def tlhp_view(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_tlhp_unit_for(request.user, unit_pk)
    today = timezone.localdate()
    try:
        cutoff = date.fromisoformat(request.GET.get("per") or today.isoformat())
    except ValueError:
        cutoff = today
    tally = tlhp.counts_for_unit(unit.pk, [cutoff])[cutoff]
    return render(
        request, "findings/tlhp.html",
        {"unit": unit, "tally": tally, "explanation": tlhp.explain(tally), "today": today},
    )  # fmt: skip


# --- capaian kinerja -----------------------------------------------------------------------------
def _year(year: int) -> int:
    if not 2010 <= year <= 2100:
        raise Http404
    return year


def _criteria() -> dict[str, str]:
    return dict(builtin_framework("lke-2021").questions["126"].criteria)


@login_required
def performance(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    unit = get_performance_unit_for(request.user, unit_pk)
    year = _year(year)
    rec = (
        PerformanceRecord.objects.filter(unit=unit, year=year)
        .select_related("updated_by")
        .prefetch_related(
            "indicators", Prefetch("documents", Document.objects.select_related("file"))
        )
        .first()
    )
    may_keep = can_keep_performance(request.user, unit)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_keep or rec is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.add_performance_document(
                    request.user, rec, upload=data["file"], url=data["url"],
                    description=data["description"],
                )  # fmt: skip
            except (actions.FindingError, PermissionDenied) as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Document added."))
                return redirect(rec)
    assessment = capaian.assess(
        list(rec.indicators.all()) if rec else [], rec.outcome_oriented if rec else False
    )
    criteria = _criteria()
    checks = [(c, criteria.get(c.option, "")) for c in assessment.checks]
    return render(
        request, "findings/performance.html",
        {"unit": unit, "year": year, "rec": rec, "assessment": assessment, "checks": checks,
         "may_keep": may_keep, "form": form},
        status=422 if request.method == "POST" else 200,
    )  # fmt: skip


def _indicator_initial(indicator) -> dict:
    """A saved indicator as the form shows it: figures without padding zeros (86.5, not
    86.5000)."""
    row = {f: getattr(indicator, f) for f in ("name", "measure", "polarity")}
    for f in ("target", "realisation", "previous_realisation", "benchmark"):
        value = getattr(indicator, f)
        row[f] = None if value is None else format(value.normalize(), "f")
    return row


@login_required
def performance_edit(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    unit = get_performance_unit_for(request.user, unit_pk, write=True)
    year = _year(year)
    rec = PerformanceRecord.objects.filter(unit=unit, year=year).first()
    initial_rows = []
    initial = {}
    if rec is not None:
        initial = {"outcome_oriented": rec.outcome_oriented, "note": rec.note}
        initial_rows = [_indicator_initial(i) for i in rec.indicators.all()]
    form = PerformanceForm(request.POST or None, initial=initial)
    formset = IndicatorFormSet(request.POST or None, initial=initial_rows, prefix="ind")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            actions.IndicatorInput(**{k: v for k, v in f.cleaned_data.items() if k != "DELETE"})
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            saved = actions.save_performance(
                request.user, unit, year, outcome_oriented=form.cleaned_data["outcome_oriented"],
                note=form.cleaned_data["note"], indicators=rows,
            )  # fmt: skip
        except actions.FindingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Capaian kinerja saved."))
            return redirect(saved)
    return render(
        request, "findings/performance_form.html",
        {"unit": unit, "year": year, "form": form, "formset": formset},
        status=422 if request.method == "POST" else 200,
    )  # fmt: skip
