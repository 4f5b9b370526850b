"""State changes of frameworks. Each runs in a transaction and writes the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.lke import load_framework_text

from .models import FrameworkVersion


class FrameworkConflict(ValueError):
    """The code and version exist already with different content."""


def _summary(fv: FrameworkVersion) -> dict[str, Any]:
    return {
        "code": fv.code,
        "version": fv.version,
        "sha256": fv.sha256,
        "questions": fv.question_count,
        "active": fv.is_active,
    }


def load_framework(
    source: str, actor: Any, *, builtin: bool = False, activate: bool = True
) -> tuple[FrameworkVersion, bool]:
    """Validate and store a framework file; returns (version, created).

    Loading the same file twice is harmless. The same code and version with other content is
    refused: evaluations pin a version, so its content must never change.
    Raises `zona.lke.FrameworkError` (every problem of the file) or `FrameworkConflict`.
    """
    framework = load_framework_text(source)
    with transaction.atomic():
        existing = (
            FrameworkVersion.objects.select_for_update()
            .filter(code=framework.code, version=framework.version)
            .first()
        )
        if existing is not None:
            if existing.sha256 == framework.source_sha256:
                return existing, False
            raise FrameworkConflict(
                _(
                    "Framework %(key)s already exists with different content. Evaluations "
                    "pin a version, so give the corrected file a new version."
                )
                % {"key": framework.key}
            )
        if activate:
            for previous in FrameworkVersion.objects.filter(code=framework.code, is_active=True):
                _deactivate(previous, actor)
        version = FrameworkVersion.objects.create(
            code=framework.code,
            version=framework.version,
            name=framework.name,
            source=source,
            sha256=framework.source_sha256,
            question_count=len(framework.questions),
            builtin=builtin,
            is_active=activate,
            loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        marks = [m.node or "*" for m in framework.provisional_marks]  # "*": the whole file
        after = {**_summary(version), **({"provisional_weights": marks} if marks else {})}
        record(actor, "framework.loaded", version, after=after)
    return version, True


def _deactivate(version: FrameworkVersion, actor: Any) -> None:
    before = _summary(version)
    version.is_active = False
    version.save(update_fields=["is_active"])
    record(actor, "framework.deactivated", version, before=before, after=_summary(version))


def activate_framework(version: FrameworkVersion, actor: Any) -> None:
    """Make this version the one offered for new evaluations of its code."""
    with transaction.atomic():
        version = FrameworkVersion.objects.select_for_update().get(pk=version.pk)
        if version.is_active:
            return
        for previous in FrameworkVersion.objects.filter(code=version.code, is_active=True):
            _deactivate(previous, actor)
        before = _summary(version)
        version.is_active = True
        version.save(update_fields=["is_active"])
        record(actor, "framework.activated", version, before=before, after=_summary(version))
