"""Demo findings (mixed follow-up statuses, some overdue) for the demo units with a team, and
one capaian kinerja record, written through the actions so the audit trail is real."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zona.orgs.models import UnitKerja

from . import actions

# unit name → (the person who records, [(source, auditor, report no., days ago, finding,
#              [(recommendation, deadline in days from the report, [(status, days after)])])])
FINDINGS = {
    "Biro Persidangan II": ("tpi.dpr", [
        ("bpk", "", "21.B/LHP/XVIII/05/2025", 420,
         "Kelebihan pembayaran honorarium narasumber rapat dengar pendapat",
         [("Menyetorkan kelebihan pembayaran sebesar Rp 18.750.000 ke Kas Negara", 60,
           [("belum_sesuai", 45), ("sesuai", 90)]),
          ("Menegur secara tertulis PPK yang tidak cermat memverifikasi bukti pembayaran", 30,
           [("sesuai", 25)])]),
        ("inspektorat", "", "LHA-07/IU/2025", 240,
         "SOP pelayanan risalah rapat belum memuat standar waktu penyelesaian",
         [("Merevisi SOP risalah rapat dengan standar waktu dan maklumat pelayanan", 90,
           [("belum_sesuai", 60)]),
          ("Mempublikasikan SOP yang telah direvisi di laman dpr.go.id", 120, [])]),
        ("bpkp", "", "LHR-112/PW09/2025", 150,
         "Persediaan alat tulis kantor tidak didukung kartu persediaan",
         [("Menyusun kartu persediaan dan melakukan stock opname triwulanan", 60, []),
          ("Menyusun ulang nilai persediaan per 31 Desember", 45,
           [("tidak_dapat", 50)])]),
    ]),
    "Biro Kerja Sama Antar-Parlemen (BKSAP)": ("tpi.dpr", [
        ("bpk", "", "34/LHP/XVIII/2025", 380,
         "Pertanggungjawaban perjalanan dinas luar negeri terlambat disampaikan",
         [("Menetapkan batas waktu pertanggungjawaban paling lambat 5 hari kerja", 60,
           [("sesuai", 70)]),
          ("Menagih sisa uang muka perjalanan dinas yang belum dipertanggungjawabkan", 30,
           [("belum_sesuai", 40), ("sesuai", 120)])]),
    ]),
    "Polres Bogor": ("koordinator.polda", [
        ("inspektorat", "Itwasda Polda Jawa Barat", "LHP/12/IV/2025/Itwasda", 300,
         "Pelayanan SKCK belum menyediakan sarana pengaduan yang mudah diakses",
         [("Menyediakan kanal pengaduan daring dan kotak saran di ruang SKCK", 60,
           [("belum_sesuai", 80)]),
          ("Menunjuk petugas pengelola pengaduan dengan surat perintah", 30, [("sesuai", 35)])]),
        ("bpk", "", "07/LHP/XVIII.BDG/2025", 200,
         "Belanja BBM kendaraan patroli tidak didukung bukti yang lengkap",
         [("Melengkapi bukti pertanggungjawaban belanja BBM", 45, [])]),
    ]),
    "Dinas Kependudukan dan Pencatatan Sipil": ("koordinator.sleman", [
        ("inspektorat", "", "700/045/LHP/2025", 260,
         "Waktu penerbitan akta kelahiran melebihi standar pelayanan",
         [("Menambah petugas verifikasi pada loket akta", 60, [("sesuai", 75)]),
          ("Menerapkan antrean daring untuk layanan akta", 90, [("belum_sesuai", 100)])]),
        ("other", "Ombudsman RI Perwakilan DIY", "LAHP-0123/LM/2025", 90,
         "Pungutan fotokopi berkas di area pelayanan",
         [("Menyediakan fotokopi gratis di area pelayanan dan memasang maklumat", 30, [])]),
    ]),
}  # fmt: skip

PERFORMANCE = (
    "Biro Persidangan II", "kabiro.persidangan2", [
        ("Persentase risalah rapat yang selesai tepat waktu", "%", "higher", "90", "94", "91",
         None),
        ("Indeks kepuasan anggota DPR atas layanan persidangan", "indeks", "higher", "3.40",
         "3.52", "3.45", "3.38"),
        ("Rata-rata waktu penyusunan laporan singkat rapat", "hari", "lower", "2", "1.5", "2",
         None),
    ],
)  # fmt: skip


def seed_findings() -> int:
    """Create the demo findings and record; returns the number of findings."""
    users = {u.username: u for u in get_user_model().objects.all()}
    today = timezone.localdate()
    created = 0
    for unit_name, (username, findings) in FINDINGS.items():
        unit = UnitKerja.objects.get(name=unit_name)
        actor = users[username]
        for source, auditor, number, days_ago, title, recs in findings:
            reported = today - timedelta(days=days_ago)
            finding = actions.create_finding(
                actor, unit, source=source, source_name=auditor,
                report_number=number.replace("2025", str(reported.year)),
                report_date=reported, title=title, description="",
            )  # fmt: skip
            created += 1
            for text, deadline_days, statuses in recs:
                rec = actions.add_recommendation(
                    actor, finding, text, reported + timedelta(days=deadline_days)
                )
                for status, after in statuses:
                    on = min(reported + timedelta(days=after), today)
                    note = "Sesuai hasil pemantauan TLHP" if status != "tidak_dapat" else (
                        "Dokumen sumber tahun anggaran lalu tidak tersedia; disetujui auditor"
                    )  # fmt: skip
                    actions.change_status(actor, rec, status, on, note)
    unit_name, username, rows = PERFORMANCE
    record = actions.save_performance(
        users[username], UnitKerja.objects.get(name=unit_name), today.year - 1,
        outcome_oriented=True, note="Sumber: Laporan Kinerja (LKj) Biro Persidangan II",
        indicators=[
            actions.IndicatorInput(
                name=name, measure=measure, polarity=polarity, target=Decimal(target),
                realisation=Decimal(real), previous_realisation=Decimal(previous),
                benchmark=Decimal(benchmark) if benchmark else None,
            )
            for name, measure, polarity, target, real, previous, benchmark in rows
        ],
    )  # fmt: skip
    actions.add_performance_document(
        users[username], record, url="https://www.dpr.go.id/dokumen/lkj",
        description=f"Laporan Kinerja Biro Persidangan II tahun {today.year - 1}",
    )  # fmt: skip
    return created
