"""A corrupted workbook is refused with every problem at its sheet, row and column; nothing is
imported when anything is wrong."""

from __future__ import annotations

import io
import zipfile

import pytest
from workbook_support import evidence_url as url
from workbook_support import open_book, save_book

from zona.evaluations.models import Answer
from zona.workbook.export import build_answers_workbook
from zona.workbook.reader import WorkbookRefused, read_workbook


@pytest.fixture
def member(world):
    return world.users["member_a1"]


@pytest.fixture
def exported(evaluation_2021, member):
    return build_answers_workbook(member, evaluation_2021, url)


def problems(data, evaluation, layer="unit"):
    with pytest.raises(WorkbookRefused) as refused:
        read_workbook(data, evaluation, layer)
    return [(p.sheet, p.row, p.column, p.message) for p in refused.value.problems]


def edited(data: bytes, **cells) -> bytes:
    book = open_book(data)
    sheet = book["Jawaban"]
    for ref, value in cells.items():
        sheet[ref] = value
    return save_book(book)


def test_every_problem_is_reported_at_its_cell(evaluation_2021, exported):
    data = edited(
        exported,
        K7="D",  # question 2 is A/B/C
        K6="Mungkin",  # question 1 is Ya/Tidak
        K126=-3,  # question 88 is a count
        K199=4.5,  # question 125 is an index 0–4
        K5="Ya",  # row 5 is the heading "Penyusunan Tim Kerja"
        L9="x" * 10_001,  # the note of question 3
        A10="999",  # no question 999
        A11="3",  # question 3 sits on row 9, not 11
    )
    found = problems(data, evaluation_2021)
    at = {(sheet, row, col) for sheet, row, col, _m in found}
    assert at == {
        ("Jawaban", 7, "K"), ("Jawaban", 6, "K"), ("Jawaban", 126, "K"), ("Jawaban", 199, "K"),
        ("Jawaban", 5, "K"), ("Jawaban", 9, "L"), ("Jawaban", 10, "A"), ("Jawaban", 11, "A"),
    }  # fmt: skip
    messages = {(row, col): m for _s, row, col, m in found}
    assert messages[(7, "K")] == "“D” bukan jawaban pertanyaan ini; pilih A/B/C."
    assert messages[(6, "K")] == "“Mungkin” bukan jawaban pertanyaan ini; pilih Ya/Tidak."
    assert messages[(126, "K")] == "Jumlah tidak boleh negatif (-3)."
    assert messages[(199, "K")] == "Indeks harus antara 0 dan 4, bukan 4,5."
    assert "bukan baris pertanyaan" in messages[(5, "K")]
    assert "10001" in messages[(9, "L")]
    assert messages[(10, "A")] == "Pertanyaan '999' tidak ada di kerangka lke-2021@2026.4"
    assert "pertanyaan 5, bukan 3" in messages[(11, "A")]


def test_nothing_is_imported_when_one_row_is_wrong(evaluation_2021, exported):
    data = edited(exported, K6="Ya", K7="B", K9="Tidak", K10="Z")
    found = problems(data, evaluation_2021)
    assert [(r, c) for _s, r, c, _m in found] == [(10, "K")]
    assert not Answer.objects.filter(evaluation=evaluation_2021).exists()


def test_missing_sheet(evaluation_2021, exported):
    book = open_book(exported)
    book["Jawaban"].title = "Sheet1"
    found = problems(save_book(book), evaluation_2021)
    assert found == [("LKE ZI", None, None, found[0][3])]
    assert "tidak memiliki lembar “LKE ZI”" in found[0][3] and "“Jawaban”" in found[0][3]


def test_wrong_header(evaluation_2021, exported):
    found = problems(edited(exported, K1="Jawaban", Q1=None), evaluation_2021)
    assert [(s, r, c) for s, r, c, _m in found] == [("Jawaban", 1, "K"), ("Jawaban", 1, "Q")]
    assert "“Jawaban Unit”" in found[0][3]


def test_tpi_reads_its_own_columns(evaluation_2021, exported, set_stage):
    set_stage(evaluation_2021, "tpi_review")
    data = edited(exported, K7="Z", N7="Q", Q9="y" * 10_001)
    found = problems(data, evaluation_2021, layer="tpi")
    assert [(r, c) for _s, r, c, _m in found] == [(7, "N"), (9, "Q")]


def test_not_an_xlsx(evaluation_2021):
    found = problems(b"%PDF-1.7 not a workbook", evaluation_2021)
    assert found == [("", None, None, "Berkas ini bukan buku kerja Excel (.xlsx).")]


def test_password_protected(evaluation_2021):
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500
    found = problems(ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100, evaluation_2021)
    assert "kata sandi" in found[0][3]
    found = problems(ole, evaluation_2021)
    assert ".xls" in found[0][3]


