"""Test helper: answer a whole layer of an evaluation at a chosen level, and store its score
the way the actions do (`recompute_score`)."""

from __future__ import annotations

from decimal import Decimal

from zona.evaluations import actions
from zona.evaluations.models import Answer, Evaluation


def layer_values(framework, level: float) -> dict[str, str]:
    """{question: stored value}: choices at the option nearest to `level` (1 = best), numbers at
    `level` of their scale, counts all 10 (so computed percentages come out at 100 %)."""
    out = {}
    for no, q in framework.questions.items():
        if q.options:
            index = round((1 - level) * (len(q.options) - 1))
            out[no] = q.options[index]
        elif q.type == "percent":
            out[no] = format(Decimal(str(round(level * 100, 2))), "f")
        elif q.type == "index_0_4":
            out[no] = format(Decimal(str(round(level * 4, 2))), "f")
        else:
            out[no] = "10"
    return out


def fill(evaluation: Evaluation, layer: str, level: float, only: int | None = None):
    """Answer the layer (the first `only` questions, or all) and store its score; returns the
    engine's Result."""
    framework = evaluation.framework.framework()
    values = layer_values(framework, level)
    if only is not None:
        values = dict(list(values.items())[:only])
    Answer.objects.filter(evaluation=evaluation, layer=layer).delete()
    Answer.objects.bulk_create(
        Answer(evaluation=evaluation, question=no, layer=layer, value=value)
        for no, value in values.items()
    )
    return actions.recompute_score(evaluation, layer)
