"""Every state change of an evaluation: permission, validation, write, history — in one
transaction each. Views and the API call these and nothing else."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.accounts.models import Role
from zona.audit.log import record
from zona.frameworks.models import FrameworkVersion
from zona.lke import score_normalised
from zona.lke.answers import normalise_answer
from zona.lke.errors import AnswerError
from zona.orgs.models import PredicateAward, UnitKerja

from .access import has_role_for, writable_layer
from .models import (
    Answer,
    AnswerChange,
    Comment,
    Evaluation,
    Evidence,
    EvidenceFile,
    EvidenceLink,
    Layer,
    LayerScore,
    NationalDeadline,
    RevisionRequest,
    Stage,
    StageChange,
    default_national_deadline,
    evidence_path,
    normalised_to_stored,
    stored_conditions,
    stored_to_normalised,
)


class EvaluationError(ValueError):
    """A change refused for a reason the person can act on; the message says which."""


class StaleAnswer(EvaluationError):
    """Someone else saved this answer since it was loaded."""

    def __init__(self, current: Answer):
        self.current = current
        super().__init__(
            _("%(name)s changed this answer in the meantime. Their version is shown; "
              "yours was not saved.")
            % {"name": current.updated_by or _("Someone")}
        )  # fmt: skip


# --- creating --------------------------------------------------------------------------------
def create_evaluation(
    actor, unit: UnitKerja, year: int, target: str, framework: FrameworkVersion | None = None
) -> Evaluation:
    """Start a unit's LKE for a year with the active framework (or the one given)."""
    allowed = any(
        has_role_for(actor, Evaluation(unit=unit), role)
        for role in (Role.UNIT_LEAD, Role.UNIT_MEMBER, Role.INSTANSI_COORDINATOR)
    )
    if not allowed:
        raise PermissionDenied
    if framework is None:
        framework = (
            FrameworkVersion.objects.filter(code="lke-2021", is_active=True).first()
            or FrameworkVersion.objects.filter(is_active=True).order_by("-loaded_at").first()
        )
    if framework is None:
        raise EvaluationError(_("No LKE framework is loaded yet."))
    held = unit.current_predicate
    if target == "WBBM" and held not in ("WBK", "WBBM"):
        raise EvaluationError(
            _("Menuju WBBM needs a unit that already holds Menuju WBK; choose Menuju WBK.")
        )
    with transaction.atomic():
        if Evaluation.objects.filter(unit=unit, year=year).exists():
            raise EvaluationError(
                _("%(unit)s already has an evaluation for %(year)s.") % {"unit": unit, "year": year}
            )
        evaluation = Evaluation.objects.create(
            unit=unit, year=year, target=target, framework=framework,
            previous_predicate=held or "", created_by=actor,
        )  # fmt: skip
        for layer in Layer:
            LayerScore.objects.create(evaluation=evaluation, layer=layer)
        record(
            actor,
            "evaluation.created",
            evaluation,
            after={"unit": unit.pk, "year": year, "target": target, "framework": str(framework)},
        )
    return evaluation


def set_internal_deadline(actor, instansi, year: int, deadline: date):
    """The instansi's own deadline for its units (before the national one)."""
    from zona.orgs.access import can_manage_instansi

    from .models import InstansiDeadline

    if not can_manage_instansi(actor, instansi):
        raise PermissionDenied
    with transaction.atomic():
        row, created = InstansiDeadline.objects.select_for_update().get_or_create(
            instansi=instansi, year=year, defaults={"date": deadline}
        )
        before = None if created else {"date": str(row.date)}
        row.date = deadline
        row.save()
        record(actor, "instansi.deadline_set", instansi, before=before,
               after={"year": year, "date": str(deadline)})  # fmt: skip
    return row


