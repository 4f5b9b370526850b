"""The parts of the Laporan Hasil Evaluasi that both its PDF and its Word document print (with
the letterhead of `zona.orgs.letterhead`): the findings per question, the recommendations as
sentences and the signature block.

Everything here is plain data (strings, numbers, bytes); `reports.evaluation_report` puts it in
the one context that the PDF template and `lhe_docx` read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.accounts.models import Role, RoleAssignment
from zona.evaluations.access import internal_comment_layers
from zona.evaluations.models import Answer, Comment, Evaluation, Layer, RevisionRequest
from zona.evaluations.presenters import display_answer
from zona.lke.model import Framework
from zona.orgs.models import Instansi

from . import figures, numbers

EVALUATOR_LAYERS = (Layer.TPI, Layer.TPN)


@dataclass
class Finding:
    kind: str  # "revision", "note", "comment"
    layer: str
    text: str
    open: bool = True

    @property
    def label(self) -> str:
        layer = self.layer.upper()
        if self.kind == "revision":
            return _("Revision requested") if self.open else _("Revision requested (resolved)")
        if self.kind == "note":
            return _("%(layer)s note") % {"layer": layer}
        return _("%(layer)s comment") % {"layer": layer}


@dataclass
class QuestionFindings:
    no: str
    text: str
    answers: list[tuple[str, str]]  # (layer name, answer as written)
    criterion: str  # the criterion of the answer of the last layer that answered
    items: list[Finding] = field(default_factory=list)


def findings(
    user, evaluation: Evaluation, framework: Framework, layers: list[str], outward: bool = False
):
    """[(area name, [QuestionFindings])] in framework order: each question with a revision
    request, an evaluator's note or comment the reader may see, with its text, the layers'
    answers and the criterion met (four queries). `outward`: a copy that leaves the instansi
    (the proposal package) carries no internal comment, whoever builds it."""
    found: dict[str, list[Finding]] = defaultdict(list)
    for no, reason, resolved in RevisionRequest.objects.filter(evaluation=evaluation).values_list(
        "question", "reason", "resolved_at"
    ):
        found[no].append(Finding("revision", Layer.TPI, reason, resolved is None))
    readable = [layer for layer in EVALUATOR_LAYERS if layer in layers]
    notes = Answer.objects.filter(evaluation=evaluation, layer__in=readable).exclude(note="")
    for no, layer, note in notes.values_list("question", "layer", "note"):
        found[no].append(Finding("note", layer, note))
    internal = frozenset() if outward else internal_comment_layers(user, evaluation)
    comments = Comment.objects.filter(evaluation=evaluation, layer__in=EVALUATOR_LAYERS).filter(
        Q(internal=False) | Q(layer__in=internal)
    )
    for no, layer, body in comments.values_list("question", "layer", "body"):
        found[no].append(Finding("comment", layer, body))
    if not found:
        return []
    language = (get_language() or "id")[:2]
    given: dict[str, dict[str, str]] = defaultdict(dict)
    for no, layer, value in Answer.objects.filter(
        evaluation=evaluation, question__in=list(found), layer__in=layers
    ).values_list("question", "layer", "value"):
        given[no][layer] = value
    hasil = framework.role_node("hasil").name
    grouped: dict[str, list[QuestionFindings]] = defaultdict(list)
    for no, question in framework.questions.items():
        if no not in found:
            continue
        answers = [
            (figures.layer_name(layer), display_answer(question, given[no].get(layer), language))
            for layer in layers
        ]
        last = next((given[no][layer] for layer in reversed(layers) if given[no].get(layer)), "")
        area = framework.area_of(question.node)
        items = sorted(found[no], key=lambda f: f.kind != "revision")
        grouped[area.name if area else hasil].append(
            QuestionFindings(no, question.text, answers, question.criteria.get(last, ""), items)
        )
    names = [a.name for a in framework.areas] + [hasil]
    return [(name, grouped[name]) for name in names if grouped.get(name)]


def recommendations(gap: dict[str, Any], framework: Framework) -> list[str]:
    """The gap analysis's moves as sentences with their figures, most helpful first."""
    sentences = []
    for item in gap["items"]:
        gain = numbers.points(item["gain"])
        if item["kind"] == "question":
            no = item["anchor"]
            question = framework.questions[no]
            figures_of = {
                "no": no,
                "text": question.text.rstrip(". "),
                "current": item["current"],
                "suggested": item["suggested"] or _("the full value"),
                "gain": gain,
            }
            if not item["current"]:
                sentence = _(
                    "Answer question %(no)s, “%(text)s”, with %(suggested)s: the total score "
                    "rises by %(gain)s points"
                )
            elif question.options:
                sentence = _(
                    "Improve question %(no)s, “%(text)s”, from answer %(current)s to "
                    "%(suggested)s: the total score rises by %(gain)s points"
                )
            else:
                sentence = _(
                    "Raise the value of question %(no)s, “%(text)s”, from %(current)s to "
                    "%(suggested)s: the total score rises by %(gain)s points"
                )
            sentence %= figures_of
        else:
            sentence = _(
                "Raise %(label)s from %(current)s to 100 %%: the total score rises by "
                "%(gain)s points"
            ) % {
                "label": item["label"],
                "current": numbers.percent(100 * item["value"]),
                "gain": gain,
            }
        if item["fixes"]:
            sentence += _(", and this alone meets: %(conditions)s") % {
                "conditions": "; ".join(item["fixes"])
            }
        sentences.append(sentence + ".")
    return sentences


def tpi_lead(instansi: Instansi):
    """The person holding the TPI lead role of the instansi (the longest-serving, if several)."""
    role = (
        RoleAssignment.objects.filter(role=Role.TPI_LEAD, instansi=instansi)
        .select_related("user")
        .order_by("granted_at", "pk")
        .first()
    )
    return role.user if role else None


def signature_block(instansi: Instansi, given: dict[str, Any]) -> dict[str, Any]:
    """Filled from the TPI lead's role and the letterhead's city; what the signer typed in the
    report's form wins over each default."""
    lead = tpi_lead(instansi)
    block = {
        "name": (lead.get_full_name() or lead.get_username()) if lead else "",
        "nip": "",
        "position": _("Chair of the Internal Assessment Team (TPI) of %(instansi)s")
        % {"instansi": instansi.name},
        "place": instansi.city,
        "date": timezone.localdate(),
    }
    block.update({k: v for k, v in given.items() if v})
    return block