def test_damaged_zip(evaluation_2021, exported):
    found = problems(exported[: len(exported) // 2], evaluation_2021)
    assert "rusak" in found[0][3]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    found = problems(buffer.getvalue(), evaluation_2021)
    assert found[0][3] == "Berkas ini bukan buku kerja Excel (.xlsx)."


def test_tampered_stamp(evaluation_2021, exported):
    book = open_book(exported)
    stamp = book["_zona"]
    stamp["A1"] = stamp["A1"].value[:-3] + "abc"
    found = problems(save_book(book), evaluation_2021)
    assert found[0][:3] == ("_zona", 1, "A")


def test_other_framework(evaluation_2019, evaluation_2021, exported):
    found = problems(exported, evaluation_2019)
    assert found[0][:3] == ("_zona", 1, "A")
    assert "lke-2021@2026.4" in found[0][3]


def test_answer_changed_in_zona_after_the_export(evaluation_2021, member, answer):
    answer("member_a1", evaluation_2021, "2", "unit", "a")
    data = build_answers_workbook(member, evaluation_2021, url)
    answer("lead_a1", evaluation_2021, "2", "unit", "b")  # a colleague, after the export
    # Row 7 untouched in Excel: left alone, the colleague's answer stays.
    plan = read_workbook(edited(data, K9="Ya"), evaluation_2021, "unit")
    assert [(c.question, c.after) for c in plan.changes] == [("3", "ya")]
    # Row 7 changed in Excel too: refused, naming the colleague.
    found = problems(edited(data, K7="C"), evaluation_2021)
    assert [(s, r, c) for s, r, c, _m in found] == [("Jawaban", 7, "K")]
    assert "lead_a1" in found[0][3]


def test_a_percentage_typed_with_a_percent_sign(evaluation_2019, member):
    data = build_answers_workbook(member, evaluation_2019, url)
    book = open_book(data)
    sheet = book["Jawaban"]
    row = next(r for r in range(2, 200) if sheet[f"A{r}"].value == "83")  # TLHP, a percentage
    sheet[f"K{row}"] = 0.855
    sheet[f"K{row}"].number_format = "0.0%"
    plan = read_workbook(save_book(book), evaluation_2019, "unit")
    assert [(c.question, c.after) for c in plan.changes] == [("83", "85.5")]


def test_a_deleted_row_of_the_jawaban_layout_is_one_problem(evaluation_2021, exported):
    book = open_book(exported)
    sheet = book["Jawaban"]
    row = next(r for r in range(2, 300) if sheet[f"A{r}"].value == "40")
    sheet.delete_rows(row)
    found = problems(save_book(book), evaluation_2021)
    assert len(found) == 1, found
    assert found[0][3] == (
        f"baris {row} (pertanyaan 40) tidak ada — apakah ada baris yang terhapus?"
    )


def test_decimal_comma_in_the_jawaban_layout(evaluation_2021, exported):
    book = open_book(exported)
    sheet = book["Jawaban"]
    row = next(r for r in range(2, 300) if sheet[f"A{r}"].value == "125")  # IPAK, 0–4
    sheet[f"K{row}"] = "5,2"
    found = problems(save_book(book), evaluation_2021)
    assert [m for *_at, m in found] == ["Indeks harus antara 0 dan 4, bukan 5,2."]
    sheet[f"K{row}"] = "3,6"
    plan = read_workbook(save_book(book), evaluation_2021, "unit")
    assert [(c.question, c.after) for c in plan.changes] == [("125", "3.6")]


def test_inserted_rows_of_the_jawaban_layout_are_one_problem(evaluation_2021, exported):
    book = open_book(exported)
    sheet = book["Jawaban"]
    row = next(r for r in range(2, 300) if sheet[f"A{r}"].value == "40")
    sheet.insert_rows(row, amount=2)
    found = problems(save_book(book), evaluation_2021)
    assert [m for *_at, m in found] == [
        f"baris {row} seharusnya berisi pertanyaan 40, yang kini ada di baris {row + 2} — "
        "apakah ada baris yang disisipkan?"
    ]


def test_two_swapped_rows_are_each_named(evaluation_2021, exported):
    """Not a shift: the rows below stay in place, so each wrong row is its own problem."""
    book = open_book(exported)
    sheet = book["Jawaban"]
    r40 = next(r for r in range(2, 300) if sheet[f"A{r}"].value == "40")
    r41 = next(r for r in range(2, 300) if sheet[f"A{r}"].value == "41")
    sheet[f"A{r40}"], sheet[f"A{r41}"] = "41", "40"
    found = problems(save_book(book), evaluation_2021)
    assert [(r, c) for _s, r, c, _m in found] == [(r40, "A"), (r41, "A")]
