"""The findings of an audit report and their recommendations, one row per recommendation,
through `zona.findings.actions` (create_finding, update_finding, add_recommendation,
set_deadline). A finding is recognised by its unit, report number and title; a
recommendation by its text within the finding."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from zona.findings.actions import (
    FINDING_FIELDS,
    add_recommendation,
    create_finding,
    set_deadline,
    update_finding,
)
from zona.findings.models import Finding, Recommendation, Source
from zona.orgs.models import UnitKerja

from ..table import Column, Row, Spec
from .base import CHANGED, CREATED, UNCHANGED, Context, Importer, Outcome, RowError, change

SOURCE_CELLS = {Source.BPK: "BPK", Source.BPKP: "BPKP", Source.INSPEKTORAT: "Inspektorat",
                Source.OTHER: "Lainnya"}  # fmt: skip

SPEC = Spec(
    (
        Column("unit", "Kode unit", required=True, max_length=200,
               note=lambda: _("The audited unit's code (or its name if it has none).")),
        Column("source", "Sumber", kind="choice", required=True, what=lambda: _("source"),
               choices=lambda: list(SOURCE_CELLS.items()),
               note=lambda: _("Who audited: BPK, BPKP, Inspektorat or Lainnya (another auditor).")),
        Column("source_name", "Nama auditor", max_length=150,
               note=lambda: _("Required when the source is Lainnya, e.g. Itjen Kementerian X.")),
        Column("report_number", "Nomor laporan", required=True, max_length=150,
               note=lambda: _("The number of the audit report (LHP).")),
        Column("report_date", "Tanggal laporan", kind="date", required=True,
               note=lambda: _("The report's date, e.g. 2026-03-31; not in the future.")),
        Column("title", "Temuan", required=True, max_length=300,
               note=lambda: _("The finding in one line. Rows with the same unit, report number "
                              "and finding belong to one finding.")),
        Column("description", "Uraian", note=lambda: _("The condition found (optional).")),
        Column("recommendation", "Rekomendasi",
               note=lambda: _("One recommendation per row; empty for a finding without one.")),
        Column("deadline", "Batas waktu", kind="date",
               note=lambda: _("The deadline of the recommendation (optional).")),
    )
)  # fmt: skip


class FindingImporter(Importer):
    code = "findings"
    spec = SPEC

    def title(self) -> str:
        return _("Audit findings and recommendations")

    def description(self) -> str:
        return _("The findings of an audit report with their recommendations and deadlines, "
                 "for the units of the instansi.")  # fmt: skip

    def filename(self) -> str:
        return "temuan-dan-rekomendasi"

    def prepare(self, ctx: Context, rows: list[Row]) -> list[Row]:
        units = list(UnitKerja.objects.filter(instansi=ctx.instansi).select_related("instansi"))
        by_key = {u.code.lower(): u for u in units if u.code}
        for unit in units:
            by_key.setdefault(unit.name.lower(), unit)
        ctx.cache["units"] = by_key
        findings = Finding.objects.filter(unit__instansi=ctx.instansi).select_related("unit")
        ctx.cache["findings"] = {
            (f.unit_id, f.report_number.lower(), f.title.lower()): f for f in findings
        }
        ctx.cache["recs"] = {
            (r.finding_id, r.text.strip().lower()): r
            for r in Recommendation.objects.filter(finding__unit__instansi=ctx.instansi)
        }
        return rows

    def apply_row(self, ctx: Context, row: Row) -> Outcome:
        v = row.values
        unit = ctx.cache["units"].get(v["unit"].lower())
        if unit is None:
            raise RowError(
                self.header("unit"),
                _("no unit with the code '%(code)s' in this instansi.") % {"code": v["unit"]},
            )
        data = {k: v[k] if v[k] is not None else "" for k in FINDING_FIELDS}
        key = (unit.pk, v["report_number"].lower(), v["title"].lower())
        finding = ctx.cache["findings"].get(key)
        label = f"{v['report_number']} · {v['title'][:60]}"
        status, changes = UNCHANGED, []
        if finding is None:
            finding = create_finding(ctx.actor, unit, **data)
            ctx.cache["findings"][key] = finding
            status = CREATED
        else:
            for name in FINDING_FIELDS:
                if getattr(finding, name) != data[name]:
                    changes.append(change(self.header(name), _cell(getattr(finding, name)),
                                          _cell(data[name])))  # fmt: skip
            if changes:
                update_finding(ctx.actor, finding, **data)
                status = CHANGED
        text = (v["recommendation"] or "").strip()
        if text:
            rec = ctx.cache["recs"].get((finding.pk, text.lower()))
            if rec is None:
                if v["deadline"] and v["deadline"] < finding.report_date:
                    raise RowError(self.header("deadline"),
                                   _("the deadline cannot be before the report date."))  # fmt: skip
                rec = add_recommendation(ctx.actor, finding, text, v["deadline"])
                ctx.cache["recs"][(finding.pk, text.lower())] = rec
                status = CREATED
            elif rec.deadline != v["deadline"]:
                changes.append(change(self.header("deadline"), _cell(rec.deadline),
                                      _cell(v["deadline"])))  # fmt: skip
                set_deadline(ctx.actor, rec, v["deadline"])
                status = CHANGED if status == UNCHANGED else status
            label = f"{label} · {text[:40]}"
        return Outcome(status, label, changes)

    def export_rows(self, actor, instansi) -> list[list]:
        findings = (
            Finding.objects.filter(unit__instansi=instansi).select_related("unit")
            .prefetch_related("recommendations").order_by("report_date", "pk")
        )  # fmt: skip
        rows = []
        for f in findings:
            head = [f.unit.code or f.unit.name, SOURCE_CELLS[f.source], f.source_name,
                    f.report_number, f.report_date, f.title, f.description]  # fmt: skip
            recs = list(f.recommendations.all())
            if not recs:
                rows.append([*head, None, None])
            rows += [[*head, r.text, r.deadline] for r in recs]
        return rows


def _cell(value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "isoformat"):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)
