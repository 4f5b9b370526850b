"""The checker: overall status, which years it reads, set thresholds, and its call forms."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eligibility_support import (
    DELETE,
    Y1,
    Y2,
    YEAR,
    all_met,
    dump,
    facts_with,
    mini_data,
    ruleset_with_admin_thresholds,
)

from zona.eligibility import (
    ELIGIBLE,
    INCOMPLETE,
    MET,
    MISSING,
    NOT_ELIGIBLE,
    NOT_MET,
    EligibilityError,
    Facts,
    Missing,
    RuleSetError,
    builtin_ruleset,
    builtin_rulesets,
    check_eligibility,
    load_ruleset_text,
)


def statuses(result) -> dict[str, str]:
    return {c.code: c.status for c in result.conditions}


# --- overall status -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["permenpanrb-52-2014", "permenpanrb-10-2019", "praktik-2025"])
@pytest.mark.parametrize("target", ["WBK", "WBBM"])
def test_everything_met_is_eligible(code, target):
    result = check_eligibility(ruleset_with_admin_thresholds(code), facts_with(), target)
    assert result.status == ELIGIBLE and result.eligible
    assert result.with_status(NOT_MET) == result.with_status(MISSING) == ()


def test_shipped_2025_is_incomplete_until_an_administrator_sets_the_rb_threshold():
    for target in ("WBK", "WBBM"):
        result = check_eligibility("praktik-2025", facts_with(), target)
        assert result.status == INCOMPLETE
        [rb] = result.with_status(MISSING)
        assert rb.code == "rb_index" and rb.condition.unconfirmed
        assert rb.missing == (Missing("threshold", "rb_index"),)
        assert rb.actual("en") == "100"  # the value is there; the rule is not
        assert rb.required("en") == "threshold not yet set by an administrator"
        assert "belum ditetapkan administrator" in rb.missing_messages("id")[0]


def test_not_met_outweighs_missing():
    facts = facts_with(
        {("instansi_by_year", Y1, "bpk_opinion"): "TW", ("unit", "lhkpn_percent"): DELETE}
    )
    result = check_eligibility("permenpanrb-10-2019", facts, "WBK")
    assert statuses(result)["bpk_opinion"] == NOT_MET
    assert statuses(result)["lhkpn"] == MISSING
    assert result.status == NOT_ELIGIBLE


def test_missing_without_failures_is_incomplete():
    facts = facts_with({("declared", "high_rb_success"): DELETE, ("unit", "lhkasn_percent"): None})
    result = check_eligibility("permenpanrb-10-2019", facts, "WBBM")
    assert [c.code for c in result.with_status(MISSING)] == ["high_rb_success", "lhkasn"]
    assert result.status == INCOMPLETE


def test_no_facts_at_all_is_incomplete_not_ineligible():
    result = check_eligibility("permenpanrb-52-2014", Facts(YEAR), "WBBM")
    assert set(statuses(result).values()) == {MISSING}
    assert result.status == INCOMPLETE


# --- years ----------------------------------------------------------------------------------------


def test_rules_read_the_year_before_the_evaluation_year():
    facts = Facts(YEAR, instansi_by_year={YEAR: {"bpk_opinion": "WTP", "akip": "A"}})
    result = check_eligibility("permenpanrb-10-2019", facts, "WBK")
    bpk = result.conditions[0]
    assert bpk.code == "bpk_opinion" and bpk.years == (Y1,)
    assert bpk.status == MISSING  # the 2025 opinion is not the one the rule reads
    assert bpk.missing == (Missing("fact", "bpk_opinion", Y1),)
    assert bpk.missing_messages("id") == ["Opini BPK tahun 2024 belum diisi"]
    assert bpk.missing_messages("en") == ["BPK audit opinion for 2024 is not given"]


def test_consecutive_years_read_the_two_newest_years():
    result = check_eligibility("permenpanrb-52-2014", facts_with(), "WBBM")
    bpk = result.conditions[0]
    assert bpk.years == (Y1, Y2)
    assert bpk.value == {Y1: "WTP", Y2: "WTP"}
    missing = check_eligibility(
        "permenpanrb-52-2014",
        facts_with({("instansi_by_year", Y2): DELETE}),
        "WBBM",
    ).conditions[0]
    assert missing.status == MISSING and missing.missing == (Missing("fact", "bpk_opinion", Y2),)
    assert missing.actual("en") == "2023: –; 2024: WTP"


def test_the_year_offset_is_data():
    data = mini_data()
    data["targets"]["WBK"][0]["year_offset"] = 0
    same_year = load_ruleset_text(dump(data))
    data["targets"]["WBK"][0]["year_offset"] = -2
    two_back = load_ruleset_text(dump(data))
    facts = Facts(
        YEAR,
        instansi_by_year={YEAR: {"akip": "B"}, Y1: {"akip": "C"}, Y2: {"akip": "BB"}},
        unit={"lhkpn_percent": 100},
    )
    assert statuses(check_eligibility(same_year, facts, "WBK"))["akip"] == MET
    assert check_eligibility(same_year, facts, "WBK").conditions[0].years == (YEAR,)
    assert check_eligibility(two_back, facts, "WBK").conditions[0].years == (Y2,)
    assert statuses(check_eligibility(two_back, facts, "WBK"))["akip"] == MET


# --- thresholds an administrator sets -------------------------------------------------------------


def test_with_minimum_sets_a_threshold_and_keeps_the_original():
    shipped = builtin_ruleset("praktik-2025")
    adjusted = shipped.with_minimum("WBK", "rb_index", 70)
    rb = next(c for c in adjusted.targets["WBK"] if c.code == "rb_index")
    assert rb.threshold == Decimal(70) and rb.unconfirmed
    assert adjusted.overrides == (("WBK", "rb_index", Decimal(70)),)
    assert next(c for c in shipped.targets["WBK"] if c.code == "rb_index").threshold is None
    assert adjusted.targets["WBBM"] is shipped.targets["WBBM"]
    facts = facts_with({("instansi_by_year", Y1, "rb_index"): "69.5"})
    assert statuses(check_eligibility(adjusted, facts, "WBK"))["rb_index"] == NOT_MET
    assert check_eligibility(adjusted, facts, "WBK").conditions[3].required("id") == (
        "minimal 70, tahun 2024"
    )


@pytest.mark.parametrize(
    ("target", "code", "value", "problem"),
    [
        ("WBK", "rb_index", 101, "out_of_range"),
        ("WBK", "rb_index", "tinggi", "bad_field"),
        ("WBK", "akip", "BBB", "not_on_scale"),
        ("WBK", "sptjm", 1, "no_minimum"),
        ("WBK", "rb_indeks", 70, "unknown_condition_code"),
    ],
)
def test_with_minimum_is_validated(target, code, value, problem):
    with pytest.raises(RuleSetError) as info:
        builtin_ruleset("praktik-2025").with_minimum(target, code, value)
    assert [p.code for p in info.value.problems] == [problem]
    assert info.value.problems[0].params["where"] == f"praktik-2025 / {target} / {code}"


def test_with_minimum_can_tighten_a_grade():
    adjusted = builtin_ruleset("permenpanrb-10-2019").with_minimum("WBK", "akip", "BB")
    facts = facts_with({("instansi_by_year", Y1, "akip"): "B"})
    assert statuses(check_eligibility(adjusted, facts, "WBK"))["akip"] == NOT_MET


# --- call forms -----------------------------------------------------------------------------------


def test_ruleset_by_code_and_facts_as_mapping():
    data = all_met()
    data["instansi_by_year"] = {str(y): v for y, v in data["instansi_by_year"].items()}
    result = check_eligibility("permenpanrb-10-2019", data, "WBBM")
    assert result.status == ELIGIBLE
    assert result.ruleset is builtin_rulesets()["permenpanrb-10-2019"]
    assert (result.target, result.year) == ("WBBM", YEAR)


@pytest.mark.parametrize("spelling", ["wbk", "Menuju WBK", " WBK "])
def test_target_spellings(spelling):
    assert check_eligibility("permenpanrb-10-2019", facts_with(), spelling).target == "WBK"


def test_unknown_target_and_ruleset():
    with pytest.raises(EligibilityError) as info:
        check_eligibility("permenpanrb-10-2019", facts_with(), "WBX")
    assert info.value.problems[0].code == "target_not_in_ruleset"
    assert "WBK, WBBM" in str(info.value)
    with pytest.raises(EligibilityError) as info:
        check_eligibility("permenpanrb-10-2020", facts_with(), "WBK")
    assert info.value.problems[0].code == "unknown_ruleset"


def test_bad_facts_are_refused_before_checking():
    with pytest.raises(EligibilityError) as info:
        check_eligibility("permenpanrb-10-2019", {"year": 2025, "unit": {"eselon": "II"}}, "WBK")
    assert info.value.problems[0].code == "unknown_fact"


def test_each_condition_carries_the_source_of_its_fact():
    data = {
        "year": 2025,
        "instansi_by_year": {"2024": {"bpk_opinion": "WTP"}},
        "declared": {"tlhp_report": {"value": True, "evidence": "TLHP 75 %"}},
        "sources": {"bpk_opinion": "data instansi", "tlhp_report": "register temuan", "x": ""},
    }
    result = check_eligibility("praktik-2025", Facts.from_mapping(data), "WBK")
    sources = {c.code: c.source for c in result.conditions}
    assert sources["bpk_opinion"] == "data instansi"
    assert sources["tlhp_report"] == "register temuan"
    assert sources["sptjm"] == ""  # nothing said, nothing invented
