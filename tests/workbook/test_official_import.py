"""Importing the official workbook as units fill it: the regulation's own Lampiran III as a
Puskesmas filled it (`data/lampiran-iii-lke-zi-2021.xlsx`, copied from shared/reference), its
quirks, rows deleted, formulas with and without a saved result, damaged files."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from workbook_support import evidence_url, open_book, save_book

from zona.evaluations import actions
from zona.evaluations.models import Answer
from zona.workbook import lampiran as LA
from zona.workbook.actions import import_workbook
from zona.workbook.official import build_official_workbook
from zona.workbook.reader import WorkbookRefused, read_workbook

REFERENCE = Path(__file__).parent / "data" / "lampiran-iii-lke-zi-2021.xlsx"
# The nodes whose value depends on the LHKPN / LHKASN inputs (and so on the engine change).
LHKPN_CHAIN = {"A.II.5.iii.a", "A.II.5.iii.b", "A.II.5.iii", "A.II.5", "A.II", "A"}


@pytest.fixture
def member(world):
    return world.users["member_a1"]


@pytest.fixture
def reference() -> bytes:
    return REFERENCE.read_bytes()


def problems(data, evaluation, layer="unit"):
    with pytest.raises(WorkbookRefused) as refused:
        read_workbook(data, evaluation, layer)
    return [(p.sheet, p.row, p.column, p.message) for p in refused.value.problems]


def edited(data: bytes, **cells) -> bytes:
    book = open_book(data)
    for ref, value in cells.items():
        book[LA.SHEET][ref] = value
    return save_book(book)


def reference_cells():
    formulas = load_workbook(REFERENCE)[LA.SHEET]
    values = load_workbook(REFERENCE, data_only=True)[LA.SHEET]
    return formulas, values


def expected_answer(question, raw) -> str:
    if raw is None or str(raw).strip() == "":
        return ""
    if question.options:
        return str(raw).strip().lower()
    return format(Decimal(str(raw)).normalize(), "f")


def imported(evaluation, member, data: bytes):
    plan = read_workbook(data, evaluation, "unit")
    import_workbook(member, evaluation, plan, "lampiran-iii.xlsx")
    return plan


def test_the_reference_workbook_imports_its_answers_and_notes(evaluation_2021, member, reference):
    plan = imported(evaluation_2021, member, reference)
    framework = evaluation_2021.framework.framework()
    layout = LA.sheet_for(framework)
    _formulas, values = reference_cells()
    stored = {
        no: (value, note)
        for no, value, note in Answer.objects.filter(
            evaluation=evaluation_2021, layer="unit"
        ).values_list("question", "value", "note")
    }
    checked = 0
    for no, r in layout.question_rows.items():
        if no in layout.extra:  # Zona's appendix: not in the official file
            assert no not in stored
            continue
        question = framework.questions[no]
        note = str(values[f"O{r}"].value or "").strip()
        want = (expected_answer(question, values[f"K{r}"].value), note)
        assert stored.get(no, ("", "")) == want, (no, r)
        checked += 1
    # every question has its row, LHKASN's typed "harus melaporkan" (117a, K185) included
    assert checked == len(framework.questions) - len(layout.extra) == 128
    assert len(plan.changes) == 128 and not plan.stamped
    assert stored["1"] == ("ya", stored["1"][1])  # J8 holds "Ya", not the type: read anyway
    assert stored["88"][0] == "7" and stored["125"][0] == "4"


def _cached_scores(layout):
    """The reference file's own cached values per node, with its L175 defect corrected
    (L175 = L176 + L183, and its ancestors by as much)."""
    _formulas, values = reference_cells()
    cached = {code: values[f"L{r}"].value for code, r in layout.node_rows.items()}
    lhk = layout.node_rows["A.II.5.iii"]
    assert lhk == 175
    delta = values["L176"].value + values["L183"].value - cached["A.II.5.iii"]
    for code in ("A.II.5.iii", "A.II.5", "A.II", "A"):
        cached[code] += delta
    total = values[f"L{layout.grand_total}"].value + delta
    return cached, total


def _scores(evaluation):
    from zona.evaluations import presenters

    framework = evaluation.framework.framework()
    stored = presenters.load_answers(evaluation, ("unit",))
    return presenters.score_layers(evaluation, framework, presenters.normalised(stored))["unit"]


def test_the_reference_scores_equal_the_workbooks_own_values(evaluation_2021, member, reference):
    imported(evaluation_2021, member, reference)
    layout = LA.sheet_for(evaluation_2021.framework.framework())
    cached, _total = _cached_scores(layout)
    result = _scores(evaluation_2021)
    differ = {
        code: (cached[code], result.nodes[code])
        for code in layout.node_rows
        if abs(cached[code] - result.nodes[code]) > 1e-9
    }
    assert differ == {} and result.not_computable == {}
    assert result.nodes["A.I"] == 30 and abs(result.hasil - 40) < 1e-9


def test_the_reference_lhkpn_scores_equal_the_workbooks_own_values(
    evaluation_2021, member, reference
):
    imported(evaluation_2021, member, reference)
    layout = LA.sheet_for(evaluation_2021.framework.framework())
    cached, total = _cached_scores(layout)
    result = _scores(evaluation_2021)
    differ = {
        code: (cached[code], result.nodes[code])
        for code in LHKPN_CHAIN
        if abs(cached[code] - result.nodes[code]) > 1e-9
    }
    assert differ == {}
    assert abs(result.total - total) < 1e-9


def test_answers_as_units_type_them(evaluation_2021, reference):
    data = edited(
        reference,
        K8="YA",  # question 1, Ya/Tidak
        K11="y",  # question 3
        K19="Tidak ",  # question 9, with a trailing space
        K9=" b",  # question 2, A/B/C
        K202="3,60",  # IPAK, an index with a decimal comma
        K205="4,00",
        K129=" 7 ",  # a count with spaces
    )
    plan = read_workbook(data, evaluation_2021, "unit")
    after = {c.question: c.after for c in plan.changes}
    assert (after["1"], after["3"], after["9"], after["2"]) == ("ya", "ya", "tidak", "b")
    assert (after["125"], after["127"], after["88"]) == ("3.60", "4.00", "7")


def test_wrong_answers_in_the_persons_words(evaluation_2021, reference):
    data = edited(reference, K9="D", K8="Mungkin", K129=-3, K130="2,5", K202=4.5, K155="x")
    found = {(r, c): m for _s, r, c, m in problems(data, evaluation_2021)}
    assert found == {
        (9, "K"): "“D” bukan jawaban pertanyaan ini; pilih A/B/C.",
        (8, "K"): "“Mungkin” bukan jawaban pertanyaan ini; pilih Ya/Tidak.",
        (129, "K"): "Jumlah tidak boleh negatif (-3).",
        (130, "K"): "Jumlah harus bilangan bulat, bukan 2,5.",
        (202, "K"): "Indeks harus antara 0 dan 4, bukan 4,5.",
        (155, "K"): "“x” bukan angka; ketik angka seperti 12.",
    }
    assert not Answer.objects.filter(evaluation=evaluation_2021).exists()


def test_a_deleted_row_is_one_problem(evaluation_2021, reference):
    book = open_book(reference)
    book[LA.SHEET].delete_rows(58)  # question 38 ("Aturan disiplin/kode etik …")
    found = problems(save_book(book), evaluation_2021)
    assert found == [
        (LA.SHEET, 58, "G",
         "baris 58 (pertanyaan 38) tidak ada — apakah ada baris yang terhapus?"),
    ]  # fmt: skip


def test_an_inserted_row_is_one_problem(evaluation_2021, reference):
    book = open_book(reference)
    book[LA.SHEET].insert_rows(20)
    found = problems(save_book(book), evaluation_2021)
    assert [m for *_at, m in found] == [
        "baris 20 seharusnya berisi pertanyaan 10, yang kini ada di baris 21 — apakah ada baris "
        "yang disisipkan?"
    ]


def _patch_sheet(data: bytes, edit) -> bytes:
    """The workbook with the XML of sheet "LKE ZI" changed by `edit(xml) -> xml`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    workbook_xml = source.read("xl/workbook.xml").decode()
    rels = source.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(r'<sheet [^>]*name="LKE ZI"[^>]*r:id="(rId\d+)"', workbook_xml).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = (target.group(1) or target.group(2)).lstrip("/")
    path = path if path.startswith("xl/") else f"xl/{path}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            content = source.read(name)
            if name == path:
                content = edit(content.decode()).encode()
            archive.writestr(name, content)
    return out.getvalue()


