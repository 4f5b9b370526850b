"""Demo action plans: a realistic rencana aksi for three demo units, tied to the six LKE areas,
some activities overdue, one signed monitoring report and one draft, and the unit's record of
the stage "penetapan unit kerja". Dates are relative to the day the demo is loaded, so the
overdue items stay overdue. Activity names are invented but typical of published ZI plans."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from zona.audit.log import record
from zona.evidence.demo import documents_for
from zona.frameworks.models import FrameworkVersion
from zona.orgs.models import UnitKerja

from .lke import areas_of
from .models import (
    ActionPlan,
    Activity,
    ActivityEvidence,
    ActivityStatus,
    ActivityUpdate,
    MonevPeriod,
    MonevReport,
    MonevStatus,
    MonevStep,
    StageMark,
    Strategy,
)
from .rules import quarter_dates

S = ActivityStatus

# (area, title, output, start offset, due offset (days from today), status, progress, owner)
# owner: a demo username, or (name, e-mail) of someone without an account.
_PERSIDANGAN_II = [
    ("MP", "Penyusunan SK Tim Kerja Pembangunan Zona Integritas", "SK Tim Kerja ZI",
     -200, -170, S.DONE, 100, "kabiro.persidangan2"),
    ("MP", "Penyusunan rencana kerja pembangunan ZI tahun berjalan", "Dokumen rencana kerja ZI",
     -190, -160, S.DONE, 100, "operator.persidangan2"),
    ("MP", "Penetapan dan pembekalan agen perubahan", "SK agen perubahan; laporan pembekalan",
     -150, -20, S.RUNNING, 60, "operator.persidangan2"),
    ("TT", "Reviu SOP layanan persidangan dan penyusunan peta proses bisnis",
     "SOP dan peta proses bisnis yang diperbarui", -140, -10, S.RUNNING, 75,
     "operator.persidangan2"),
    ("TT", "Penerapan e-office untuk surat-menyurat biro", "Laporan penerapan e-office",
     -120, 40, S.RUNNING, 50, ("Bambang Sutrisno", "bambang.sutrisno@demo.zona.go.id")),
    ("SDM", "Analisis kebutuhan diklat (TNA) pegawai biro", "Dokumen TNA",
     -160, -100, S.DONE, 100, "operator.persidangan2"),
    ("SDM", "Sosialisasi kode etik dan kode perilaku pegawai", "Notula dan daftar hadir",
     -60, -5, S.NOT_STARTED, 0, "kabiro.persidangan2"),
    ("AK", "Penyusunan perjanjian kinerja dan IKU biro", "Perjanjian kinerja dan IKU",
     -200, -150, S.DONE, 100, "kabiro.persidangan2"),
    ("AK", "Pemantauan capaian kinerja triwulanan", "Laporan capaian kinerja triwulan",
     -180, 30, S.RUNNING, 70, "operator.persidangan2"),
    ("PW", "Sosialisasi pengendalian gratifikasi dan pemasangan banner anti gratifikasi",
     "Banner terpasang; notula sosialisasi", -100, -40, S.RUNNING, 40,
     ("Bambang Sutrisno", "bambang.sutrisno@demo.zona.go.id")),
    ("PW", "Pemetaan benturan kepentingan pada tugas utama biro",
     "Peta benturan kepentingan", -30, 5, S.RUNNING, 30, "operator.persidangan2"),
    ("PP", "Survei kepuasan layanan persidangan bagi anggota dan mitra kerja",
     "Laporan hasil survei kepuasan", -40, 60, S.NOT_STARTED, 0, "operator.persidangan2"),
    ("PP", "Pembentukan ruang layanan terpadu persidangan", "Ruang layanan terpadu",
     -90, 20, S.POSTPONED, 20, "kabiro.persidangan2"),
]  # fmt: skip

_BKSAP = [
    ("MP", "Deklarasi janji kinerja dan pakta integritas seluruh pegawai BKSAP",
     "Dokumen pakta integritas", -170, -140, S.DONE, 100, "operator.bksap"),
    ("TT", "Pengembangan sistem informasi agenda kerja sama antar-parlemen",
     "Aplikasi agenda kerja sama", -130, 50, S.RUNNING, 45, "operator.bksap"),
    ("SDM", "Pemetaan kompetensi pegawai diplomasi parlemen", "Peta kompetensi",
     -110, -15, S.RUNNING, 80, "multi.peran"),
    ("AK", "Penyusunan laporan kinerja (LKj) semester", "LKj semester I",
     -120, -60, S.DONE, 100, "operator.bksap"),
    ("PW", "Penerapan whistle-blowing system di lingkungan biro", "Laporan penerapan WBS",
     -80, 25, S.NOT_STARTED, 0, "multi.peran"),
    ("PP", "Publikasi informasi layanan BKSAP di laman dan media sosial",
     "Konten informasi layanan", -70, -3, S.RUNNING, 65, "operator.bksap"),
]  # fmt: skip

_DUKCAPIL = [
    ("MP", "Pembentukan tim kerja dan agen perubahan Disdukcapil", "SK tim dan agen perubahan",
     -180, -150, S.DONE, 100, "operator.dukcapil"),
    ("TT", "Penerapan layanan adminduk daring (online) untuk KK dan akta kelahiran",
     "Layanan daring berjalan", -150, -25, S.RUNNING, 85, "operator.dukcapil"),
    ("SDM", "Pelatihan budaya pelayanan prima bagi petugas front office",
     "Laporan pelatihan", -90, -30, S.DONE, 100, "operator.dukcapil"),
    ("AK", "Pemantauan capaian IKU layanan adminduk", "Laporan pemantauan IKU",
     -100, 35, S.RUNNING, 55, "operator.dukcapil"),
    ("PW", "Penanganan pengaduan masyarakat melalui kanal LAPOR!", "Rekap tindak lanjut pengaduan",
     -120, -8, S.RUNNING, 70, ("Rudi Hartono", "rudi.hartono@demo.zona.go.id")),
    ("PP", "Survei kepuasan masyarakat (SKM) triwulanan", "Laporan SKM",
     -60, 45, S.NOT_STARTED, 0, "operator.dukcapil"),
]  # fmt: skip

# The strategy an activity of each area serves in the demo; an activity that tells the public
# (a publication, a banner) serves media management too. Dukcapil's plan has none such: its
# page shows the strategy no activity serves.
_AREA_STRATEGY = {
    "MP": "komitmen", "TT": "kemudahan-pelayanan", "SDM": "komitmen",
    "AK": "monitoring-evaluasi", "PW": "komitmen", "PP": "program-menyentuh-masyarakat",
}  # fmt: skip
_MEDIA_WORDS = ("publikasi", "banner")


def _strategies_of(area: str, title: str) -> list[str]:
    codes = [_AREA_STRATEGY[area]]
    if any(word in title.lower() for word in _MEDIA_WORDS):
        codes.append("manajemen-media")
    return codes


# unit name → (activities, the username of the person writing the plan)
PLANS = {
    "Biro Persidangan II": (_PERSIDANGAN_II, "operator.persidangan2"),
    "Biro Kerja Sama Antar-Parlemen (BKSAP)": (_BKSAP, "operator.bksap"),
    "Dinas Kependudukan dan Pencatatan Sipil": (_DUKCAPIL, "operator.dukcapil"),
}
SIGNED_UNIT = "Biro Persidangan II"
SIGNING_LEAD = "kabiro.persidangan2"


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def seed_plans(today: date | None = None) -> dict[str, int]:
    """Create the demo plans (once); returns what was created."""
    today = today or timezone.localdate()
    framework = FrameworkVersion.objects.filter(is_active=True, code="lke-2021").first()
    if framework is None or ActionPlan.objects.exists():
        return {}
    known = {a.code for a in areas_of(framework)}
    people = {u.username: u for u in get_user_model().objects.filter(username__contains=".")}
    counts = {"action plans": 0, "activities": 0, "monitoring reports": 0}
    strategies = {s.code: s for s in Strategy.objects.all()}
    for unit_name, (rows, author) in PLANS.items():
        unit = UnitKerja.objects.filter(name=unit_name).first()
        if unit is None:
            continue
        writer = people.get(author)
        plan = ActionPlan.objects.create(
            unit=unit, year=today.year, framework=framework, created_by=writer,
            note="Data demo.",
        )  # fmt: skip
        plan.created_at = _at(today + timedelta(days=-205))
        plan.save(update_fields=["created_at"])
        counts["action plans"] += 1
        for area, title, output, start, due, status, progress, owner in rows:
            assert area in known, area
            person = people.get(owner) if isinstance(owner, str) else None
            name, email = ("", "") if isinstance(owner, str) else owner
            activity = Activity.objects.create(
                plan=plan, title=title, area=area, output=output, owner=person,
                owner_name=name, owner_email=email, start_date=today + timedelta(days=start),
                due_date=today + timedelta(days=due), status=status, progress=progress,
                updated_by=writer,
            )  # fmt: skip
            activity.strategies.set([strategies[c] for c in _strategies_of(area, title)])
            _history(activity, today, start, due, writer)
            _evidence(activity, documents_for(unit, writer, today), writer)
            counts["activities"] += 1
        if unit_name == SIGNED_UNIT:
            counts["monitoring reports"] += _monev(unit, today, writer, people.get(SIGNING_LEAD))
            StageMark.objects.create(
                unit=unit, year=today.year, stage=2, done_on=today + timedelta(days=-210),
                note="Keputusan Sekretaris Jenderal DPR RI tentang penetapan unit kerja "
                "pembangunan Zona Integritas menuju WBK (data demo).",
                marked_by=writer,
            )  # fmt: skip
    return counts


def _evidence(activity: Activity, library: dict, by) -> None:
    """A finished activity has its evidence; one under way, some of it; one not started, none.
    The documents are the unit's own demo library (zona.evidence.demo), shared with its LKE."""
    pool = library.get(activity.area, [])
    if activity.status == ActivityStatus.DONE:
        chosen = pool[:2]
    elif activity.status == ActivityStatus.RUNNING and activity.progress >= 40:
        chosen = pool[len(activity.title) % len(pool) :][:1] if pool else []
    else:
        chosen = []
    ActivityEvidence.objects.bulk_create(
        ActivityEvidence(activity=activity, evidence=evidence, linked_by=by) for evidence in chosen
    )


