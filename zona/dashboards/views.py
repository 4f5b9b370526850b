"""Dashboards and reports. Thin: access decides who, the data modules compute, templates show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from zona.accounts.models import Role
from zona.core.numbers import rounded
from zona.core.tabular import FORMATS, table_response
from zona.evaluations.access import (
    NATIONAL_STAGES,
    get_evaluation_for,
    has_role_for,
    layer_signature,
)
from zona.evaluations.actions import may_upload_signed_report
from zona.evaluations.models import Layer, Stage
from zona.jobs import kinds as jobs
from zona.orgs.access import instansi_for, reach, units_for
from zona.orgs.models import YEAR_VALIDATORS, InstansiKind, UnitType

from . import cache as dashboard_cache
from . import figures
from .access import (
    get_instansi_dashboard_for,
    get_unit_dashboard_for,
    may_see_national,
    national_scope_for,
)
from .instansi import default_year, instansi_dashboard
from .jobs import INSTANSI_SUMMARY, summary_title
from .lhe_docx import DOCX_TYPE, lhe_docx
from .national import Filters, filter_options, national_table
from .reports import SignatureForm, condition_view, evaluation_report, pdf_response, slug
from .sections import render_unit_sections
from .unit import unit_dashboard
from .views_signed import SignedReportForm

SELECT = "form-select form-select-sm"


class YearForm(forms.Form):
    tahun = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, validators=YEAR_VALIDATORS
    )


class InstansiForm(YearForm):
    lapisan = forms.ChoiceField(
        label=gettext_lazy("Layer of the heat map"), choices=Layer.choices, required=False
    )


class NationalForm(YearForm):
    jenis = forms.ChoiceField(
        label=gettext_lazy("Kind of instansi"),
        choices=[("", gettext_lazy("All kinds")), *InstansiKind.choices],
        required=False,
        widget=forms.Select(attrs={"class": SELECT}),
    )
    tipe = forms.ModelChoiceField(
        label=gettext_lazy("Unit type"),
        queryset=UnitType.objects.all(),
        empty_label=gettext_lazy("All unit types"),
        required=False,
        widget=forms.Select(attrs={"class": SELECT}),
    )
    wilayah = forms.CharField(label=gettext_lazy("Province"), max_length=100, required=False)


def _valid(form: forms.Form, name: str, default=None):
    """A field's cleaned value, or `default` when it was empty or wrong (the form shows why and
    keeps what was typed)."""
    if not form.is_bound:
        return default
    if form.is_valid():
        return form.cleaned_data.get(name) or default
    return default if name in form.errors else form.cleaned_data.get(name) or default


def _export_format(request: HttpRequest) -> str | None:
    fmt = request.GET.get("format")
    return fmt if fmt in FORMATS else None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The dashboard the person most likely wants: their instansi's or their unit's when their
    roles reach exactly one, the national one for national roles (administrator, TPN); the
    choice only for a person whose roles reach several."""
    r = reach(request.user)
    national = may_see_national(request.user)
    instansi = instansi_for(request.user)
    if not r.everything:
        instansi = instansi.filter(pk__in=r.instansi_ids)
    instansi = list(instansi.only("pk", "name", "short_name"))
    covered = {i.pk for i in instansi}
    units = (
        [
            u
            for u in units_for(request.user).filter(pk__in=r.unit_ids)
            if u.instansi_id not in covered
        ]
        if r.unit_ids
        else []
    )
    places = len(instansi) + len(units)
    if r.everything or (national and not places):
        return redirect("dashboards:national")
    if places == 1:
        if instansi:
            return redirect("dashboards:instansi", instansi[0].pk)
        return redirect("dashboards:unit", units[0].pk)
    return render(
        request,
        "dashboards/index.html",
        {"national": national, "instansi_list": instansi, "units": units},
    )