# --- answers ---------------------------------------------------------------------------------
def save_answer(
    actor, evaluation: Evaluation, question: str, layer: str, raw: Any, note: str,
    expected_version: int,
) -> Answer:  # fmt: skip
    """Save one answer in the caller's layer. Refuses a stale write (`StaleAnswer`, with the
    newer answer), an invalid answer (`AnswerError`) and a layer not open to the caller."""
    if writable_layer(actor, evaluation) != layer:
        raise PermissionDenied
    framework = evaluation.framework.framework()
    q = framework.questions.get(str(question))
    if q is None:
        raise AnswerError("unknown_question", str(question), framework=framework.key)
    value = normalised_to_stored(normalise_answer(q, raw))
    note = (note or "").strip()
    with transaction.atomic():
        lock_layer_score(evaluation, layer)  # first: saves in one layer queue here, in order
        answer, _created = Answer.objects.select_for_update().get_or_create(
            evaluation=evaluation, question=q.no, layer=layer
        )
        if answer.version != expected_version:
            raise StaleAnswer(answer)
        if answer.value == value and answer.note == note:
            return answer
        AnswerChange.objects.create(
            evaluation=evaluation, question=q.no, layer=layer, by=actor,
            before_value=answer.value, after_value=value,
            before_note=answer.note, after_note=note,
        )  # fmt: skip
        answer.value, answer.note = value, note
        answer.version += 1
        answer.updated_at, answer.updated_by = timezone.now(), actor
        answer.save()
        recompute_score(evaluation, layer, locked=True)
    return answer


def layer_answers(evaluation: Evaluation, layer: str) -> dict[str, Any]:
    rows = Answer.objects.filter(evaluation=evaluation, layer=layer).values_list(
        "question", "value"
    )
    return {q: stored_to_normalised(v) for q, v in rows if v}


def lock_layer_score(evaluation: Evaluation, layer: str) -> LayerScore:
    """Lock the layer's score row until the transaction ends (creating it if missing, safely
    against a parallel creator), so that re-scores of one layer run one after the other and each
    reads the answers every earlier one committed: the stored score equals a fresh re-score."""
    try:
        return LayerScore.objects.select_for_update().get(evaluation=evaluation, layer=layer)
    except LayerScore.DoesNotExist:
        pass
    try:
        with transaction.atomic():  # savepoint: a parallel creator's row makes this fail alone
            LayerScore.objects.create(evaluation=evaluation, layer=layer)
    except IntegrityError:
        pass
    return LayerScore.objects.select_for_update().get(evaluation=evaluation, layer=layer)


def recompute_score(evaluation: Evaluation, layer: str, *, locked: bool = False):
    """Score one layer and store the summary the lists read. Returns the full result.
    Runs in a transaction holding the layer's score lock: taken here unless the caller says it
    holds it already (`locked=True`, after `lock_layer_score` in the same transaction)."""
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return recompute_score(evaluation, layer, locked=locked)
    if not locked:
        lock_layer_score(evaluation, layer)
    framework = evaluation.framework.framework()
    result = score_normalised(
        framework, layer_answers(evaluation, layer), evaluation.previous_predicate or None
    )
    LayerScore.objects.update_or_create(
        evaluation=evaluation, layer=layer,
        defaults={
            "total": _decimal(result.total), "pengungkit": _decimal(result.pengungkit),
            "hasil": _decimal(result.hasil),
            "predicate": result.predicate.code if result.predicate else "",
            "answered": result.answered_count,
            "areas": {a.code: round(a.value, 6) for a in result.areas},
            "conditions": stored_conditions(result),
            "updated_at": timezone.now(),
        },
    )  # fmt: skip
    return result


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


# --- stage moves -----------------------------------------------------------------------------
TRANSITIONS: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    # move: (from stages, to stage, roles that may make it)
    "submit": ((Stage.DRAFT, Stage.RETURNED), Stage.SUBMITTED,
               (Role.UNIT_LEAD, Role.INSTANSI_COORDINATOR)),
    "start_review": ((Stage.SUBMITTED,), Stage.TPI_REVIEW, (Role.TPI_EVALUATOR, Role.TPI_LEAD)),
    "return": ((Stage.TPI_REVIEW,), Stage.RETURNED, (Role.TPI_EVALUATOR, Role.TPI_LEAD)),
    "finalise": ((Stage.TPI_REVIEW,), Stage.TPI_FINAL, (Role.TPI_LEAD,)),
    "propose": ((Stage.TPI_FINAL,), Stage.PROPOSED, (Role.INSTANSI_COORDINATOR,)),
    "start_desk": ((Stage.PROPOSED,), Stage.TPN_DESK, (Role.TPN_EVALUATOR,)),
    "start_field": ((Stage.TPN_DESK,), Stage.TPN_FIELD, (Role.TPN_EVALUATOR,)),
    "decide": ((Stage.TPN_FIELD,), Stage.DECIDED, (Role.TPN_EVALUATOR,)),
    "close": ((Stage.DECIDED,), Stage.CLOSED, (Role.TPN_EVALUATOR,)),
    "reopen": ((Stage.DECIDED, Stage.CLOSED), Stage.TPN_FIELD, (Role.TPN_EVALUATOR,)),
}  # fmt: skip