def _history(activity: Activity, today: date, start: int, due: int, by) -> None:
    """A plausible trail: work began ten days after the start date; the last update came on
    the due date for a finished activity, two days ago for one still open."""
    if activity.status == ActivityStatus.NOT_STARTED and not activity.progress:
        trail = [(min(start, 0), activity.status, 0)]
    else:
        began = min(start + 10, -3)
        latest = min(due, -1) if activity.status == ActivityStatus.DONE else -2
        trail = [(began, ActivityStatus.RUNNING, min(activity.progress, 30))]
        trail.append((max(latest, began + 1), activity.status, activity.progress))
    ActivityUpdate.objects.bulk_create(
        ActivityUpdate(
            activity=activity,
            status=status,
            progress=progress,
            on=today + timedelta(days=offset),
            at=_at(today + timedelta(days=offset)),
            by=by,
        )
        for offset, status, progress in trail
    )


def _monev(unit: UnitKerja, today: date, writer, lead) -> int:
    """The previous quarter's report, signed off by the unit lead; the current one, a draft."""
    quarter = (today.month - 1) // 3 + 1
    prev_year, prev_q = (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)
    start, end = quarter_dates(prev_year, prev_q)
    signed = MonevReport.objects.create(
        unit=unit, year=prev_year, period=MonevPeriod(f"tw{prev_q}"), start_date=start,
        end_date=end, status=MonevStatus.SIGNED, created_by=writer,
        done_summary="Analisis kebutuhan diklat (TNA) pegawai selesai disusun; reviu SOP layanan "
        "persidangan, penerapan e-office dan pembekalan agen perubahan dimulai.",
        obstacles="Jadwal sidang yang padat membuat sosialisasi kode etik dan pembekalan agen "
        "perubahan tertunda.",
        follow_up="Sosialisasi kode etik dijadwalkan ulang di sela masa reses; pembekalan agen "
        "perubahan bekerja sama dengan Inspektorat Utama.",
        signed_by=lead, signed_at=_at(end + timedelta(days=7)),
    )  # fmt: skip
    MonevStep.objects.create(
        report=signed, from_status=MonevStatus.DRAFT, to_status=MonevStatus.SUBMITTED,
        at=_at(end + timedelta(days=5)), by=writer,
    )  # fmt: skip
    MonevStep.objects.create(
        report=signed, from_status=MonevStatus.SUBMITTED, to_status=MonevStatus.SIGNED,
        at=_at(end + timedelta(days=7)), by=lead,
    )  # fmt: skip
    record(lead, "monev.sign", signed, after={"status": MonevStatus.SIGNED}, note="data demo")
    start, end = quarter_dates(today.year, quarter)
    MonevReport.objects.create(
        unit=unit, year=today.year, period=MonevPeriod(f"tw{quarter}"), start_date=start,
        end_date=end, created_by=writer,
        obstacles="Dua kegiatan melewati tenggat: reviu SOP dan sosialisasi gratifikasi.",
    )  # fmt: skip
    return 2
