"""LHKPN and LHKASN inputs as the official workbook asks for them (lke-2021 2026.4).

The workbook (Lampiran III, sheet "LKE ZI") asks for one "Jumlah yang sudah melaporkan" per block
and, for LHKASN, a typed "Jumlah yang harus melaporkan". Zona asked for three reported counts
(113a, 114a, 116) and summed the LHKASN breakdown (117 + 118 + 119). Every evaluation pinned to a
shipped lke-2021 version of that shape moves to the shipped file's version:

- per layer, 116 becomes the reported total 113a + 114a + 116 (of those filled), and the answers
  to 113a and 114a go (their notes are kept on 116, their evidence, comments and revision
  requests move to it);
- 117a (obliged to report, LHKASN) is 117 + 118 + 119 when all three are filled, as the old
  formula read it;
- every layer score is recomputed with the new version; each changed answer is in the history.

Backwards: 116 stays the reported total and 113a = 114a = 0 (the old formula then gives the same
share), 117a goes, and the evaluations return to the newest older shipped version.
"""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.db import migrations
from django.utils import timezone

from zona.evaluations.models import stored_conditions, stored_to_normalised
from zona.lke import score_normalised
from zona.lke.loader import load_framework_text

CODE = "lke-2021"
SHIPPED = Path(__file__).resolve().parents[2] / "lke" / "frameworks" / f"{CODE}.yaml"
OLD_REPORTED = ("113a", "114a")
LHKASN_PARTS = ("117", "118", "119")
LHKASN_OBLIGED = "117a"
REPORTED = "116"
MOVED_TABLES = ("RevisionRequest", "Comment", "EvidenceLink")


def _number(value: str) -> Decimal | None:
    return Decimal(value) if value else None


def _text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value else "0"


def converted(values: dict[str, str]) -> dict[str, str]:
    """The answers of one layer {question: stored value} in the new inputs (pure; tested)."""
    out = {k: v for k, v in values.items() if k not in OLD_REPORTED}
    reported = [_number(values.get(no, "")) for no in (*OLD_REPORTED, REPORTED)]
    filled = [v for v in reported if v is not None]
    if filled:
        out[REPORTED] = _text(sum(filled, Decimal(0)))
    parts = [_number(values.get(no, "")) for no in LHKASN_PARTS]
    if all(v is not None for v in parts) and not values.get(LHKASN_OBLIGED):
        out[LHKASN_OBLIGED] = _text(sum(parts, Decimal(0)))
    return out


def reverted(values: dict[str, str]) -> dict[str, str]:
    """The inverse shape: the reported total stays in 116, the per-group counts are 0."""
    out = {k: v for k, v in values.items() if k != LHKASN_OBLIGED}
    if values.get(REPORTED):
        out.update(dict.fromkeys(OLD_REPORTED, "0"))
    return out


def _old_shape(framework) -> bool:
    return all(no in framework.questions for no in OLD_REPORTED)


def _new_shape(framework) -> bool:
    return LHKASN_OBLIGED in framework.questions and not _old_shape(framework)


def _shipped_version(FrameworkVersion):
    """The FrameworkVersion of the shipped lke-2021 file, loaded (and made active) if absent."""
    source = SHIPPED.read_text(encoding="utf-8")
    framework = load_framework_text(source)
    row = FrameworkVersion.objects.filter(code=CODE, version=framework.version).first()
    if row is None:
        FrameworkVersion.objects.filter(code=CODE, is_active=True).update(is_active=False)
        row = FrameworkVersion.objects.create(
            code=CODE, version=framework.version, name=framework.name, source=source,
            sha256=framework.source_sha256, question_count=len(framework.questions),
            builtin=True, is_active=True,
        )  # fmt: skip
    return row, framework


