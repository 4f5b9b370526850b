"""The LKE to print: every question with each visible layer's answer, note and evidence names,
without forms; or a layer as it stood at one of the unit's submissions (`?saat=<move>`), rebuilt
from the answers' history."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .access import get_evaluation_for
from .models import AnswerChange, Evaluation, Layer, Stage
from .presenters import display_answer, lang, layer_label, load_answers, viewer_for
from .workspace import questions_under, section_codes


def answers_at(evaluation: Evaluation, layers, moment) -> dict[str, dict[str, tuple[str, str]]]:
    """{layer: {question: (value, note)}} as they stood at `moment`: the last change of each
    answer made up to then (one query)."""
    out: dict[str, dict[str, tuple[str, str]]] = {layer: {} for layer in layers}
    rows = (
        AnswerChange.objects.filter(evaluation=evaluation, layer__in=layers, at__lte=moment)
        .order_by("at", "pk")
        .values_list("layer", "question", "after_value", "after_note")
    )
    for layer, no, value, note in rows:
        out[layer][no] = (value, note)
    return out


@login_required
@require_GET
def print_view(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    viewer = viewer_for(request.user, evaluation)
    framework = evaluation.framework.framework()
    language = lang()
    submissions = list(
        evaluation.moves.filter(to_stage=Stage.SUBMITTED).order_by("at", "pk").select_related("by")
    )
    moment = None
    raw = request.GET.get("saat")
    if raw:
        moment = next((m for m in submissions if str(m.pk) == raw), None)
        if moment is None:
            raise Http404
    if moment is None:
        layers = viewer.layers
        stored = load_answers(evaluation, layers)
        answers = {
            layer: {no: (a.value, a.note) for no, a in rows.items()}
            for layer, rows in stored.items()
        }
    else:
        layers = (Layer.UNIT,)  # what the unit submitted
        answers = answers_at(evaluation, layers, moment.at)
    links = evaluation.evidence_links.select_related("evidence").order_by("linked_at", "pk")
    if moment is not None:
        links = links.filter(linked_at__lte=moment.at)
    evidence: dict[str, list[str]] = {}
    for link in links:
        evidence.setdefault(link.question, []).append(
            link.evidence.filename or link.evidence.description
        )
    sections = []
    for code in section_codes(framework):
        node = framework.nodes[code]
        rows = []
        for no in questions_under(framework, code):
            q = framework.questions[no]
            cells = []
            for layer in layers:
                value, note = answers[layer].get(no, ("", ""))
                cells.append({"display": display_answer(q, value, language), "note": note})
            rows.append({"q": q, "cells": cells, "evidence": evidence.get(no, [])})
        sections.append({"node": node, "rows": rows})
    context = {
        "evaluation": evaluation,
        "framework": framework,
        "layers": [{"code": layer, "label": layer_label(layer)} for layer in layers],
        "sections": sections,
        "moment": moment,
        "submissions": submissions,
    }
    return render(request, "evaluations/workspace/print.html", context)
