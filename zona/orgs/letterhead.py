"""The letterhead (kop surat) of an instansi as the documents print it: name, address lines,
contact line and the logo's bytes (inlined by the PDFs, embedded by the Word documents)."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from .models import Instansi

LOGO_TYPES = {b"\x89PNG": "image/png", b"\xff\xd8\xff": "image/jpeg"}


@dataclass
class Letterhead:
    name: str
    address_lines: list[str]
    contact: str
    logo: bytes | None
    logo_type: str

    @property
    def logo_uri(self) -> str:
        """The logo inline (the PDF renderer fetches nothing from outside the document)."""
        if not self.logo:
            return ""
        return f"data:{self.logo_type};base64,{base64.b64encode(self.logo).decode()}"


def letterhead(instansi: Instansi) -> Letterhead:
    logo, logo_type = None, ""
    if instansi.logo:
        try:
            with instansi.logo.open("rb") as handle:
                data = handle.read()
        except OSError:  # the file went missing from storage: print the letterhead without it
            data = b""
        logo_type = next((t for magic, t in LOGO_TYPES.items() if data.startswith(magic)), "")
        logo = data if logo_type else None
    lines = [line.strip() for line in instansi.address.splitlines() if line.strip()]
    return Letterhead(instansi.name, lines, instansi.contact, logo, logo_type)


__all__ = ["Letterhead", "letterhead"]
