"""`.env.example` is sourced by bash (`zona-manage`, the backup instructions: `set -a; . file`)
and read by systemd (EnvironmentFile): every variable it sets must come out the same both ways
(issue 14, item 10). The commented examples too, once uncommented."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def _systemd_value(raw: str) -> str:
    """What systemd's EnvironmentFile makes of a value: one pair of double quotes removed."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        return raw[1:-1]
    return raw


def _expected(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        match = ASSIGNMENT.match(line)
        if match:
            found[match[2]] = _systemd_value(match[3])
    return found


def _sourced(path: Path) -> dict[str, str]:
    result = subprocess.run(
        ["bash", "-c", f'set -a; . "{path}" || exit 3; env -0'],
        capture_output=True, env={"PATH": "/usr/bin:/bin"}, timeout=10,
    )  # fmt: skip
    assert result.returncode == 0 and not result.stderr, result.stderr.decode()
    pairs = (item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item)
    return dict(pairs)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_sources_env_example_and_defines_every_variable():
    text = (ROOT / ".env.example").read_text()
    expected = {
        k: v for k, v in _expected(text).items() if not re.search(rf"^#\s*{k}=", text, re.M)
    }
    assert "DEFAULT_FROM_EMAIL" in expected and "DATABASE_URL" in expected
    sourced = _sourced(ROOT / ".env.example")
    assert {k: sourced.get(k) for k in expected} == expected
    assert sourced["DEFAULT_FROM_EMAIL"] == "Zona <zona@example.go.id>"


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_commented_examples_are_sourceable_once_uncommented(tmp_path):
    text = (ROOT / ".env.example").read_text()
    uncommented = re.sub(r"^#\s*(?=[A-Z][A-Z0-9_]*=)", "", text, flags=re.M)
    expected = _expected(uncommented)
    assert "ZONA_S3_BUCKET" in expected and len(expected) > 30
    path = tmp_path / "zona.env"
    path.write_text(uncommented)
    sourced = _sourced(path)
    assert {k: sourced.get(k) for k in expected} == expected
