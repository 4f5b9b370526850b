"""Official documents: the Laporan Hasil Evaluasi of one evaluation and the printable summary of
an instansi, as an HTML page and as a PDF (WeasyPrint) from the same template and charts.

The report shows only what its reader may see: the layers `visible_layers` allows, revision
requests, and the evaluators' notes and comments of those layers — internal comments only where
`internal_comment_layers` allows (the TPI's internal notes never reach the unit before release).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from zona.core.scores import provisional_text, provisional_weights, reason_text
from zona.evaluations.access import internal_comment_layers, visible_layers
from zona.evaluations.models import Answer, Comment, Evaluation, Layer, RevisionRequest
from zona.evaluations.presenters import gap_items, load_scoring_answers, score_layers
from zona.lke.model import Framework
from zona.lke.scoring import ConditionResult, Result

from . import figures, numbers
from .unit import LAYER_ORDER, AreaRow

EVALUATOR_LAYERS = (Layer.TPI, Layer.TPN)


class SignatureForm(forms.Form):
    """The signature block's fields; all optional (left blank they print as lines to fill in)."""

    name = forms.CharField(label=gettext_lazy("Name"), max_length=150, required=False)
    nip = forms.CharField(
        label=gettext_lazy("NIP"),
        max_length=18,
        required=False,
        help_text=gettext_lazy("18 digits."),
    )
    position = forms.CharField(label=gettext_lazy("Position"), max_length=150, required=False)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=100, required=False)
    date = forms.DateField(
        label=gettext_lazy("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_nip(self) -> str:
        nip = re.sub(r"\s+", "", self.cleaned_data["nip"])
        if nip and not re.fullmatch(r"\d{18}", nip):
            raise forms.ValidationError(_("A NIP has exactly 18 digits."))
        return nip


@dataclass
class ScoreRow:
    label: str
    weight: float
    level: int
    # (points, percent of the weight, why it is "–") per layer
    cells: list[tuple[str, str, str]]


@dataclass
class Finding:
    question: str
    kind: str  # "revision", "note", "comment"
    layer: str
    text: str
    open: bool = True


def _area_of(framework: Framework) -> dict[str, str]:
    hasil = framework.role_node("hasil").name
    out = {}
    for no, question in framework.questions.items():
        area = framework.area_of(question.node)
        out[no] = area.name if area else hasil
    return out


def _score_rows(framework: Framework, layers: list[str], results: dict[str, Result]):
    ordered = [results[layer] for layer in layers]
    max_total = float(framework.max_total)

    def cells(values_and_weights):
        # value None: the workbook shows no number there; the reason goes in the cell's title
        return [
            (
                numbers.points(v),
                numbers.percent(100 * v / w if w and v is not None else None),
                reason_text(why) if v is None else "",
            )
            for v, w, why in values_and_weights
        ]

    def node_cells(code: str, weight: float):
        return cells((r.value_or_none(code), weight, r.not_computable.get(code)) for r in ordered)

    pengungkit, hasil = framework.role_node("pengungkit"), framework.role_node("hasil")
    total = cells((r.total_or_none, max_total, r.total_not_computable) for r in ordered)
    rows = [ScoreRow(_("Total"), max_total, 0, total)]
    rows.append(
        ScoreRow(
            pengungkit.name, float(pengungkit.weight), 1,
            node_cells(pengungkit.code, float(pengungkit.weight)),
        )
    )  # fmt: skip
    for index, area in enumerate(framework.areas):
        rows.append(
            ScoreRow(
                area.name, float(area.weight), 2,
                cells((r.areas[index].value_or_none, float(area.weight),
                       r.areas[index].not_computable) for r in ordered),
            )
        )  # fmt: skip
    rows.append(
        ScoreRow(hasil.name, float(hasil.weight), 1, node_cells(hasil.code, float(hasil.weight)))
    )
    for code in hasil.children:
        node = framework.nodes[code]
        weight = float(node.weight)
        rows.append(ScoreRow(node.name, weight, 2, node_cells(code, weight)))
    return rows


def condition_view(c: ConditionResult) -> dict[str, Any]:
    if c.kind == "share":
        required, actual = numbers.percent(100 * float(c.required)), numbers.percent(100 * c.actual)
        shortfall = numbers.percent(100 * c.shortfall) if c.shortfall else ""
    elif c.kind == "points":
        required, actual = numbers.points(float(c.required)), numbers.points(c.actual)
        shortfall = numbers.points(c.shortfall) if c.shortfall else ""
    else:
        required, actual, shortfall = str(c.required), str(c.actual or "–"), ""
    return {
        "label": c.label,
        "ref": c.ref or "",
        "required": required,
        "actual": actual,
        "met": c.met,
        "shortfall": shortfall,
    }


def findings(user, evaluation: Evaluation, framework: Framework, layers: list[str]):
    """[(area name, [Finding])] in framework order: revision requests, then the evaluators'
    answer notes and comments of the layers this person may read (three queries)."""
    area_of = _area_of(framework)
    order = {no: i for i, no in enumerate(framework.questions)}
    found: list[Finding] = []
    for row in RevisionRequest.objects.filter(evaluation=evaluation):
        found.append(
            Finding(row.question, "revision", Layer.TPI, row.reason, row.resolved_at is None)
        )
    readable = [layer for layer in EVALUATOR_LAYERS if layer in layers]
    notes = Answer.objects.filter(evaluation=evaluation, layer__in=readable).exclude(note="")
    for no, layer, note in notes.values_list("question", "layer", "note"):
        found.append(Finding(no, "note", layer, note))
    internal = internal_comment_layers(user, evaluation)
    comments = Comment.objects.filter(evaluation=evaluation, layer__in=EVALUATOR_LAYERS).filter(
        Q(internal=False) | Q(layer__in=internal)
    )
    for no, layer, body in comments.values_list("question", "layer", "body"):
        found.append(Finding(no, "comment", layer, body))
    grouped: dict[str, list[Finding]] = defaultdict(list)
    found.sort(key=lambda f: (order.get(f.question, 10**6), f.kind != "revision"))
    for finding in found:
        grouped[area_of.get(finding.question, "")].append(finding)
    names = [a.name for a in framework.areas] + [framework.role_node("hasil").name]
    return [(name, grouped[name]) for name in names if grouped.get(name)]


def evaluation_report(user, evaluation: Evaluation, signature: dict[str, Any]) -> dict[str, Any]:
    framework = evaluation.framework.framework()
    visible = set(visible_layers(user, evaluation))
    layers = [layer for layer in LAYER_ORDER if layer in visible]
    results = score_layers(evaluation, framework, load_scoring_answers(evaluation, tuple(layers)))
    answered = [layer for layer in layers if results[layer].answered_count]
    main = answered[-1] if answered else layers[0]
    areas = [
        AreaRow(
            a.code, a.name, float(a.weight),
            {layer: results[layer].areas[i].value_or_none for layer in layers},
        )
        for i, a in enumerate(framework.areas)
    ]  # fmt: skip
    result = results[main]
    return {
        "evaluation": evaluation,
        "unit": evaluation.unit,
        "instansi": evaluation.unit.instansi,
        "framework": framework,
        "layers": [(layer, figures.layer_name(layer)) for layer in layers],
        "main_layer": figures.layer_name(main),
        "score_rows": _score_rows(framework, layers, results),
        # A layer nobody has answered yet is "–" in the table, not bars of 0 %: left out.
        "chart": figures.area_bars(
            areas, answered or layers, _("Share of each area's weight reached")
        ),
        "predicate": result.predicate.name if result.predicate else "",
        "total": numbers.points(result.total_or_none),
        "total_reason": reason_text(result.total_not_computable),
        "provisional": provisional_text(result.provisional),
        "provisional_weights": provisional_weights(framework),
        "conditions": [condition_view(c) for c in result.conditions_of(evaluation.target)],
        "target_met": all(c.met for c in result.conditions_of(evaluation.target)),
        "findings": findings(user, evaluation, framework, layers),
        "gap": gap_items(evaluation, framework, result, (get_language() or "id")[:2]),
        "signature": signature,
    }


def _refuse(url: str, *args, **kwargs):
    """Everything a report shows is inline (styles, SVG charts): WeasyPrint fetches nothing, so
    no URL in anyone's text can make the server request it."""
    raise ValueError(f"reports fetch no resources ({url[:40]})")


def render_pdf(template: str, context: dict[str, Any], request=None) -> bytes:
    import weasyprint  # heavy (Pango, fonts): loaded by the first PDF, not at start-up

    html = render_to_string(template, context, request=request)
    return weasyprint.HTML(string=html, url_fetcher=_refuse).write_pdf()


def pdf_response(template: str, context: dict[str, Any], filename: str, request) -> HttpResponse:
    pdf = render_pdf(template, context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60] or "laporan"
