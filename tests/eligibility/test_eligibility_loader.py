"""Rule-set files: the shipped ones load; bad ones are refused, naming the rule and the problem."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eligibility_support import dump, label, mini_data

from zona.eligibility import (
    EligibilityError,
    RuleSetError,
    builtin_ruleset,
    builtin_rulesets,
    load_ruleset_text,
)
from zona.eligibility.registry import RULESET_DIR

SHIPPED = ("permenpanrb-52-2014", "permenpanrb-10-2019", "praktik-2025")


def refuse(data) -> RuleSetError:
    with pytest.raises(RuleSetError) as info:
        load_ruleset_text(data if isinstance(data, str) else dump(data))
    return info.value


def only(error: RuleSetError, code: str):
    """The one problem of `code`; fails if it is absent or not alone."""
    assert [p.code for p in error.problems] == [code], error.messages("en")
    return error.problems[0]


def akip(data) -> dict:
    return data["targets"]["WBK"][0]


def lhkpn(data) -> dict:
    return data["targets"]["WBK"][1]


# --- what loads -----------------------------------------------------------------------------------


def test_mini_file_loads():
    ruleset = load_ruleset_text(dump(mini_data()))
    assert ruleset.key == "test-rules@1"
    assert list(ruleset.targets) == ["WBK", "WBBM"]
    condition = ruleset.targets["WBK"][0]
    assert (condition.kind, condition.level, condition.fact) == ("min_grade", "instansi", "akip")
    assert condition.threshold == "B" and condition.year_offset == -1
    assert condition.label.get("id") == "AKIP (id)" and condition.label.get("en") == "AKIP (en)"
    assert ruleset.targets["WBK"][1].threshold == Decimal(100)
    assert len(ruleset.source_sha256) == 64


def test_shipped_files_load():
    rulesets = builtin_rulesets()
    assert tuple(rulesets) == SHIPPED
    assert len(list(RULESET_DIR.glob("*.yaml"))) == 3
    for ruleset in rulesets.values():
        assert ruleset.name.id and ruleset.name.en and ruleset.legal_basis
        assert ruleset.confidence.level in ("secondary", "unconfirmed")
        assert ruleset.confidence.note.id and ruleset.confidence.note.en
        assert list(ruleset.targets) == ["WBK", "WBBM"]
        for conditions in ruleset.targets.values():
            for c in conditions:
                assert c.label.id and c.label.en and c.source
                # Every instansi rule reads the year before the evaluation year (see the files).
                assert c.year_offset == (-1 if c.level == "instansi" else None)
    assert rulesets["praktik-2025"].confidence.level == "unconfirmed"


def test_shipped_rb_index_thresholds_are_unset_and_marked_unconfirmed():
    ruleset = builtin_ruleset("praktik-2025")
    for target in ("WBK", "WBBM"):
        rb = next(c for c in ruleset.targets[target] if c.code == "rb_index")
        assert rb.threshold is None and rb.unconfirmed
    others = [c for cs in ruleset.targets.values() for c in cs if c.code != "rb_index"]
    assert not any(c.unconfirmed for c in others)


def test_registry_is_cached_and_refuses_unknown_codes():
    assert builtin_rulesets() is builtin_rulesets()
    assert builtin_ruleset("permenpanrb-10-2019") is builtin_rulesets()["permenpanrb-10-2019"]
    with pytest.raises(EligibilityError) as info:
        builtin_ruleset("permenpanrb-99-2030")
    assert info.value.problems[0].code == "unknown_ruleset"
    assert "permenpanrb-99-2030" in str(info.value) and "praktik-2025" in str(info.value)
    assert "tidak dikenal" in info.value.messages("id")[0]


# --- refusals -------------------------------------------------------------------------------------


def test_unknown_condition_kind():
    data = mini_data()
    akip(data)["kind"] = "min_score"
    problem = only(refuse(data), "unknown_kind")
    message = problem.message("en")
    assert message.startswith("test-rules / WBK / akip:")
    assert "min_score" in message and "min_grade" in message


def test_unknown_fact():
    data = mini_data()
    akip(data)["fact"] = "akip_grade"
    problem = only(refuse(data), "unknown_fact")
    assert problem.params["where"] == "test-rules / WBK / akip"
    assert "akip_grade" in problem.message("en") and "tidak dikenal" in problem.message("id")


def test_fact_of_the_wrong_type_for_the_kind():
    data = mini_data()
    lhkpn(data)["fact"] = "akip"  # min_number on a grade
    lhkpn(data)["level"] = "instansi"
    lhkpn(data)["year_offset"] = -1
    problem = only(refuse(data), "fact_not_for_kind")
    assert "lhkpn_percent" in problem.params["known"]


@pytest.mark.parametrize("minimum", ["BBB", "bb", "Baik", 3])
def test_grade_minimum_must_be_on_its_scale(minimum):
    data = mini_data()
    akip(data)["min"] = minimum
    problem = only(refuse(data), "not_on_scale")
    message = problem.message("en")
    assert message.startswith("test-rules / WBK / akip:")
    assert str(minimum) in message and "D, C, CC, B, BB, A, AA" in message


def test_echelon_and_predicate_must_be_on_their_scales():
    data = mini_data()
    data["targets"]["WBK"].append(
        {"code": "echelon", "kind": "max_echelon", "level": "unit", "max": "V", "label": label("E")}
    )
    data["targets"]["WBBM"][0]["min"] = "WBX"
    error = refuse(data)
    assert sorted(p.params["where"] for p in error.problems) == [
        "test-rules / WBBM / previous_predicate",
        "test-rules / WBK / echelon",
    ]
    assert {p.code for p in error.problems} == {"not_on_scale"}


@pytest.mark.parametrize("minimum", [101, -1])
def test_number_minimum_must_be_in_range(minimum):
    data = mini_data()
    lhkpn(data)["min"] = minimum
    problem = only(refuse(data), "out_of_range")
    assert "0–100" in problem.message("en") and "test-rules / WBK / lhkpn" in problem.message("en")


def test_number_minimum_must_be_a_number():
    data = mini_data()
    lhkpn(data)["min"] = "100"  # quoted: a typo, refused
    assert only(refuse(data), "bad_field").params["field"] == "min"


def test_duplicate_condition_codes():
    data = mini_data()
    lhkpn(data)["code"] = "akip"
    problem = only(refuse(data), "duplicate_code")
    assert problem.params["where"] == "test-rules / WBK / akip"
    assert "akip" in problem.message("en") and "sudah dipakai" in problem.message("id")


def test_same_code_in_two_targets_is_fine():
    data = mini_data()
    data["targets"]["WBBM"].append(akip(data))
    assert load_ruleset_text(dump(data)).targets["WBBM"][1].code == "akip"


def test_missing_labels():
    data = mini_data()
    del akip(data)["label"]["en"]
    lhkpn(data)["label"] = {"id": " ", "en": "LHKPN"}
    del data["targets"]["WBBM"][0]["label"]
    error = refuse(data)
    found = [(p.code, p.params["where"], p.params.get("lang")) for p in error.problems]
    assert found == [
        ("missing_label", "test-rules / WBK / akip", "en"),
        ("missing_label", "test-rules / WBK / lhkpn", "id"),
        ("missing_field", "test-rules / WBBM / previous_predicate", None),
    ]
    assert "'en'" in error.problems[0].message("en")


def test_label_must_be_bilingual_mapping():
    data = mini_data()
    akip(data)["label"] = "AKIP minimal B"
    assert only(refuse(data), "bad_field").params["field"] == "label"
    data = mini_data()
    akip(data)["label"]["fr"] = "AKIP"
    assert only(refuse(data), "unknown_field").params["field"] == "fr"


def test_ruleset_name_needs_both_languages():
    data = mini_data()
    data["name"] = {"id": "Aturan uji"}
    problem = only(refuse(data), "missing_label")
    assert (problem.params["where"], problem.params["lang"]) == ("test-rules", "en")


def test_level_must_match_the_fact():
    data = mini_data()
    akip(data)["level"] = "unit"
    problem = only(refuse(data), "level_mismatch")
    assert problem.params["fact_level"] == "instansi"
    data = mini_data()
    akip(data)["level"] = "pusat"
    assert only(refuse(data), "bad_field").params["field"] == "level"


def test_year_offset_is_required_on_instansi_facts():
    data = mini_data()
    del akip(data)["year_offset"]
    problem = only(refuse(data), "year_offset_required")
    assert "year_offset" in problem.message("en")


def test_year_offset_is_refused_on_unit_facts():
    data = mini_data()
    lhkpn(data)["year_offset"] = -1
    assert only(refuse(data), "year_offset_not_allowed").params["fact"] == "lhkpn_percent"


@pytest.mark.parametrize("offset", [1, -11, "-1", True])
def test_year_offset_must_be_a_past_or_present_year(offset):
    data = mini_data()
    akip(data)["year_offset"] = offset
    assert only(refuse(data), "bad_field").params["field"] == "year_offset"


def test_fields_of_another_kind_and_typos():
    data = mini_data()
    akip(data)["max"] = "III"
    akip(data)["treshold"] = "B"
    error = refuse(data)
    assert [(p.code, p.params["field"]) for p in error.problems] == [
        ("field_not_for_kind", "max"),
        ("unknown_field", "treshold"),
    ]


@pytest.mark.parametrize("years", [1, 11, None, "2"])
def test_consecutive_years_needs_two_or_more_years(years):
    data = mini_data()
    akip(data).update(kind="consecutive_years", years=years)
    if years is None:
        del akip(data)["years"]
    only(refuse(data), "bad_years")


def test_consecutive_years_needs_a_grade():
    data = mini_data()
    lhkpn(data).update(kind="consecutive_years", years=2)
    only(refuse(data), "fact_not_for_kind")


def test_unset_threshold_needs_the_unconfirmed_mark():
    data = mini_data()
    lhkpn(data)["min"] = None
    only(refuse(data), "threshold_unset")
    lhkpn(data)["unconfirmed"] = True
    ruleset = load_ruleset_text(dump(data))
    assert ruleset.targets["WBK"][1].threshold is None
    # Only numbers may wait for an administrator; a grade is always given.
    akip(data).update(min=None, unconfirmed=True)
    only(refuse(data), "threshold_unset")


def test_missing_minimum():
    data = mini_data()
    del akip(data)["min"]
    assert only(refuse(data), "missing_field").params["field"] == "min"


def test_previous_predicate_must_rank_below_the_target():
    data = mini_data()
    data["targets"]["WBBM"][0]["min"] = "WBBM"
    only(refuse(data), "predicate_not_lower")
    data = mini_data()
    data["targets"]["WBK"].append(data["targets"]["WBBM"][0])
    problem = only(refuse(data), "predicate_not_lower")
    assert problem.params["where"] == "test-rules / WBK / previous_predicate"
    data = mini_data()
    data["targets"]["WBBM"][0]["min"] = "none"
    only(refuse(data), "not_on_scale")


def test_targets():
    data = mini_data()
    data["targets"]["WBKK"] = data["targets"].pop("WBBM")
    assert only(refuse(data), "unknown_target").params["target"] == "WBKK"
    data = mini_data()
    data["targets"]["WBBM"] = []
    assert only(refuse(data), "empty_target").params["where"] == "test-rules / WBBM"
    data = mini_data()
    data["targets"] = {}
    only(refuse(data), "no_targets")


def test_top_level_problems():
    assert only(refuse("format: [1"), "yaml_syntax")
    assert only(refuse("- 1\n- 2\n"), "not_a_mapping")
    data = mini_data()
    data["format"] = 2
    assert only(refuse(data), "unsupported_format").params["actual"] == 2
    data = mini_data()
    data["author"] = "x"
    assert only(refuse(data), "unknown_field").params["field"] == "author"
    data = mini_data()
    data["confidence"]["level"] = "sure"
    assert only(refuse(data), "bad_field").params["field"] == "level"
    data = mini_data()
    del data["confidence"]
    assert only(refuse(data), "missing_field").params["field"] == "confidence"


def test_every_problem_is_reported_at_once():
    data = mini_data()
    akip(data)["min"] = "BBB"
    lhkpn(data)["fact"] = "lhkpn"
    data["targets"]["WBBM"][0]["kind"] = "earlier_predicate"
    error = refuse(data)
    assert [p.code for p in error.problems] == ["not_on_scale", "unknown_fact", "unknown_kind"]
    assert len(error.messages("id")) == 3
    assert "BBB" in str(error) and "lhkpn" in str(error) and "earlier_predicate" in str(error)