def available_moves(actor, evaluation: Evaluation) -> list[str]:
    return [
        name for name, (sources, _to, roles) in TRANSITIONS.items()
        if evaluation.stage in sources and any(has_role_for(actor, evaluation, r) for r in roles)
    ]  # fmt: skip


def national_deadline(year: int) -> date:
    row = NationalDeadline.objects.filter(year=year).first()
    return row.date if row else default_national_deadline(year)


def move(actor, evaluation: Evaluation, name: str, note: str = "", **details: Any) -> Evaluation:
    """Make one stage move. Illegal moves raise EvaluationError saying why."""
    if name not in TRANSITIONS:
        raise EvaluationError(_("Unknown step."))
    sources, target_stage, roles = TRANSITIONS[name]
    note = (note or "").strip()
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update().select_related("unit").get(pk=evaluation.pk)
        )
        if evaluation.stage not in sources:
            raise EvaluationError(
                _("This step is not possible at the stage “%(stage)s”.")
                % {"stage": evaluation.get_stage_display()}
            )
        if not any(has_role_for(actor, evaluation, role) for role in roles):
            raise PermissionDenied
        checks = {
            "return": _check_return, "propose": _check_propose, "decide": _check_decide,
            "reopen": _check_reopen,
        }  # fmt: skip
        if name in checks:
            checks[name](evaluation, note, details)
        before = evaluation.stage
        if name == "submit" and before == Stage.RETURNED:
            evaluation.revisions.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        if name == "finalise":
            evaluation.tpi_released = True  # the unit sees the TPI's final answers and notes
        if name == "decide":
            _apply_decision(evaluation, details)
        evaluation.stage = target_stage
        evaluation.stage_changed_at = timezone.now()
        evaluation.save()
        StageChange.objects.create(
            evaluation=evaluation, from_stage=before, to_stage=target_stage, note=note, by=actor
        )
        record(actor, f"evaluation.{name}", evaluation, before={"stage": before},
               after={"stage": target_stage, **{k: str(v) for k, v in details.items()}},
               note=note)  # fmt: skip
    return evaluation


def _check_return(evaluation: Evaluation, note: str, details: dict) -> None:
    if not note and not evaluation.revisions.filter(resolved_at__isnull=True).exists():
        raise EvaluationError(
            _("Say what needs revision: mark questions “perlu perbaikan” or write a note.")
        )


def _check_propose(evaluation: Evaluation, note: str, details: dict) -> None:
    deadline = national_deadline(evaluation.year)
    if timezone.localdate() > deadline:
        raise EvaluationError(
            _("The national deadline of %(date)s has passed.") % {"date": deadline}
        )
    result = recompute_score(evaluation, Layer.TPI)
    failing = [c.label for c in result.conditions_of(evaluation.target) if not c.met]
    if failing:
        raise EvaluationError(
            _("The TPI score does not meet the conditions of %(target)s: %(failing)s.")
            % {"target": evaluation.get_target_display(), "failing": "; ".join(failing)}
        )


def _check_decide(evaluation: Evaluation, note: str, details: dict) -> None:
    predicate = details.get("predicate") or ""
    allowed = {"", "WBK"} | ({"WBBM"} if evaluation.target == "WBBM" else set())
    if predicate not in allowed:
        raise EvaluationError(_("This predicate cannot be decided for this evaluation."))
    if predicate and not (details.get("decree_number") and details.get("decree_date")):
        raise EvaluationError(_("A predicate needs the decree number and date."))


def _check_reopen(evaluation: Evaluation, note: str, details: dict) -> None:
    if not note:
        raise EvaluationError(_("Give the reason for reopening."))


