"""Demo innovations and media log for two units: Biro Persidangan II (a support unit whose
public page stays off) and Disdukcapil Sleman (a public-service unit whose public page is on,
so the public register links to it). Dates are relative to the day the demo is loaded."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zona.orgs.models import UnitKerja
from zona.plans.models import Activity

from . import actions
from .models import Innovation

SERVICES = {
    "Biro Persidangan II": [
        "Penyusunan dan distribusi jadwal rapat", "Layanan risalah dan laporan singkat rapat",
        "Persuratan persidangan",
    ],
    "Dinas Kependudukan dan Pencatatan Sipil": [
        "Penerbitan Kartu Keluarga", "Penerbitan akta kelahiran", "Perekaman dan pencetakan KTP-el",
        "Surat keterangan pindah datang", "Penerbitan akta kematian",
    ],
}  # fmt: skip

# (unit, name, problem, service, days since start, status, measure, unit, before, after, questions)
INNOVATIONS = [
    ("Biro Persidangan II", "e-Risalah: risalah rapat daring",
     "Risalah rapat baru sampai ke anggota seminggu setelah rapat, dalam bentuk cetak.",
     "Layanan risalah dan laporan singkat rapat", 240, "berjalan", "Waktu penyampaian risalah",
     "hari kerja", "7", "2", ["78", "121"]),
    ("Biro Persidangan II", "Jadwal rapat terpadu di aplikasi",
     "Perubahan jadwal rapat tersebar lewat pesan berantai dan sering terlambat diketahui.",
     "Penyusunan dan distribusi jadwal rapat", 60, "uji-coba", "", "", None, None, ["121"]),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Lampid Online (adminduk daring)",
     "Warga harus datang ke kantor dinas untuk mengurus KK dan akta, antre sejak pagi.",
     "Penerbitan Kartu Keluarga", 300, "berjalan", "Waktu penyelesaian", "hari kerja", "3", "1",
     ["78", "121"]),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Jemput bola perekaman KTP-el di desa",
     "Warga lanjut usia dan penyandang disabilitas sulit datang ke kantor untuk perekaman.",
     "Perekaman dan pencetakan KTP-el", 420, "direplikasi", "Kunjungan yang diperlukan warga",
     "kali", "2", "0", ["78"]),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Akta kelahiran langsung di rumah sakit",
     "Orang tua bayi baru lahir harus mengurus akta sendiri setelah pulang dari rumah sakit.",
     "Penerbitan akta kelahiran", 45, "uji-coba", "Waktu penerbitan akta", "hari", "5", "1",
     ["121"]),
    ("Dinas Kependudukan dan Pencatatan Sipil", "Notifikasi dokumen jadi lewat WhatsApp",
     "Warga bolak-balik ke kantor menanyakan apakah dokumennya sudah jadi.",
     "Surat keterangan pindah datang", 10, "ide", "", "", None, None, []),
]  # fmt: skip

# (unit, days ago, title, channel, link, innovation name or "", activity title start or "")
PUBLICATIONS = [
    ("Biro Persidangan II", 200, "Biro Persidangan II luncurkan e-Risalah", "website",
     "https://www.dpr.go.id/berita/demo/e-risalah", "e-Risalah: risalah rapat daring", ""),
    ("Biro Persidangan II", 90, "Banner anti gratifikasi di ruang sidang", "spanduk",
     "https://www.dpr.go.id/galeri/demo/banner-gratifikasi", "", "Sosialisasi pengendalian"),
    ("Biro Persidangan II", 30, "Unggahan: jadwal rapat kini satu pintu", "medsos",
     "https://www.instagram.com/p/demo-jadwal-rapat", "Jadwal rapat terpadu di aplikasi", ""),
    ("Dinas Kependudukan dan Pencatatan Sipil", 280, "Kini urus KK cukup dari rumah", "website",
     "https://dukcapil.slemankab.go.id/berita/demo/lampid-online",
     "Lampid Online (adminduk daring)", "Penerapan layanan adminduk daring"),
    ("Dinas Kependudukan dan Pencatatan Sipil", 250, "Lampid Online di Radio Sleman", "pers",
     "https://radio.slemankab.go.id/demo/lampid", "Lampid Online (adminduk daring)", ""),
    ("Dinas Kependudukan dan Pencatatan Sipil", 150, "Video jemput bola KTP-el di Cangkringan",
     "medsos", "https://www.youtube.com/watch?v=demo-ktp-el",
     "Jemput bola perekaman KTP-el di desa", ""),
    ("Dinas Kependudukan dan Pencatatan Sipil", 120, "Stan Dukcapil di Sleman Expo", "acara",
     "https://dukcapil.slemankab.go.id/berita/demo/sleman-expo", "", ""),
    ("Dinas Kependudukan dan Pencatatan Sipil", 40, "Pengumuman: akta lahir terbit di RSUD",
     "medsos", "https://www.instagram.com/p/demo-akta-rsud",
     "Akta kelahiran langsung di rumah sakit", ""),
    ("Dinas Kependudukan dan Pencatatan Sipil", 12, "Spanduk maklumat pelayanan di lobi",
     "spanduk", "https://dukcapil.slemankab.go.id/galeri/demo/maklumat", "", ""),
]  # fmt: skip

AUTHORS = {
    "Biro Persidangan II": "operator.persidangan2",
    "Dinas Kependudukan dan Pencatatan Sipil": "operator.dukcapil",
}
PUBLIC = {"Dinas Kependudukan dan Pencatatan Sipil"}


def seed_innovations(today: date | None = None) -> dict[str, int]:
    """Create the demo register (once); returns what was created."""
    today = today or timezone.localdate()
    if Innovation.objects.exists() or actions.lke_framework() is None:
        return {}  # once; and the questions innovations name come from the loaded LKE
    people = {u.username: u for u in get_user_model().objects.filter(username__in=AUTHORS.values())}
    units = {u.name: u for u in UnitKerja.objects.filter(name__in=SERVICES)}
    counts = {"services": 0, "innovations": 0, "publications": 0}
    services = {}
    for name, rows in SERVICES.items():
        unit, author = units.get(name), people.get(AUTHORS[name])
        if unit is None or author is None:
            continue
        for service in rows:
            services[name, service] = actions.save_service(author, unit, name=service)
            counts["services"] += 1
    innovations = {}
    for row in INNOVATIONS:
        name, title, problem, service, days, status, measure, m_unit, before, after, qs = row
        if (name, service) not in services:
            continue
        innovations[title] = actions.save_innovation(people[AUTHORS[name]], units[name], {
            "name": title, "problem": problem, "service": services[name, service],
            "start_date": today - timedelta(days=days), "status": status, "measure": measure,
            "measure_unit": m_unit, "value_before": Decimal(before) if before else None,
            "value_after": Decimal(after) if after else None, "questions": qs,
        })  # fmt: skip
        counts["innovations"] += 1
    for name, days, title, channel, url, innovation, activity in PUBLICATIONS:
        if name not in units or people.get(AUTHORS[name]) is None:
            continue
        about = (
            Activity.objects.filter(plan__unit=units[name], title__startswith=activity).first()
            if activity
            else None
        )
        actions.save_publication(people[AUTHORS[name]], units[name], {
            "published_on": today - timedelta(days=days), "title": title, "channel": channel,
            "url": url, "activity": about, "innovation": innovations.get(innovation),
        })  # fmt: skip
        counts["publications"] += 1
    for name in PUBLIC:
        if name in units and people.get(AUTHORS[name]):
            actions.set_public_page(people[AUTHORS[name]], units[name], True)
    return counts
