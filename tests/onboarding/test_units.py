"""Importing units: nested by parent code, preview writes nothing, confirm applies all or
nothing through the orgs actions, re-upload changes nothing, problems by row and column."""

from __future__ import annotations

import pytest
from sheets import csv_bytes, xlsx_bytes

from zona.audit.models import AuditEvent
from zona.onboarding import actions
from zona.onboarding.models import BatchStatus
from zona.orgs.models import UnitKerja, UnitType

HEAD = "Kode,Nama unit,Kode induk,Jenis unit,Eselon,Layanan publik,Alamat"
ROWS = [
    HEAD,
    "02.01.01,Subbag Umum,02.01,Biro,IV,Tidak,",  # child before its parent: ordered by Zona
    "02,Sekretariat Utama,,Biro,I,Tidak,Jl. Merdeka 1",
    "02.01,Biro Umum,02,Biro,II,Ya,",
]


@pytest.fixture
def a_units(world):
    return UnitKerja.objects.filter(instansi=world.a)


def test_preview_writes_nothing_and_says_what_will_be_created(upload, world, a_units):
    before = a_units.count()
    batch = upload("units", csv_bytes(ROWS))
    assert batch.status == BatchStatus.PREVIEWED
    assert batch.counts == {"created": 3, "changed": 0, "unchanged": 0, "problems": 0}
    assert [o["row"] for o in batch.outcomes] == [2, 3, 4]
    assert {o["status"] for o in batch.outcomes} == {"created"}
    assert a_units.count() == before
    assert not AuditEvent.objects.filter(action__in=["unit.created", "import.applied"]).exists()


def test_confirm_creates_the_tree_audited_and_reupload_is_unchanged(upload, world, a_units):
    coordinator = world.users["coordinator_a"]
    batch = upload("units", csv_bytes(ROWS))
    assert actions.confirm(coordinator, batch) is None  # small: applied now
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED and batch.applied_by == coordinator
    top = a_units.get(code="02")
    biro = a_units.get(code="02.01")
    sub = a_units.get(code="02.01.01")
    assert (top.parent, biro.parent, sub.parent) == (None, top, biro)
    assert (biro.echelon, biro.public_service, top.address) == ("II", True, "Jl. Merdeka 1")
    assert AuditEvent.objects.filter(action="unit.created").count() == 3
    applied = AuditEvent.objects.get(action="import.applied")
    assert applied.after["created"] == 3 and applied.actor == coordinator

    again = upload("units", csv_bytes(ROWS))
    assert again.counts == {"created": 0, "changed": 0, "unchanged": 3, "problems": 0}


def test_a_changed_cell_is_shown_before_after(upload, world, a_units):
    actions.confirm(world.users["coordinator_a"], upload("units", csv_bytes(ROWS)))
    changed = [*ROWS[:3], "02.01,Biro Umum,02,Biro,III,Ya,"]
    batch = upload("units", csv_bytes(changed))
    assert batch.counts["changed"] == 1 and batch.counts["unchanged"] == 2
    (outcome,) = [o for o in batch.outcomes if o["status"] == "changed"]
    assert outcome["row"] == 4 and outcome["changes"] == ["Eselon: II → III"]
    actions.confirm(world.users["coordinator_a"], batch)
    assert a_units.get(code="02.01").echelon == "III"


def test_problems_by_row_and_column_and_nothing_applied(upload, world, a_units):
    before = a_units.count()
    rows = [
        HEAD,
        "02,Sekretariat Utama,,Biro,I,Tidak,",
        "03,Biro Dua,02,Biro,V,Ya,",
        "04,Biro Tiga,99,Biro,II,mungkin,",
        "05,Biro Empat,02,Kantor Pusat,II,Ya,",
    ]
    batch = upload("units", csv_bytes(rows))
    texts = [p["text"] for p in batch.problems]
    assert "Baris 3, kolom 'Eselon': 'V' bukan eselon yang dikenal (I–IV)." in texts
    assert "Baris 4, kolom 'Layanan publik': 'mungkin' bukan Ya atau Tidak." in texts
    assert any(
        t.startswith("Baris 5, kolom 'Jenis unit': 'Kantor Pusat' bukan jenis unit") for t in texts
    )
    assert batch.counts["problems"] == 3
    assert not batch.confirmable
    with pytest.raises(actions.ImportError_):
        actions.confirm(world.users["coordinator_a"], batch)
    assert a_units.count() == before


def test_unknown_parent_is_a_problem_of_its_column(upload):
    batch = upload("units", csv_bytes([HEAD, "04,Biro Tiga,99,Biro,II,Ya,"]))
    assert [p["text"] for p in batch.problems] == [
        "Baris 2, kolom 'Kode induk': tidak ada unit berkode '99' di instansi ini atau di "
        "berkas ini."
    ]


def test_missing_required_column_is_named(upload):
    batch = upload("units", csv_bytes(["Kode,Nama unit", "01,Biro"]))
    assert "Kolom 'Eselon' tidak ada di baris pertama." in [p["text"] for p in batch.problems]


def test_xlsx_and_semicolon_csv_read_alike(upload, world):
    rows = [r.split(",") for r in ROWS]
    from_xlsx = upload("units", xlsx_bytes(rows), filename="unit.xlsx")
    semicolon = upload("units", csv_bytes([";".join(r) for r in rows]))
    assert from_xlsx.outcomes == semicolon.outcomes
    assert from_xlsx.counts["created"] == 3


def test_an_existing_unit_without_code_is_recognised_by_name_once(upload, world, a_units):
    batch = upload("units", csv_bytes([HEAD, "A1,Unit A1,,Biro,II,Ya,"]))
    assert batch.outcomes[0]["status"] == "changed"
    assert batch.outcomes[0]["changes"] == ["Kode: – → A1"]
    actions.confirm(world.users["coordinator_a"], batch)
    assert a_units.get(pk=world.a1.pk).code == "A1"


def test_unreadable_file_is_refused_with_a_reason(upload):
    from zona.onboarding.table import FileProblem

    with pytest.raises(FileProblem, match="xlsx"):
        upload("units", b"\x00\x01", filename="isi.txt")
    with pytest.raises(FileProblem, match="UTF-8"):
        upload("units", "Kode;Nama unit\n01;Bägian".encode("latin-1"))


def test_sysadmin_imports_into_any_instansi_coordinator_not_into_another(upload, world):
    from django.core.exceptions import PermissionDenied

    assert upload("units", csv_bytes(ROWS), actor=world.users["sysadmin"], instansi=world.b)
    with pytest.raises(PermissionDenied):
        upload("units", csv_bytes(ROWS), instansi=world.b)
    UnitType.objects.get(name="Biro")


def test_a_row_the_database_refuses_is_named_and_the_others_still_previewed(
    upload, monkeypatch, a_units
):
    from zona.onboarding.importers.units import UnitImporter

    apply_row = UnitImporter.apply_row

    def refusing(self, ctx, row):
        if row.number == 4:
            UnitKerja.objects.create(instansi=ctx.instansi, name="x", echelon="II", unit_type=None)
        return apply_row(self, ctx, row)

    monkeypatch.setattr(UnitImporter, "apply_row", refusing)
    before = a_units.count()
    batch = upload("units", csv_bytes(ROWS))
    # Row 4 (02.01) refused; row 2 (under 02.01) then has no parent; row 3 (02) goes through.
    assert [p["row"] for p in batch.problems] == [2, 4]
    assert batch.problems[1]["text"].startswith("Baris 4: basis data menolak baris ini: ")
    assert [o["row"] for o in batch.outcomes] == [3]
    assert a_units.count() == before
