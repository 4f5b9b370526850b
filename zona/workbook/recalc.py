"""Recalculating workbooks with LibreOffice headless (tests and bench only; never on a request).

`recalculate([xlsx bytes, …])` runs ONE `soffice --headless --convert-to xlsx` over all the files
(starting LibreOffice costs ~1–2 s; recalculating a workbook a few ms), with a private user
profile, so parallel runs don't share (and lock) one profile, and returns the recalculated files
in the same order, their formula cells holding LibreOffice's cached values.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


class LibreOfficeMissing(RuntimeError):
    pass


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if not path:
        raise LibreOfficeMissing(
            "LibreOffice (soffice) is not installed: run scripts/ensure-system-deps.sh"
        )
    return path


def recalculate(books: list[bytes], timeout: float = 300) -> list[bytes]:
    binary = soffice()
    with tempfile.TemporaryDirectory(prefix="zona-recalc-") as tmp:
        root = Path(tmp)
        source, out, profile = root / "in", root / "out", root / "profile"
        source.mkdir()
        out.mkdir()
        names = []
        for i, data in enumerate(books):
            name = f"book{i:04d}.xlsx"
            (source / name).write_bytes(data)
            names.append(name)
        command = [
            binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
            *(str(source / n) for n in names),
        ]  # fmt: skip
        subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        missing = [n for n in names if not (out / n).exists()]
        if missing:
            raise RuntimeError(f"LibreOffice did not convert {', '.join(missing)}")
        return [(out / n).read_bytes() for n in names]
