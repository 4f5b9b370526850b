"""Markup lives in templates (DESIGN.md, issue 11): no module of the product builds HTML or SVG
in a Python string and marks it safe. A template's output (render_to_string) is already safe;
`mark_safe`, `format_html` and `SafeString(...)` in product code would mean markup assembled by
hand."""

from __future__ import annotations

import re
from pathlib import Path

import zona

ASSEMBLING = re.compile(r"\b(mark_safe|format_html|format_html_join|SafeString)\s*\(")


def test_no_markup_is_assembled_in_python():
    root = Path(zona.__file__).parent
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if ASSEMBLING.search(line)
    ]
    assert not found, "markup assembled in Python:\n" + "\n".join(found)
