"""The evidence app is shared and owned once: it imports none of the apps that use it, and
those apps take files, checks, errors and downloads from it, never from each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ZONA = Path(__file__).resolve().parents[2] / "zona"
USERS = ("evaluations", "findings", "plans")


def _imports(app: str) -> set[tuple[str, str]]:
    """(module, name) of every import in the app's code (migrations aside)."""
    found = set()
    for path in (ZONA / app).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.update((node.module, alias.name) for alias in node.names)
            elif isinstance(node, ast.Import):
                found.update((alias.name, "") for alias in node.names)
    return found


def test_the_evidence_app_imports_none_of_its_users():
    modules = {module for module, _name in _imports("evidence")}
    assert not {m for m in modules for app in USERS if m.startswith(f"zona.{app}")}


@pytest.mark.parametrize("app", USERS)
def test_each_user_takes_evidence_from_the_evidence_app_only(app):
    imported = _imports(app)
    assert ("zona.evidence.models", "Evidence") in imported or (
        "zona.evidence.models", "EvidenceFile") in imported  # fmt: skip
    borrowed = {
        (module, name) for module, name in imported
        for other in USERS
        if other != app and module.startswith(f"zona.{other}")
        and ("evidence" in module.lower() or "evidence" in name.lower()
             or name in {"EVIDENCE_TYPES", "check_upload"})
    }  # fmt: skip
    assert not borrowed