@login_required
def national(request: HttpRequest) -> HttpResponse:
    scope = national_scope_for(request.user)
    form = NationalForm(request.GET or None)
    unit_type = _valid(form, "tipe")
    filters = Filters(
        year=_valid(form, "tahun"),
        kind=_valid(form, "jenis", ""),
        unit_type=unit_type.pk if unit_type else None,
        region=_valid(form, "wilayah", ""),
    )
    fmt = _export_format(request)
    if fmt:
        table = national_table(scope, filters)
    else:
        table, options, bars, lines = dashboard_cache.cached(
            "national",
            (scope.instansi_ids and sorted(scope.instansi_ids), filters),
            dashboard_cache.national_version(),
            lambda: _national_figures(scope, filters),
        )
    if fmt:
        headers = [_("Year"), _("Proposals"), _("Menuju WBK"), _("Menuju WBBM"),
                   _("Predicates revoked"), _("Proposals, accumulated"),
                   _("Menuju WBK, accumulated"), _("Menuju WBBM, accumulated")]  # fmt: skip
        rows = [
            [y.year, y.counts.proposals, y.counts.wbk, y.counts.wbbm, y.counts.revoked,
             y.accumulated.proposals, y.accumulated.wbk, y.accumulated.wbbm]
            for y in table.years
        ]  # fmt: skip
        return table_response(fmt, "zona-nasional", headers, rows, title=_("National"))
    return render(
        request,
        "dashboards/national.html",
        {
            "form": form,
            "scope": scope,
            "table": table,
            "options": options,
            "bars": bars,
            "lines": lines,
            "group_titles": {
                "unit_type": _("By unit type"),
                "region": _("By province"),
                "kind": _("By kind of instansi"),
            },
        },
    )


def _national_figures(scope, filters: Filters) -> tuple:
    table = national_table(scope, filters)
    return (
        table,
        filter_options(scope),
        figures.national_bars(table) if table.years else None,
        figures.national_lines(table) if table.years else None,
    )


def _instansi_board(request: HttpRequest, pk: int):
    instansi = get_instansi_dashboard_for(request.user, pk)
    form = InstansiForm(request.GET or None)
    year = _valid(form, "tahun") or default_year(instansi)
    layer = _valid(form, "lapisan", Layer.TPI)
    board = instansi_dashboard(request.user, instansi, year, layer)
    return form, board, [figures.area_heatmap(h) for h in board.heatmaps if h.rows]


def instansi_summary_params(request: HttpRequest, pk: int) -> dict:
    """The instansi summary's parameters as a job stores them (the same choices as the page)."""
    instansi = get_instansi_dashboard_for(request.user, pk)
    form = InstansiForm(request.POST or request.GET or None)
    year = _valid(form, "tahun") or default_year(instansi)
    return {"instansi": instansi.pk, "year": year, "layer": _valid(form, "lapisan", Layer.TPI)}


def _instansi_context(board, heatmaps, links: bool) -> dict:
    return {"board": board, "heatmaps": heatmaps, "links": links}


@dataclass(frozen=True)
class _Asked:
    """What the page's heading and form show of a dashboard served from the cache."""

    instansi: Any
    year: int
    layer: str


@login_required
def instansi(request: HttpRequest, pk: int) -> HttpResponse:
    fmt = _export_format(request)
    if fmt:
        _form, board, _heatmaps = _instansi_board(request, pk)
        return _instansi_table(fmt, board)
    instansi = get_instansi_dashboard_for(request.user, pk)
    form = InstansiForm(request.GET or None)
    year = _valid(form, "tahun") or default_year(instansi)
    layer = _valid(form, "lapisan", Layer.TPI)

    def body() -> str:
        board = instansi_dashboard(request.user, instansi, year, layer)
        heatmaps = [figures.area_heatmap(h) for h in board.heatmaps if h.rows]
        return render_to_string(
            "dashboards/_instansi_body.html", _instansi_context(board, heatmaps, True), request
        )

    # The body (units, scores, eligibility, heat map) as this person's layers show it, today.
    rules = layer_signature(request.user)
    asked = (instansi.pk, year, layer, rules, timezone.localdate().isoformat())
    version = dashboard_cache.instansi_version(instansi.pk, year)
    context = {
        "board": _Asked(instansi, year, layer),
        "body": dashboard_cache.cached("instansi", asked, version, body),
        "form": form,
        "layers": Layer.choices,
    }
    return render(request, "dashboards/instansi.html", context)


