"""The loader accepts a valid file and refuses each kind of bad one, naming the node and problem."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import dump

from zona.lke.errors import FrameworkError
from zona.lke.loader import load_framework_text


def refuse(data) -> FrameworkError:
    with pytest.raises(FrameworkError) as info:
        load_framework_text(dump(data) if not isinstance(data, str) else data)
    return info.value


def codes(error: FrameworkError) -> list[str]:
    return [p.code for p in error.problems]


def node(data, *path: int) -> dict:
    """tree[path[0]].children[path[1]]…"""
    current = data["tree"][path[0]]
    for i in path[1:]:
        current = current["children"][i]
    return current


def test_valid_file_loads(mini):
    assert mini.key == "mini@1"
    assert list(mini.questions) == [str(n) for n in range(1, 14)]
    assert mini.nodes["A.1.ii"].weight == Decimal(20)
    assert mini.nodes["A.1.ii"].parent == "A.1"
    assert mini.questions["4"].values == {
        "a": Decimal(1), "b": Decimal("0.67"), "c": Decimal("0.33"), "d": Decimal(0)
    }  # fmt: skip
    assert mini.computed["A.2.i.c2"].inputs == ("9", "10")
    assert [a.weight for a in mini.areas] == [Decimal(30), Decimal(30)]
    assert [p.code for p in mini.predicates] == ["WBK", "WBBM"]
    assert len(mini.source_sha256) == 64


def test_children_weights_must_add_up(mini_data):
    node(mini_data, 0, 0, 1)["weight"] = 19  # A.1.ii: 10 + 19 ≠ 30
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "weights_mismatch")
    assert problem.params["where"] == "A.1"
    assert problem.params["total"] == Decimal(29)
    assert "A.1" in problem.message("en") and "29" in problem.message("en")
    assert "jumlah bobot" in problem.message("id")


def test_weighted_items_must_add_up(mini_data):
    node(mini_data, 1, 0)["questions"][1]["weight"] = 4
    error = refuse(mini_data)
    assert any(p.code == "weights_mismatch" and p.params["where"] == "B.I" for p in error.problems)


def test_roots_must_add_up_to_max_total(mini_data):
    mini_data["max_total"] = 90
    assert "roots_total_mismatch" in codes(refuse(mini_data))


def test_duplicate_node_code(mini_data):
    node(mini_data, 0, 1, 0)["code"] = "A.1.i"
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "duplicate_code")
    assert problem.params["code"] == "A.1.i"


def test_duplicate_question_number(mini_data):
    node(mini_data, 0, 0, 1)["questions"][0]["no"] = 2
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "duplicate_question")
    assert problem.params["no"] == "2" and problem.params["other"] == "A.1.i"
    assert "A.1.ii / 2" in problem.message("en")


def test_unknown_answer_type(mini_data):
    node(mini_data, 0, 0, 0)["questions"][1]["type"] = "abcdef"
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "unknown_answer_type")
    assert problem.params["where"] == "A.1.i / 2"
    assert "abcdef" in problem.message("en")


@pytest.mark.parametrize(
    "values, problem_code",
    [
        ({"a": 1, "b": 0.5}, "value_map_mismatch"),  # option c missing
        ({"a": 1, "b": 0.5, "c": 0, "d": 0}, "value_map_mismatch"),  # extra option
        ({"a": 1, "b": 1.5, "c": 0}, "value_out_of_range"),
        ({"a": 0.5, "b": 1, "c": 0}, "value_map_order"),  # worse option worth more
    ],
)
def test_value_map_must_match_its_type(mini_data, values, problem_code):
    node(mini_data, 0, 0, 0)["questions"][1]["values"] = values
    assert problem_code in codes(refuse(mini_data))


def test_type_level_value_map_checked_too(mini_data):
    mini_data["answer_types"]["abcd"] = {"a": 1, "b": 0.67, "c": 0.33}
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "value_map_mismatch")
    assert problem.params["where"] == "answer_types.abcd"


def test_value_map_on_numeric_type_refused(mini_data):
    node(mini_data, 0, 0, 1)["questions"][2]["values"] = {"a": 1}
    assert "values_not_allowed" in codes(refuse(mini_data))


def test_formula_naming_unknown_input(mini_data):
    node(mini_data, 0, 1, 0)["computed"][0]["formula"] = "q8 / q99"
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "formula_unknown_input")
    assert problem.params["where"] == "A.2.i.c1" and problem.params["no"] == "99"


def test_formula_naming_a_scored_question_refused(mini_data):
    node(mini_data, 0, 1, 0)["computed"][0]["formula"] = "q8 / q1"  # q1 is ya_tidak, not count
    assert "formula_unknown_input" in codes(refuse(mini_data))


@pytest.mark.parametrize("formula", ["q8 /", "__import__('os')", "q8 ** 2", "x + 1", "q8 // q7"])
def test_formula_outside_the_language_refused(mini_data, formula):
    node(mini_data, 0, 1, 0)["computed"][0]["formula"] = formula
    assert "bad_formula" in codes(refuse(mini_data))


@pytest.mark.parametrize(
    "condition, maximum",
    [
        ({"of": "total", "min": 101}, Decimal(100)),
        ({"of": "pengungkit", "min": 61}, Decimal(60)),
        ({"of": "each_area", "min_share": 1.2}, Decimal(1)),
        ({"of": "node", "ref": "B.II", "min": 16}, Decimal(15)),
        ({"of": "item", "ref": 11, "min": 20.5}, Decimal(20)),
    ],
)
def test_threshold_above_maximum(mini_data, condition, maximum):
    mini_data["predicates"][0]["conditions"].append(condition)
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "threshold_exceeds_max")
    assert problem.params["max"] == maximum
    assert "WBK" in problem.params["where"]


def test_condition_refs_must_exist(mini_data):
    mini_data["predicates"][0]["conditions"].append({"of": "node", "ref": "Z.9", "min": 1})
    mini_data["predicates"][1]["requires"] = "WBX"
    error = refuse(mini_data)
    refs = {p.params["ref"] for p in error.problems if p.code == "unknown_ref"}
    assert refs == {"Z.9", "WBX"}


def test_item_condition_needs_a_weighted_item(mini_data):
    mini_data["predicates"][0]["conditions"].append({"of": "item", "ref": 1, "min": 0.5})
    assert "item_not_weighted" in codes(refuse(mini_data))


def test_condition_needs_exactly_one_minimum(mini_data):
    mini_data["predicates"][0]["conditions"].append({"of": "total", "min": 1, "min_share": 0.5})
    assert "min_and_share" in codes(refuse(mini_data))


def test_unknown_field_is_a_typo(mini_data):
    node(mini_data, 0, 0)["wieght"] = 30
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "unknown_field")
    assert problem.params["field"] == "wieght" and problem.params["where"] == "A.1"


def test_node_with_children_and_questions(mini_data):
    node(mini_data, 0, 0)["questions"] = [{"no": 99, "type": "abc", "text": "?"}]
    assert "children_and_items" in codes(refuse(mini_data))


def test_roles_required(mini_data):
    del mini_data["tree"][1]["role"]
    assert "bad_role" in codes(refuse(mini_data))


def test_weighted_node_needs_item_weights(mini_data):
    del node(mini_data, 1, 1)["questions"][0]["weight"]
    assert "item_weight_missing" in codes(refuse(mini_data))


def test_item_weight_outside_weighted_node(mini_data):
    node(mini_data, 0, 0, 0)["questions"][0]["weight"] = 1
    assert "item_weight_not_allowed" in codes(refuse(mini_data))


def test_invalid_yaml():
    error = refuse("code: [unclosed")
    assert codes(error) == ["yaml_syntax"]


def test_unsupported_format(mini_data):
    mini_data["format"] = 2
    assert "unsupported_format" in codes(refuse(mini_data))


def test_all_problems_reported_at_once(mini_data):
    node(mini_data, 0, 0, 1)["weight"] = 19
    node(mini_data, 0, 0, 0)["questions"][1]["type"] = "xyz"
    mini_data["predicates"][0]["conditions"].append({"of": "total", "min": 150})
    found = set(codes(refuse(mini_data)))
    assert {"weights_mismatch", "unknown_answer_type", "threshold_exceeds_max"} <= found


def test_no_is_a_key_not_a_boolean(mini_data):
    # YAML 1.1 reads a bare `no` as false; question numbers are written `no: 2`.
    text = dump(mini_data).replace("'no':", "no:")
    assert "- no: 1" in text
    framework = load_framework_text(text)
    assert "1" in framework.questions


def test_max_total_defaults_to_100(mini_data):
    del mini_data["max_total"]
    assert load_framework_text(dump(mini_data)).max_total == Decimal(100)


def test_feed_is_read_from_the_item(mini_data):
    hasil = node(mini_data, 1, 0)["questions"]
    hasil[0]["feed"] = "ipak"
    framework = load_framework_text(dump(mini_data))
    assert framework.questions["11"].feed == "ipak"
    assert framework.questions["12"].feed is None


def test_unknown_feed_is_refused_in_both_languages(mini_data):
    node(mini_data, 1, 0)["questions"][0]["feed"] = "ikm"
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "unknown_feed")
    assert problem.params["where"] == "B.I / 11"
    assert problem.message("en") == "B.I / 11: unknown feed 'ikm' (known: ipak, ipkp, tlhp)"
    assert problem.message("id") == (
        "B.I / 11: sumber nilai (feed) 'ikm' tidak dikenal (yang dikenal: ipak, ipkp, tlhp)"
    )


def test_feed_must_match_the_item_type(mini_data):
    node(mini_data, 1, 0)["questions"][0]["feed"] = "tlhp"  # a percentage on an index item
    error = refuse(mini_data)
    problem = next(p for p in error.problems if p.code == "feed_type_mismatch")
    assert problem.params == {
        "where": "B.I / 11", "feed": "tlhp", "type": "index_0_4", "expected": "percent"
    }  # fmt: skip