def test_a_formula_answer_counts_by_its_saved_result(evaluation_2021, reference):
    def formula_with_result(xml: str) -> str:  # K11 (question 3): ="Ya", result saved
        return re.sub(r'<c r="K11"[^>]*>.*?</c>', '<c r="K11" t="str"><f>"Ya"</f><v>Ya</v></c>',
                      xml, count=1, flags=re.S)  # fmt: skip

    plan = read_workbook(_patch_sheet(reference, formula_with_result), evaluation_2021, "unit")
    assert {c.question: c.after for c in plan.changes}["3"] == "ya"


def test_a_formula_without_a_saved_result_is_named(evaluation_2021, reference):
    data = edited(reference, K11='=IF(1,"Ya","Tidak")')  # openpyxl saves no result
    found = problems(data, evaluation_2021)
    assert found == [
        (LA.SHEET, 11, "K",
         "Sel K11 berisi rumus tanpa hasil tersimpan. Ketik jawabannya langsung, atau buka "
         "berkas di Excel lalu simpan lagi."),
    ]  # fmt: skip


def test_broken_xml_inside_a_sheet_is_a_problem(evaluation_2021, reference):
    def break_halfway(xml: str) -> str:
        middle = xml.index('<row r="120"')
        return xml[:middle] + '<row r="120"><c r="K120"><v>1</v></c' + xml[middle + 40 :]

    found = problems(_patch_sheet(reference, break_halfway), evaluation_2021)
    assert found == [("", None, None, found[0][3])]
    assert "rusak" in found[0][3]


