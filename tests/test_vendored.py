"""Vendored front-end files match the checksums recorded in VENDORED.md."""

import hashlib
import re
from pathlib import Path

import pytest

VENDOR = Path(__file__).resolve().parents[1] / "zona" / "static" / "vendor"
ROWS = re.findall(
    r"^\| (\S+) \| [^|]+ \| [0-9a-f]{64} \| ([0-9a-f]{64}) \|$",
    (VENDOR / "VENDORED.md").read_text(),
    flags=re.M,
)


def test_every_vendored_file_is_recorded():
    recorded = {name for name, _ in ROWS}
    present = {p.name for p in VENDOR.iterdir() if p.name != "VENDORED.md"}
    assert recorded == present


@pytest.mark.parametrize("name, sha256", ROWS)
def test_checksum(name, sha256):
    assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == sha256
