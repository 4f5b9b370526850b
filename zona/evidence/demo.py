"""Demo documents for `manage.py demo`: each demo unit gets a small library of believable
evidence — generated one-page PDFs (an SK, a notula, a report…) and PNG photos, each naming the
unit, and links to the unit's own pages — per LKE area. The evaluations and plans demos attach
them to answers and activities (`documents_for`), as a unit team would have.

Fast on purpose: the PDFs are written directly (a few hundred bytes each, no renderer), the
images drawn with Pillow at 320×200, the rows inserted in bulk; the bytes are stored once by
SHA-256 like any upload, so loading the demo again stores nothing twice.
"""

from __future__ import annotations

import io
import zlib
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.text import slugify

from .models import Evidence
from .storage import store

# Per LKE area: (description, kind, days before the demo's day the document is dated).
DOCUMENTS: dict[str, list[tuple[str, str, int]]] = {
    "MP": [
        ("SK Tim Kerja Pembangunan Zona Integritas", "pdf", 210),
        ("Rencana kerja pembangunan Zona Integritas", "pdf", 190),
        ("Notula rapat pembentukan tim kerja ZI", "pdf", 205),
        ("Foto pembekalan agen perubahan", "png", 40),
        ("Laporan monitoring dan evaluasi pembangunan ZI triwulan I", "pdf", 100),
    ],
    "TT": [
        ("SOP layanan dan peta proses bisnis", "pdf", 60),
        ("Laporan penerapan e-office", "pdf", 30),
        ("Tangkapan layar aplikasi layanan daring", "png", 25),
    ],
    "SDM": [
        ("Dokumen analisis kebutuhan diklat (TNA)", "pdf", 120),
        ("Daftar hadir sosialisasi kode etik dan kode perilaku", "pdf", 15),
        ("Laporan penilaian kinerja pegawai semester I", "pdf", 90),
    ],
    "AK": [
        ("Perjanjian kinerja dan indikator kinerja utama", "pdf", 200),
        ("Laporan capaian kinerja triwulanan", "pdf", 35),
    ],
    "PW": [
        ("Laporan pengendalian gratifikasi", "pdf", 50),
        ("Foto banner anti gratifikasi di ruang layanan", "png", 55),
        ("Peta benturan kepentingan pada tugas utama", "pdf", 10),
    ],
    "PP": [
        ("Standar pelayanan yang dipublikasikan", "pdf", 150),
        ("Laporan survei kepuasan masyarakat", "pdf", 45),
        ("Foto ruang pelayanan terpadu", "png", 70),
    ],
}
# Per LKE area: (description, path on the unit's site).
LINKS: dict[str, list[tuple[str, str]]] = {
    "MP": [("Berita pencanangan Zona Integritas di situs unit", "berita/pencanangan-zi")],
    "TT": [("Daftar informasi publik di situs PPID", "ppid/daftar-informasi-publik")],
    "SDM": [("Pengumuman pegawai teladan triwulan", "berita/pegawai-teladan")],
    "AK": [("Dokumen LAKIP yang dipublikasikan", "dokumen/lakip")],
    "PW": [("Kanal pengaduan dan whistleblowing system", "pengaduan")],
    "PP": [("Maklumat pelayanan di situs unit", "layanan/maklumat")],
}
AREAS = tuple(DOCUMENTS)


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A valid one-page A4 PDF with a title and a few lines of text (Helvetica, WinAnsi)."""

    def text(value: str) -> str:
        value = value.encode("cp1252", "replace").decode("cp1252")
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = ["BT", "/F1 16 Tf", "72 760 Td", f"({text(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        content += ["0 -22 Td", f"({text(line)}) Tj"]
    content.append("ET")
    stream = zlib.compress("\n".join(content).encode("cp1252", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]  # fmt: skip
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref))  # fmt: skip
    return out.getvalue()


def png_bytes(title: str, subtitle: str, hue: int) -> bytes:
    """A 320×200 picture standing in for a photo: a coloured scene with a caption."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (40 + hue % 120, 90, 140 - hue % 80))
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 110, 300, 170), fill=(235, 235, 225))
    draw.ellipse((230, 20, 290, 80), fill=(250, 220, 120))
    draw.text((28, 118), title[:44], fill=(30, 30, 30))
    draw.text((28, 140), subtitle[:44], fill=(70, 70, 70))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def _site(unit) -> str:
    slug = slugify(unit.instansi.short_name or unit.instansi.name) or "instansi"
    return f"https://{slug}.demo.zona.go.id/{slugify(unit.name)[:40]}"


def documents_for(unit, by, today: date | None = None) -> dict[str, list[Evidence]]:
    """The unit's demo documents per LKE area code, created the first time they are asked for
    (the evaluations and the plans demos share them)."""
    today = today or timezone.localdate()
    wanted = {
        description: area for area, rows in DOCUMENTS.items() for description, _kind, _days in rows
    } | {description: area for area, rows in LINKS.items() for description, _path in rows}
    existing = list(Evidence.objects.filter(unit=unit, description__in=wanted))
    if not existing:
        existing = Evidence.objects.bulk_create(_new_documents(unit, by, today))
    by_area: dict[str, list[Evidence]] = {area: [] for area in AREAS}
    for evidence in existing:
        by_area[wanted[evidence.description]].append(evidence)
    return by_area


def _new_documents(unit, by, today: date) -> list[Evidence]:
    rows = []
    place = f"{unit.name}, {unit.instansi.name}"
    for area, documents in DOCUMENTS.items():
        for number, (description, kind, days) in enumerate(documents, start=1):
            dated = today - timedelta(days=days)
            name = slugify(description)[:60]
            if kind == "pdf":
                body = pdf_bytes(
                    description,
                    [
                        place,
                        f"Nomor: {number:03d}/ZI/{area}/{dated.year}",
                        f"Tanggal: {dated.day:02d}-{dated.month:02d}-{dated.year}",
                        "Dokumen contoh data demo Zona.",
                    ],
                )
                filename = f"{name}.pdf"
            else:
                body = png_bytes(description, place, hue=len(rows) * 37)
                filename = f"{name}.png"
            stored = store(SimpleUploadedFile(filename, body))
            rows.append(
                Evidence(
                    unit=unit, file=stored, filename=filename, description=description,
                    document_date=dated, created_by=by,
                )
            )  # fmt: skip
    site = _site(unit)
    for links in LINKS.values():
        for description, path in links:
            rows.append(
                Evidence(unit=unit, url=f"{site}/{path}", description=description, created_by=by)
            )
    return rows
