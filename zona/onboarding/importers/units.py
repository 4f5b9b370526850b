"""Units kerja, nested by the parent's code, through `zona.orgs.actions.save_unit` and the
screen's own `UnitForm` (unique names and codes, no cycles)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zona.orgs.actions import save_unit
from zona.orgs.forms import UnitForm
from zona.orgs.models import Echelon, UnitKerja, UnitType

from ..table import Column, Row, Spec
from .base import CHANGED, CREATED, UNCHANGED, Context, Importer, Outcome, RowError, change


def _types():
    return [(t.name, t.name) for t in UnitType.objects.order_by("name")]


SPEC = Spec(
    (
        Column("code", "Kode", max_length=40,
               note=lambda: _("The instansi's own code of the unit, e.g. 02.03. A unit is "
                              "recognised by its code on the next import; a unit without a "
                              "code, by its name.")),
        Column("name", "Nama unit", required=True, max_length=200,
               note=lambda: _("The unit's name, unique within the instansi.")),
        Column("parent", "Kode induk", max_length=40,
               note=lambda: _("The code of the unit above it (in Zona or anywhere in this file); "
                              "empty for a unit directly under the instansi.")),
        Column("unit_type", "Jenis unit", kind="choice", required=True, choices=_types,
               what=lambda: _("unit type"),
               note=lambda: _("One of the unit types of Zona (the administrator keeps the list).")),
        Column("echelon", "Eselon", kind="choice", required=True,
               choices=lambda: [(e.value, e.value) for e in Echelon], what=lambda: _("echelon"),
               note=lambda: _("The unit's echelon: I, II, III or IV.")),
        Column("public_service", "Layanan publik", kind="bool",
               note=lambda: _("Ya if the unit delivers public services, otherwise Tidak.")),
        Column("address", "Alamat", max_length=255, note=lambda: _("The unit's address.")),
    )
)  # fmt: skip
FIELDS = ("name", "parent", "unit_type", "echelon", "public_service", "address")


class UnitImporter(Importer):
    code = "units"
    spec = SPEC
    labels = {
        "name": gettext_lazy("Name"), "parent": gettext_lazy("Parent"),
        "unit_type": gettext_lazy("Unit type"), "echelon": gettext_lazy("Echelon"),
        "public_service": gettext_lazy("Public service"), "address": gettext_lazy("Address"),
    }  # fmt: skip

    def title(self) -> str:
        return _("Units kerja")

    def description(self) -> str:
        return _("The instansi's units, nested by the code of the unit above, with type, "
                 "echelon and public-service flag.")  # fmt: skip

    def filename(self) -> str:
        return "unit-kerja"

    def prepare(self, ctx: Context, rows: list[Row]) -> list[Row]:
        units = list(UnitKerja.objects.filter(instansi=ctx.instansi).select_related("unit_type"))
        ctx.cache["by_code"] = {u.code.lower(): u for u in units if u.code}
        ctx.cache["by_name"] = {u.name.lower(): u for u in units}
        ctx.cache["types"] = {t.name.lower(): t for t in UnitType.objects.all()}
        # Parents first: a row whose parent is another row of the file comes after it.
        by_code = {str(r.values.get("name") or "").lower(): r for r in rows}
        by_code.update({str(r.values["code"]).lower(): r for r in rows if r.values.get("code")})
        depth: dict[int, int] = {}

        def level(row: Row, seen: frozenset = frozenset()) -> int:
            if row.number in depth:
                return depth[row.number]
            parent = str(row.values.get("parent") or "").lower()
            above = by_code.get(parent) if parent else None
            if above is None or above is row or row.number in seen:
                result = 0
            else:
                result = level(above, seen | {row.number}) + 1
            depth[row.number] = result
            return result

        return sorted(rows, key=lambda r: (level(r), r.number))

    def apply_row(self, ctx: Context, row: Row) -> Outcome:
        v = row.values
        code = v["code"]
        unit = ctx.cache["by_code"].get(code.lower()) if code else None
        if unit is None:  # a unit without a code (made by hand): recognised by its name
            named = ctx.cache["by_name"].get(v["name"].lower())
            if named is not None and not named.code:
                unit = named
        parent = None
        if v["parent"]:
            parent = ctx.cache["by_code"].get(v["parent"].lower())
            if parent is None:  # a parent without a code is written by its name
                named = ctx.cache["by_name"].get(v["parent"].lower())
                parent = named if named is not None and not named.code else None
            if parent is None:
                raise RowError(
                    self.header("parent"),
                    _("no unit with the code '%(code)s' in this instansi or in this file.")
                    % {"code": v["parent"]},
                )
            if parent == unit or (code and (parent.code or "").lower() == code.lower()):
                raise RowError(self.header("parent"), _("a unit cannot be its own parent."))
        unit_type = ctx.cache["types"][v["unit_type"].lower()]
        label = f"{code} {v['name']}".strip()
        new = {
            "name": v["name"], "code": code, "parent": parent, "unit_type": unit_type,
            "echelon": v["echelon"], "public_service": v["public_service"],
            "address": v["address"],
        }  # fmt: skip
        if unit is not None:
            changes = [
                change(str(self.labels[f]), _show(getattr(unit, f)), _show(new[f]))
                for f in FIELDS
                if getattr(unit, f) != new[f]
            ]
            if unit.code != code:
                changes.insert(0, change(_("Code"), unit.code, code))
            if not changes:
                return Outcome(UNCHANGED, label)
        data = {**new, "parent": parent.pk if parent else None, "unit_type": unit_type.pk}
        form = UnitForm(
            data, instance=unit or UnitKerja(instansi=ctx.instansi), instansi=ctx.instansi
        )
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            column = {"name": "name", "code": "code", "parent": "parent", "echelon": "echelon",
                      "unit_type": "unit_type", "address": "address"}.get(field)  # fmt: skip
            raise RowError(self.header(column) if column else "", " ".join(errors))
        saved = save_unit(ctx.actor, ctx.instansi, form)
        if code:
            ctx.cache["by_code"][code.lower()] = saved
        ctx.cache["by_name"][saved.name.lower()] = saved
        if unit is None:
            return Outcome(CREATED, label)
        return Outcome(CHANGED, label, changes)

    def export_rows(self, actor, instansi) -> list[list]:
        units = UnitKerja.objects.filter(instansi=instansi).select_related("parent", "unit_type")
        rows = []
        for u in sorted(units, key=lambda u: (u.code or "~", u.name)):
            rows.append([
                u.code, u.name, u.parent.code or u.parent.name if u.parent else None,
                u.unit_type.name, u.echelon, SPEC.column("public_service").write(u.public_service),
                u.address,
            ])  # fmt: skip
        return rows


def _show(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, UnitKerja):
        return value.code or value.name
    return "" if value is None else str(value)
