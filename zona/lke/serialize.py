"""Results as plain data (JSON-ready). Numbers keep full precision; display rounds elsewhere.

Where the official workbook shows no number, the value is null and "not_computable" says why
("missing_input", "zero_denominator"); "provisional" counts the unanswered questions, and
"provisional_weights" lists the framework's weights marked provisional (`confidence:`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .gap import GapMove, GapReport
from .model import Framework
from .scoring import ConditionResult, Result


def _num(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def condition_to_dict(c: ConditionResult) -> dict[str, Any]:
    return {
        "predicate": c.predicate,
        "code": c.code,
        "label": c.label,
        "kind": c.kind,
        "required": _num(c.required),
        "actual": _num(c.actual),
        "met": c.met,
        "shortfall": _num(c.shortfall),
        "not_computable": c.not_computable,
    }


def provisional_weights(framework: Framework) -> list[dict[str, Any]]:
    """The framework's provisional marks: [{"node": code or null for the whole file, "name",
    "note"}]; [] when every weight is confirmed."""
    return [
        {"node": w.node or None, "name": w.name, "note": w.note}
        for w in framework.provisional_marks
    ]


def result_to_dict(result: Result) -> dict[str, Any]:
    fw = result.framework
    blocked = result.not_computable
    roots = {fw.nodes[c].role: c for c in fw.roots}
    provisional = {w.node for w in fw.provisional_weights}
    return {
        "framework": fw.code,
        "framework_version": fw.version,
        "total": _num(result.total_or_none),
        "pengungkit": _num(result.pengungkit_or_none),
        "hasil": _num(result.hasil_or_none),
        "not_computable": {
            "total": result.total_not_computable,
            "pengungkit": blocked.get(roots["pengungkit"]),
            "hasil": blocked.get(roots["hasil"]),
        },
        "provisional": result.provisional,
        "provisional_weights": provisional_weights(fw),
        "predicate": result.predicate.code if result.predicate else None,
        "predicate_name": result.predicate.name if result.predicate else None,
        "previous_predicate": result.previous_predicate,
        "areas": [
            {
                "code": a.code,
                "name": a.name,
                "weight": _num(a.weight),
                "value": _num(a.value_or_none),
                "share": _num(a.share_or_none),
                "not_computable": a.not_computable,
            }
            for a in result.areas
        ],
        "nodes": [
            {
                "code": code,
                "name": node.name,
                "kind": node.kind,
                "weight": _num(node.weight),
                "value": _num(result.value_or_none(code)),
                "share": _num(result.share_or_none(code)),
                "not_computable": blocked.get(code),
                "weight_provisional": code in provisional,
            }
            for code, node in fw.nodes.items()
        ],
        "questions": {
            no: {"answer": _num(result.answers.get(no)), "value": _num(value)}
            for no, value in result.question_values.items()
        },
        "computed": {
            code: {
                "name": fw.computed[code].name,
                "formula": fw.computed[code].formula,
                "inputs": {k: _num(v) for k, v in c.inputs.items()},
                "value": _num(c.value_or_none),
                "rule": c.rule,
                "answered": c.answered,
                "not_computable": c.reason,
                "missing": list(c.missing),
            }
            for code, c in result.computed.items()
        },
        "unanswered": list(result.unanswered),
        "conditions": [condition_to_dict(c) for c in result.conditions],
    }


def _move(m: GapMove | None) -> dict[str, Any] | None:
    if m is None:
        return None
    return {
        "answer": _num(m.answer),
        "value": _num(m.value),
        "total_gain": _num(m.total_gain),
        "condition_gains": {k: _num(v) for k, v in m.condition_gains.items()},
        "fixes": list(m.fixes),
    }


def gap_to_dict(report: GapReport) -> dict[str, Any]:
    return {
        "target": report.target.code,
        "total": _num(report.result.total_or_none),
        "failing": [condition_to_dict(c) for c in report.failing],
        "unreachable": [condition_to_dict(c) for c in report.unreachable],
        "items": [
            {
                "key": i.key,
                "kind": i.kind,
                "label": i.label,
                "node": i.node,
                "area": i.area,
                "answer": _num(i.answer),
                "value": _num(i.value),
                "step": _move(i.step),
                "top": _move(i.top),
            }
            for i in report.items
        ],
    }