def _apply_decision(evaluation: Evaluation, details: dict) -> None:
    predicate = details.get("predicate") or ""
    evaluation.decided_predicate = predicate
    evaluation.decree_number = details.get("decree_number", "")
    evaluation.decree_date = details.get("decree_date")
    if evaluation.award is not None:  # decided before, then reopened
        evaluation.award.revoked = not predicate
        evaluation.award.revoked_on = timezone.localdate() if not predicate else None
        if predicate:
            evaluation.award.predicate = predicate
            evaluation.award.decree_number = evaluation.decree_number
            evaluation.award.decree_date = evaluation.decree_date
        evaluation.award.save()
    elif predicate:
        evaluation.award, _created = PredicateAward.objects.update_or_create(
            unit=evaluation.unit, year=evaluation.year, predicate=predicate,
            defaults={"decree_number": evaluation.decree_number,
                      "decree_date": evaluation.decree_date, "revoked": False},
        )  # fmt: skip


# --- review ----------------------------------------------------------------------------------
def _require_question(evaluation: Evaluation, question: str) -> None:
    if evaluation.framework.framework().questions.get(question) is None:
        raise EvaluationError(_("Unknown question."))


def request_revision(actor, evaluation: Evaluation, question: str, reason: str):
    """Mark a question "perlu perbaikan" during the TPI review."""
    if writable_layer(actor, evaluation) != Layer.TPI:
        raise PermissionDenied
    _require_question(evaluation, question)
    reason = (reason or "").strip()
    if not reason:
        raise EvaluationError(_("Say why the answer needs revision."))
    with transaction.atomic():
        row, _created = RevisionRequest.objects.update_or_create(
            evaluation=evaluation, question=question, resolved_at=None,
            defaults={"reason": reason, "requested_by": actor, "requested_at": timezone.now()},
        )  # fmt: skip
        record(
            actor,
            "evaluation.revision_requested",
            evaluation,
            after={"question": question, "reason": reason},
        )
    return row


def withdraw_revision(actor, evaluation: Evaluation, question: str) -> None:
    if writable_layer(actor, evaluation) != Layer.TPI:
        raise PermissionDenied
    with transaction.atomic():
        deleted, _rows = evaluation.revisions.filter(
            question=question, resolved_at__isnull=True
        ).delete()
        if deleted:
            record(
                actor, "evaluation.revision_withdrawn", evaluation, before={"question": question}
            )


def add_comment(actor, evaluation: Evaluation, question: str, body: str, internal: bool) -> Comment:
    from .access import may_comment, visible_layers

    if not may_comment(actor, evaluation):
        raise PermissionDenied
    _require_question(evaluation, question)
    body = (body or "").strip()
    if not body:
        raise EvaluationError(_("The comment is empty."))
    if evaluation.is_read_only:
        raise EvaluationError(_("The evaluation is decided; reopen it to comment."))
    layers = visible_layers(actor, evaluation)
    if (
        has_role_for(actor, evaluation, Role.TPN_EVALUATOR)
        and Layer.TPN in layers
        and (evaluation.stage in (Stage.TPN_DESK, Stage.TPN_FIELD))
    ):
        layer = Layer.TPN
    elif Layer.TPI in layers and (
        has_role_for(actor, evaluation, Role.TPI_EVALUATOR)
        or has_role_for(actor, evaluation, Role.TPI_LEAD)
    ):
        layer = Layer.TPI
    else:
        layer = Layer.UNIT
    return Comment.objects.create(
        evaluation=evaluation, question=question, layer=layer, body=body,
        internal=internal and layer != Layer.UNIT, author=actor,
    )  # fmt: skip


def release_tpi_notes(actor, evaluation: Evaluation) -> None:
    if not (
        has_role_for(actor, evaluation, Role.TPI_LEAD)
        or has_role_for(actor, evaluation, Role.TPI_EVALUATOR)
    ):
        raise PermissionDenied
    with transaction.atomic():
        evaluation.tpi_released = True
        evaluation.save(update_fields=["tpi_released"])
        record(actor, "evaluation.tpi_released", evaluation)


