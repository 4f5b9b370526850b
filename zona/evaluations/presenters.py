"""The data of an evaluation's LKE, shaped for templates and reports: who is looking (`Viewer`),
each visible layer's answers, revision requests, comments, history counts and evidence (one
query each), every layer scored once by the engine (`zona.lke`; nothing here computes a score),
the score panel, progress per area and the gap analysis. The workspace (`workspace.py`) and the
dashboards and reports build on these; none of it renders HTML.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.accounts.models import Role
from zona.core.scores import (
    provisional_text,
    provisional_weight_codes,
    provisional_weights,
    reason_text,
)
from zona.lke import gap_analysis, score_normalised
from zona.lke.model import Framework, Question
from zona.lke.scoring import Result

from .access import (
    has_role_for,
    internal_comment_layers,
    visible_layers,
    writable_layer,
)
from .models import (
    Answer,
    AnswerChange,
    Comment,
    Evaluation,
    Layer,
    RevisionRequest,
    Stage,
    stored_to_normalised,
)

GAP_ITEMS = 8
# The unit's own answers first, then the evaluators' (the order of the columns and rows).
LAYER_ORDER = (Layer.UNIT, Layer.TPI, Layer.TPN)
SHORT_LABELS = {Layer.UNIT: "Unit", Layer.TPI: "TPI", Layer.TPN: "TPN"}  # column heads
NUMERIC_INPUT_MODES = {"percent": "decimal", "index_0_4": "decimal", "count": "numeric"}


def lang() -> str:
    return (get_language() or "id")[:2]


def layer_label(layer: str) -> str:
    return str(Layer(layer).label)


# --- who is looking ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Viewer:
    """What one person may do on one evaluation's LKE page, decided once per request."""

    layers: tuple[str, ...]  # the layers they may read, unit first
    writable: str | None  # the layer they answer in now, or None (read-only)
    main: str  # the layer whose conditions, progress and gap analysis are shown
    tpi: bool  # TPI evaluator or lead of the instansi (or administrator)
    tpn: bool  # TPN evaluator (or administrator)
    internal_layers: frozenset[str]  # layers whose internal comments they may read

    @property
    def evaluator(self) -> bool:
        return self.tpi or self.tpn

    @property
    def may_revise(self) -> bool:
        return self.writable == Layer.TPI

    @property
    def may_edit_evidence(self) -> bool:
        return self.writable == Layer.UNIT


# The layer each stage works on: the unit's at the draft and the revision, then the TPI's and
# the TPN's in their reviews.
WORKING_LAYER = {
    Stage.DRAFT: Layer.UNIT, Stage.RETURNED: Layer.UNIT, Stage.TPI_REVIEW: Layer.TPI,
    Stage.TPN_DESK: Layer.TPN, Stage.TPN_FIELD: Layer.TPN,
}  # fmt: skip


def viewer_for(user, evaluation: Evaluation) -> Viewer:
    visible = set(visible_layers(user, evaluation))
    layers = tuple(layer for layer in LAYER_ORDER if layer in visible)
    writable = writable_layer(user, evaluation)
    tpi = has_role_for(user, evaluation, Role.TPI_EVALUATOR) or has_role_for(
        user, evaluation, Role.TPI_LEAD
    )
    tpn = has_role_for(user, evaluation, Role.TPN_EVALUATOR)
    working = WORKING_LAYER.get(evaluation.stage)
    return Viewer(
        layers=layers,
        writable=writable,
        # A reader follows the layer being worked on where they may see it, else the last
        # layer they may see (the coordinator at the draft counts the unit's answers).
        main=writable or (working if working in layers else layers[-1]),
        tpi=tpi,
        tpn=tpn,
        internal_layers=internal_comment_layers(user, evaluation),
    )


# --- loading (one query each) ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Stored:
    """One layer's answer as the page shows it (lighter than an `Answer` instance)."""

    value: str
    note: str
    version: int
    at: datetime | None
    by: str


