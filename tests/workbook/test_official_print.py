"""The exported official workbook prints as a unit expects: sheet "LKE ZI" on A4 landscape,
fit to the page width, its heading row repeated, percentages as %, and every row tall enough
for its wrapped text (no line printed over the next row). Rendered by LibreOffice once."""

from __future__ import annotations

import io
import os
import subprocess
import tempfile
from pathlib import Path

import pytest
from pypdf import PdfReader
from workbook_support import evidence_url, open_book

from zona.workbook import lampiran as LA
from zona.workbook.official import (
    LINE_HEIGHT,
    WIDTHS,
    build_official_workbook,
    wrapped_lines,
)
from zona.workbook.recalc import LibreOfficeMissing, soffice


@pytest.fixture
def exported(world, evaluation_2021, fill):
    fill(world.users["member_a1"], evaluation_2021, seed=5)
    return build_official_workbook(world.users["member_a1"], evaluation_2021, evidence_url)


def test_print_setup(exported):
    sheet = open_book(exported)[LA.SHEET]
    setup = sheet.page_setup
    assert (setup.orientation, str(setup.paperSize)) == ("landscape", sheet.PAPERSIZE_A4)
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.print_title_rows == f"${LA.HEADER_ROW}:${LA.HEADER_ROW}"
    shares = [c for c in sheet[LA.COL_SHARE] if isinstance(c.value, str) and "/" in c.value]
    assert shares and all(c.number_format == "0.00%" for c in shares)


def test_wrapped_lines_estimate():
    assert wrapped_lines("pendek", 52) == 1
    assert wrapped_lines("x" * 58, 52) == 2  # 57 characters a line at width 52
    assert wrapped_lines("a\nb\nc", 60) == 3


def test_rows_are_tall_enough_for_their_wrapped_text(exported):
    sheet = open_book(exported)[LA.SHEET]
    checked = 0
    for row in sheet.iter_rows(min_row=LA.FIRST_ROW):
        needed = max(
            (
                wrapped_lines(c.value, WIDTHS[c.column_letter])
                for c in row
                if isinstance(c.value, str)
                and c.alignment.wrap_text
                and WIDTHS.get(c.column_letter, 0) >= 20
            ),
            default=1,
        )
        height = sheet.row_dimensions[row[0].row].height
        if needed > 1:
            checked += 1
            assert height == needed * LINE_HEIGHT, row[0].row
        else:
            assert height is None, row[0].row  # one line: the default height
    assert checked > 100  # nearly every question row has criteria over several lines
    # Question 2 (row 9): three criteria, each on its own line at least.
    assert sheet.row_dimensions[9].height >= 3 * LINE_HEIGHT


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def test_libreoffice_prints_it_on_a_few_landscape_pages(exported):
    try:
        binary = soffice()
    except LibreOfficeMissing as exc:
        if _in_ci():
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    with tempfile.TemporaryDirectory(prefix="zona-print-") as tmp:
        root = Path(tmp)
        (root / "lke.xlsx").write_bytes(exported)
        subprocess.run(
            [binary, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless",
             "--norestore", "--convert-to", "pdf", "--outdir", str(root), str(root / "lke.xlsx")],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        pdf = PdfReader(io.BytesIO((root / "lke.pdf").read_bytes()))
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in pdf.pages]
    assert sizes[0][0] < sizes[0][1]  # "Utama", portrait
    lke = sizes[1:]
    assert lke and all(w > h for w, h in lke)  # "LKE ZI": landscape on every page
    assert all(abs(w - 841.89) < 1 and abs(h - 595.3) < 1 for w, h in lke)  # A4
    # Fit to width: never a page of column B alone (31 pages before); rows make the length.
    assert len(lke) <= 14
    text = " ".join(p.extract_text() for p in pdf.pages[1:])
    assert text.count("Penjelasan") >= len(lke)  # the heading row on every page
