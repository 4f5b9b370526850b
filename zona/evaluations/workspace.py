"""The LKE workspace of one request: what one person sees of one evaluation, loaded once and
shaped for the templates of `evaluations/workspace/`.

The page shows one section (an area, or a sub-component, or the Hasil part) at a time beside an
outline of the whole LKE with its counts, or the questions of the whole LKE that match a filter.
Everything the outline counts is loaded for the whole LKE in a fixed number of queries (answers
of the visible layers, open revision requests, comments, history counts, evidence, the last
submission); only the blocks of the questions shown are built. Nothing here renders HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db.models import Max, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zona.core.people import display_name
from zona.core.scores import provisional_text, provisional_weight_codes, reason_text
from zona.evidence.models import Evidence
from zona.lke.model import Framework, Node, Question

from .models import (
    AnswerChange,
    Evaluation,
    Layer,
    RevisionRequest,
    Stage,
    StageChange,
)
from .presenters import (
    NUMERIC_INPUT_MODES,
    SHORT_LABELS,
    BlockState,
    Stored,
    Viewer,
    change_counts,
    comments_for,
    computed_views_for,
    display_answer,
    evidence_for,
    lang,
    layer_label,
    load_answers,
    normalised,
    score_layers,
    score_panel,
    viewer_for,
)

# The filters over the whole LKE: URL value → label. The order is the order of the filter bar.
FILTERS = {
    "belum": _("Unanswered"),
    "tanpa-bukti": _("Without evidence"),
    "perbaikan": _("Needs revision"),
    "berbeda": _("Differs between layers"),
    "berubah": _("Changed since the last submission"),
    "komentar": _("With comments"),
}
# The moves after which the unit's answers count as "submitted" (for "changed since").
SUBMITTED_STAGES = (Stage.SUBMITTED,)


@dataclass(frozen=True)
class Counts:
    """What the outline shows of a node: over the questions beneath it."""

    total: int = 0
    answered: int = 0  # in the person's main layer
    scored: int = 0
    evidence: int = 0  # scored questions with at least one piece of evidence
    revision: int = 0  # open revision requests
    differs: int = 0  # questions the visible layers answered differently
    changed: int = 0  # unit answers changed since the last submission

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(self.astuple(), other.astuple(), strict=True)))

    def astuple(self) -> tuple[int, ...]:
        return (
            self.total, self.answered, self.scored, self.evidence, self.revision,
            self.differs, self.changed,
        )  # fmt: skip

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered == self.total


def section_codes(framework: Framework) -> tuple[str, ...]:
    """The nodes shown one at a time, in tree order: every area, and each part of the tree that
    holds questions but no area (the Hasil part)."""
    out: list[str] = []

    def has_area(code: str) -> bool:
        node = framework.nodes[code]
        return node.kind == "area" or any(has_area(c) for c in node.children)

    def walk(code: str) -> None:
        node = framework.nodes[code]
        if node.kind == "area" or not has_area(code):
            out.append(code)
            return
        for child in node.children:
            walk(child)

    for root in framework.roots:
        walk(root)
    return tuple(out)


QUESTION_VIEWS = ("answer", "comment", "history", "revision", "revision_loop", "evidence_quick")


def _question_url_patterns(pk: int) -> dict[str, str]:
    """The addresses of a question's views, reversed once per request ("QNO" to fill in): a
    page shows a few dozen questions with a handful of links each."""
    out = {name: reverse(f"evaluations:{name}", args=[pk, "QNO"]) for name in QUESTION_VIEWS}
    out["page"] = reverse("evaluations:detail", args=[pk]) + "?q=QNO#q-QNO"
    return out


def questions_under(framework: Framework, code: str) -> list[str]:
    node = framework.nodes[code]
    out = list(node.questions)
    for child in node.children:
        out.extend(questions_under(framework, child))
    return out


class Workspace:
    """One person's view of one evaluation's LKE in one request."""

    def __init__(self, user, evaluation: Evaluation, viewer: Viewer | None = None):
        self.user = user
        self.evaluation = evaluation
        self.viewer = viewer or viewer_for(user, evaluation)
        self.framework: Framework = evaluation.framework.framework()
        self.language = lang()
        self.answers: dict[str, dict[str, Stored]] = load_answers(evaluation, self.viewer.layers)
        self._scored: dict[str, Any] = {}
        self.revisions: dict[str, RevisionRequest] = {}
        self.closed_revisions: dict[str, RevisionRequest] = {}
        self._load_revisions()
        self.comments = comments_for(evaluation, self.viewer)
        self.changes = change_counts(evaluation, self.viewer)
        self.evidence = evidence_for(evaluation)
        self.sections = section_codes(self.framework)
        self._url_patterns = _question_url_patterns(evaluation.pk)

    # --- scores (each layer scored once, when first asked for) ------------------------------
    def result(self, layer: str):
        """The layer's score by the engine; `seed` gives one already computed (a save scored the
        layer it changed)."""
        if layer not in self._scored:
            given = normalised({layer: self.answers[layer]})
            self._scored.update(score_layers(self.evaluation, self.framework, given))
        return self._scored[layer]

    def seed(self, layer: str, result) -> None:
        self._scored[layer] = result

    @property
    def results(self) -> dict[str, Any]:
        return {layer: self.result(layer) for layer in self.viewer.layers}

    # --- what the person may do ------------------------------------------------------------
    @property
    def writable(self) -> str | None:
        return self.viewer.writable

    @property
    def may_agree(self) -> bool:
        """An evaluator answering in their own layer may take the unit's answers."""
        return self.writable in (Layer.TPI, Layer.TPN) and Layer.UNIT in self.viewer.layers

    # --- per question facts ----------------------------------------------------------------
    def value(self, layer: str, no: str) -> str:
        row = self.answers.get(layer, {}).get(no)
        return row.value if row else ""

    def answered(self, no: str) -> bool:
        return bool(self.value(self.viewer.main, no))

    def differs(self, no: str) -> bool:
        values = {self.value(layer, no) for layer in self.viewer.layers} - {""}
        return len(values) > 1

    def has_evidence(self, no: str) -> bool:
        return bool(self.evidence.get(no))

    @cached_property
    def submitted_at(self) -> datetime | None:
        """When the unit last submitted its answers to the TPI (None before the first time)."""
        return StageChange.objects.filter(
            evaluation=self.evaluation, to_stage__in=SUBMITTED_STAGES
        ).aggregate(at=Max("at"))["at"]

    @cached_property
    def changed_since_submission(self) -> frozenset[str]:
        """Questions whose unit answer or note changed after the last submission."""
        if self.submitted_at is None or Layer.UNIT not in self.viewer.layers:
            return frozenset()
        rows = AnswerChange.objects.filter(
            evaluation=self.evaluation, layer=Layer.UNIT, at__gt=self.submitted_at
        ).values_list("question", flat=True)
        return frozenset(rows)

    def _load_revisions(self) -> None:
        """The open revision requests, and those an evaluator closed since the stage began (they
        may still be reopened; none where the question has an open one): one query."""
        wanted = Q(resolved_at__isnull=True)
        since = self.evaluation.stage_changed_at
        if since is not None:
            wanted |= Q(resolved_by__isnull=False, resolved_at__gte=since)
        rows = (
            RevisionRequest.objects.filter(evaluation=self.evaluation)
            .filter(wanted)
            .select_related("requested_by", "resolved_by")
            .order_by("resolved_at", "pk")
        )
        closed = {}
        for row in rows:
            if row.resolved_at is None:
                self.revisions[row.question] = row
            else:
                closed[row.question] = row
        self.closed_revisions = {no: row for no, row in closed.items() if no not in self.revisions}

    @cached_property
    def revision_changes(self) -> dict[str, list[dict[str, Any]]]:
        """Per question with an open request: the unit's changes since it was made."""
        if not self.revisions or Layer.UNIT not in self.viewer.layers:
            return {}
        since = min(r.requested_at for r in self.revisions.values())
        rows = AnswerChange.objects.filter(
            evaluation=self.evaluation, layer=Layer.UNIT, at__gte=since,
            question__in=list(self.revisions),
        ).select_related("by").order_by("at", "pk")  # fmt: skip
        out: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            if row.at < self.revisions[row.question].requested_at:
                continue
            q = self.framework.questions[row.question]
            out.setdefault(row.question, []).append(
                {
                    "at": row.at,
                    "by": display_name(row.by),
                    "before": display_answer(q, row.before_value, self.language),
                    "after": display_answer(q, row.after_value, self.language),
                    "note_changed": row.before_note != row.after_note,
                    "after_note": row.after_note,
                }
            )
        return out

    @cached_property
    def revision_evidence(self) -> dict[str, list[dict[str, Any]]]:
        """Per question with an open request: evidence attached or detached since it was made."""
        from zona.audit.models import AuditEvent

        if not self.revisions:
            return {}
        out: dict[str, list[dict[str, Any]]] = {}
        for no, request in self.revisions.items():
            for link in self.evidence.get(no, []):
                if link.linked_at >= request.requested_at:
                    out.setdefault(no, []).append(
                        {"at": link.linked_at, "added": True, "name": link.evidence.description}
                    )
        since = min(r.requested_at for r in self.revisions.values())
        detached = AuditEvent.objects.filter(
            action="evidence.detached",
            object_type=Evaluation._meta.label_lower,
            object_id=str(self.evaluation.pk),
            at__gte=since,
        ).values_list("at", "before")
        events = [
            (at, before) for at, before in detached
            if isinstance(before, dict) and before.get("question") in self.revisions
            and at >= self.revisions[before["question"]].requested_at
        ]  # fmt: skip
        if events:
            names = dict(
                Evidence.objects.filter(
                    pk__in=[b.get("evidence") for _at, b in events]
                ).values_list("pk", "description")
            )
            for at, before in events:
                out.setdefault(before["question"], []).append(
                    {"at": at, "added": False, "name": names.get(before.get("evidence"), "–")}
                )
        for rows in out.values():
            rows.sort(key=lambda row: row["at"])
        return out

    def matches(self, no: str, kind: str) -> bool:
        q = self.framework.questions[no]
        if kind == "belum":
            return not self.answered(no)
        if kind == "tanpa-bukti":
            return q.scored and not self.has_evidence(no)
        if kind == "perbaikan":
            return no in self.revisions
        if kind == "berbeda":
            return self.differs(no)
        if kind == "berubah":
            return no in self.changed_since_submission
        if kind == "komentar":
            return bool(self.comments.get(no))
        return True

    def counts(self, no: str) -> Counts:
        q = self.framework.questions[no]
        return Counts(
            total=1,
            answered=int(self.answered(no)),
            scored=int(q.scored),
            evidence=int(q.scored and self.has_evidence(no)),
            revision=int(no in self.revisions),
            differs=int(self.differs(no)),
            changed=int(no in self.changed_since_submission),
        )

    @cached_property
    def node_counts(self) -> dict[str, Counts]:
        out: dict[str, Counts] = {}

        def walk(code: str) -> Counts:
            node = self.framework.nodes[code]
            total = Counts()
            for no in node.questions:
                total = total + self.counts(no)
            for child in node.children:
                total = total + walk(child)
            out[code] = total
            return total

        for root in self.framework.roots:
            walk(root)
        return out

    def filter_counts(self) -> list[dict[str, Any]]:
        out = []
        for kind, label in FILTERS.items():
            if kind == "berubah" and self.submitted_at is None:
                continue
            n = sum(1 for no in self.framework.questions if self.matches(no, kind))
            out.append({"kind": kind, "label": label, "count": n})
        return out

    # --- the outline -----------------------------------------------------------------------
    def node_value(self, code: str) -> float | None:
        result = self.result(self.viewer.main) if self.viewer.main in self.answers else None
        if result is None or code not in result.nodes:
            return None
        return result.value_or_none(code)

    def outline(self, current: str | None) -> list[dict[str, Any]]:
        """The sections with their counts and value; the current section's sub-components
        beneath it (the others stay one line each)."""
        current_section = self.section_of(current) if current else None
        unsure = provisional_weight_codes(self.framework)
        out = []
        for code in self.sections:
            node = self.framework.nodes[code]
            entry = {
                "node": node,
                "counts": self.node_counts[code],
                "value": self.node_value(code),
                "weight_provisional": code in unsure,
                "current": code == current,
                "open": code == current_section,
                "parent": self._parent_label(node),
                "children": [],
            }
            if entry["open"]:
                entry["children"] = [
                    {
                        "node": self.framework.nodes[child],
                        "counts": self.node_counts[child],
                        "value": self.node_value(child),
                        "weight_provisional": child in unsure,
                        "current": child == current,
                    }
                    for child in node.children
                ]
            out.append(entry)
        return out

    def node_counts_of(self, code: str) -> Counts:
        """One node's counts (without counting the whole LKE, as `node_counts` does)."""
        if "node_counts" in self.__dict__:
            return self.node_counts[code]
        total = Counts()
        for no in questions_under(self.framework, code):
            total = total + self.counts(no)
        return total

    def outline_links(self, no: str, current: str | None) -> list[dict[str, Any]]:
        """The outline's entries whose counts a change to question `no` moves, as the page
        `current` shows them (None: a filter's page): the section that holds it and, where that
        section is open on the page, its sub-component."""
        section = self.section_for_question(no)
        node = self.framework.questions[no].node
        chain = {node, *self.framework.ancestors(node)}
        unsure = provisional_weight_codes(self.framework)

        def entry(code: str) -> dict[str, Any]:
            return {
                "node": self.framework.nodes[code],
                "counts": self.node_counts_of(code),
                "value": self.node_value(code),
                "weight_provisional": code in unsure,
                "current": code == current,
            }

        out = [entry(section)]
        if current is not None and self.section_of(current) == section:
            out.extend(entry(c) for c in self.framework.nodes[section].children if c in chain)
        return out

    def _parent_label(self, node: Node) -> str:
        """The name of the section's parent ("Pemenuhan", "Reform") when it is not a root."""
        if node.parent is None or self.framework.nodes[node.parent].parent is None:
            return ""
        return self.framework.nodes[node.parent].name

    def section_of(self, code: str) -> str | None:
        """The section that holds the node `code` (itself, when it is one)."""
        chain = [code, *self.framework.ancestors(code)]
        for candidate in chain:
            if candidate in self.sections:
                return candidate
        return None

    def section_for_question(self, no: str) -> str:
        return self.section_of(self.framework.questions[no].node) or self.sections[0]

    def neighbours(self, code: str) -> tuple[str | None, str | None]:
        section = self.section_of(code)
        at = self.sections.index(section) if section in self.sections else 0
        before = self.sections[at - 1] if at > 0 else None
        after = self.sections[at + 1] if at + 1 < len(self.sections) else None
        return before, after

    def next_matching(self, kind: str, after: str | None = None) -> str | None:
        """The first question matching `kind` after question `after` (wrapping round)."""
        order = list(self.framework.questions)
        start = order.index(after) + 1 if after in order else 0
        for no in order[start:] + order[:start]:
            if self.matches(no, kind):
                return no
        return None

    # --- blocks ------------------------------------------------------------------------------
    def block(self, no: str, state: BlockState | None = None) -> dict[str, Any]:
        """One question's block: its layers, the person's form values and its marks."""
        q: Question = self.framework.questions[no]
        viewer = self.viewer
        others, current, previous, differs = [], None, None, False
        for layer in viewer.layers:
            row = self.answers[layer].get(no)
            value = row.value if row else ""
            layer_differs = bool(value and previous and value != previous)
            differs = differs or layer_differs
            entry = {
                "layer": layer,
                "label": layer_label(layer),
                "short": SHORT_LABELS[layer],
                "value": value,
                "display": display_answer(q, value, self.language),
                "note": row.note if row else "",
                "by": row.by if row else "",
                "at": row.at if row and row.version else None,
                "differs": layer_differs,
            }
            if layer == viewer.writable:
                current = entry
            else:
                others.append(entry)
            if value:
                previous = value
        mine = None
        if viewer.writable:
            row = self.answers[viewer.writable].get(no)
            stored = row.value if row else ""
            mine = {
                "value": stored if q.options else display_answer(q, stored, self.language),
                "note": row.note if row else "",
                "version": row.version if row else 0,
            }
            if state is not None:
                if state.typed_value is not None:
                    mine["value"] = state.typed_value
                if state.typed_note is not None:
                    mine["note"] = state.typed_note
                if state.version is not None:
                    mine["version"] = state.version
        unit_value = self.value(Layer.UNIT, no) if Layer.UNIT in viewer.layers else ""
        return {
            "q": q,
            "no": no,
            "urls": {name: url.replace("QNO", no) for name, url in self._url_patterns.items()},
            "options": [
                {
                    "option": o,
                    "letter": o.capitalize() if q.type == "ya_tidak" else o.upper(),
                    "criterion": q.criteria.get(o, ""),
                    "value": q.values[o] if q.values else None,
                    "checked": bool(mine) and mine["value"] == o,
                }
                for o in q.options
            ],
            "inputmode": NUMERIC_INPUT_MODES.get(q.type, "decimal"),
            "others": others,
            "current": current,
            "differs": differs,
            "mine": mine,
            "state": state,
            "revision": self.revisions.get(no),
            "closed_revision": self.closed_revisions.get(no),
            "revision_changes": self.revision_changes.get(no, []),
            "revision_evidence": self.revision_evidence.get(no, []),
            "comments": self.comments.get(no, []),
            "changes": self.changes.get(no, 0),
            "evidence_links": self.evidence.get(no, []),
            "changed": no in self.changed_since_submission,
            "may_agree": (
                self.may_agree and bool(unit_value) and not self.value(viewer.writable, no)
            ),
            "unit_display": display_answer(q, unit_value, self.language),
        }

    def section(self, code: str, focus: str | None = None, state=None) -> dict[str, Any]:
        """A node's subtree as the section view shows it: nested groups of question blocks."""
        computed = computed_views_for(self.framework, self.viewer, self.results, self.language)
        unsure = provisional_weight_codes(self.framework)

        def group(c: str, depth: int) -> dict[str, Any]:
            node = self.framework.nodes[c]
            return {
                "node": node,
                "depth": depth,
                "weight_provisional": c in unsure,
                "counts": self.node_counts[c],
                "value": self.node_value(c),
                "blocks": [self.block(no, state if no == focus else None) for no in node.questions],
                "children": [group(child, depth + 1) for child in node.children],
                "computed": [computed[k] for k in node.computed],
                "agreeable": self.agreeable(c),
            }

        return group(code, 0)

    def filtered(self, kind: str) -> list[dict[str, Any]]:
        """The questions of the whole LKE matching a filter, grouped by the node that holds
        them, in tree order."""
        groups: list[dict[str, Any]] = []
        for no, q in self.framework.questions.items():
            if not self.matches(no, kind):
                continue
            if not groups or groups[-1]["node"].code != q.node:
                groups.append({"node": self.framework.nodes[q.node], "blocks": []})
            groups[-1]["blocks"].append(self.block(no))
        return groups

    def agreeable(self, code: str) -> int:
        """How many questions under `code` the person could take from the unit in one action."""
        if not self.may_agree:
            return 0
        writable = self.writable
        return sum(
            1
            for no in questions_under(self.framework, code)
            if self.value(Layer.UNIT, no) and not self.value(writable, no)
        )

    def panel(self) -> dict[str, Any]:
        return score_panel(
            self.evaluation, self.framework, self.viewer, self.results, self.evidence
        )

    def summary(self) -> dict[str, Any]:
        """The one line the score panel folds into on a phone."""
        result = self.result(self.viewer.main)
        return {
            "layer": layer_label(self.viewer.main),
            "total": result.total_or_none,
            "answered": result.answered_count,
            "questions": len(self.framework.questions),
            "reason": reason_text(result.total_not_computable),
            "provisional": provisional_text(result.provisional),
            "predicate": result.predicate.code if result.predicate else "",
            "weights_provisional": bool(self.framework.provisional_marks),
        }

    def open_revisions(self) -> list[RevisionRequest]:
        return [self.revisions[no] for no in self.framework.questions if no in self.revisions]