def _instansi_table(fmt: str, board) -> HttpResponse:
    headers = [_("Unit kerja"), _("Unit type"), _("Stage"), _("Target predicate"),
               _("Score (unit)"), _("Score (TPI)"), _("Score (TPN)"),
               _("Predicate whose conditions are met"), _("Conditions failed"),
               _("Eligibility")]  # fmt: skip
    rows = []
    for row in board.rows:
        e = row.evaluation
        rows.append(
            [row.unit.name, row.unit.unit_type.name,
             e.get_stage_display() if e else "", e.get_target_display() if e else "",
             *[rounded(c.total_or_none) if c else None
               for c in row.cells.values()],
             row.main.predicate if row.main else "", "; ".join(row.failed_conditions),
             row.eligibility]
        )  # fmt: skip
    return table_response(fmt, f"zona-{slug(board.instansi.name)}-{board.year}", headers, rows)


@login_required
@require_http_methods(["GET", "POST"])
def instansi_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable summary is made on the queue (21 s for 250 units is too long for a
    request): GET says what will be made, POST asks for it and goes to its progress page."""
    params = instansi_summary_params(request, pk)
    instansi = get_instansi_dashboard_for(request.user, pk)
    if request.method == "POST":
        job = jobs.start(request.user, INSTANSI_SUMMARY, params, summary_title(instansi, params))
        return redirect(job)
    return render(
        request,
        "dashboards/instansi_pdf_ask.html",
        {"instansi": instansi, "params": params, "title": summary_title(instansi, params)},
    )


@login_required
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_dashboard_for(request.user, pk)
    form = YearForm(request.GET or None)
    board = unit_dashboard(request.user, unit, _valid(form, "tahun"))
    context = {
        "form": form,
        "board": board,
        "sections": render_unit_sections(
            unit, board.year or timezone.localdate().year, request.user
        ),
        "conditions": [],
    }
    if board.evaluation is not None:
        context["conditions"] = [condition_view(c) for c in board.conditions]
        context["area_chart"] = figures.area_bars(
            board.areas, board.layers, _("Share of each area's weight reached")
        )
        context["main_layer_name"] = figures.layer_name(board.main)
        context["layer_names"] = [(layer, figures.layer_name(layer)) for layer in board.layers]
    if any(v is not None for _year, values in board.trend for v in values.values()):
        context["trend_chart"] = figures.trend_lines(board.trend, list(Layer.values))
    return render(request, "dashboards/unit.html", context)


def _report(request: HttpRequest, pk: int):
    evaluation = get_evaluation_for(request.user, pk)
    form = SignatureForm(request.GET or None)
    signature = {}
    if form.is_bound:
        form.is_valid()  # the block keeps the valid fields; the form shows what is wrong
        signature = {k: v for k, v in form.cleaned_data.items() if k not in form.errors}
    return form, evaluation_report(request.user, evaluation, signature)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    form, context = _report(request, pk)
    context["form"] = form
    context["query"] = request.GET.urlencode()
    evaluation = context["evaluation"]
    context["signed_reports"] = evaluation.signed_reports.select_related("uploaded_by")
    context["may_upload_signed"] = may_upload_signed_report(request.user, evaluation)
    context["signed_form"] = SignedReportForm()
    # The proposal package (zona.workbook.proposal) is the coordinator's, once the TPI is done.
    context["may_download_package"] = evaluation.stage in (
        Stage.TPI_FINAL,
        *NATIONAL_STAGES,
    ) and has_role_for(request.user, evaluation, Role.INSTANSI_COORDINATOR)
    return render(request, "dashboards/report.html", context)


@login_required
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    _form, context = _report(request, pk)
    e = context["evaluation"]
    filename = f"laporan-hasil-evaluasi-{slug(e.unit.name)}-{e.year}"
    return pdf_response("dashboards/report_pdf.html", context, filename, request)


@login_required
def report_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The same report as an editable Word document, for the TPI to adjust before signing."""
    _form, context = _report(request, pk)
    e = context["evaluation"]
    response = HttpResponse(lhe_docx(context), content_type=DOCX_TYPE)
    filename = f"laporan-hasil-evaluasi-{slug(e.unit.name)}-{e.year}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