def _person(username: str | None, first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip() or username or ""


def load_answers(
    evaluation: Evaluation, layers: tuple[str, ...], question: str | None = None
) -> dict[str, dict[str, Stored]]:
    """{layer: {question number: Stored}} of the given layers, in one query."""
    rows = Answer.objects.filter(evaluation=evaluation, layer__in=layers)
    if question is not None:
        rows = rows.filter(question=question)
    out: dict[str, dict[str, Stored]] = {layer: {} for layer in layers}
    for layer, no, value, note, version, at, username, first, last in rows.values_list(
        "layer", "question", "value", "note", "version", "updated_at",
        "updated_by__username", "updated_by__first_name", "updated_by__last_name",
    ):  # fmt: skip
        out[layer][no] = Stored(value, note, version, at, _person(username, first, last))
    return out


def load_scoring_answers(evaluation: Evaluation, layers: tuple[str, ...]) -> dict[str, dict]:
    """{layer: normalised answers} as `actions.layer_answers` gives them, in one query."""
    out: dict[str, dict] = {layer: {} for layer in layers}
    rows = Answer.objects.filter(evaluation=evaluation, layer__in=layers).exclude(value="")
    for layer, no, value in rows.values_list("layer", "question", "value"):
        out[layer][no] = stored_to_normalised(value)
    return out


def normalised(answers: dict[str, dict[str, Stored]]) -> dict[str, dict]:
    return {
        layer: {no: stored_to_normalised(a.value) for no, a in rows.items() if a.value}
        for layer, rows in answers.items()
    }


def evidence_for(evaluation: Evaluation) -> dict[str, list]:
    """{question number: [EvidenceLink]} from the evidence views (one query)."""
    try:
        from .views_evidence import evidence_by_question
    except ImportError:  # the evidence views are not there yet
        return {}
    return evidence_by_question(evaluation)


def comments_for(evaluation: Evaluation, viewer: Viewer, question: str | None = None):
    """{question number: [Comment]}: internal ones only where the person may read them."""
    rows = Comment.objects.filter(evaluation=evaluation).select_related("author")
    rows = rows.filter(Q(internal=False) | Q(layer__in=viewer.internal_layers))
    if question is not None:
        rows = rows.filter(question=question)
    out: dict[str, list[Comment]] = defaultdict(list)
    for row in rows:
        out[row.question].append(row)
    return out


def revisions_for(evaluation: Evaluation, question: str | None = None):
    """{question number: open RevisionRequest}."""
    rows = RevisionRequest.objects.filter(
        evaluation=evaluation, resolved_at__isnull=True
    ).select_related("requested_by")
    if question is not None:
        rows = rows.filter(question=question)
    return {row.question: row for row in rows}


def change_counts(evaluation: Evaluation, viewer: Viewer, question: str | None = None):
    """{question number: number of changes in the layers the person may read}."""
    rows = AnswerChange.objects.filter(evaluation=evaluation, layer__in=viewer.layers)
    if question is not None:
        rows = rows.filter(question=question)
    return dict(rows.values("question").annotate(n=Count("id")).values_list("question", "n"))


def history(evaluation: Evaluation, viewer: Viewer, question: Question) -> list[dict]:
    """Every change of the question in the layers the person may read, newest first."""
    rows = AnswerChange.objects.filter(
        evaluation=evaluation, question=question.no, layer__in=viewer.layers
    ).select_related("by")
    language = lang()
    return [
        {
            "at": row.at,
            "by": row.by,
            "layer": layer_label(row.layer),
            "before": display_answer(question, row.before_value, language),
            "after": display_answer(question, row.after_value, language),
            "before_note": row.before_note,
            "after_note": row.after_note,
            "note_changed": row.before_note != row.after_note,
        }
        for row in rows
    ]


# --- scoring -----------------------------------------------------------------------------------
def score_layers(evaluation: Evaluation, framework: Framework, answers: dict[str, dict]):
    """{layer: Result}: each layer scored once."""
    previous = evaluation.previous_predicate or None
    return {layer: score_normalised(framework, given, previous) for layer, given in answers.items()}


@lru_cache(maxsize=64)
def _gap(framework: Framework, frozen: tuple, target: str, previous: str | None):
    # A pure function of its inputs that costs ~20 ms: a page reloaded without changes, or the
    # score panel refreshed after someone else's save, reuses it.
    return gap_analysis(framework, dict(frozen), target, previous, limit=GAP_ITEMS)


def gap_report(evaluation: Evaluation, framework: Framework, answers: dict):
    frozen = tuple(sorted(answers.items()))
    return _gap(framework, frozen, evaluation.target, evaluation.previous_predicate or None)


# --- display -----------------------------------------------------------------------------------
def display_answer(question: Question, stored: str | None, language: str) -> str:
    """A stored answer as people write it: "Ya", "B", "3,62" (id) / "3.62" (en); "" if none."""
    if not stored:
        return ""
    if question.type == "ya_tidak":
        return {"ya": _("Yes"), "tidak": _("No")}.get(stored, stored)
    if question.options:
        return stored.upper()
    return stored.replace(".", ",") if language == "id" else stored


def _stored(value) -> str:
    """A normalised answer (option or Decimal) back in its stored form."""
    if value is None:
        return ""
    return value if isinstance(value, str) else format(value, "f")


@cache
def _areas(framework: Framework) -> dict[str, str | None]:
    """question number → area code (None for the Hasil items)."""
    out = {}
    for no, q in framework.questions.items():
        area = framework.area_of(q.node)
        out[no] = area.code if area else None
    return out


# --- question blocks ---------------------------------------------------------------------------
@dataclass
class BlockState:
    """What happened to a question in this request: saved, refused, or overtaken."""

    state: str  # "saved", "error", "stale", "revision", "comment"
    message: str = ""
    typed_value: str | None = None
    typed_note: str | None = None
    version: int | None = None  # the version the form should send next

    @property
    def text(self) -> str:
        if self.state == "saved":
            return f"✓ {self.message}"
        if self.state == "error":
            # gettext outside the f-string: xgettext does not read inside one.
            failed = _("Failed to save")
            return f"✗ {failed}: {self.message}"
        if self.state == "stale":
            return "✗ " + _("Not saved")
        return self.message


# --- the score panel ---------------------------------------------------------------------------
def _row(
    label: str,
    weight,
    level: int,
    cells: list[tuple[float, float | None]],
    weight_provisional: bool = False,
) -> dict:
    return {
        "label": label,
        "weight": float(weight),
        "level": level,
        "cells": [{"value": value, "share": share} for value, share in cells],
        "weight_provisional": weight_provisional,
    }


def score_panel(
    evaluation: Evaluation,
    framework: Framework,
    viewer: Viewer,
    results: dict[str, Result],
    evidence: dict[str, list],
) -> dict[str, Any]:
    """Scores per layer, the target's conditions, progress and the gap analysis."""
    ordered = [results[layer] for layer in viewer.layers]
    pengungkit = framework.role_node("pengungkit")
    hasil = framework.role_node("hasil")
    max_total = float(framework.max_total)

    def node_cells(code: str) -> list[tuple[float | None, float | None]]:
        # The workbook's figures: none where it shows no number (`Result.not_computable`).
        return [(r.value_or_none(code), r.share_or_none(code)) for r in ordered]

    totals = [r.total_or_none for r in ordered]
    total_cells = [(t, None if t is None else t / max_total) for t in totals]
    unsure = provisional_weight_codes(framework)
    rows = [
        _row(_("Total"), max_total, 0, total_cells),
        _row(pengungkit.name, pengungkit.weight, 1, node_cells(pengungkit.code),
             pengungkit.code in unsure),
    ]  # fmt: skip
    for index, area in enumerate(framework.areas):
        cells = [(r.areas[index].value_or_none, r.areas[index].share_or_none) for r in ordered]
        rows.append(_row(area.name, area.weight, 2, cells, bool(unsure.intersection(area.nodes))))
    rows.append(_row(hasil.name, hasil.weight, 1, node_cells(hasil.code), hasil.code in unsure))
    for code in hasil.children:
        node = framework.nodes[code]
        rows.append(_row(node.name, node.weight, 2, node_cells(code), code in unsure))
    columns = [
        {
            "code": layer,
            "label": layer_label(layer),
            "short": SHORT_LABELS[layer],
            "predicate": r.predicate.code if r.predicate else "",
            "predicate_name": r.predicate.name if r.predicate else "",
            "answered": r.answered_count,
            "provisional": provisional_text(r.provisional),
            "reason": reason_text(r.total_not_computable),
            "main": layer == viewer.main,
        }
        for layer, r in zip(viewer.layers, ordered, strict=True)
    ]
    main = results[viewer.main]
    return {
        "columns": columns,
        "rows": rows,
        "question_count": len(framework.questions),
        "provisional_weights": provisional_weights(framework),
        "main_layer": layer_label(viewer.main),
        "target_name": evaluation.get_target_display(),
        "conditions": main.conditions_of(evaluation.target),
        "progress": progress(framework, main, evidence),
        "gap": gap_items(evaluation, framework, main, lang()),
    }


def progress(framework: Framework, result: Result, evidence: dict[str, list]) -> list[dict]:
    """Answered / all questions and evidence coverage (scored questions with evidence / scored
    questions) per area, then Hasil, then overall."""
    area_of = _areas(framework)
    answers = result.answers
    keys = ("total", "answered", "scored", "evidence")
    groups: dict[str | None, dict[str, int]] = {
        a.code: dict.fromkeys(keys, 0) for a in framework.areas
    }
    groups[None] = dict.fromkeys(keys, 0)
    for no, q in framework.questions.items():
        group = groups[area_of[no]]
        group["total"] += 1
        if answers.get(no) is not None:
            group["answered"] += 1
        if q.scored:
            group["scored"] += 1
            if evidence.get(no):
                group["evidence"] += 1
    labels = {a.code: a.name for a in framework.areas}
    labels[None] = framework.role_node("hasil").name
    rows = [{"label": labels[code], **counts} for code, counts in groups.items()]
    overall = {key: sum(row[key] for row in rows) for key in keys}
    rows.append({"label": _("Overall"), "overall": True, **overall})
    for row in rows:
        row["answered_share"] = row["answered"] / row["total"] if row["total"] else None
        row["evidence_share"] = row["evidence"] / row["scored"] if row["scored"] else None
    return rows


def gap_items(
    evaluation: Evaluation, framework: Framework, result: Result, language: str
) -> dict[str, Any]:
    """The moves that bring the target closest ("where effort pays most"), top GAP_ITEMS."""
    report = gap_report(evaluation, framework, result.answers)
    labels = {c.code: c.label for c in report.failing}
    items = []
    for item in report.items:
        entry = {
            "kind": item.kind,
            "value": item.value,
            "gain": item.top.total_gain,
            "fixes": [labels.get(code, code) for code in item.top.fixes],
        }
        if item.kind == "question":
            question = framework.questions[item.key]
            entry["anchor"] = item.key
            entry["label"] = f"{item.key}. {item.label}"
            entry["current"] = display_answer(question, _stored(item.answer), language)
            entry["suggested"] = display_answer(question, _stored(item.top.answer), language)
        else:  # a computed percentage: raise its inputs
            computed = framework.computed[item.key]
            entry["anchor"] = computed.inputs[0] if computed.inputs else None
            entry["label"] = item.label
        items.append(entry)
    return {
        "items": items,
        "failing": len(report.failing),
        "unreachable": [c.label for c in report.unreachable],
    }


def computed_views_for(
    framework: Framework, viewer: Viewer, results: dict[str, Result], language: str
) -> dict[str, dict]:
    """Per computed item: its formula, and per layer its inputs, value and the 0/0 rule if that
    decided the value."""
    out = {}
    for code, item in framework.computed.items():
        per_layer = []
        for layer in viewer.layers:
            c = results[layer].computed[code]
            per_layer.append(
                {
                    "label": layer_label(layer),
                    "value": c.value if c.answered else None,
                    "inputs": [
                        (no, display_answer(framework.questions[no], _stored(v), language))
                        for no, v in c.inputs.items()
                    ],
                    "rule": c.rule,
                }
            )
        out[code] = {"item": item, "layers": per_layer}
    return out
