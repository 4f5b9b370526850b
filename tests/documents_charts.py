"""The charts inside Zona's Word documents: each a PNG picture (of the PDF's SVG) followed by
its caption, read back from the .docx as a reader's word processor would show them."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from PIL import Image


def pictures_with_captions(content: bytes) -> list[tuple[Image.Image, str]]:
    """(picture, the caption paragraph under it) for every picture in the body."""
    document = docx.Document(io.BytesIO(content))
    paragraphs = document.paragraphs
    found = []
    for index, paragraph in enumerate(paragraphs):
        for blip in paragraph._p.iter(qn("a:blip")):
            part = document.part.related_parts[blip.get(qn("r:embed"))]
            following = paragraphs[index + 1] if index + 1 < len(paragraphs) else None
            caption = (
                following.text
                if following is not None and following.style.name == "Caption"
                else ""
            )
            found.append((Image.open(io.BytesIO(part.blob)), caption))
    return found


def inked_share(picture: Image.Image) -> float:
    """The share of pixels that are not white: a blank picture is 0."""
    grey = picture.convert("L")
    histogram = grey.histogram()
    return 1 - sum(histogram[245:]) / (grey.width * grey.height)
