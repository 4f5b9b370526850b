"""Texts in Indonesian (default) and English: the catalogue, and what a result displays."""

from __future__ import annotations

import string
import subprocess
import sys
from pathlib import Path

import pytest
from eligibility_support import DELETE, Y1, Y2, facts_with, ruleset_with_admin_thresholds

from zona.eligibility import check_eligibility
from zona.eligibility.check import format_number
from zona.eligibility.messages import MESSAGES, Problem, render

ROOT = Path(__file__).resolve().parents[2]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(code):
    templates = MESSAGES[code]
    assert set(templates) == {"id", "en"}
    assert templates["id"].strip() and templates["en"].strip()
    assert placeholders(templates["id"]) == placeholders(templates["en"])


def test_render_defaults_to_indonesian_and_falls_back_to_english():
    problem = Problem("missing_field", {"where": "x / WBK / akip", "field": "min"})
    assert problem.message() == "x / WBK / akip: kolom 'min' wajib ada"
    assert problem.message("en") == "x / WBK / akip: the field 'min' is required"
    assert problem.message("fr") == problem.message("en")
    assert render("status_met", lang="id-ID") == "terpenuhi"


def test_number_format():
    from decimal import Decimal

    assert format_number(Decimal("98.50"), "id") == "98,5"
    assert format_number(Decimal("98.5"), "en") == "98.5"
    assert format_number(Decimal("100"), "id") == "100"
    assert format_number(Decimal("1E+2"), "en") == "100"


def display(code: str, target: str, changes: dict | None = None) -> dict:
    """{condition: (status, required id, actual id, required en, actual en)}."""
    result = check_eligibility(ruleset_with_admin_thresholds(code), facts_with(changes), target)
    return {
        c.code: (c.status, c.required("id"), c.actual("id"), c.required("en"), c.actual("en"))
        for c in result.conditions
    }


def test_display_2019_wbk():
    shown = display(
        "permenpanrb-10-2019",
        "WBK",
        {
            ("instansi_by_year", Y1, "bpk_opinion"): "TW",
            ("unit", "lhkasn_percent"): 98.5,
            ("declared", "core_service_unit"): False,
            ("declared", "high_rb_success"): DELETE,
            ("declared", "large_resources"): True,
        },
    )
    assert shown["bpk_opinion"] == (
        "not_met", "minimal WDP, tahun 2024", "TW", "at least WDP, year 2024", "TW"
    )  # fmt: skip
    assert shown["lhkasn"] == ("not_met", "minimal 100 %", "98,5 %", "at least 100 %", "98.5 %")
    assert shown["core_service_unit"] == ("not_met", "Ya", "Tidak", "Yes", "No")
    assert shown["high_rb_success"] == ("missing", "Ya", None, "Yes", None)
    assert shown["large_resources"] == ("met", "Ya", "Ya", "Yes", "Yes")


def test_display_2014_wbbm():
    shown = display(
        "permenpanrb-52-2014",
        "WBBM",
        {
            ("instansi_by_year", Y2, "bpk_opinion"): "WDP",
            ("unit", "echelon"): "IV",
            ("current_predicate",): "none",
        },
    )
    assert shown["bpk_opinion"] == (
        "not_met",
        "minimal WTP selama 2 tahun berturut-turut (2023–2024)",
        "2023: WDP; 2024: WTP",
        "at least WTP for 2 consecutive years (2023–2024)",
        "2023: WDP; 2024: WTP",
    )
    assert shown["echelon"] == (
        "not_met",
        "eselon III atau lebih tinggi (I–III)",
        "IV",
        "echelon III or higher (I–III)",
        "IV",
    )
    assert shown["previous_predicate"] == (
        "not_met",
        "sudah berpredikat Menuju WBK atau lebih tinggi",
        "belum berpredikat",
        "already holds Menuju WBK or higher",
        "no predicate",
    )


def test_display_2025_documents_and_numbers():
    shown = display(
        "praktik-2025",
        "WBBM",
        {
            ("instansi_by_year", Y1, "spip"): "3.25",
            ("declared", "sptjm"): True,
            ("declared", "lke"): {"value": True, "evidence": "LKE-2025.xlsx"},
        },
    )
    assert shown["spip"] == (
        "met",
        "minimal 3, tahun 2024",
        "3,25",
        "at least 3, year 2024",
        "3.25",
    )
    assert shown["sptjm"] == (
        "missing", "Ya, dengan bukti", "Ya, tanpa bukti", "Yes, with evidence",
        "Yes, without evidence",
    )  # fmt: skip
    assert shown["lke"][2] == "Ya (bukti: LKE-2025.xlsx)"
    assert shown["lke"][4] == "Yes (evidence: LKE-2025.xlsx)"


def test_missing_messages_per_kind_of_gap():
    result = check_eligibility(
        "praktik-2025",
        facts_with({("declared", "sptjm"): True, ("declared", "lke"): DELETE}),
        "WBK",
    )
    by_code = {c.code: c for c in result.conditions}
    assert by_code["sptjm"].missing_messages("id") == [
        "bukti untuk 'Surat Pernyataan Tanggung Jawab Mutlak (SPTJM)' belum dilampirkan"
    ]
    assert by_code["lke"].missing_messages("en") == [
        "'The unit's evaluation worksheet (LKE)' is not declared yet"
    ]
    assert by_code["rb_index"].missing_messages("en") == [
        "the threshold of 'RB index of the instansi meets the WBK threshold' is not yet set "
        "by an administrator"
    ]
    assert by_code["rb_index"].status_text("id") == "data belum lengkap"
    assert by_code["bpk_opinion"].status_text("en") == "met"
    assert by_code["bpk_opinion"].label("en").startswith("BPK opinion")
    assert by_code["bpk_opinion"].label().startswith("Opini BPK")


def test_summaries():
    ruleset = ruleset_with_admin_thresholds("permenpanrb-10-2019")
    eligible = check_eligibility(ruleset, facts_with(), "WBBM")
    assert eligible.summary() == "Memenuhi syarat pengajuan Menuju WBBM"
    assert eligible.summary("en") == "Eligible to apply for Menuju WBBM"
    failing = check_eligibility(
        ruleset,
        facts_with({("current_predicate",): "none", ("unit", "lhkpn_percent"): 90}),
        "WBBM",
    )
    assert failing.summary() == (
        "Tidak memenuhi syarat pengajuan Menuju WBBM: 2 syarat tidak terpenuhi"
    )
    assert failing.summary("en") == "Not eligible to apply for Menuju WBBM: 2 condition(s) not met"
    incomplete = check_eligibility(ruleset, facts_with({("current_predicate",): None}), "WBBM")
    assert incomplete.summary("en") == (
        "Cannot decide yet for Menuju WBBM: data missing for 1 condition(s)"
    )


def test_the_engine_imports_no_django():
    code = (
        "import sys, zona.eligibility as e; "
        "e.check_eligibility('praktik-2025', e.Facts(2025), 'WBK'); "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django'], 'django imported'"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
