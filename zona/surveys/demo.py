"""Demo surveys: IPAK and IPKP per quarter for a few demo units, with a believable spread of
answers (a unit that improves over the quarters, respondents who differ, a few harsh ones), so
that the results pages, the trend and the LKE feeds show numbers. Deterministic (fixed seed).
Called by `zona.core.demo_data` after the organisations exist.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from .actions import SURVEY_CODE_LENGTH, load_instrument
from .instruments import SERVICE, shipped_files
from .models import Channel, Instrument, Response, Survey, Token, new_code

# unit name → (services, service users per quarter, IPAK level at the start, IPKP level, gain
# per quarter). Levels are on the 1–4 scale.
DEMO_UNITS = {
    "Biro Persidangan II": (
        ["Layanan persidangan", "Layanan risalah rapat", "Layanan informasi publik"],
        400,
        3.30,
        3.15,
        0.05,
    ),
    "Polres Bogor": (
        ["SKCK", "Pelayanan SIM", "Laporan polisi", "Izin keramaian"],
        5200,
        3.05,
        2.95,
        0.06,
    ),
    "Dinas Kependudukan dan Pencatatan Sipil": (
        ["KTP-el", "Kartu Keluarga", "Akta kelahiran", "Akta kematian", "Pindah datang"],
        9000,
        3.40,
        3.30,
        0.04,
    ),
}
# (year, quarter) of the demo surveys; the last is open today.
PERIODS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3), (2026, 4)]
SUGGESTIONS = [
    "Antrean sebaiknya memakai nomor daring.",
    "Petugas ramah, pertahankan.",
    "Mohon ruang tunggu diberi kipas angin.",
    "Informasi persyaratan di papan pengumuman kurang jelas.",
    "Pelayanan cepat, terima kasih.",
    "Tambahkan loket khusus lansia dan difabel.",
    "Biaya sudah jelas, tidak ada pungutan.",
]


def _quarter_dates(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end_month = 3 * quarter
    end = datetime.date(year + (end_month == 12), end_month % 12 + 1, 1) - datetime.timedelta(1)
    return start, end


def _latest(code: str) -> Instrument:
    return Instrument.objects.filter(code=code).order_by("-version").first()


def _sheet(rng: random.Random, instrument: Instrument, level: float, services: list[str]):
    person = min(4.0, max(1.0, rng.gauss(level, 0.38)))
    if rng.random() < 0.04:  # a few respondents had a bad day
        person = rng.uniform(1.3, 2.4)
    answers = {
        s["code"]: min(4, max(1, round(rng.gauss(person, 0.55)))) for s in instrument.statements
    }
    profile = {}
    for q in instrument.profile:
        if rng.random() < 0.12:  # profile questions are optional; some skip them
            continue
        options = services if q["code"] == SERVICE else [o["code"] for o in q["options"]]
        if options:
            profile[q["code"]] = rng.choice(options)
    suggestion = rng.choice(SUGGESTIONS) if rng.random() < 0.2 else ""
    return answers, profile, suggestion


def seed_surveys(units_by_name: dict[str, object], creator=None) -> dict[str, int]:
    """Create the demo surveys and responses for the units of DEMO_UNITS that exist."""
    for path in shipped_files():
        load_instrument(None, path.read_text(encoding="utf-8"))
    instruments = {"ipak": _latest("spak"), "ipkp": _latest("spkp")}
    rng = random.Random(2026)
    today = timezone.localdate()
    surveys = responses = 0
    batch: list[Response] = []
    for name, (services, users, ipak, ipkp, gain) in DEMO_UNITS.items():
        unit = units_by_name.get(name)
        if unit is None:
            continue
        for kind, start_level in (("ipak", ipak), ("ipkp", ipkp)):
            instrument = instruments[kind]
            for step, (year, quarter) in enumerate(PERIODS):
                opens, closes = _quarter_dates(year, quarter)
                survey = Survey.objects.create(
                    unit=unit,
                    instrument=instrument,
                    year=year,
                    quarter=quarter,
                    code=new_code(SURVEY_CODE_LENGTH),
                    opens_on=opens,
                    closes_on=closes,
                    services="\n".join(services),
                    service_users=users,
                    created_by=creator,
                )
                surveys += 1
                if opens > today:
                    continue
                level = min(3.85, start_level + gain * step)
                last_day = min(closes, today)
                count = rng.randint(60, 190) if closes < today else rng.randint(25, 70)
                for _ in range(count):
                    answers, profile, suggestion = _sheet(rng, instrument, level, services)
                    day = opens + datetime.timedelta(rng.randint(0, (last_day - opens).days))
                    batch.append(
                        Response(
                            survey=survey,
                            submitted_on=day,
                            channel=Channel.IMPORT if rng.random() < 0.15 else Channel.ONLINE,
                            answers=answers,
                            profile=profile,
                            suggestion=suggestion,
                        )
                    )
                responses += count
        # The unit's latest IPKP survey also hands out one-time tokens on its receipts.
        codes: set[str] = set()
        while len(codes) < 50:
            codes.add(new_code(8))
        Token.objects.bulk_create(
            Token(survey=survey, code=code, batch=1, used=i < 20)
            for i, code in enumerate(sorted(codes))
        )
    Response.objects.bulk_create(batch, batch_size=2000)
    return {"surveys": surveys, "survey responses": responses}
