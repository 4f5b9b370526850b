"""Files of a survey: QR code (SVG), A4 poster (PDF), responses (CSV/XLSX), import template,
token lists. All attachments except the QR image, all with nosniff."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from zona.core.tabular import FORMATS, table_response
from zona.core.wordprocessing import DOCX_TYPE
from zona.orgs.access import get_unit_for
from zona.orgs.letterhead import letterhead

from . import access
from .importing import template_headers
from .models import Survey
from .report import unit_period_report
from .report_docx import results_report_docx as report_docx
from .results import min_group_size


def _fmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


def _name(survey: Survey, what: str) -> str:
    return slugify(f"{what}-{survey.kind}-{survey.year}-{survey.quarter or 'tahun'}-{survey.code}")


def qr_svg(url: str, *, scale: int = 6) -> str:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, nl=False
    )
    return out.getvalue().decode()


@login_required
def qr(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_for(request.user, pk)
    body = qr_svg(request.build_absolute_uri(survey.public_path()))
    response = HttpResponse(body, content_type="image/svg+xml")
    response["X-Content-Type-Options"] = "nosniff"
    if request.GET.get("unduh"):
        response["Content-Disposition"] = f'attachment; filename="{_name(survey, "qr")}.svg"'
    return response


def _pdf(html: str) -> bytes:
    from weasyprint import HTML, URLFetcher  # imported here: loading Pango costs ~0.3 s

    # Everything is inline (the QR codes as SVG, the logo as a data: URI): fetch nothing else.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    """An A4 poster for the service counter: the unit's name under the instansi's letterhead,
    the Zona Integritas marks (the predicate the unit holds filled in), the QR code, the link."""
    survey = access.get_survey_for(request.user, pk)
    url = request.build_absolute_uri(survey.public_path())
    award = survey.unit.awards.filter(revoked=False).order_by("-year").first()
    html = render_to_string(
        "surveys/poster.html",
        {
            "survey": survey,
            "url": url,
            "qr": qr_svg(url, scale=10),
            "title": survey.instrument.title.id,
            "letterhead": letterhead(survey.unit.instansi),
            "award": award,
            "held": award.predicate if award else "",
        },
        request=request,
    )
    return _pdf_response(_pdf(html), _name(survey, "poster"))


def token_slips(survey: Survey, public_url: str, codes: list[str]) -> list[dict[str, str]]:
    """One slip per token: the link that carries the token, and that link's own QR code."""
    slips = []
    for code in codes:
        link = f"{public_url}?{urlencode({'t': code})}"
        slips.append({"code": code, "link": link, "qr": qr_svg(link, scale=3)})
    return slips


@login_required
def tokens_pdf(request: HttpRequest, pk: int, batch: int) -> HttpResponse:
    """The unused tokens of a batch as A4 sheets of slips to cut (3 × 6 a page)."""
    survey = access.get_survey_for(request.user, pk, write=True)
    if not survey.tokens.filter(batch=batch).exists():
        raise Http404
    codes = list(survey.tokens.filter(batch=batch, used=False).values_list("code", flat=True))
    if not codes:
        raise Http404
    url = request.build_absolute_uri(survey.public_path())
    html = render_to_string(
        "surveys/tokens_pdf.html",
        {"survey": survey, "batch": batch, "slips": token_slips(survey, url, codes)},
        request=request,
    )
    return _pdf_response(_pdf(html), _name(survey, f"kupon-token-{batch}"))


def _results_report(request: HttpRequest, unit_pk: int, year: int):
    unit = get_unit_for(request.user, unit_pk)
    quarter = request.GET.get("triwulan") or None
    if quarter is not None and quarter not in {"1", "2", "3", "4"}:
        raise Http404
    quarter = int(quarter) if quarter else None
    reports = unit_period_report(unit, year, quarter)
    if not reports:
        raise Http404
    context = {
        "unit": unit,
        "period": reports[0].survey.period_label,
        "reports": reports,
        "letterhead": letterhead(unit.instansi),
        "min_group": min_group_size(),
    }
    return context, slugify(f"laporan-hasil-survei-{unit.name}-{year}-{quarter or 'tahun'}")


@login_required
def results_report(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    """The survey results report (PDF) of a unit for a year or, with ?triwulan=1–4, a quarter:
    to whoever sees the unit, as the results pages are."""
    context, filename = _results_report(request, unit_pk, year)
    html = render_to_string("surveys/report_pdf.html", context, request=request)
    return _pdf_response(_pdf(html), filename)


@login_required
def results_report_docx(request: HttpRequest, unit_pk: int, year: int) -> HttpResponse:
    """The same report as a Word document."""
    context, filename = _results_report(request, unit_pk, year)
    body = report_docx(
        context["unit"], context["period"], context["reports"], context["letterhead"],
        context["min_group"],
    )  # fmt: skip
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.docx"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    # Whoever may see the results may check them answer by answer (e.g. the TPI).
    survey = access.get_survey_for(request.user, pk)
    fmt = _fmt(fmt)
    statements = survey.instrument.statement_codes
    questions = [q["code"] for q in survey.instrument.profile]
    headers = [_("No."), _("Date"), _("Channel"), *statements, *questions, "saran"]
    channels = dict(survey.responses.model._meta.get_field("channel").choices)

    def rows():
        for number, (date, channel, answers, profile, suggestion) in enumerate(
            survey.responses.order_by("pk")
            .values_list("submitted_on", "channel", "answers", "profile", "suggestion")
            .iterator(chunk_size=2000),
            start=1,
        ):
            yield [
                number,
                date,
                str(channels.get(channel, channel)),
                *(answers.get(c) for c in statements),
                *(profile.get(q, "") for q in questions),
                suggestion,
            ]

    return table_response(fmt, _name(survey, "jawaban"), headers, rows(), title=_("Responses"))


@login_required
def import_template(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    survey = access.get_survey_for(request.user, pk, write=True)
    return table_response(
        _fmt(fmt), _name(survey, "templat-impor"), template_headers(survey), [], title="Jawaban"
    )


@login_required
def tokens_download(request: HttpRequest, pk: int, batch: int, fmt: str) -> HttpResponse:
    survey = access.get_survey_for(request.user, pk, write=True)
    fmt = _fmt(fmt)
    rows = list(survey.tokens.filter(batch=batch).values_list("code", "used"))
    if not rows:
        raise Http404
    url = request.build_absolute_uri(survey.public_path())
    return table_response(
        fmt,
        _name(survey, f"token-{batch}"),
        [_("Token"), _("Link"), _("Used")],
        ([code, f"{url}?t={code}", _("yes") if used else _("no")] for code, used in rows),
        title=_("Tokens"),
    )