def test_a_cut_off_file_is_a_problem(evaluation_2021, reference):
    for size in (len(reference) // 3, len(reference) - 100):
        found = problems(reference[:size], evaluation_2021)
        assert len(found) == 1 and "rusak" in found[0][3]


def test_an_entity_laden_file_is_a_problem(evaluation_2021, reference):
    def entities(xml: str) -> str:
        laughs = '<!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        return xml.replace("?>", "?>" + laughs, 1).replace("<v>Ya</v>", "<v>&b;</v>", 1)

    found = problems(_patch_sheet(reference, entities), evaluation_2021)
    assert len(found) == 1 and "DOCTYPE" in found[0][3]


@pytest.mark.parametrize("damage", ["xml", "cut", "entities"])
def test_a_damaged_upload_is_a_listed_problem_not_an_error_page(
    client, world, evaluation_2021, reference, damage
):
    data = {
        "xml": lambda: _patch_sheet(reference, lambda x: x[: len(x) // 2]),
        "cut": lambda: reference[: len(reference) // 2],
        "entities": lambda: _patch_sheet(
            reference, lambda x: x.replace("?>", '?><!DOCTYPE x [<!ENTITY a "b">]>', 1)
        ),
    }[damage]()
    client.force_login(world.users["member_a1"])
    response = client.post(
        reverse("workbook:upload", args=[evaluation_2021.pk]),
        {"workbook": SimpleUploadedFile("lke.xlsx", data)},
    )
    assert response.status_code == 422
    assert 'id="workbook-problems"' in response.content.decode()


def test_last_years_workbook_fills_a_new_evaluation(world, frameworks, member, answer):
    last_year = actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2025, "WBK", framework=frameworks["lke-2021"]
    )
    answer("member_a1", last_year, "2", "unit", "b", note="SK 2025")
    answer("member_a1", last_year, "88", "unit", 5)
    data = build_official_workbook(member, last_year, evidence_url)
    this_year = actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2026, "WBK", framework=frameworks["lke-2021"]
    )
    answer("member_a1", this_year, "3", "unit", "ya")
    plan = read_workbook(data, this_year, "unit")
    assert not plan.stamped  # another evaluation's export: compared with this year's answers
    changes = {c.question: (c.before, c.after, c.after_note) for c in plan.changes}
    assert changes == {"2": ("", "b", "SK 2025"), "88": ("", "5", ""), "3": ("ya", "", "")}


def test_last_years_workbook_of_the_previous_framework_version_fills_a_new_evaluation(
    world, frameworks, member, fill
):
    """Last year's export was made on lke-2021 2026.3 (LHKPN with 113a/114a, in an appendix);
    this year's evaluation pins 2026.4. Every question both versions share is carried over;
    the inputs 2026.4 no longer has are not asked about."""
    from zona.frameworks.actions import load_framework

    old_source = (
        Path(__file__).parents[1] / "evaluations" / "data" / "lke-2021-2026.3.yaml"
    ).read_text(encoding="utf-8")
    old, _created = load_framework(old_source, world.users["sysadmin"], activate=False)
    last_year = actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2025, "WBK", framework=old
    )
    fill(member, last_year, seed=7)
    data = build_official_workbook(member, last_year, evidence_url)
    this_year = actions.create_evaluation(
        world.users["lead_a1"], world.a1, 2026, "WBK", framework=frameworks["lke-2021"]
    )
    plan = read_workbook(data, this_year, "unit")
    stored_last = dict(
        Answer.objects.filter(evaluation=last_year, layer="unit").values_list("question", "value")
    )
    current = this_year.framework.framework()
    shared = {no for no in current.questions if no in old.framework().questions}
    after = {c.question: c.after for c in plan.changes}
    assert {no: after.get(no, "") for no in shared} == {no: stored_last[no] for no in shared}
    # K185 held 2026.3's formula (the sum of the breakdown), never recalculated: not an answer
    # of the person's, so 117a is left for them to type, not refused as a formula cell.
    assert "117a" not in after and "117a" not in old.framework().questions
    assert len(shared) == len(current.questions) - 1
