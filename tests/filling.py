"""Filling a layer of an evaluation completely, for tests that move an evaluation past a stage
whose guard needs the layer complete (submit: unit layer; finalise: TPI; decide: TPN).

`fill_layer` writes the answers in one statement and stores the layer's score as
`save_answer` would; tests of saving itself go through the action.
"""

from __future__ import annotations

from zona.evaluations import actions
from zona.evaluations.models import Answer, Evaluation, normalised_to_stored
from zona.lke.answers import normalise_answer
from zona.lke.model import CHOICE_OPTIONS

# Counts that give the best value of each computed item of LKE 2021.
BEST_COUNTS = {
    "88": 5, "89": 5, "90": 5, "91": 5, "102": 10, "103": 0, "104": 0, "105": 8, "106": 8,
    "110": 20, "111": 0, "112": 20, "113": 1, "114": 10, "115": 5,
    "116": 16, "117a": 49, "117": 3, "118": 6, "119": 40, "120": 49, "122": 12, "123": 12,
    "113a": 0, "114a": 0,  # per-group reported counts of lke-2021 before 2026.4
}  # fmt: skip


def best_answers(framework) -> dict:
    """The best answer to every question of the framework."""
    out = {}
    for no, q in framework.questions.items():
        if q.type in CHOICE_OPTIONS:
            out[no] = CHOICE_OPTIONS[q.type][0]
        elif q.type == "count":
            out[no] = BEST_COUNTS[no]
        else:
            out[no] = 4 if q.type == "index_0_4" else 100
    return out


def fill_layer(
    evaluation: Evaluation, layer: str, answers: dict | None = None, *, skip=(), by=None
) -> None:
    """Answer every question of `layer` (the best answers unless `answers` gives others),
    except the question numbers in `skip`; replaces what the layer had."""
    framework = evaluation.framework.framework()
    chosen = {**best_answers(framework), **(answers or {})}
    Answer.objects.filter(evaluation=evaluation, layer=layer).delete()
    Answer.objects.bulk_create(
        Answer(
            evaluation=evaluation,
            question=no,
            layer=layer,
            version=1,
            updated_by=by,
            value=normalised_to_stored(normalise_answer(framework.questions[no], value)),
        )
        for no, value in chosen.items()
        if no not in skip
    )
    actions.recompute_score(evaluation, layer)
