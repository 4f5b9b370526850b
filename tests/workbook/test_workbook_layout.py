"""Where each question lands in sheet "Jawaban": the official rows of the reference, cross-checked
against the reference transcription (`shared/reference/lke-2021.json`) when it is present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from zona.lke import builtin_framework
from zona.workbook.layout import FIRST_ROW, layout_for

REPO = Path(__file__).resolve().parents[2]
# Beside the repository (…/shared/reference), or beside the folder of worktrees.
CANDIDATES = [REPO.parent / "shared" / "reference", REPO.parent.parent / "shared" / "reference"]
REFERENCE = next((p for p in CANDIDATES if (p / "lke-2021.json").is_file()), None)


def reference_rows() -> dict[str, int]:
    rows = {}

    def walk(node):
        for q in node.get("questions", []):
            rows[str(q["no"])] = q["excel_row"]
        for child in node.get("children", []):
            walk(child)

    for root in json.loads((REFERENCE / "lke-2021.json").read_text())["tree"]:
        walk(root)
    return rows


@pytest.mark.skipif(REFERENCE is None, reason="the reference folder lives beside the repository")
def test_every_official_question_sits_on_its_reference_row():
    layout = layout_for(builtin_framework("lke-2021"))
    expected = reference_rows()
    assert len(expected) == 127
    assert {no: layout.question_rows[no] for no in expected} == expected
    assert layout.official


def test_2021_headings_and_computed_items_fill_the_official_gaps():
    layout = layout_for(builtin_framework("lke-2021"))
    placed = {line.ref: line.row for line in layout.lines if line.kind != "question"}
    # Row 1 holds the column headers; the official workbook's question 1 is on row 6.
    assert placed["A"] == 2 and placed["A.I"] == 3 and placed["A.I.1"] == 4
    assert placed["A.I.1.i"] == 5 and placed["A.I.1.ii"] == 8
    # "a. Persentase …" above its counts (88, 89 on rows 126, 127), as the worksheet shows it.
    assert placed["A.II.1.i.c1"] == 125 and placed["A.II.1.i.c2"] == 128
    assert placed["B"] == 195 and placed["B.II"] == 201


def test_2021_lhkasn_obliged_count_takes_the_free_row_above_its_breakdown():
    layout = layout_for(builtin_framework("lke-2021"))
    assert layout.question_rows["117a"] == 181
    assert not any(line.kind == "title" for line in layout.lines)  # no appendix any more


def test_2019_has_no_official_rows_and_is_laid_out_in_order():
    framework = builtin_framework("lke-2014")
    layout = layout_for(framework)
    assert not layout.official
    rows = [layout.question_rows[no] for no in framework.questions]
    assert rows == sorted(rows) and len(set(rows)) == len(rows) == 84
    assert layout.question_rows["1"] == 5  # after "A", "A.1", "A.1.i"
    assert layout.lines[0].row == FIRST_ROW
    # every row from the first to the last is used exactly once
    assert [line.row for line in layout.lines] == list(range(FIRST_ROW, layout.last_row + 1))


@pytest.mark.parametrize("code", ["lke-2014", "lke-2021"])
def test_every_node_question_and_computed_item_has_one_row(code):
    framework = builtin_framework(code)
    layout = layout_for(framework)
    refs = [line.ref for line in layout.lines if line.kind != "title"]
    assert sorted(refs) == sorted([*framework.nodes, *framework.questions, *framework.computed])
