"""The survey results report of a unit and period: the method, the respondents, the index per
statement and per group with its margin of error (figures worked by hand below), the trend over
earlier periods and the charts; pages measured after rendering; reachable by whoever sees the
unit."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from documents import pages_as_png, used_share
from pypdf import PdfReader

from surveys.helpers import make_survey
from zona.surveys.models import Channel, Response


def _respond(survey, answers, profile, channel=Channel.ONLINE):
    Response.objects.create(survey=survey, submitted_on="2026-11-01", channel=channel,
                            answers=answers, profile=profile)  # fmt: skip


@pytest.fixture
def reported(world, mini, settings):
    settings.ZONA_SURVEY_MIN_GROUP = 1  # every group shown (test_small_groups_are_withheld)
    earlier = make_survey(world.a1, mini, code="OLD234", year=2026, quarter=2)
    for _ in range(2):
        _respond(earlier, {"S1": 4, "S2": 4, "S3": 4}, {"gender": "P"})
    survey = make_survey(world.a1, mini, code="NEW234", year=2026, quarter=3)
    # Respondent   S1 S2 S3   score             gender
    # R1            4  4  3   11/3 = 3.6667     L
    # R2            3  2  3    8/3 = 2.6667     P
    # R3            2  3  4    9/3 = 3.0000     P      (a paper form)
    _respond(survey, {"S1": 4, "S2": 4, "S3": 3}, {"gender": "L"})
    _respond(survey, {"S1": 3, "S2": 2, "S3": 3}, {"gender": "P"})
    _respond(survey, {"S1": 2, "S2": 3, "S3": 4}, {"gender": "P"}, Channel.IMPORT)
    return survey


def _report(client, unit, year=2026, quarter="3"):
    url = reverse("surveys:results_report", args=[unit.pk, year])
    return client.get(url, {"triwulan": quarter} if quarter else {})


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_report_figures(client, world, reported):
    client.force_login(world.users["lead_a1"])
    response = _report(client, world.a1)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Laporan hasil survei" in text and "Unit A1 · triwulan III 2026" in text
    # index = mean of 3.6667, 2.6667, 3.0 = 3.1111; s = 0.5092; E = 1.96 · s / √3 = 0.5762
    assert "Indeks (1–4) 3,11" in text and "± 0,58" in text
    assert "s = 0,51" in text
    # S1: answers 4, 3, 2 → mean 3,00, s = 1, E = 1.96 / √3 = 1,13; counts 1, 2, 3, 4 = 0 1 1 1
    assert "S1 Prosedur jelas. 3,00 1,13 0 1 1 1" in text
    # group P: scores 2.6667 and 3.0 → 2,83; s = 0.2357; E = 1.96 · 0.2357 / √2 = 0,33
    assert "Perempuan 2 2,83 0,33" in text
    assert "Laki-laki 1 3,67 –" in text  # one respondent: no margin of error
    # respondents per channel and the trend with the earlier quarter (all 4s: 4,00)
    assert "diimpor (formulir kertas) 1" in text and "formulir daring 2" in text
    assert "triwulan II 2026 2 4,00" in text and "triwulan III 2026 3 3,11 0,58" in text
    assert "E = 1,96 · s / √n" in text


def test_word_report_has_the_same_figures(client, world, reported):
    import docx

    client.force_login(world.users["lead_a1"])
    url = reverse("surveys:results_report_docx", args=[world.a1.pk, 2026])
    response = client.get(url, {"triwulan": "3"})
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(response.content))
    text = " ".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert "Laporan hasil survei" in text and "E = 1,96 · s / √n" in text
    assert any(r[:2] == ["3,11", "± 0,58"] for r in cells)  # index and its margin
    assert ["S1", "Prosedur jelas.", "3,00", "1,13", "0", "1", "1", "1"] in cells
    assert ["Perempuan", "2", "2,83", "0,33"] in cells
    assert ["triwulan II 2026", "2", "4,00", "0,00"] in cells


def test_small_groups_are_withheld_as_on_every_page(client, world, reported, settings):
    # L has one respondent (< 2), and P then goes too: P's mean and the index would give L's.
    settings.ZONA_SURVEY_MIN_GROUP = 2
    client.force_login(world.users["lead_a1"])
    text = _text(_report(client, world.a1).content)
    assert "Laki-laki 1 disembunyikan" in text and "Perempuan 2 disembunyikan" in text
    assert "2,83" not in text and "3,67" not in text


def test_report_pages_are_used(client, world, reported):
    client.force_login(world.users["coordinator_a"])
    pages = pages_as_png(_report(client, world.a1).content)
    for number, page in enumerate(pages[:-1], start=1):
        assert used_share(page) >= 1 / 3, f"page {number}"


@pytest.mark.parametrize(
    "role, status",
    [("sysadmin", 200), ("coordinator_a", 200), ("tpi_a", 200), ("leadership_a", 200),
     ("member_a1", 200), ("lead_a1", 200), ("tpn", 404), ("norole", 404)],
)  # fmt: skip
def test_who_may_read_the_report(client, world, reported, role, status):
    client.force_login(world.users[role])
    assert _report(client, world.a1).status_code == status


def test_a_period_without_a_survey_or_a_bad_quarter_is_404(client, world, reported):
    client.force_login(world.users["lead_a1"])
    assert _report(client, world.a1, quarter="4").status_code == 404
    assert _report(client, world.a1, quarter="9").status_code == 404
    assert _report(client, world.a1, year=2026, quarter=None).status_code == 404


def test_the_charts_are_drawn_in_the_pdf_and_the_word_document(client, world, reported):
    """Both charts of each kind: drawn in the PDF (not written out as text), and in the Word
    document as a PNG of the same SVG with the same caption."""
    from documents_charts import inked_share, pictures_with_captions

    client.force_login(world.users["lead_a1"])
    text = _text(_report(client, world.a1).content)
    assert "Chart(" not in text and "Bar(" not in text  # the chart's data written as text once
    assert "Rata-rata per pernyataan" in text and "Indeks per periode" in text  # captions
    url = reverse("surveys:results_report_docx", args=[world.a1.pk, 2026])
    pictures = pictures_with_captions(client.get(url, {"triwulan": "3"}).content)
    assert [caption for _picture, caption in pictures] == [
        "Rata-rata per pernyataan", "Indeks per periode",
    ]  # fmt: skip
    for picture, _caption in pictures:
        assert picture.format == "PNG" and picture.width >= 1200  # sharp at the text width
        assert 0.02 < inked_share(picture) < 0.6  # bars or a line drawn, not a blank box