# --- evidence --------------------------------------------------------------------------------
EVIDENCE_TYPES = {
    ".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".mp4": "video/mp4", ".zip": "application/zip",
}  # fmt: skip
# What the first bytes of a file of each type must be: a renamed .exe is not a PDF.
MAGIC = {
    ".pdf": (b"%PDF",), ".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",), ".xlsx": (b"PK",), ".docx": (b"PK",), ".pptx": (b"PK",),
    ".zip": (b"PK",),
}  # fmt: skip


def _require_unit_layer(actor, evaluation: Evaluation) -> None:
    if writable_layer(actor, evaluation) != Layer.UNIT:
        raise PermissionDenied


def check_upload(upload) -> str:
    """The upload's extension when it is allowed; EvaluationError saying why not."""
    name = (upload.name or "").lower()
    ext = name[name.rfind(".") :] if "." in name else ""
    if ext not in EVIDENCE_TYPES:
        raise EvaluationError(
            _("Files of this type are not accepted. Allowed: %(types)s.")
            % {"types": ", ".join(sorted(EVIDENCE_TYPES))}
        )
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise EvaluationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    head = upload.read(8)
    upload.seek(0)
    if ext in MAGIC and not head.startswith(MAGIC[ext]):
        raise EvaluationError(
            _("The file's content does not match its type %(ext)s.") % {"ext": ext}
        )
    return ext


def _store(upload, ext: str) -> EvidenceFile:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha = digest.hexdigest()
    upload.seek(0)
    stored = EvidenceFile.objects.filter(sha256=sha).first()
    if stored is not None:
        return stored
    stored = EvidenceFile(sha256=sha, size=upload.size, content_type=EVIDENCE_TYPES[ext])
    path = evidence_path(stored, sha)
    if stored.file.storage.exists(path):  # bytes left by a rolled-back upload: reuse them
        stored.file.name = path
    else:
        stored.file.save(sha, upload, save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # the same bytes uploaded at the same moment by someone else
        stored = EvidenceFile.objects.get(sha256=sha)
    return stored


def store_evidence_file(upload) -> EvidenceFile:
    """Check an upload (`check_upload`) and store its bytes once by SHA-256: the evidence store
    other apps share (audit follow-ups, capaian kinerja). EvaluationError says why not."""
    return _store(upload, check_upload(upload))


def add_evidence(
    actor, evaluation: Evaluation, question: str, *, description: str, upload=None,
    url: str = "", document_date: date | None = None,
) -> Evidence:  # fmt: skip
    """A new file or link for the unit, attached to this question."""
    _require_unit_layer(actor, evaluation)
    _require_question(evaluation, question)
    if bool(upload) == bool(url):
        raise EvaluationError(_("Give either a file or a link."))
    description = (description or "").strip()
    if not description:
        raise EvaluationError(_("Describe the document, e.g. its number and title."))
    ext = check_upload(upload) if upload else None
    with transaction.atomic():
        evidence = Evidence.objects.create(
            unit=evaluation.unit, file=_store(upload, ext) if upload else None,
            filename=upload.name if upload else "", url=url, description=description,
            document_date=document_date, created_by=actor,
        )  # fmt: skip
        EvidenceLink.objects.create(
            evidence=evidence, evaluation=evaluation, question=question, linked_by=actor
        )
        record(
            actor,
            "evidence.added",
            evaluation,
            after={"question": question, "evidence": evidence.pk, "description": description},
        )
    return evidence


def attach_evidence(actor, evaluation: Evaluation, question: str, evidence: Evidence) -> None:
    """Attach evidence the unit already has (another question, an earlier year)."""
    _require_unit_layer(actor, evaluation)
    if evidence.unit_id != evaluation.unit_id:
        raise PermissionDenied
    _require_question(evaluation, question)
    with transaction.atomic():
        EvidenceLink.objects.get_or_create(
            evidence=evidence, evaluation=evaluation, question=question,
            defaults={"linked_by": actor},
        )  # fmt: skip
        record(
            actor,
            "evidence.attached",
            evaluation,
            after={"question": question, "evidence": evidence.pk},
        )


def detach_evidence(actor, link: EvidenceLink) -> None:
    _require_unit_layer(actor, link.evaluation)
    with transaction.atomic():
        record(
            actor,
            "evidence.detached",
            link.evaluation,
            before={"question": link.question, "evidence": link.evidence_id},
        )
        link.delete()
