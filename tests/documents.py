"""Looking at the documents Zona prints: each PDF page rendered to PNG with poppler's pdftoppm
and measured, as a reader would see it (how far down the page the ink goes)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from itertools import pairwise
from pathlib import Path

import pytest
from PIL import Image

FOOTER = 0.08  # the page number's band at the bottom of every page is not content


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found:
        return found
    if os.environ.get("CI"):  # CI installs poppler-utils (scripts/ensure-system-deps.sh)
        pytest.fail("pdftoppm (poppler-utils) is missing")
    pytest.skip("pdftoppm (poppler-utils) is not installed")


def pages_as_png(pdf: bytes, dpi: int = 40) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [pdftoppm(), "-r", str(dpi), "-gray", "-png", str(source), f"{folder}/page"],
            check=True,
            timeout=120,
        )
        files = sorted(Path(folder).glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        return [Image.open(io.BytesIO(p.read_bytes())).convert("L") for p in files]


def ink_rows(page: Image.Image, threshold: int = 200) -> list[int]:
    """The pixel rows (above the footer band) that carry any ink."""
    width, height = page.size
    limit = int(height * (1 - FOOTER))
    data = page.load()
    return [y for y in range(limit) if any(data[x, y] < threshold for x in range(0, width, 2))]


def used_share(page: Image.Image) -> float:
    """How far down the page its content reaches, as a share of the page height."""
    rows = ink_rows(page)
    return (rows[-1] + 1) / page.size[1] if rows else 0.0


def largest_gap(page: Image.Image) -> float:
    """The tallest blank band between two inked rows, as a share of the page height."""
    rows = ink_rows(page)
    gaps = [b - a for a, b in pairwise(rows)]
    return max(gaps, default=0) / page.size[1]
