"""The reference's eligibility table (README §3), condition by condition, on the shipped rule sets.

For every rule set × target × condition: a case that meets it, one that does not, and one with
the data missing, at the real thresholds. Each case starts from facts that meet everything and
changes one thing, so the other conditions must stay met.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from eligibility_support import (
    ADMIN_RB_MIN,
    DELETE,
    Y1,
    Y2,
    facts_with,
    ruleset_with_admin_thresholds,
)

from zona.eligibility import (
    ELIGIBLE,
    INCOMPLETE,
    MET,
    MISSING,
    NOT_ELIGIBLE,
    NOT_MET,
    builtin_ruleset,
    builtin_rulesets,
    check_eligibility,
)

R2014, R2019, R2025 = "permenpanrb-52-2014", "permenpanrb-10-2019", "praktik-2025"
OVERALL = {MET: ELIGIBLE, NOT_MET: NOT_ELIGIBLE, MISSING: INCOMPLETE}


@dataclass(frozen=True)
class Case:
    ruleset: str
    target: str
    code: str  # the condition
    what: str  # a few words for the test id
    changes: dict[tuple, Any]
    expected: str


def instansi(fact: str, value: Any, year: int = Y1) -> dict[tuple, Any]:
    return {("instansi_by_year", year, fact): value}


def unit(fact: str, value: Any) -> dict[tuple, Any]:
    return {("unit", fact): value}


def declared(fact: str, value: Any) -> dict[tuple, Any]:
    return {("declared", fact): value}


def predicate(value: Any) -> dict[tuple, Any]:
    return {("current_predicate",): value}


def grade_cases(rs, target, code, fact, met, below, extra=()) -> list[Case]:
    """`met` is the minimum itself; `below` the next grade down."""
    return [
        Case(rs, target, code, f"{met} met", instansi(fact, met), MET),
        Case(rs, target, code, f"{below} not met", instansi(fact, below), NOT_MET),
        Case(rs, target, code, f"{Y1} missing", instansi(fact, DELETE), MISSING),
        *(Case(rs, target, code, f"{v} {s}", instansi(fact, v), s) for v, s in extra),
    ]


def statement_cases(rs, target, code) -> list[Case]:
    return [
        Case(rs, target, code, "yes", declared(code, True), MET),
        Case(rs, target, code, "no", declared(code, False), NOT_MET),
        Case(rs, target, code, "not declared", declared(code, DELETE), MISSING),
    ]


def document_cases(rs, target, code) -> list[Case]:
    with_file = {"value": True, "evidence": f"{code}-2025.pdf"}
    return [
        Case(rs, target, code, "yes with evidence", declared(code, with_file), MET),
        Case(rs, target, code, "no", declared(code, False), NOT_MET),
        Case(rs, target, code, "yes without evidence", declared(code, True), MISSING),
        Case(rs, target, code, "not declared", declared(code, DELETE), MISSING),
    ]


def percent_100_cases(rs, target, code, fact) -> list[Case]:
    return [
        Case(rs, target, code, "100 met", unit(fact, 100), MET),
        Case(rs, target, code, "98.5 not met", unit(fact, 98.5), NOT_MET),
        Case(rs, target, code, "99.99 not met", unit(fact, "99.99"), NOT_MET),
        Case(rs, target, code, "missing", unit(fact, DELETE), MISSING),
    ]


def echelon_cases(rs, target) -> list[Case]:
    return [
        Case(rs, target, "echelon", "I met", unit("echelon", "I"), MET),
        Case(rs, target, "echelon", "III met", unit("echelon", "III"), MET),
        Case(rs, target, "echelon", "III.b met", unit("echelon", "III.b"), MET),
        Case(rs, target, "echelon", "IV not met", unit("echelon", "IV"), NOT_MET),
        Case(rs, target, "echelon", "missing", unit("echelon", DELETE), MISSING),
    ]


def previous_cases(rs) -> list[Case]:
    code = "previous_predicate"
    return [
        Case(rs, "WBBM", code, "WBK met", predicate("WBK"), MET),
        Case(rs, "WBBM", code, "WBBM met", predicate("WBBM"), MET),
        Case(rs, "WBBM", code, "none not met", predicate("none"), NOT_MET),
        Case(rs, "WBBM", code, "unknown missing", predicate(None), MISSING),
    ]


def number_cases(rs, target, code, fact, minimum, below) -> list[Case]:
    return [
        Case(rs, target, code, f"{minimum} met", instansi(fact, minimum), MET),
        Case(rs, target, code, f"{below} not met", instansi(fact, below), NOT_MET),
        Case(rs, target, code, "missing", instansi(fact, DELETE), MISSING),
    ]


CASES: list[Case] = [
    # --- PermenPANRB 52/2014 --------------------------------------------------------------------
    *grade_cases(R2014, "WBK", "bpk_opinion", "bpk_opinion", "WTP", "WDP"),
    *grade_cases(R2014, "WBK", "akip", "akip", "CC", "C", extra=[("B", MET), ("D", NOT_MET)]),
    *echelon_cases(R2014, "WBK"),
    *statement_cases(R2014, "WBK", "strategic_service_function"),
    *statement_cases(R2014, "WBK", "rb_programmes_well_run"),
    *statement_cases(R2014, "WBK", "large_resources"),
    # WBBM: WTP for at least 2 consecutive years (2024 and 2023).
    Case(R2014, "WBBM", "bpk_opinion", "WTP both years met", {}, MET),
    Case(
        R2014, "WBBM", "bpk_opinion", "WTP then WDP not met",
        instansi("bpk_opinion", "WDP", Y2), NOT_MET,
    ),
    Case(
        R2014, "WBBM", "bpk_opinion", "WDP latest not met",
        instansi("bpk_opinion", "WDP"), NOT_MET,
    ),
    Case(
        R2014, "WBBM", "bpk_opinion", "earlier year missing",
        instansi("bpk_opinion", DELETE, Y2), MISSING,
    ),
    Case(
        R2014, "WBBM", "bpk_opinion", "latest year missing",
        instansi("bpk_opinion", DELETE, Y1), MISSING,
    ),
    Case(  # a known failing year decides, whatever the missing year holds
        R2014, "WBBM", "bpk_opinion", "WDP and a missing year not met",
        {**instansi("bpk_opinion", "WDP"), **instansi("bpk_opinion", DELETE, Y2)}, NOT_MET,
    ),
    *grade_cases(R2014, "WBBM", "akip", "akip", "CC", "C"),
    *echelon_cases(R2014, "WBBM"),
    *statement_cases(R2014, "WBBM", "strategic_service_function"),
    *statement_cases(R2014, "WBBM", "rb_programmes_well_run"),
    *statement_cases(R2014, "WBBM", "large_resources"),
    *previous_cases(R2014),
    # --- PermenPANRB 10/2019 --------------------------------------------------------------------
    *grade_cases(
        R2019, "WBK", "bpk_opinion", "bpk_opinion", "WDP", "TW",
        extra=[("WTP", MET), ("TMP", NOT_MET)],
    ),
    *grade_cases(R2019, "WBK", "akip", "akip", "B", "CC", extra=[("BB", MET)]),
    *statement_cases(R2019, "WBK", "core_service_unit"),
    *statement_cases(R2019, "WBK", "large_resources"),
    *statement_cases(R2019, "WBK", "high_rb_success"),
    *percent_100_cases(R2019, "WBK", "lhkasn", "lhkasn_percent"),
    *percent_100_cases(R2019, "WBK", "lhkpn", "lhkpn_percent"),
    *grade_cases(R2019, "WBBM", "bpk_opinion", "bpk_opinion", "WTP", "WDP"),
    *grade_cases(R2019, "WBBM", "akip", "akip", "B", "CC"),
    *statement_cases(R2019, "WBBM", "core_service_unit"),
    *statement_cases(R2019, "WBBM", "large_resources"),
    *statement_cases(R2019, "WBBM", "high_rb_success"),
    *percent_100_cases(R2019, "WBBM", "lhkasn", "lhkasn_percent"),
    *percent_100_cases(R2019, "WBBM", "lhkpn", "lhkpn_percent"),
    *previous_cases(R2019),
    # --- 2025 practice (RB-index thresholds as an administrator might set them) -----------------
    *grade_cases(R2025, "WBK", "bpk_opinion", "bpk_opinion", "WTP", "WDP"),
    *number_cases(R2025, "WBK", "spip", "spip", 3, "2.99"),
    *grade_cases(R2025, "WBK", "akip", "akip", "B", "CC"),
    *number_cases(R2025, "WBK", "rb_index", "rb_index", ADMIN_RB_MIN["WBK"], 59.9),
    *document_cases(R2025, "WBK", "proposal_letter"),
    *document_cases(R2025, "WBK", "sptjm"),
    *document_cases(R2025, "WBK", "tlhp_report"),
    *document_cases(R2025, "WBK", "self_survey"),
    *document_cases(R2025, "WBK", "lke"),
    *grade_cases(R2025, "WBBM", "bpk_opinion", "bpk_opinion", "WTP", "WDP"),
    *number_cases(R2025, "WBBM", "spip", "spip", 3, "2.99"),
    *grade_cases(R2025, "WBBM", "akip", "akip", "BB", "B"),
    *number_cases(R2025, "WBBM", "rb_index", "rb_index", ADMIN_RB_MIN["WBBM"], "74.99"),
    *document_cases(R2025, "WBBM", "proposal_letter"),
    *document_cases(R2025, "WBBM", "sptjm"),
    *document_cases(R2025, "WBBM", "tlhp_report"),
    *document_cases(R2025, "WBBM", "self_survey"),
    *document_cases(R2025, "WBBM", "lke"),
    *previous_cases(R2025),
]  # fmt: skip

RULESETS = {code: ruleset_with_admin_thresholds(code) for code in (R2014, R2019, R2025)}


@pytest.mark.parametrize(
    "case", CASES, ids=[f"{c.ruleset}-{c.target}-{c.code}-{c.what}" for c in CASES]
)
def test_condition(case: Case):
    result = check_eligibility(RULESETS[case.ruleset], facts_with(case.changes), case.target)
    by_code = {c.code: c for c in result.conditions}
    assert by_code[case.code].status == case.expected
    # Only the condition under test moved; the overall status follows from it.
    others = {c.code: c.status for c in result.conditions if c.code != case.code}
    assert set(others.values()) == {MET}, others
    assert result.status == OVERALL[case.expected]


def test_every_shipped_condition_has_met_not_met_and_missing_cases():
    shipped = {
        (code, target, c.code)
        for code, ruleset in builtin_rulesets().items()
        for target, conditions in ruleset.targets.items()
        for c in conditions
    }
    covered: dict[tuple, set[str]] = {}
    for case in CASES:
        covered.setdefault((case.ruleset, case.target, case.code), set()).add(case.expected)
    assert set(covered) == shipped
    incomplete = {key: s for key, s in covered.items() if s != {MET, NOT_MET, MISSING}}
    assert not incomplete


def test_reference_table_thresholds():
    """The thresholds themselves, read from the files: README §3 at a glance."""

    def thresholds(code: str, target: str) -> dict[str, Any]:
        return {c.code: c.threshold for c in builtin_ruleset(code).targets[target]}

    assert thresholds(R2014, "WBK")["bpk_opinion"] == "WTP"
    assert thresholds(R2014, "WBK")["akip"] == "CC"
    assert thresholds(R2014, "WBK")["echelon"] == "III"
    assert thresholds(R2014, "WBBM")["akip"] == "CC"
    assert builtin_ruleset(R2014).targets["WBBM"][0].years == 2
    assert thresholds(R2019, "WBK")["bpk_opinion"] == "WDP"
    assert thresholds(R2019, "WBBM")["bpk_opinion"] == "WTP"
    assert thresholds(R2019, "WBK")["akip"] == thresholds(R2019, "WBBM")["akip"] == "B"
    assert thresholds(R2019, "WBK")["lhkasn"] == thresholds(R2019, "WBK")["lhkpn"] == 100
    assert thresholds(R2025, "WBK")["akip"] == "B"
    assert thresholds(R2025, "WBBM")["akip"] == "BB"
    assert thresholds(R2025, "WBK")["spip"] == thresholds(R2025, "WBBM")["spip"] == 3
    for code in (R2014, R2019, R2025):
        assert thresholds(code, "WBBM")["previous_predicate"] == "WBK"
        assert "previous_predicate" not in thresholds(code, "WBK")
