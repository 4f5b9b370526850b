"""“Also attach to…”: one document of a question attached to several other questions in one
action (`actions.attach_evidence_to`, one audit event listing them).

The picker opens in the question's evidence block (htmx, or the question's evidence page
without JavaScript) with the questions of the same area, by sub-component; a search by
number or text reaches the whole LKE. The answer to the attach is this question's block, and
for each question newly carrying the document its block and evidence count, swapped where
they are on the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from zona.evidence.models import Evidence
from zona.lke.model import Framework

from . import actions
from .access import get_evaluation_for
from .models import Evaluation, EvidenceLink
from .views_evidence import (
    _is_htmx,
    _links,
    _question,
    _refused,
    _respond,
    block_context,
    can_edit_evidence,
    outline_links,
    render_block,
)

RESULTS = "evaluations/evidence/_also.html#results"
DONE = "evaluations/evidence/_also_done.html"
SEARCH_LIMIT = 40


@dataclass(frozen=True)
class Candidate:
    no: str
    text: str
    attached: bool  # already carries the document
    chosen: bool = False  # ticked before the search that lists it


@dataclass(frozen=True)
class Group:
    name: str
    questions: list[Candidate]


def _area_of(framework: Framework, node: str) -> str:
    """The area holding the node; outside any area (the Hasil part), its nearest parent."""
    for code in [node, *framework.ancestors(node)]:
        if framework.nodes[code].kind == "area":
            return code
    return framework.nodes[node].parent or node


def _leaves(framework: Framework, code: str) -> list[str]:
    node = framework.nodes[code]
    out = [code] if node.questions else []
    for child in node.children:
        out.extend(_leaves(framework, child))
    return out


def _matches(framework: Framework, search: str) -> list[str]:
    """Questions whose number is or starts with `search`, then those whose text holds it."""
    needle = search.casefold()
    by_number = [no for no in framework.questions if no.casefold().startswith(needle)]
    by_number.sort(key=lambda no: (no.casefold() != needle, len(no), no))
    by_text = [
        no for no, q in framework.questions.items()
        if needle in q.text.casefold() and no not in by_number
    ]  # fmt: skip
    return (by_number + by_text)[:SEARCH_LIMIT]


def candidates(
    evaluation: Evaluation, source: str, evidence: Evidence, search: str,
    chosen: frozenset[str] = frozenset(),
) -> list[Group]:  # fmt: skip
    """The questions offered, by sub-component, without the source question: those of its area,
    or those the search finds; questions ticked before a search stay listed (and ticked) first.
    One query (the document's links in this evaluation)."""
    framework = evaluation.framework.framework()
    attached = set(
        EvidenceLink.objects.filter(evaluation=evaluation, evidence=evidence).values_list(
            "question", flat=True
        )
    )

    def candidate(no: str) -> Candidate:
        return Candidate(no, framework.questions[no].text, no in attached, no in chosen)

    if search:
        listed = [no for no in _matches(framework, search) if no != source]
    else:
        area = _area_of(framework, framework.questions[source].node)
        listed = [
            no for leaf in _leaves(framework, area) for no in framework.nodes[leaf].questions
            if no != source
        ]  # fmt: skip
    kept = [no for no in framework.questions if no in chosen and no not in listed]
    groups: dict[str, list[Candidate]] = {}
    for no in listed:
        groups.setdefault(framework.questions[no].node, []).append(candidate(no))
    out = [Group(framework.nodes[code].name, qs) for code, qs in groups.items()]
    if kept:
        out.insert(0, Group(_("Ticked so far"), [candidate(no) for no in kept]))
    return out


def _evidence_of(evaluation: Evaluation, source: str, evidence_pk: int) -> Evidence:
    """The document, when it is attached to the source question of this evaluation."""
    link = (
        EvidenceLink.objects.select_related("evidence")
        .filter(evaluation=evaluation, question=source, evidence_id=evidence_pk)
        .first()
    )
    if link is None:
        raise Http404
    return link.evidence


@login_required
@require_http_methods(["GET", "POST"])
def also_attach(request: HttpRequest, pk: int, question: str, evidence_pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    if not can_edit_evidence(request.user, evaluation):
        return _refused(request, evaluation, q)
    evidence = _evidence_of(evaluation, q.no, evidence_pk)
    search = (request.GET.get("cari") or "").strip()[:100]
    picker = {"evidence": evidence, "search": search}
    if request.method == "GET":
        chosen = frozenset(request.GET.getlist("questions"))
        picker["groups"] = candidates(evaluation, q.no, evidence, search, chosen)
        context = block_context(request, evaluation, q)
        context["evidence_also"] = picker
        if _is_htmx(request) and request.headers.get("HX-Target") == f"ev-{q.no}-also-list":
            return render(request, RESULTS, context)  # a search inside the open picker
        return render_block(request, context)
    wanted = [no for no in request.POST.getlist("questions") if no != q.no]
    try:
        attached = actions.attach_evidence_to(request.user, evaluation, wanted, evidence)
    except PermissionDenied:
        return _refused(request, evaluation, q)
    except actions.EvaluationError as exc:  # nothing chosen, or an unknown question
        picker["groups"] = candidates(evaluation, q.no, evidence, search, frozenset(wanted))
        return _respond(request, evaluation, q, error=str(exc), evidence_also=picker)
    if attached:
        notice = ngettext(
            "“%(name)s” also attached to question %(list)s.",
            "“%(name)s” also attached to %(n)d questions: %(list)s.",
            len(attached),
        ) % {"name": evidence.description, "n": len(attached), "list": ", ".join(attached)}
    else:
        notice = _("“%(name)s” was already attached to those questions.") % {
            "name": evidence.description
        }
    if not _is_htmx(request):
        return _respond(request, evaluation, q, notice=notice)
    framework = evaluation.framework.framework()
    links = _links_of(evaluation, [q.no, *attached])
    context = block_context(request, evaluation, q, links=links.get(q.no, []))
    context.update(
        evidence_notice=notice,
        evidence_count_oob=True,
        # Each question newly carrying the document, where it is on the page.
        evidence_others=[
            {"question": framework.questions[no], "links": links.get(no, [])} for no in attached
        ],
        outline_links=outline_links(request, evaluation, [q.no, *attached]),
    )
    return render(request, DONE, context)


def _links_of(evaluation: Evaluation, questions: list[str]) -> dict[str, list[EvidenceLink]]:
    grouped: dict[str, list[EvidenceLink]] = {}
    for link in _links(evaluation):
        if link.question in questions:
            grouped.setdefault(link.question, []).append(link)
    return grouped
