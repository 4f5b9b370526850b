"""No English in the documents Zona generates, for every demo role in Indonesian: each PDF (its
text, as pypdf reads it), each Word document (paragraphs, tables, headers and footers), each
workbook and CSV export (headings, labels and the cells Zona writes), each ZIP (every file in
it) and each SVG download — whatever a role reaches by following links from its home page, and
the documents a role reaches from a page the crawl's two pages per kind may not open (the
instansi summary, the proposal package, a question's history). Files people uploaded
(evidence, signed copies, served as streamed files) are theirs, not Zona's words.

The words are checked with the list of `test_no_english` (English words Indonesian never
uses). Not language, and left out: hidden sheets (the workbook's signed stamp), cells of a
column whose heading says it holds codes or identifiers ("Kode …", "ID …"), and JSON records
(the audit trail's before/after values, a forensic record of stored data).
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import defaultdict
from io import StringIO

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import resolve, reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from test_no_english import NOT_CRAWLED, PAGES_PER_VIEW, _view, english_in, visible_text

CODE_COLUMN = re.compile(r"^(kode|id)\b", re.IGNORECASE)


def _is_record(text: str) -> bool:
    if not text.startswith(("{", "[")):
        return False
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _table_words(rows: list[list]) -> list[str]:
    """The headings and every cell Zona wrote, less code columns and JSON records."""
    if not rows:
        return []
    header = [str(h or "") for h in rows[0]]
    codes = {i for i, h in enumerate(header) if CODE_COLUMN.match(h.strip())}
    words = [h for h in header if h]
    for row in rows[1:]:
        words += [
            cell
            for i, cell in enumerate(row)
            if i not in codes
            and isinstance(cell, str)
            and not cell.startswith("=")
            and not _is_record(cell)
        ]
    return words


def document_words(name: str, body: bytes) -> list[str]:
    """The text a reader of the file sees, by its kind."""
    lower = name.lower()
    if lower.endswith(".pdf"):
        # Sentence by sentence, lines joined: an official phrase broken over two lines
        # ("reward and / punishment") is still the phrase.
        reader = PdfReader(io.BytesIO(body))
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        return re.split(r"(?<=[.:;])\s+", text)
    if lower.endswith(".docx"):
        document = docx.Document(io.BytesIO(body))
        words = [p.text for p in document.paragraphs]
        words += [c.text for t in document.tables for r in t.rows for c in r.cells]
        for section in document.sections:
            words += [p.text for p in (*section.header.paragraphs, *section.footer.paragraphs)]
        return words
    if lower.endswith(".xlsx"):
        book = load_workbook(io.BytesIO(body))
        words = []
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            words.append(sheet.title)
            words += _table_words([list(row) for row in sheet.iter_rows(values_only=True)])
        return words
    if lower.endswith(".csv"):
        return _table_words(list(csv.reader(io.StringIO(body.decode("utf-8-sig")))))
    if lower.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [
                f"{member}: {text}"
                for member in archive.namelist()
                for text in document_words(member, archive.read(member))
            ]
    if lower.endswith(".svg"):
        return visible_text(body.decode())
    raise AssertionError(f"a document of a kind this check cannot read: {name}")


def _filename(response, path: str) -> str:
    found = re.search(r'filename="([^"]+)"', response.get("Content-Disposition", ""))
    return found.group(1) if found else path.split("?", 1)[0]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def documents(
    client, extra: list[str], read: set[str], limit: int = 250
) -> dict[str, tuple[str, bytes]]:
    """path → (file name, bytes) of every document reached from home (two of one kind), and of
    the `extra` paths the person may open; a document already `read` for an earlier role is
    not made again (its words are its template's), so each role reads others of its kind."""
    found, queue, per_view, seen, pages = {}, ["/", *extra], defaultdict(int), set(), 0
    seen.update(queue)
    while queue and pages < limit:
        path = queue.pop(0)
        view = _view(path)
        if view is None or (per_view[view] >= PAGES_PER_VIEW and path not in extra):
            continue
        if path in read:
            continue
        response = client.get(path)
        if response.status_code != 200:
            continue
        if response.streaming:  # a stored upload (evidence, a signed copy): people's files
            continue
        per_view[view] += 1
        if "text/html" not in response.get("Content-Type", ""):
            found[path] = (_filename(response, path), _body(response))
            read.add(path)
            continue
        pages += 1
        for href in re.findall(r'href="(/[^"#]*)"', response.content.decode()):
            href = href.replace("&amp;", "&")
            if href not in seen and not href.startswith(NOT_CRAWLED):
                seen.add(href)
                queue.append(href)
    return found


def _extra_paths() -> list[str]:
    from zona.evaluations.models import Evaluation
    from zona.workbook.proposal import READY_STAGES

    paths = []
    for evaluation in Evaluation.objects.filter(stage__in=READY_STAGES):
        paths.append(reverse("workbook:proposal_package", args=[evaluation.pk]))
    evaluation = Evaluation.objects.order_by("pk").first()
    for fmt in ("csv", "xlsx"):
        paths.append(reverse("workbook:question_history", args=[evaluation.pk, "1", fmt]))
    return paths


def summaries(client, read: set[str]) -> dict[str, tuple[str, bytes]]:
    """The instansi summary PDFs the person may ask for: made on the job queue (eager in
    tests), so asked for with a POST and downloaded from the job once it is done."""
    from zona.orgs.models import Instansi

    found = {}
    for pk in Instansi.objects.order_by("pk").values_list("pk", flat=True):
        path = reverse("dashboards:instansi_pdf", args=[pk])
        if path in read:
            continue
        asked = client.post(path)
        if asked.status_code != 302:
            continue
        job = resolve(asked["Location"].split("?", 1)[0]).kwargs["pk"]
        response = client.get(reverse("jobs:download", args=[job]))
        assert response.status_code == 200, path
        found[path] = (_filename(response, path), _body(response))
        read.add(path)
    return found


@pytest.fixture
def demo(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("demo", stdout=StringIO())
    return get_user_model().objects.filter(roles__isnull=False).distinct()


def test_the_document_check_finds_english():
    """Each reader really reads its kind of file: an English heading injected into a PDF, a
    Word document, a workbook, a CSV and a ZIP is caught; codes and records are not."""
    import weasyprint
    from openpyxl import Workbook

    from zona.core.tabular import to_csv

    heading = "Scores per layer and area"
    pdf = weasyprint.HTML(string=f"<h1>Laporan</h1><h2>{heading}</h2>").write_pdf()
    word = docx.Document()
    word.add_heading(heading)
    out = io.BytesIO()
    word.save(out)
    word = out.getvalue()
    book = Workbook()
    book.active.append(["Unit kerja", heading])
    out = io.BytesIO()
    book.save(out)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("paket/06-laporan.docx", word)
    files = {"a.pdf": pdf, "a.docx": word, "a.xlsx": out.getvalue(),
             "a.csv": to_csv(["Unit", heading], []), "a.zip": archive.getvalue()}  # fmt: skip
    for name, body in files.items():
        assert english_in(document_words(name, body)) != [], name
    table = to_csv(["Unit kerja", "Kode tahap", "Sesudah"], [["Unit A", "returned", '{"a": 1}']])
    assert english_in(document_words("b.csv", table)) == []  # a code, a record: no language


@pytest.mark.django_db
def test_no_document_of_any_demo_role_holds_english(client, demo):
    extra = _extra_paths()
    english, kinds, read = defaultdict(set), defaultdict(int), set()
    for user in demo:
        client.force_login(user)
        made = {**documents(client, extra, read), **summaries(client, read)}
        for path, (name, body) in made.items():
            kinds[name.rsplit(".", 1)[-1]] += 1
            kinds[_view(path)] += 1
            for chunk in english_in([w for w in document_words(name, body) if w]):
                english[chunk].add(f"{user.username} {path}")
    # every kind of document was read: PDFs, Word, workbooks, CSV, the package, the QR codes
    assert {"pdf", "docx", "xlsx", "csv", "zip", "svg"} <= set(kinds), dict(kinds)
    for view in ("dashboards:report_pdf", "dashboards:report_docx", "dashboards:instansi_pdf",
                 "surveys:results_report", "surveys:results_report_docx", "surveys:poster",
                 "surveys:tokens_pdf", "workbook:download", "workbook:proposal_package",
                 "workbook:evaluations", "audit:events"):  # fmt: skip
        assert kinds[view] >= 1, view
    assert dict(english) == {}, "English in documents"
    assert sum(kinds[k] for k in ("pdf", "docx", "xlsx", "csv", "zip", "svg")) >= 80