def _rewrite(apps, evaluation_ids, target_row, target, change):
    """Apply `change` to every layer's answers of the evaluations, pin them to `target_row`,
    write the history and recompute the layer scores."""
    Evaluation = apps.get_model("evaluations", "Evaluation")
    Answer = apps.get_model("evaluations", "Answer")
    AnswerChange = apps.get_model("evaluations", "AnswerChange")
    LayerScore = apps.get_model("evaluations", "LayerScore")
    now = timezone.now()
    for evaluation in Evaluation.objects.filter(pk__in=evaluation_ids):
        rows = defaultdict(dict)
        for answer in Answer.objects.filter(evaluation=evaluation):
            rows[answer.layer][answer.question] = answer
        for layer, by_question in rows.items():
            before = {no: a.value for no, a in by_question.items()}
            after = change(before)
            notes = [
                f"[{no}] {by_question[no].note}"
                for no in OLD_REPORTED
                if no in by_question and by_question[no].note and no not in after
            ]
            for no in sorted(set(before) | set(after)):
                old, new = before.get(no, ""), after.get(no, "")
                answer = by_question.get(no)
                if no not in after and answer is not None:
                    AnswerChange.objects.create(
                        evaluation=evaluation, question=no, layer=layer, before_value=old,
                        before_note=answer.note, at=now,
                    )  # fmt: skip
                    answer.delete()
                    continue
                extra_note = "\n".join(notes) if no == REPORTED and notes else ""
                if old == new and not extra_note:
                    continue
                if answer is None:
                    answer = Answer(evaluation=evaluation, question=no, layer=layer)
                old_note = answer.note
                answer.value = new
                if extra_note:
                    answer.note = f"{answer.note}\n{extra_note}".strip()
                answer.version += 1
                answer.updated_at = now
                answer.save()
                AnswerChange.objects.create(
                    evaluation=evaluation, question=no, layer=layer, before_value=old,
                    after_value=new, before_note=old_note, after_note=answer.note, at=now,
                )  # fmt: skip
        for name in MOVED_TABLES:  # what was said of 113a/114a is now said of 116
            model = apps.get_model("evaluations", name)
            for item in model.objects.filter(evaluation=evaluation, question__in=OLD_REPORTED):
                if name == "EvidenceLink" and model.objects.filter(
                    evaluation=evaluation, evidence_id=item.evidence_id, question=REPORTED
                ).exists():
                    item.delete()
                    continue
                item.question = REPORTED
                item.save(update_fields=["question"])
        evaluation.framework = target_row
        evaluation.save(update_fields=["framework"])
        answers = defaultdict(dict)
        for layer, no, value in Answer.objects.filter(evaluation=evaluation).values_list(
            "layer", "question", "value"
        ):
            if value:
                answers[layer][no] = stored_to_normalised(value)
        previous = evaluation.previous_predicate or None
        for score in LayerScore.objects.filter(evaluation=evaluation):
            result = score_normalised(target, answers.get(score.layer, {}), previous)
            score.total = _decimal(result.total)
            score.pengungkit = _decimal(result.pengungkit)
            score.hasil = _decimal(result.hasil)
            score.predicate = result.predicate.code if result.predicate else ""
            score.answered = result.answered_count
            score.areas = {a.code: round(a.value, 6) for a in result.areas}
            score.conditions = stored_conditions(result)
            score.not_computable = result.not_computable
            score.updated_at = now
            score.save()


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.0001"))


def forward(apps, schema_editor=None):
    FrameworkVersion = apps.get_model("frameworks", "FrameworkVersion")
    Evaluation = apps.get_model("evaluations", "Evaluation")
    old = [
        row.pk
        for row in FrameworkVersion.objects.filter(code=CODE, builtin=True)
        if _old_shape(load_framework_text(row.source))
    ]
    ids = list(Evaluation.objects.filter(framework_id__in=old).values_list("pk", flat=True))
    if not ids:
        return  # nothing stored in the old shape (a new database): load nothing here
    row, framework = _shipped_version(FrameworkVersion)
    if not _new_shape(framework):
        raise RuntimeError(f"{SHIPPED} is not in the shape this migration converts to")
    _rewrite(apps, ids, row, framework, converted)


def backward(apps, schema_editor=None):
    FrameworkVersion = apps.get_model("frameworks", "FrameworkVersion")
    Evaluation = apps.get_model("evaluations", "Evaluation")
    rows = list(FrameworkVersion.objects.filter(code=CODE, builtin=True).order_by("-loaded_at"))
    parsed = {row.pk: load_framework_text(row.source) for row in rows}
    older = next((row for row in rows if _old_shape(parsed[row.pk])), None)
    new = [row.pk for row in rows if _new_shape(parsed[row.pk])]
    ids = list(Evaluation.objects.filter(framework_id__in=new).values_list("pk", flat=True))
    if older is None or not ids:
        return
    if not older.is_active:
        FrameworkVersion.objects.filter(code=CODE, is_active=True).update(is_active=False)
        older.is_active = True
        older.save(update_fields=["is_active"])
    _rewrite(apps, ids, older, parsed[older.pk], reverted)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0004_layer_score_not_computable"),
        ("frameworks", "0002_rename_lke_2019_to_lke_2014"),
    ]

    operations = [migrations.RunPython(forward, backward)]
