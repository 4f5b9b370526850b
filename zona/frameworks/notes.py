"""The notes of the shipped framework files that are not Indonesian, translated through the
catalogue. A framework version's file never changes once loaded (evaluations pin it, and a
second load with other content is refused), so its words cannot be corrected in the file:
they are listed here for makemessages and shown through `note_text`.

A note written in both languages ("Rumus … / The official workbook's formula …") is translated
into the active language's half; an English-only note into Indonesian."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

SHIPPED = (
    gettext_noop("Answer type: confirmed by published worksheets of this LKE version."),
    gettext_noop(
        "Answer type: published worksheets of this LKE version (2017–2020) show this type."
    ),
    gettext_noop("Answer type: likely: its neighbour (14) is A/B/C/D in published worksheets."),
    gettext_noop(
        "Rumus lembar kerja resmi (K154): bila pelanggaran tahun lalu dan tahun ini sama-sama "
        "0, nilainya 1. / The official workbook's formula (K154): no violations last year nor "
        "this year scores 1."
    ),
    gettext_noop("Rumus lembar kerja resmi (K171). / The official workbook's formula (K171)."),
    gettext_noop(
        "Rumus lembar kerja resmi (K177): jumlah yang sudah melaporkan / jumlah yang harus "
        "melaporkan. / The official workbook's formula (K177): reported / obliged."
    ),
)


def note_text(note: str) -> str:
    """A framework note in the active language when the catalogue knows it, else as written."""
    return gettext(note) if note else note
