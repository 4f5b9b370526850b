"""Every audit action code Zona writes has a label (zona.audit.labels), and the audit trail's
page, filter and downloads show the label in Indonesian, never the code."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from world import PASSWORD

from zona.audit.labels import ACTION_LABELS, action_label, object_type_label
from zona.audit.log import record
from zona.evaluations.actions import TRANSITIONS
from zona.plans.actions import MONEV_MOVES

ZONA = Path(__file__).resolve().parents[2] / "zona"
# The codes written as f"prefix.{name}": the names each can take.
FORMED = {"evaluation.": set(TRANSITIONS), "monev.": set(MONEV_MOVES)}


def _codes(node: ast.expr, scope: ast.AST) -> set[str]:
    """The codes an argument of record() can be: a string, either branch of `a if c else b`,
    an f-string with a known prefix, or a local name assigned one of those in the function."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _codes(node.body, scope) | _codes(node.orelse, scope)
    if isinstance(node, ast.JoinedStr):
        prefix = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        assert prefix in FORMED, f"record() with the unknown formed code {ast.unparse(node)}"
        return {prefix + name for name in FORMED[prefix]}
    if isinstance(node, ast.Name):
        found = set()
        for assign in ast.walk(scope):
            if isinstance(assign, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in assign.targets
            ):
                found |= _codes(assign.value, scope)
        assert found, f"record() with the code in {node.id!r}, assigned nowhere readable"
        return found
    raise AssertionError(f"record() with a code this test cannot read: {ast.unparse(node)}")


def codes_in_source() -> dict[str, str]:
    """code → where record() writes it, for every call in zona/."""
    found: dict[str, str] = {}
    for path in sorted(ZONA.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        if "record(" not in source:
            continue
        tree = ast.parse(source)
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for call in ast.walk(function):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id == "record"
                    and len(call.args) >= 2
                ):
                    for code in _codes(call.args[1], function):
                        found.setdefault(code, f"{path.relative_to(ZONA)}:{call.lineno}")
    return found


def test_every_code_written_in_zona_has_a_label():
    used = codes_in_source()
    assert len(used) >= 80  # every app's actions: the reader found the calls
    assert {"evaluation.submit", "evaluation.decide", "monev.sign", "role.changed",
            "service.changed", "surveys.survey.resume"} <= set(used)  # fmt: skip
    missing = {code: where for code, where in used.items() if code not in ACTION_LABELS}
    assert missing == {}, "audit action codes without a label in zona/audit/labels.py"
    unused = set(ACTION_LABELS) - set(used)
    assert unused == set(), "labels of codes nothing writes any more"


def test_the_reader_sees_a_new_code(tmp_path, monkeypatch):
    """The source check can fail: a call with a code not in the registry is reported."""
    module = tmp_path / "zona" / "newapp"
    module.mkdir(parents=True)
    (module / "actions.py").write_text(
        "def act(actor, thing):\n    record(actor, 'thing.frobbed', thing)\n", encoding="utf-8"
    )
    monkeypatch.setattr(f"{__name__}.ZONA", tmp_path / "zona")
    assert codes_in_source() == {"thing.frobbed": "newapp/actions.py:2"}
    assert "thing.frobbed" not in ACTION_LABELS


def test_every_label_reads_in_indonesian():
    with translation.override("en"):
        english = {code: str(label) for code, label in ACTION_LABELS.items()}
    with translation.override("id"):
        untranslated = [
            code for code, label in ACTION_LABELS.items() if str(label) == english[code]
        ]
        assert untranslated == []
        assert action_label("evaluation.submit") == "LKE diajukan ke TPI"
        assert object_type_label("evaluations.evaluation") == "evaluasi"
    assert action_label("old.code") == "old.code"
    assert object_type_label("gone.model") == "gone.model"


@pytest.fixture
def admin_client(client, world):
    client.login(username="sysadmin", password=PASSWORD)
    return client


@pytest.mark.django_db
def test_page_filter_and_downloads_show_labels(admin_client, world):
    record(world.users["lead_a1"], "evaluation.submit", world.a1, note="x")
    record(world.users["coordinator_a"], "unit.updated", world.a1)
    page = admin_client.get(reverse("audit:events")).content.decode()
    assert "LKE diajukan ke TPI" in page and "Unit diubah" in page
    assert "evaluation.submit</" not in page and ">unit.updated<" not in page
    # the filter lists labels; its values stay the codes
    assert '<option value="evaluation.submit">LKE diajukan ke TPI</option>' in page
    rows = list(
        csv.reader(
            io.StringIO(
                admin_client.get(reverse("audit:events"), {"format": "csv"}).content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[0][2] == "Aksi" and rows[0][-1] == "Kode aksi"
    by_code = {row[-1]: row for row in rows[1:]}
    assert by_code["evaluation.submit"][2] == "LKE diajukan ke TPI"
    assert by_code["unit.updated"][2] == "Unit diubah"
    assert by_code["unit.updated"][3] == object_type_label(world.a1._meta.label_lower)
    assert by_code["unit.updated"][3] == "unit kerja"
    sheet = load_workbook(
        io.BytesIO(admin_client.get(reverse("audit:events"), {"format": "xlsx"}).content)
    ).active
    values = list(sheet.values)
    assert {row[2] for row in values[1:]} == {"LKE diajukan ke TPI", "Unit diubah"}
