"""Facts: values are normalised; a typo or a value off its scale is an error, never "missing"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zona.eligibility import Declaration, Facts, FactsError, normalise_facts


def refuse(facts: Facts) -> FactsError:
    with pytest.raises(FactsError) as info:
        normalise_facts(facts)
    return info.value


def test_values_are_normalised():
    facts = normalise_facts(
        Facts(
            year=2025,
            instansi_by_year={
                2024: {"bpk_opinion": "wtp", "akip": "bb", "spip": "3,5", "rb_index": 75.2},
                2023: {"bpk_opinion": "Wajar Dengan Pengecualian", "akip": None, "spip": ""},
            },
            unit={"echelon": "II.a", "lhkpn_percent": 100, "lhkasn_percent": 98.5},
            declared={
                "sptjm": {"value": True, "evidence": " sptjm.pdf "},
                "large_resources": False,
                "core_service_unit": Declaration(True, "SK 12/2024"),
                "high_rb_success": None,
            },
            current_predicate="Menuju WBK",
        )
    )
    assert facts.instansi_by_year == {
        2024: {
            "bpk_opinion": "WTP",
            "akip": "BB",
            "spip": Decimal("3.5"),
            "rb_index": Decimal("75.2"),  # the number as typed, not 75.2000000000000028…
        },
        2023: {"bpk_opinion": "WDP"},  # None and "" are missing data, dropped
    }
    assert facts.unit == {
        "echelon": "II",
        "lhkpn_percent": Decimal(100),
        "lhkasn_percent": Decimal("98.5"),
    }
    assert facts.declared == {
        "sptjm": Declaration(True, "sptjm.pdf"),
        "large_resources": Declaration(False),
        "core_service_unit": Declaration(True, "SK 12/2024"),
    }
    assert facts.current_predicate == "WBK"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("I", "I"), ("iii", "III"), ("IV", "IV"), ("I.b", "I"), ("IIIa", "III"), (2, "II"),
     ("Eselon III", "III"), ("4", "IV")],
)  # fmt: skip
def test_echelon_spellings(raw, code):
    assert normalise_facts(Facts(2025, unit={"echelon": raw})).unit["echelon"] == code


@pytest.mark.parametrize(
    ("raw", "code"),
    [("Tidak Menyatakan Pendapat", "TMP"), ("tidak wajar", "TW"), ("WDP", "WDP"),
     ("  Wajar  Tanpa Pengecualian ", "WTP"), ("disclaimer", "TMP")],
)  # fmt: skip
def test_bpk_opinion_spellings(raw, code):
    facts = normalise_facts(Facts(2025, {2024: {"bpk_opinion": raw}}))
    assert facts.instansi_by_year[2024]["bpk_opinion"] == code


def test_current_predicate_none_is_not_unknown():
    assert normalise_facts(Facts(2025, current_predicate="none")).current_predicate == "none"
    assert normalise_facts(Facts(2025, current_predicate=None)).current_predicate is None
    assert normalise_facts(Facts(2025, current_predicate=" ")).current_predicate is None


def test_unknown_facts_are_errors_not_missing():
    error = refuse(
        Facts(
            2025,
            instansi_by_year={2024: {"bpk_opinon": "WTP", "echelon": "II"}},
            unit={"akip": "B"},
            declared={"sptjm_letter": True},
        )
    )
    where = [p.params["where"] for p in error.problems]
    assert where == [
        "instansi 2024 / bpk_opinon",
        "instansi 2024 / echelon",  # a unit fact in the instansi's years
        "unit / akip",  # an instansi fact in the unit's
        "declared / sptjm_letter",
    ]
    assert {p.code for p in error.problems} == {"unknown_fact"}
    assert "bpk_opinion" in error.problems[0].params["known"]


@pytest.mark.parametrize(
    ("facts", "code"),
    [
        (Facts(2025, {2024: {"akip": "BBB"}}), "bad_grade"),
        (Facts(2025, {2024: {"bpk_opinion": "WTP-DPP"}}), "bad_grade"),
        (Facts(2025, unit={"echelon": "V"}), "bad_grade"),
        (Facts(2025, {2024: {"spip": 6}}), "out_of_range"),
        (Facts(2025, {2024: {"rb_index": -0.5}}), "out_of_range"),
        (Facts(2025, unit={"lhkpn_percent": 100.5}), "out_of_range"),
        (Facts(2025, unit={"lhkasn_percent": "tinggi"}), "not_a_number"),
        (Facts(2025, unit={"lhkasn_percent": True}), "not_a_number"),
        (Facts(2025, {2024: {"spip": float("nan")}}), "not_a_number"),
        (Facts(2025, declared={"sptjm": "ya"}), "bad_declaration"),
        (Facts(2025, declared={"sptjm": {"value": "yes"}}), "bad_declaration"),
        (Facts(2025, declared={"sptjm": {"value": True, "file": "x"}}), "bad_declaration"),
        (Facts(2025, current_predicate="WBX"), "bad_grade"),
        (Facts(2025, {"2024": {"akip": "B"}}), "bad_year"),
        (Facts("2025"), "bad_year"),  # type: ignore[arg-type]
        (Facts(2025, unit=["echelon", "II"]), "not_a_mapping"),  # type: ignore[arg-type]
    ],
)
def test_bad_values(facts, code):
    error = refuse(facts)
    assert [p.code for p in error.problems] == [code]
    assert error.problems[0].message("id") and error.problems[0].message("en")


def test_bad_grade_message_names_the_fact_and_the_scale():
    error = refuse(Facts(2025, {2024: {"akip": "BBB"}}))
    assert error.messages("en") == [
        "instansi 2024 / akip: 'BBB' is not on the sakip scale (D, C, CC, B, BB, A, AA)"
    ]
    assert error.messages("id") == [
        "instansi 2024 / akip: 'BBB' tidak ada pada skala sakip (D, C, CC, B, BB, A, AA)"
    ]


def test_from_mapping_reads_json_like_data():
    facts = Facts.from_mapping(
        {
            "year": "2025",
            "instansi_by_year": {"2024": {"bpk_opinion": "WTP"}},
            "unit": {"echelon": "III"},
            "declared": {"sptjm": {"value": True, "evidence": "a.pdf"}},
            "current_predicate": "WBK",
        }
    )
    assert facts.year == 2025 and list(facts.instansi_by_year) == [2024]
    with pytest.raises(FactsError) as info:
        Facts.from_mapping({"year": 2025, "instansi": {}})
    assert info.value.problems[0].params["field"] == "instansi"
    with pytest.raises(FactsError) as info:
        Facts.from_mapping({"year": 2025, "instansi_by_year": {"tahun lalu": {}}})
    assert info.value.problems[0].code == "bad_year"
