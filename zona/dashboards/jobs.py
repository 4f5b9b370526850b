"""The instansi summary PDF as background work (zona.jobs): made on the queue, downloaded from
its progress page. The same board and template as the page; the person's reach is checked when
it is asked for and again when it runs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zona.jobs.kinds import Kind, Outcome

from . import figures
from .access import get_instansi_dashboard_for
from .instansi import instansi_dashboard
from .reports import render_pdf, slug

INSTANSI_SUMMARY = "instansi_summary_pdf"


def summary_title(instansi, params: dict) -> str:
    return _("Printable summary of %(instansi)s, %(year)s (PDF)") % {
        "instansi": instansi.name,
        "year": params["year"],
    }


def _check(user, params: dict) -> None:
    get_instansi_dashboard_for(user, params["instansi"])


def _run(job, progress) -> Outcome:
    params, user = job.params, job.owner
    instansi = get_instansi_dashboard_for(user, params["instansi"])
    progress(0, 3, _("Reading the units, their scores and eligibility"))
    board = instansi_dashboard(user, instansi, params["year"], params["layer"])
    progress(1, 3, _("Drawing the heat maps of %(n)s units") % {"n": len(board.rows)})
    heatmaps = [figures.area_heatmap(h) for h in board.heatmaps if h.rows]
    progress(2, 3, _("Laying out the PDF"))
    context = {"board": board, "heatmaps": heatmaps, "links": False, "LANGUAGE_CODE": job.language}
    pdf = render_pdf("dashboards/instansi_pdf.html", context)
    progress(3, 3, "")
    filename = f"ringkasan-{slug(instansi.name)}-{board.year}.pdf"
    summary = _("Summary of %(n)s units.") % {"n": len(board.rows)}
    return Outcome(summary=summary, content=pdf, filename=filename)


KIND = Kind(INSTANSI_SUMMARY, _check, _run)
