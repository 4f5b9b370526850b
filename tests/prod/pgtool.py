"""Seed and snapshot a Zona database in its own process (run by the backup and scale-out
tests with DATABASE_URL and ZONA_MEDIA_ROOT pointing at a throwaway PostgreSQL database).

    python tests/prod/pgtool.py seed       # world + frameworks + an evaluation with evidence
    python tests/prod/pgtool.py snapshot   # JSON: answers, scores, evidence checksums
    python tests/prod/pgtool.py world      # the permission-test world only (ids as JSON)
    python tests/prod/pgtool.py admin NAME PASSWORD
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

from zona.evaluations import actions  # noqa: E402
from zona.evaluations.models import Answer, Layer, LayerScore  # noqa: E402
from zona.evidence.models import Evidence  # noqa: E402

# (question, answer) for the unit layer of LKE 2021: yes/no, letters, counts and an index.
ANSWERS = [
    ("1", "ya"),
    ("2", "b"),
    ("3", "tidak"),
    ("4", "a"),
    ("6", "d"),
    ("88", 4),
    ("125", 3.62),
]


def seed() -> None:
    from world import build_world

    call_command("load_frameworks", verbosity=0)
    world = build_world()
    lead = world.users["lead_a1"]
    evaluation = actions.create_evaluation(lead, world.a1, 2026, "WBK")
    for question, value in ANSWERS:
        actions.save_answer(lead, evaluation, question, Layer.UNIT, value, f"catatan {question}", 0)
    files = [
        ("SK Tim ZI 2026.pdf", b"%PDF-1.7\n" + os.urandom(40_000)),
        ("Foto pencanangan.png", b"\x89PNG\r\n\x1a\n" + os.urandom(25_000)),
        ("Notulen rapat.pdf", b"%PDF-1.4\n" + os.urandom(3_000)),
    ]
    for i, (name, content) in enumerate(files):
        actions.add_evidence(
            lead, evaluation, str(i + 1), description=f"Dokumen {i + 1}: {name}",
            upload=SimpleUploadedFile(name, content),
        )  # fmt: skip
    print(json.dumps({"evaluation": evaluation.pk}))


def snapshot() -> None:
    answers = sorted(
        Answer.objects.values_list(
            "evaluation__unit__name", "evaluation__year", "question", "layer", "value", "note",
            "version",
        )
    )  # fmt: skip
    scores = sorted(
        (s.evaluation_id, s.layer, str(s.total), str(s.pengungkit), str(s.hasil), s.predicate,
         s.answered, s.areas)
        for s in LayerScore.objects.all()
    )  # fmt: skip
    evidence = []
    for item in Evidence.objects.select_related("file").order_by("filename"):
        with item.file.file.open("rb") as handle:
            actual = hashlib.sha256(handle.read()).hexdigest()
        evidence.append([item.filename, item.description, item.file.sha256, actual, item.file.size])
    print(json.dumps({"answers": answers, "scores": scores, "evidence": evidence}, default=str))


def world() -> None:
    from world import build_world

    built = build_world()
    print(json.dumps({"instansi_a": built.a.pk, "unit_type": built.a1.unit_type_id}))


def admin(username: str, password: str) -> None:
    from zona.accounts.models import Role, RoleAssignment

    user = get_user_model().objects.create_superuser(username, f"{username}@x.test", password)
    RoleAssignment.objects.create(user=user, role=Role.SYSADMIN)


if __name__ == "__main__":
    commands = {"seed": seed, "snapshot": snapshot, "world": world, "admin": admin}
    commands[sys.argv[1]](*sys.argv[2:])
