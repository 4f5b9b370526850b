"""Demo data for a local Zona: three instansi, their units, facts, predicate history and one login
per role. Loaded by `manage.py demo`; fills an empty database once and then leaves it alone.

The first instansi follows the seed document (FGD of Inspektorat Utama, Setjen DPR RI, 8 May 2019:
building ZI toward WBK/WBBM for Biro Persidangan II and BKSAP; pencanangan on 2 November 2015).
Everything else — people, decree numbers, figures — is invented for the demo. Signatories are
given by their office, never by a real person's name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext

from zona.accounts.models import INSTANSI_ROLES, UNIT_ROLES, Role, RoleAssignment
from zona.orgs.models import (
    AkipGrade,
    BpkOpinion,
    Echelon,
    EligibilityThreshold,
    Instansi,
    InstansiKind,
    InstansiYear,
    Pencanangan,
    Predicate,
    PredicateAward,
    UnitKerja,
    UnitType,
    UnitYear,
)

DEMO_PASSWORD = "zona-demo-2026"
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@localhost"
EMAIL_DOMAIN = "demo.zona.go.id"  # each person signs in as <username>@EMAIL_DOMAIN too


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str  # the role's label
    scope: str  # unit (instansi), instansi, or national


# ------------------------------------------------------------------------------ unit types

UNIT_TYPES = [
    "Biro",
    "Badan/Pusat",
    "Polres",
    "Polsek",
    "Rumah Sakit",
    "KPP",
    "KPPN",
    "Bea Cukai",
    "Lapas",
    "Dukcapil",
    "Perizinan (DPMPTSP)",
    "Kantor Wilayah",
    "Puskesmas",
]

# ------------------------------------------------------------------------------- instansi

DPR = "Sekretariat Jenderal DPR RI"
POLDA = "Kepolisian Daerah Jawa Barat"
SLEMAN = "Pemerintah Kabupaten Sleman"

# name: (short name, kind, province)
INSTANSI = {
    DPR: ("Setjen DPR RI", InstansiKind.LEMBAGA, "DKI Jakarta"),
    POLDA: ("Polda Jabar", InstansiKind.LEMBAGA, "Jawa Barat"),
    SLEMAN: ("Pemkab Sleman", InstansiKind.KABUPATEN, "DI Yogyakarta"),
}

# The letterhead of their documents (logos are uploaded by the coordinator, not shipped).
LETTERHEADS = {
    DPR: {
        "address": "Jalan Jenderal Gatot Subroto, Senayan\nJakarta 10270",
        "contact": "www.dpr.go.id",
        "city": "Jakarta",
    },
    POLDA: {"address": "Jalan Soekarno-Hatta No. 748\nBandung 40292", "city": "Bandung"},
    SLEMAN: {"address": "Jalan Parasamya, Beran, Tridadi\nSleman 55511", "city": "Sleman"},
}

SETJEN = "Sekretariat Jenderal"
DEPUTI_SIDANG = "Deputi Bidang Persidangan"
DEPUTI_ADM = "Deputi Bidang Administrasi"
PERSIDANGAN_II = "Biro Persidangan II"
BKSAP = "Biro Kerja Sama Antar-Parlemen (BKSAP)"
PEMBERITAAN = "Biro Pemberitaan Parlemen"
PUSTEKINFO = "Pusat Teknologi Informasi"
BIRO_UMUM = "Biro Umum"
POLRES_BOGOR = "Polres Bogor"
POLRES_CIREBON = "Polres Cirebon Kota"
POLSEK_CIBINONG = "Polsek Cibinong"
DUKCAPIL = "Dinas Kependudukan dan Pencatatan Sipil"
DPMPTSP = "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu"
RSUD = "RSUD Sleman"

_SENAYAN = "Kompleks Parlemen, Jl. Jenderal Gatot Subroto, Senayan, Jakarta"


@dataclass(frozen=True)
class _Unit:
    instansi: str
    name: str
    echelon: str
    unit_type: str
    parent: str | None = None  # a unit of the same instansi, listed earlier
    public_service: bool = True
    address: str = ""


UNITS = [
    # Setjen DPR RI: the secretariat and its deputies are not ZI units themselves.
    _Unit(DPR, SETJEN, Echelon.I, "Badan/Pusat", public_service=False, address=_SENAYAN),
    _Unit(DPR, DEPUTI_SIDANG, Echelon.I, "Badan/Pusat", SETJEN, False, _SENAYAN),
    _Unit(DPR, DEPUTI_ADM, Echelon.I, "Badan/Pusat", SETJEN, False, _SENAYAN),
    _Unit(DPR, PERSIDANGAN_II, Echelon.II, "Biro", DEPUTI_SIDANG, True, _SENAYAN),
    _Unit(DPR, BKSAP, Echelon.II, "Biro", DEPUTI_SIDANG, True, _SENAYAN),
    _Unit(DPR, PEMBERITAAN, Echelon.II, "Biro", DEPUTI_SIDANG, True, _SENAYAN),
    _Unit(DPR, PUSTEKINFO, Echelon.II, "Badan/Pusat", SETJEN, True, _SENAYAN),
    _Unit(DPR, BIRO_UMUM, Echelon.II, "Biro", DEPUTI_ADM, True, _SENAYAN),
    # Polda Jawa Barat
    _Unit(POLDA, POLRES_BOGOR, Echelon.III, "Polres", address="Jl. Tegar Beriman, Cibinong"),
    _Unit(POLDA, POLRES_CIREBON, Echelon.III, "Polres", address="Jl. Veteran, Kota Cirebon"),
    _Unit(POLDA, POLSEK_CIBINONG, Echelon.IV, "Polsek", POLRES_BOGOR, address="Cibinong, Bogor"),
    # Kabupaten Sleman
    _Unit(SLEMAN, DUKCAPIL, Echelon.III, "Dukcapil", address="Tridadi, Sleman"),
    _Unit(SLEMAN, DPMPTSP, Echelon.III, "Perizinan (DPMPTSP)", address="Tridadi, Sleman"),
    _Unit(SLEMAN, RSUD, Echelon.III, "Rumah Sakit", address="Jl. Bhayangkara, Triharjo, Sleman"),
]

_WTP, _WDP = BpkOpinion.WTP, BpkOpinion.WDP

# instansi: [(year, BPK opinion, AKIP grade, SPIP level, RB index)]; "" / None = not known yet
# (target, minimum RB index) of the 2025 practice in the demo only, see _create_all
DEMO_RB_THRESHOLDS = [("WBK", "70.00"), ("WBBM", "75.00")]

INSTANSI_YEARS = {
    DPR: [
        (2021, _WTP, AkipGrade.BB, "3.00", "72.15"),
        (2022, _WTP, AkipGrade.BB, "3.10", "74.30"),
        (2023, _WTP, AkipGrade.A, "3.25", "76.05"),
        (2024, _WTP, AkipGrade.A, "3.40", "77.80"),
        (2025, _WTP, AkipGrade.A, "3.52", "79.12"),
    ],
    POLDA: [
        (2022, _WTP, AkipGrade.BB, "3.05", "73.40"),
        (2023, _WTP, AkipGrade.BB, "3.20", "75.10"),
        # A qualified opinion: still enough for WBK (2019 rules), not for WBBM.
        (2024, _WDP, AkipGrade.B, "2.95", "71.85"),
        (2025, _WTP, AkipGrade.BB, "3.15", "74.60"),
    ],
    SLEMAN: [
        (2022, _WTP, AkipGrade.A, "3.30", "76.20"),
        (2023, _WTP, AkipGrade.A, "3.45", "77.45"),
        (2024, _WTP, AkipGrade.A, "3.60", "78.90"),
        # The 2025 AKIP grade is not published yet: the screens show "missing data".
        (2025, _WTP, "", "3.72", "79.60"),
    ],
}

# Unit conditions the seed's rules ask for, as declared by the unit. Only the codes that both the
# data-entry form (zona.orgs.forms.UnitYearForm) and the checker (zona.eligibility.facts) know;
# "manages large resources" is left out while the two spell it differently.
_CORE = {"core_service_unit": True, "high_rb_success": True, "strategic_service_function": True}
_PERSIDANGAN_II_2026 = {
    "proposal_letter": {"value": True, "evidence": "ND Sekjen DPR RI No. 41/2026"},
    "sptjm": {"value": True, "evidence": "SPTJM Kepala Biro Persidangan II, 20 Mei 2026"},
    "lke": {"value": True, "evidence": "LKE 2026 (berkas Excel, dikirim 28 Mei 2026)"},
}

# (instansi, unit): [(year, LHKPN %, LHKASN %, declared)]; None = not reported yet
UNIT_YEARS = {
    (DPR, PERSIDANGAN_II): [
        (2023, "100", "100", _CORE),
        (2024, "100", "98.50", _CORE),
        # The letters and the 2026 LKE (kept before Zona) declared with their evidence: with the
        # demo's RB-index threshold, this unit is eligible for WBBM in 2026.
        (2025, "100", "100", {**_CORE, **_PERSIDANGAN_II_2026}),
    ],
    (DPR, BKSAP): [
        (2024, "96.30", "100", _CORE),
        (2025, None, "92.00", {"core_service_unit": True}),
    ],
    (POLDA, POLRES_BOGOR): [
        (2024, "100", "100", _CORE),
        (2025, "100", "100", _CORE),
    ],
    (POLDA, POLSEK_CIBINONG): [(2025, "87.50", "100", {})],
    (SLEMAN, DUKCAPIL): [
        (2023, "100", "100", _CORE),
        (2024, "91.67", "100", _CORE),
    ],
    (SLEMAN, DPMPTSP): [(2025, "100", None, _CORE)],
    (SLEMAN, RSUD): [
        (2024, "100", "100", _CORE),
        (2025, "100", "97.20", _CORE),
    ],
}


@dataclass(frozen=True)
class _Award:
    instansi: str
    unit: str
    year: int
    predicate: str
    decree_number: str
    decree_date: datetime.date
    revoked_on: datetime.date | None = None
    revocation_reason: str = ""


AWARDS = [
    _Award(
        DPR,
        PERSIDANGAN_II,
        2021,
        Predicate.WBK,
        "SK MenPANRB No. 123 Tahun 2021",
        datetime.date(2021, 12, 7),
    ),
    _Award(
        POLDA,
        POLRES_BOGOR,
        2020,
        Predicate.WBK,
        "SK MenPANRB No. 57 Tahun 2020",
        datetime.date(2020, 12, 15),
    ),
    _Award(
        POLDA,
        POLRES_BOGOR,
        2023,
        Predicate.WBBM,
        "SK MenPANRB No. 268 Tahun 2023",
        datetime.date(2023, 12, 12),
    ),
    _Award(
        SLEMAN,
        DUKCAPIL,
        2022,
        Predicate.WBK,
        "SK MenPANRB No. 214 Tahun 2022",
        datetime.date(2022, 12, 8),
        revoked_on=datetime.date(2024, 8, 19),
        revocation_reason=(
            "Dicabut setelah monitoring dan evaluasi pasca-predikat oleh TPN (PermenPANRB "
            "90/2021): pengaduan masyarakat tentang pungutan di luar ketentuan pada layanan "
            "akta terbukti, dan indeks persepsi antikorupsi turun di bawah ambang."
        ),
    ),
    _Award(
        SLEMAN,
        RSUD,
        2023,
        Predicate.WBK,
        "SK MenPANRB No. 279 Tahun 2023",
        datetime.date(2023, 12, 12),
    ),
]

# instansi: (date, signatories by office, note)
PENCANANGAN = {
    DPR: (
        datetime.date(2015, 11, 2),
        ["Sekretaris Jenderal DPR RI", "Inspektur Utama", "Wakil dari Kementerian PANRB"],
        "Pencanangan Pembangunan Zona Integritas menuju WBK/WBBM di lingkungan Sekretariat "
        "Jenderal dan Badan Keahlian DPR RI.",
    ),
    POLDA: (
        datetime.date(2018, 2, 20),
        [
            "Kepala Kepolisian Daerah Jawa Barat",
            "Inspektur Pengawasan Daerah Polda Jawa Barat",
            "Wakil dari Kementerian PANRB",
        ],
        "Data demo: tanggal dan penanda tangan rekaan.",
    ),
    SLEMAN: (
        datetime.date(2019, 3, 14),
        ["Bupati Sleman", "Inspektur Kabupaten Sleman", "Wakil dari Kementerian PANRB"],
        "Data demo: tanggal dan penanda tangan rekaan.",
    ),
}

# ----------------------------------------------------------------------------------- users


@dataclass(frozen=True)
class _User:
    username: str
    first_name: str
    last_name: str
    # (role, instansi, unit): unit roles name both, instansi roles the instansi, national neither
    roles: tuple[tuple[str, str | None, str | None], ...]


_ITTAMA = "(Inspektorat Utama)"  # the TPI of Setjen DPR RI; not a ZI unit, so not modelled

USERS = [
    _User(
        "koordinator.dpr",
        "Rina",
        "Wulandari",
        ((Role.INSTANSI_COORDINATOR, DPR, None),),
    ),
    _User(
        "tpi.dpr",
        "Agus",
        f"Setiawan {_ITTAMA}",
        ((Role.TPI_EVALUATOR, DPR, None),),
    ),
    _User(
        "ketua.tim.dpr",
        "Bambang",
        f"Sutrisno {_ITTAMA}",
        ((Role.TPI_EVALUATOR, DPR, None),),
    ),
    _User(
        "ketua.tpi.dpr",
        "Dewi",
        f"Lestari {_ITTAMA}",
        ((Role.TPI_LEAD, DPR, None),),
    ),
    _User(
        "pimpinan.dpr",
        "Hendra",
        "Gunawan",
        ((Role.LEADERSHIP, DPR, None),),
    ),
    _User(
        "operator.persidangan2",
        "Siti",
        "Rahmawati",
        ((Role.UNIT_MEMBER, DPR, PERSIDANGAN_II),),
    ),
    _User(
        "kabiro.persidangan2",
        "Andi",
        "Prasetyo",
        ((Role.UNIT_LEAD, DPR, PERSIDANGAN_II),),
    ),
    _User(
        "operator.bksap",
        "Maya",
        "Anggraini",
        ((Role.UNIT_MEMBER, DPR, BKSAP),),
    ),
    _User(
        "tpn.kemenpanrb",
        "Yusuf",
        "Hidayat (Kementerian PANRB)",
        ((Role.TPN_EVALUATOR, None, None),),
    ),
    _User(
        "koordinator.polda",
        "Teguh",
        "Santoso",
        ((Role.INSTANSI_COORDINATOR, POLDA, None),),
    ),
    _User(
        "operator.polresbogor",
        "Fajar",
        "Nugroho",
        ((Role.UNIT_MEMBER, POLDA, POLRES_BOGOR),),
    ),
    _User(
        "koordinator.sleman",
        "Sri",
        "Handayani",
        ((Role.INSTANSI_COORDINATOR, SLEMAN, None),),
    ),
    _User(
        "operator.dukcapil",
        "Wahyu",
        "Kurniawan",
        ((Role.UNIT_MEMBER, SLEMAN, DUKCAPIL),),
    ),
    # One person, two roles: works in the BKSAP team and sits in the leadership of Setjen DPR RI.
    _User(
        "multi.peran",
        "Nur",
        "Aisyah",
        ((Role.UNIT_MEMBER, DPR, BKSAP), (Role.LEADERSHIP, DPR, None)),
    ),
]

_ADMIN_ROLES = ((Role.SYSADMIN, None, None),)


def _scope_label(role: str, instansi: str | None, unit: str | None) -> str:
    if role in UNIT_ROLES:
        return f"{unit} ({INSTANSI[instansi][0]})"
    if role in INSTANSI_ROLES:
        return instansi
    return gettext("national")


def demo_logins() -> list[DemoLogin]:
    """One row per role held: the admin first, then the demo people in the order above."""
    people = [(ADMIN_USERNAME, _ADMIN_ROLES)] + [(u.username, u.roles) for u in USERS]
    return [
        DemoLogin(username, DEMO_PASSWORD, str(Role(role).label), _scope_label(role, i, u))
        for username, roles in people
        for role, i, u in roles
    ]


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _write(stdout: TextIO | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message if message.endswith("\n") else message + "\n")


def load_demo(stdout: TextIO | None = None) -> list[DemoLogin]:
    """Fill an empty database with the demo; do nothing if the demo instansi already exists."""
    logins = demo_logins()
    with transaction.atomic():
        if Instansi.objects.filter(name=DPR).exists():
            _write(stdout, f"Demo data already present ('{DPR}' exists); left unchanged.")
            return logins
        counts = _create_all()
    _write(
        stdout,
        "Created demo data: " + ", ".join(f"{n} {what}" for what, n in counts.items()) + ".",
    )
    return logins


def _create_all() -> dict[str, int]:
    types = {name: UnitType.objects.get_or_create(name=name)[0] for name in UNIT_TYPES}

    instansi = {
        name: Instansi.objects.create(
            name=name, short_name=short, kind=kind, region=region, **LETTERHEADS.get(name, {})
        )
        for name, (short, kind, region) in INSTANSI.items()
    }

    units: dict[tuple[str, str], UnitKerja] = {}
    for u in UNITS:
        units[u.instansi, u.name] = UnitKerja.objects.create(
            instansi=instansi[u.instansi],
            parent=units[u.instansi, u.parent] if u.parent else None,
            name=u.name,
            echelon=u.echelon,
            unit_type=types[u.unit_type],
            public_service=u.public_service,
            address=u.address,
        )

    InstansiYear.objects.bulk_create(
        InstansiYear(
            instansi=instansi[name],
            year=year,
            bpk_opinion=bpk,
            akip_grade=akip,
            spip_level=_dec(spip),
            rb_index=_dec(rb),
        )
        for name, rows in INSTANSI_YEARS.items()
        for year, bpk, akip, spip, rb in rows
    )
    # The 2025 practice names an RB-index threshold without a number; production leaves it to an
    # administrator. The demo sets one, labelled as its own, so a demo unit can be eligible.
    EligibilityThreshold.objects.bulk_create(
        EligibilityThreshold(
            ruleset="praktik-2025",
            target=target,
            condition="rb_index",
            value=Decimal(value),
            basis="Angka contoh data demo Zona (bukan ketentuan KemenPANRB)",
        )
        for target, value in DEMO_RB_THRESHOLDS
    )
    UnitYear.objects.bulk_create(
        UnitYear(
            unit=units[key],
            year=year,
            lhkpn_percent=_dec(lhkpn),
            lhkasn_percent=_dec(lhkasn),
            declared=dict(declared),
        )
        for key, rows in UNIT_YEARS.items()
        for year, lhkpn, lhkasn, declared in rows
    )
    PredicateAward.objects.bulk_create(
        PredicateAward(
            unit=units[a.instansi, a.unit],
            year=a.year,
            predicate=a.predicate,
            decree_number=a.decree_number,
            decree_date=a.decree_date,
            revoked=a.revoked_on is not None,
            revoked_on=a.revoked_on,
            revocation_reason=a.revocation_reason,
        )
        for a in AWARDS
    )

    user_model = get_user_model()
    manager = user_model._default_manager
    admin = manager.filter(username=ADMIN_USERNAME).first()
    if admin is None:  # called without `manage.py demo`, which creates it first
        admin = manager.create_superuser(ADMIN_USERNAME, ADMIN_EMAIL, DEMO_PASSWORD)

    for name, (date, signatories, note) in PENCANANGAN.items():
        Pencanangan.objects.create(
            instansi=instansi[name],
            date=date,
            signatories="\n".join(signatories),
            note=note,
            created_by=admin,
        )

    for role, _, _ in _ADMIN_ROLES:
        RoleAssignment.objects.get_or_create(user=admin, role=role, instansi=None, unit=None)

    people = []
    for u in USERS:
        user = manager.create_user(
            u.username,
            email=f"{u.username}@{EMAIL_DOMAIN}",
            password=DEMO_PASSWORD,
            first_name=u.first_name,
            last_name=u.last_name,
        )
        people.append((user, u.roles))

    assignments = []
    for user, roles in people:
        for role, inst, unit in roles:
            # Exactly the scope the role needs (the role_scope_matches_role constraint).
            assignments.append(
                RoleAssignment(
                    user=user,
                    role=role,
                    instansi=instansi[inst] if role in INSTANSI_ROLES else None,
                    unit=units[inst, unit] if role in UNIT_ROLES else None,
                    granted_by=admin,
                )
            )
    RoleAssignment.objects.bulk_create(assignments)
    from zona.evaluations.demo import seed_evaluations  # after the people who act in them

    evaluations = seed_evaluations()
    from zona.findings.demo import seed_findings

    findings = seed_findings()

    from zona.plans.demo import seed_plans  # an app's demo, after the people it names

    plan_counts = seed_plans()

    from zona.innovations.demo import seed_innovations  # after the plans its media log names

    innovation_counts = seed_innovations()

    from zona.surveys.demo import seed_surveys  # the surveys app seeds its own demo

    survey_counts = seed_surveys({unit.name: unit for unit in units.values()}, admin)

    from zona.onboarding.demo import seed_imports  # after the units and people it imports into

    imports = seed_imports()

    return {
        **survey_counts,
        "unit types": len(types),
        "instansi": len(instansi),
        "units": len(units),
        "users": len(USERS),
        "role assignments": len(assignments) + len(_ADMIN_ROLES),
        "predicate awards": len(AWARDS),
        **plan_counts,
        **innovation_counts,
        "audit findings": findings,
        "evaluations": evaluations,
        "imports": imports,
    }
