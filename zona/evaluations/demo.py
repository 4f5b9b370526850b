"""Demo evaluations for `manage.py demo`: four units of the demo at different points of the
2027 cycle, so the LKE page, the lists, the dashboards and the reports have something real to
show. Stages move through the actions (stage history and audit trail as in real use); the
answers themselves are written in bulk and each layer scored once, because 129 separate saves
per layer would make `make run` wait for nothing.

Answers are plausible, not random noise: a unit of a given quality answers choice questions
mostly at the good end, and the counts behind the 2021 Reform percentages are consistent
(a numerator never exceeds its denominator), so the scores land where such a unit would.
"""

from __future__ import annotations

import datetime
import random
import re
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from zona.lke.model import CHOICE_OPTIONS, Framework
from zona.orgs.models import UnitKerja

from . import actions
from .models import Answer, Evaluation, EvidenceLink, Layer

YEAR = 2027  # the cycle being prepared now: proposals are due by 31 May 2027

# (unit name, target, quality of the unit's answers 0–1, stage to reach, TPI quality, share of
# the questions answered). Only Setjen DPR RI has TPI people in the demo, so the evaluations
# that reach the TPI are its units'; the others are drafts their units are filling in.
PLAN = [
    ("Biro Persidangan II", "WBBM", 0.92, "tpi_review", 0.85, 1.0),
    ("Pusat Teknologi Informasi", "WBK", 0.88, "tpi_final", 0.84, 1.0),
    ("Biro Pemberitaan Parlemen", "WBK", 0.75, "returned", 0.7, 1.0),
    ("Biro Kerja Sama Antar-Parlemen (BKSAP)", "WBK", 0.7, "draft", None, 0.6),
    ("Polres Bogor", "WBBM", 0.8, "draft", None, 0.85),
    ("Dinas Kependudukan dan Pencatatan Sipil", "WBK", 0.86, "draft", None, 0.4),
]

NOTES = [
    "SK Tim Kerja ZI sudah ditetapkan; lihat bukti dukung.",
    "Dokumen sudah diunggah ke folder bersama unit.",
    "Sudah dilaksanakan setiap triwulan.",
    "Masih dalam proses penyusunan, target selesai bulan depan.",
]


def _choice(options: tuple[str, ...], quality: float, rng: random.Random) -> str:
    """Options run from best (a / ya) to worst: a good unit mostly picks the first ones."""
    spread = (1 - quality) * len(options)
    index = min(int(abs(rng.gauss(0, 0.35 + spread))), len(options) - 1)
    return options[index]


def _counts(framework: Framework, quality: float, rng: random.Random) -> dict[str, Decimal]:
    """Counts that make every computed percentage sensible: denominators first, then each
    numerator a share of its denominator (a subtracted count is the small remainder)."""
    values: dict[str, Decimal] = {}
    for computed in framework.computed.values():
        numerator, _slash, denominator = computed.formula.rpartition("/")
        under = re.findall(r"q(\w+)", denominator)
        for no in under:
            values.setdefault(no, Decimal(rng.randint(20, 180)))
        base = sum(values[no] for no in under)
        subtracted = set(re.findall(r"-\s*q(\w+)", numerator))
        over = [no for no in re.findall(r"q(\w+)", numerator) if no not in under]
        for no in over:
            share = (1 - quality) * 0.5 if no in subtracted else quality
            values.setdefault(no, Decimal(int(float(base) * min(share, 1) / max(len(over), 1))))
    return values


def _answers(framework: Framework, quality: float, share: float, seed: str) -> dict[str, str]:
    rng = random.Random(seed)
    counts = _counts(framework, quality, rng)
    answers = {}
    for no, q in framework.questions.items():
        if rng.random() > share:
            continue
        options = CHOICE_OPTIONS.get(q.type)
        if options:
            answers[no] = _choice(options, quality, rng)
        elif q.type == "count":
            answers[no] = str(counts.get(no, Decimal(rng.randint(5, 60))))
        elif q.type == "percent":
            answers[no] = str(round(min(100, 100 * quality + rng.uniform(-8, 6)), 2))
        else:  # index_0_4: a survey index, as units measure them (3.2–3.9 for these)
            answers[no] = str(round(min(4, 3.2 + 0.6 * quality + rng.uniform(-0.05, 0.05)), 2))
    return answers


def _fill(evaluation: Evaluation, layer: str, answers: dict[str, str], by, rng) -> None:
    now = timezone.now()
    Answer.objects.bulk_create(
        Answer(
            evaluation=evaluation, question=no, layer=layer, value=value,
            note=rng.choice(NOTES) if rng.random() < 0.15 else "", version=1,
            updated_at=now, updated_by=by,
        )
        for no, value in answers.items()
    )  # fmt: skip
    actions.recompute_score(evaluation, layer)


EVIDENCE_SHARE = 0.7  # of the answered questions, those the unit backs with a document


def _evidence(evaluation: Evaluation, framework: Framework, answers: dict, by, rng) -> None:
    """Most answered questions backed by one or two of the unit's documents of the question's
    area (zona.evidence.demo), as a unit team attaches them; the rest still lack evidence."""
    from zona.evidence.demo import documents_for

    library = documents_for(evaluation.unit, by)
    now = timezone.now()
    links = []
    for no in answers:
        area = framework.area_of(framework.questions[no].node)
        pool = library.get(area.code if area else "", [])
        if not pool or rng.random() > EVIDENCE_SHARE:
            continue
        for evidence in rng.sample(pool, min(len(pool), 1 if rng.random() < 0.7 else 2)):
            links.append(
                EvidenceLink(
                    evidence=evidence, evaluation=evaluation, question=no, linked_at=now,
                    linked_by=by,
                )
            )  # fmt: skip
    EvidenceLink.objects.bulk_create(links)


