"""The proposal package: one ZIP for the coordinator once the LKE is final at the TPI, with the
cover letter and SPTJM (Word and PDF, from the instansi's and the unit's data), the LKE workbook,
the TLHP recap, the survey results report and the LHE; refused to everyone else."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from dashboard_fill import fill
from django.urls import reverse
from documents import pages_as_png, used_share
from openpyxl import load_workbook
from pypdf import PdfReader
from surveys.helpers import make_survey

from zona.orgs.models import Instansi
from zona.surveys.actions import load_instrument
from zona.surveys.instruments import shipped_files
from zona.surveys.models import Channel, Response

STEM = "paket-usulan-unit-a1-2026"


@pytest.fixture
def final(evaluation_2021, world, set_stage):
    fill(evaluation_2021, "unit", 0.9)
    fill(evaluation_2021, "tpi", 0.8)
    lead = world.users["lead_a1"]
    lead.first_name, lead.last_name = "Rudi", "Hartono"
    lead.save()
    Instansi.objects.filter(pk=world.a.pk).update(city="Jakarta", address="Jalan Merdeka 1")
    return set_stage(evaluation_2021, "tpi_final")


@pytest.fixture
def surveyed(final, world):
    instrument = None
    for path in shipped_files():
        loaded, _ = load_instrument(None, path.read_text(encoding="utf-8"))
        if loaded.kind == "ipak":
            instrument = loaded
    survey = make_survey(world.a1, instrument, year=2026)
    answers = {code: 4 for code in instrument.statement_codes}
    for _ in range(3):
        Response.objects.create(survey=survey, submitted_on="2026-11-01",
                                channel=Channel.ONLINE, answers=answers, profile={})  # fmt: skip
    return final


def _zip(client, evaluation) -> zipfile.ZipFile:
    response = client.get(reverse("workbook:proposal_package", args=[evaluation.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{STEM}.zip"'
    return zipfile.ZipFile(io.BytesIO(response.content))


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def _docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return " ".join(" ".join(parts).split())


def test_package_holds_every_document(client, world, surveyed):
    client.force_login(world.users["coordinator_a"])
    archive = _zip(client, surveyed)
    names = sorted(n.split("/", 1)[1] for n in archive.namelist())
    assert names == [
        "01-surat-usulan.docx", "01-surat-usulan.pdf", "02-sptjm.docx", "02-sptjm.pdf",
        "03-LKE-unit-a1-2026.xlsx", "04-rekap-tlhp.docx", "04-rekap-tlhp.pdf",
        "05-laporan-hasil-survei.docx", "05-laporan-hasil-survei.pdf",
        "06-laporan-hasil-evaluasi.docx",
        "06-laporan-hasil-evaluasi.pdf",
    ]  # fmt: skip

    def read(name):
        return archive.read(f"{STEM}/{name}")

    cover = _pdf_text(read("01-surat-usulan.pdf"))
    assert "USULAN UNIT KERJA MENUJU WBK TAHUN 2026" in cover
    assert "Unit A1" in cover and "Laporan hasil survei persepsi anti korupsi" in cover
    assert "Jakarta," in cover and "Jalan Merdeka 1" in cover
    word = _docx_text(read("01-surat-usulan.docx"))
    assert "Unit A1" in word and "Menuju WBK" in word
    # the figure the cover letter proposes with is the LHE's total
    lhe = _pdf_text(read("06-laporan-hasil-evaluasi.pdf"))
    total = cover.split("Unit A1 ", 1)[1].split(" (TPI)")[0]
    assert f"{total} (TPI)" in lhe
    sptjm = _docx_text(read("02-sptjm.docx"))
    assert "Rudi Hartono" in sptjm and "Kepala Unit A1" in sptjm
    assert "Rudi Hartono" in _pdf_text(read("02-sptjm.pdf"))
    assert "Belum ada rekomendasi" in _pdf_text(read("04-rekap-tlhp.pdf"))
    survey = _pdf_text(read("05-laporan-hasil-survei.pdf"))
    assert "Laporan hasil survei" in survey and "Indeks (1–4) 4,00" in survey
    survey_word = _docx_text(read("05-laporan-hasil-survei.docx"))
    assert "Laporan hasil survei" in survey_word and "4,00" in survey_word
    book = load_workbook(io.BytesIO(read("03-LKE-unit-a1-2026.xlsx")))
    assert "LKE ZI" in book.sheetnames
    for name in ("01-surat-usulan.pdf", "02-sptjm.pdf", "04-rekap-tlhp.pdf"):
        (page,) = pages_as_png(read(name))  # one page each, used down to the signature
        assert used_share(page) > 0.4, name


def test_the_package_never_carries_internal_tpi_comments(client, world, final):
    from zona.evaluations.models import Comment

    Comment.objects.create(evaluation=final, question="3", layer="tpi",
                           author=world.users["tpi_a"], body="Catatan internal TPI rahasia",
                           internal=True)  # fmt: skip
    Comment.objects.create(evaluation=final, question="4", layer="tpi",
                           author=world.users["tpi_a"], body="Catatan terbuka TPI",
                           internal=False)  # fmt: skip
    # the system administrator reads internal comments on the page, never in the package
    client.force_login(world.users["sysadmin"])
    page = client.get(reverse("dashboards:report", args=[final.pk])).content.decode()
    assert "Catatan internal TPI rahasia" in page
    archive = _zip(client, final)
    lhe_pdf = _pdf_text(archive.read(f"{STEM}/06-laporan-hasil-evaluasi.pdf"))
    lhe_word = _docx_text(archive.read(f"{STEM}/06-laporan-hasil-evaluasi.docx"))
    for text in (lhe_pdf, lhe_word):
        assert "Catatan terbuka TPI" in text and "Catatan internal TPI rahasia" not in text


def test_without_a_survey_the_letter_lists_none(client, world, final):
    client.force_login(world.users["coordinator_a"])
    archive = _zip(client, final)
    assert not any("survei" in n for n in archive.namelist())
    cover = _pdf_text(archive.read(f"{STEM}/01-surat-usulan.pdf"))
    assert "Laporan hasil survei" not in cover and "(TLHP)." in cover


def test_before_tpi_final_the_coordinator_is_told_why(client, world, evaluation_2021):
    client.force_login(world.users["coordinator_a"])
    url = reverse("workbook:proposal_package", args=[evaluation_2021.pk])
    response = client.get(url, follow=True)
    assert "Paket usulan tersedia setelah LKE final di TPI." in response.content.decode()


@pytest.mark.parametrize(
    "role, status",
    [("sysadmin", 200), ("coordinator_a", 200), ("tpi_a", 403), ("tpi_lead_a", 403),
     ("leadership_a", 403), ("lead_a1", 403), ("member_a1", 403), ("tpn", 404),
     ("norole", 404)],
)  # fmt: skip
def test_who_may_download_the_package(client, world, final, role, status):
    client.force_login(world.users[role])
    response = client.get(reverse("workbook:proposal_package", args=[final.pk]))
    assert response.status_code == status


def test_report_page_offers_the_package_to_the_coordinator_only(client, world, final):
    url = reverse("dashboards:report", args=[final.pk])
    client.force_login(world.users["coordinator_a"])
    assert 'id="proposal-package"' in client.get(url).content.decode()
    client.force_login(world.users["tpi_lead_a"])
    assert 'id="proposal-package"' not in client.get(url).content.decode()


def _letter_text(letter) -> list[str]:
    texts = [letter.title, letter.place_date, *(letter.signer or {}).values()]
    for kind, *rest in letter.blocks:
        if kind == "p":
            texts.append(rest[0])
        elif kind in ("lines", "ol"):
            texts += rest[0]
        else:
            texts += [*rest[0], *(cell for row in rest[1] for cell in row)]
    return [t for t in texts if t]


def test_the_letters_are_worded_in_the_catalogue(world, final):
    """The letters' sentences come from the catalogue: English in English, and in Indonesian
    exactly the wording the letters always had."""
    from datetime import date

    from django.utils import translation
    from test_no_english import english_in

    from zona.workbook.proposal import cover_letter, sptjm, tlhp_recap

    today = date(2026, 12, 4)
    with translation.override("en"):
        cover = cover_letter(final, today, "80,00 (TPI)", True)
        assert cover.title == "Proposal of Menuju WBK work units for 2026"
        assert "we hereby propose the following work unit" in cover.blocks[2][1]
        assert sptjm(final, today).blocks[0] == ("p", "The undersigned:")
    with translation.override("id"):
        cover = cover_letter(final, today, "80,00 (TPI)", True)
        statement = sptjm(final, today)
        recap = tlhp_recap(final, today)
    assert cover.title == "Usulan Unit Kerja Menuju WBK Tahun 2026"
    assert cover.blocks[0] == ("lines", [
        "Yth. Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi",
        "c.q. Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan",
        "di Jakarta",
    ])  # fmt: skip
    assert cover.blocks[2][1] == (
        "Berdasarkan hasil penilaian Tim Penilai Internal (TPI) Instansi A atas pembangunan "
        "Zona Integritas tahun 2026, bersama ini kami mengusulkan unit kerja berikut untuk "
        "dievaluasi oleh Tim Penilai Nasional menuju predikat Menuju WBK:"
    )
    assert cover.blocks[5][1][-1] == (
        "Laporan hasil survei persepsi anti korupsi dan kualitas pelayanan tahun 2026."
    )
    assert cover.signer["position"] == "Pimpinan Instansi A"
    assert statement.blocks[1][2][1] == ["Jabatan", "Kepala Unit A1"]
    assert statement.blocks[2][1].startswith(
        "menyatakan dengan sesungguhnya bahwa jawaban dan bukti dukung yang kami sampaikan "
        "dalam Lembar Kerja Evaluasi Zona Integritas Unit A1 tahun 2026 adalah benar"
    )
    assert recap.blocks[1][1] == [
        "Batas waktu", "Rekomendasi", "Sesuai", "Belum sesuai", "Belum ditindaklanjuti",
        "Tidak dapat ditindaklanjuti", "TLHP",
    ]  # fmt: skip
    for letter in (cover, statement, recap):
        assert english_in(_letter_text(letter)) == [], letter.title
