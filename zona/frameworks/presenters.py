"""Framework data shaped for templates: a tree of plain dicts, built once per framework."""

from __future__ import annotations

from functools import cache
from typing import Any

from zona.lke.model import Framework


@cache
def _tree(framework: Framework) -> tuple[dict[str, Any], ...]:
    def node(code: str) -> dict[str, Any]:
        n = framework.nodes[code]
        questions = []
        for no in n.questions:
            q = framework.questions[no]
            options = [
                {"option": o, "value": q.values[o], "criterion": q.criteria.get(o, "")}
                for o in q.options
            ]
            questions.append({"q": q, "options": options})
        computed = [framework.computed[c] for c in n.computed]
        return {
            "node": n,
            "children": [node(c) for c in n.children],
            "questions": questions,
            "computed": computed,
        }

    return tuple(node(code) for code in framework.roots)


def framework_tree(framework: Framework) -> tuple[dict[str, Any], ...]:
    return _tree(framework)