def _tpi_view(unit_answers: dict[str, str], framework: Framework, quality: float, seed: str):
    """The TPI's own judgement: mostly the unit's answer, a notch stricter now and then."""
    rng = random.Random(seed)
    own = dict(unit_answers)
    for no, value in unit_answers.items():
        options = CHOICE_OPTIONS.get(framework.questions[no].type)
        if options and rng.random() > quality:
            own[no] = options[min(options.index(value) + 1, len(options) - 1)]
    return own


def seed_evaluations() -> int:
    from zona.frameworks.models import FrameworkVersion

    if not FrameworkVersion.objects.filter(is_active=True).exists():
        return 0  # `manage.py demo` loads the frameworks first; without them there is no LKE
    users = {u.username: u for u in get_user_model().objects.all()}
    lead, member = users["kabiro.persidangan2"], users["operator.persidangan2"]
    tpi, tpi_lead = users["tpi.dpr"], users["ketua.tpi.dpr"]
    admin = users["admin"]
    ketua_tim = users.get("ketua.tim.dpr")
    tiered = ketua_tim is not None and _tiers(admin, tpi, ketua_tim, tpi_lead)
    created = 0
    for name, target, quality, stage, tpi_quality, share in PLAN:
        unit = UnitKerja.objects.filter(name=name).first()
        if unit is None or Evaluation.objects.filter(unit=unit, year=YEAR).exists():
            continue
        persidangan = unit.name == "Biro Persidangan II"  # the unit whose team has logins
        evaluation = actions.create_evaluation(lead if persidangan else admin, unit, YEAR, target)
        framework = evaluation.framework.framework()
        rng = random.Random(name)
        unit_answers = _answers(framework, quality, share, f"{name}-unit")
        _fill(evaluation, Layer.UNIT, unit_answers, member if persidangan else admin, rng)
        _evidence(evaluation, framework, unit_answers, member if persidangan else admin, rng)
        created += 1
        if stage == "draft":
            continue
        evaluation = actions.move(
            lead if persidangan else admin, evaluation, "submit", "Siap dinilai TPI."
        )
        evaluation = actions.move(tpi, evaluation, "start_review")
        tpi_answers = _tpi_view(unit_answers, framework, tpi_quality, f"{name}-tpi")
        if stage == "tpi_review":  # the TPI is halfway through
            tpi_answers = dict(list(tpi_answers.items())[: len(tpi_answers) * 2 // 3])
        if tiered and stage == "tpi_review":  # the first tier is done; the second reviews
            tpi_answers = _tpi_view(unit_answers, framework, tpi_quality, f"{name}-tpi")
        _fill(evaluation, Layer.TPI, tpi_answers, tpi, rng)
        if tiered and stage == "returned":  # the first tier marks; the last tier returns
            for no, reason in REVISIONS:
                actions.request_revision(tpi, evaluation, no, reason)
        if tiered:
            evaluation = actions.move(
                tpi, evaluation, "pass_up", "Jawaban tingkat anggota lengkap."
            )
            if stage != "tpi_review":
                evaluation = actions.move(ketua_tim, evaluation, "confirm_tier")
                evaluation = actions.move(ketua_tim, evaluation, "pass_up", "Sudah diperiksa.")
        if stage == "tpi_review":
            actions.add_comment(
                tpi, evaluation, "2",
                "Mohon lampirkan notulen rapat pembentukan tim.", internal=False,
            )  # fmt: skip
            actions.add_comment(
                tpi_lead, evaluation, "7", "Cek ulang saat verifikasi lapangan.", internal=True
            )
        elif stage == "returned":
            reviewer = tpi_lead if tiered else tpi
            if not tiered:
                for no, reason in REVISIONS:
                    actions.request_revision(reviewer, evaluation, no, reason)
            actions.move(reviewer, evaluation, "return", "Dua butir perlu perbaikan.")
        elif stage == "tpi_final":
            actions.move(tpi_lead, evaluation, "finalise", "Layak diusulkan.")
    _deadline_note()
    return created


REVISIONS = (
    ("4", "Rencana kerja belum memuat target waktu dan penanggung jawab."),
    ("12", "Bukti monitoring hanya satu triwulan; lengkapi triwulan lainnya."),
)
# The Setjen's TPI (Inspektorat Utama) reviews in three tiers.
TIERS = ("Anggota Tim", "Ketua Tim", "Pengendali Teknis")


def _tiers(admin, *holders) -> bool:
    from zona.orgs.models import Instansi

    instansi = Instansi.objects.filter(name="Sekretariat Jenderal DPR RI").first()
    if instansi is None:
        return False
    rows = [(name, [person.pk]) for name, person in zip(TIERS, holders, strict=True)]
    actions.set_tpi_tiers(admin, instansi, rows)
    return True


def _deadline_note() -> None:
    """The Setjen's own deadline for units, a month before the national one."""
    from zona.orgs.models import Instansi

    instansi = Instansi.objects.filter(name="Sekretariat Jenderal DPR RI").first()
    admin = get_user_model().objects.filter(username="admin").first()
    if instansi is not None and admin is not None:
        actions.set_internal_deadline(admin, instansi, YEAR, datetime.date(YEAR, 4, 30))
