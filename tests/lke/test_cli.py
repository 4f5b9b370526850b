"""`zona score` from the command line: table and JSON, and one-line errors with exit status 2."""

from __future__ import annotations

import json

import pytest

from zona.lke.cli import main

EXAMPLE = {
    "framework": "lke-2021",
    "previous_predicate": "WBK",
    "answers": {"1": "ya", "2": "b", "88": 4, "89": 3, "125": 3.62, "126": "a", "127": 3.4},
}


def run(tmp_path, capsys, payload, *args):
    path = tmp_path / "answers.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    code = main([*args[:1], "score", str(path), *args[1:]] if args else ["score", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(EXAMPLE))
    assert main(["score", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # 125: 3.62/4 × 17.5 = 15.8375; 126: 5; 127: 3.4/4 × 17.5 = 14.875
    assert data["hasil"] == pytest.approx(35.7125)
    # Tim kerja (weight 0.5): (1 + 0.5)/2 × 0.5 = 0.375; Komitmen (weight 2): 89/88 = 0.75,
    # 90/91 unanswered and left out of the mean, as the workbook's AVERAGE: 0.75 × 2 = 1.5
    nodes = {n["code"]: n for n in data["nodes"]}
    assert nodes["A.I.1.i"]["value"] == pytest.approx(0.375)
    assert nodes["A.II.1.i"]["value"] == pytest.approx(1.5)
    # Sub-components with nothing answered have no value (#DIV/0!), nor anything above them.
    assert nodes["A.I.1.ii"] == {**nodes["A.I.1.ii"], "value": None, "share": None,
                                 "not_computable": "missing_input"}  # fmt: skip
    assert data["pengungkit"] is None and data["total"] is None
    assert data["not_computable"] == {
        "total": "missing_input", "pengungkit": "missing_input", "hasil": None,
    }  # fmt: skip
    assert data["provisional"] == 128 - 7
    assert data["computed"]["A.II.1.i.c2"]["value"] is None
    assert data["computed"]["A.II.1.i.c2"]["missing"] == ["91", "90"]
    assert data["predicate"] is None
    assert next(a["name"] for a in data["areas"]) == "Manajemen Perubahan"
    assert data["areas"][0]["weight"] == 8 and data["areas"][0]["value"] is None
    ipak = next(c for c in data["conditions"] if c["predicate"] == "WBK" and c["code"] == "ipak")
    assert ipak == {
        "predicate": "WBK", "code": "ipak", "label": "Indeks Persepsi Anti Korupsi (IPAK)",
        "kind": "points", "required": 15.75, "actual": 15.8375, "met": True, "shortfall": 0.0,
        "not_computable": None,
    }  # fmt: skip
    total = next(c for c in data["conditions"] if c["predicate"] == "WBK" and c["code"] == "total")
    assert total["met"] is False and total["not_computable"] == "missing_input"
    assert "3" in data["unanswered"]


def test_table_output_in_indonesian_and_english(tmp_path, capsys):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(EXAMPLE))
    assert main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Nilai total: –   Pengungkit: –   Hasil: 35,71  (sementara, 121 belum dijawab)" in out
    assert "belum dapat dihitung: masukan belum diisi" in out
    assert "Belum memenuhi predikat" in out
    assert main(["--lang", "en", "score", str(path), "--gap", "WBK"]) == 0
    out = capsys.readouterr().out
    assert "Total: –" in out and "Where effort pays, toward Menuju WBK" in out


@pytest.mark.parametrize(
    "payload, message",
    [
        ("{not json", "is not valid JSON"),
        ({"answers": {}}, "'framework'"),
        ({"framework": "lke-2099", "answers": {}}, "lke-2099"),
        ({"framework": "lke-2021"}, "'answers'"),
        ({"framework": "lke-2021", "answers": {"2": "d"}}, "Question 2: 'd'"),
        ({"framework": "lke-2021", "answers": {"88": -1}}, "Question 88: a count cannot"),
        ({"framework": "lke-2021", "answers": {"125": 4.5}}, "Question 125: an index"),
        ({"framework": "lke-2021", "answers": {"999": "a"}}, "Question '999'"),
        ({"framework": "lke-2021", "previous_predicate": "XYZ", "answers": {}}, "XYZ"),
    ],
)
def test_bad_files_get_one_line_and_exit_2(tmp_path, capsys, payload, message):
    path = tmp_path / "bad.json"
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload))
    assert main(["--lang", "en", "score", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and message in err


def test_missing_file(tmp_path, capsys):
    assert main(["score", str(tmp_path / "nothing.json")]) == 2
    assert "tidak dapat membaca" in capsys.readouterr().err


def test_validate_framework_file(tmp_path, capsys):
    from zona.lke.registry import FRAMEWORK_DIR

    assert main(["validate", str(FRAMEWORK_DIR / "lke-2021.yaml")]) == 0
    assert "lke-2021@2026.4, 128" in capsys.readouterr().out
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (FRAMEWORK_DIR / "lke-2021.yaml").read_text().replace("weight: 0.5", "weight: 0.75", 1)
    )
    assert main(["--lang", "en", "validate", str(bad)]) == 2
    assert "add up to" in capsys.readouterr().err


def test_console_script_declared():
    import tomllib
    from pathlib import Path

    pyproject = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    assert pyproject["project"]["scripts"]["zona"] == "zona.lke.cli:main"


def test_the_old_code_lke_2019_is_an_alias_of_lke_2014_with_a_deprecation_note(tmp_path, capsys):
    payload = {"framework": "lke-2019", "answers": {"1": "ya"}}
    code, out, err = run(tmp_path, capsys, payload, "--lang=en", "--format", "json")
    assert code == 0
    assert json.loads(out)["framework"] == "lke-2014"  # stdout stays plain JSON
    assert "'lke-2019' is deprecated; use 'lke-2014'" in err
    code, out, err = run(tmp_path, capsys, {**payload, "framework": "lke-2014"})
    assert code == 0 and err == ""
