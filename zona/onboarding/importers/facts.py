"""The instansi's facts per year (BPK opinion, AKIP grade, SPIP level, RB index), through
`zona.orgs.actions.save_instansi_year` and the screen's `InstansiYearForm`."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from zona.orgs.actions import save_instansi_year
from zona.orgs.forms import InstansiYearForm
from zona.orgs.models import AkipGrade, BpkOpinion, InstansiYear

from ..table import Column, Row, Spec
from .base import CHANGED, CREATED, UNCHANGED, Context, Importer, Outcome, RowError, change

SPEC = Spec(
    (
        Column("year", "Tahun", kind="int", required=True, minimum=2010, maximum=2100,
               note=lambda: _("The year the facts are of, e.g. 2025. One row per year.")),
        Column("bpk_opinion", "Opini BPK", kind="choice", what=lambda: _("BPK opinion"),
               choices=lambda: [(o.value, o.value) for o in BpkOpinion],
               note=lambda: _("The BPK opinion on the financial report of that year.")),
        Column("akip_grade", "Nilai AKIP", kind="choice", what=lambda: _("AKIP grade"),
               choices=lambda: [(g.value, g.value) for g in AkipGrade],
               note=lambda: _("The AKIP/SAKIP grade of that year.")),
        Column("spip_level", "Level SPIP", kind="decimal", minimum=0, maximum=5,
               note=lambda: _("The SPIP maturity level, 0 to 5, e.g. 3,25.")),
        Column("rb_index", "Indeks RB", kind="decimal", minimum=0, maximum=100,
               note=lambda: _("The bureaucratic reform (RB) index, 0 to 100, e.g. 78,5.")),
    )
)  # fmt: skip
FIELDS = ("bpk_opinion", "akip_grade", "spip_level", "rb_index")


class FactsImporter(Importer):
    code = "facts"
    spec = SPEC

    def title(self) -> str:
        return _("Instansi facts per year")

    def description(self) -> str:
        return _("BPK opinion, AKIP grade, SPIP level and RB index of each year, as the "
                 "eligibility rules read them.")  # fmt: skip

    def filename(self) -> str:
        return "data-instansi-per-tahun"

    def prepare(self, ctx: Context, rows: list[Row]) -> list[Row]:
        ctx.cache["years"] = {y.year: y for y in InstansiYear.objects.filter(instansi=ctx.instansi)}
        return rows

    def apply_row(self, ctx: Context, row: Row) -> Outcome:
        v = row.values
        year = v["year"]
        new = {f: v[f] if v[f] is not None else ("" if f in ("bpk_opinion", "akip_grade") else None)
               for f in FIELDS}  # fmt: skip
        current = ctx.cache["years"].get(year)
        label = str(year)
        changes = []
        if current is not None:
            for f in FIELDS:
                before = getattr(current, f)
                if _same(before, new[f]):
                    continue
                changes.append(change(self.header(f), _show(before), _show(new[f])))
            if not changes:
                return Outcome(UNCHANGED, label)
        form = InstansiYearForm({f: "" if new[f] is None else new[f] for f in FIELDS})
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            raise RowError(self.header(field) if field in FIELDS else "", " ".join(errors))
        ctx.cache["years"][year] = save_instansi_year(ctx.actor, ctx.instansi, year, form)
        return Outcome(CREATED if current is None else CHANGED, label, changes)

    def export_rows(self, actor, instansi) -> list[list]:
        return [
            [y.year, y.bpk_opinion or None, y.akip_grade or None, y.spip_level, y.rb_index]
            for y in InstansiYear.objects.filter(instansi=instansi).order_by("year")
        ]


def _same(before, after) -> bool:
    if isinstance(before, Decimal) or isinstance(after, Decimal):
        return (before is not None and after is not None and Decimal(before) == Decimal(after)) or (
            before is None and after is None
        )
    return (before or "") == (after or "")


def _show(value) -> str:
    from zona.core.numbers import figure

    if isinstance(value, Decimal):
        return figure(value)
    return value or ""
