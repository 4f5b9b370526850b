"""Weights marked provisional (`confidence:` on the file or any node): accepted by the loader,
covering the nodes under the mark, scored as usual, and said by the CLI (table and JSON)."""

from __future__ import annotations

import json

import pytest
from conftest import dump
from test_loader import codes, node, refuse

from zona.lke.cli import main
from zona.lke.loader import load_framework_text
from zona.lke.scoring import score

NOTE = "Bobot di luar PermenPANRB 10/2019 §8 belum diterbitkan"


@pytest.fixture
def provisional_data(mini_data):
    """The whole file provisional, except area X whose weights are confirmed, and one
    sub-component of area Y marked provisional with its own note."""
    mini_data["confidence"] = {"level": "provisional", "note": NOTE}
    node(mini_data, 0, 0)["confidence"] = "confirmed"  # A.1, and everything under it
    node(mini_data, 0, 1, 0)["confidence"] = {"level": "provisional", "note": "Bobot Reform"}
    return mini_data


def test_a_confirmed_file_has_no_provisional_weight(mini):
    assert mini.provisional_weights == () and mini.provisional_marks == ()
    assert mini.confidence is None


def test_the_nearest_mark_covers_a_node(provisional_data):
    fw = load_framework_text(dump(provisional_data))
    provisional = {w.node: (w.marked_on, w.note) for w in fw.provisional_weights}
    # A.1 and its sub-components are confirmed; A.2.i carries its own mark; the rest the file's.
    assert set(provisional) == {"A", "A.2", "A.2.i", "B", "B.I", "B.II"}
    assert provisional["A.2.i"] == ("A.2.i", "Bobot Reform")
    assert provisional["B.I"] == (None, NOTE)
    assert fw.confidence_of("A.1.ii")[1] == "A.1"
    assert [(m.node, m.note) for m in fw.provisional_marks] == [
        ("", NOTE),
        ("A.2.i", "Bobot Reform"),
    ]


def test_one_node_marked_in_a_confirmed_file(mini_data):
    node(mini_data, 0, 0, 1)["confidence"] = {"level": "provisional"}  # A.1.ii
    fw = load_framework_text(dump(mini_data))
    assert [w.node for w in fw.provisional_weights] == ["A.1.ii"]


def test_provisional_weights_score_as_any_weights(mini, provisional_data):
    fw = load_framework_text(dump(provisional_data))
    answers = {"1": "ya", "2": "b", "3": "ya", "4": "a", "5": "c", "6": 40}
    assert score(fw, answers).nodes == score(mini, answers).nodes


@pytest.mark.parametrize(
    "mark", ["sure", {"level": "guess"}, {"level": "provisional", "source": "x"}, ["provisional"]]
)
def test_a_bad_mark_is_refused_naming_the_node(mini_data, mark):
    node(mini_data, 0, 1)["confidence"] = mark
    error = refuse(mini_data)
    assert set(codes(error)) <= {"bad_field", "unknown_field", "not_a_mapping"}
    assert any("A.2" in m for m in error.messages("en"))


def test_cli_says_so_in_the_table_and_the_json(tmp_path, capsys, provisional_data):
    framework = tmp_path / "lke-uji.yaml"
    framework.write_text(dump(provisional_data))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"framework": "mini", "answers": {"1": "ya"}}))
    assert main(["score", str(answers), "--framework-file", str(framework)]) == 0
    table = capsys.readouterr().out
    assert "Bobot sementara (belum dikonfirmasi sumber resmi):" in table
    assert f"  - seluruh kerangka: {NOTE}" in table
    assert "  - A.2.i Reform: Bobot Reform" in table
    args = ["score", str(answers), "--framework-file", str(framework), "--format", "json"]
    assert main(args) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["provisional_weights"] == [
        {"node": None, "name": "Mini LKE", "note": NOTE},
        {"node": "A.2.i", "name": "Reform", "note": "Bobot Reform"},
    ]
    flags = {n["code"]: n["weight_provisional"] for n in payload["nodes"]}
    assert flags["A.2.i"] and flags["B"] and not flags["A.1"] and not flags["A.1.i"]
    assert main(["validate", str(framework)]) == 0
    assert "Bobot sementara" in capsys.readouterr().out


def test_cli_json_of_a_shipped_framework_has_no_provisional_weight(tmp_path, capsys):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"framework": "lke-2021", "answers": {"1": "ya"}}))
    assert main(["score", str(answers), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["provisional_weights"] == []
    assert not any(n["weight_provisional"] for n in payload["nodes"])
