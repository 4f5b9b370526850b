"""The LKE page of an evaluation: the unit fills its self-assessment, the TPI and the TPN answer in
their own layers beside it. Thin views over `actions`; the page data comes from `presenters`.

htmx swaps one question block after each save and refreshes the score panel (`HX-Trigger:
answerSaved`); without JavaScript every form posts normally and comes back to `#q-<no>`.

Context of `evaluations/detail.html` (`presenters.lke_page` plus `stage_context`):
  evaluation, viewer (Viewer: layers, writable, main, tpi, tpn, evaluator, may_revise…),
  read_only, can_edit_evidence, may_comment, framework (zona.lke Framework), layers
  [{code, label}], may_release, fragments {tree, panel, revisions} (slots: the view puts the
  HTML, cached by content, into the rendered page as bytes), and the stage panel's keys.
The fragments are rendered from `fill/_tree.html` (tree [{node, depth, children, questions
  [block], computed, flagged, focused, open}] → `_node.html`, each block's HTML halves around
  `evaluations/_evidence.html`), `fill/_scores.html` (panel {columns, rows, conditions,
  progress, gap, …}) and `fill/_revisions.html` (revision_list); see `presenters.page_data`.
Context of `fill/_question.html` (one block, the htmx answer): evaluation, viewer, read_only,
  can_edit_evidence, may_comment, t, oob, b (q, no, others, current, differs, mine {value,
  note, version}, state, revision, comments, changes, evidence_links, html (before, after)).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zona.lke.errors import AnswerError
from zona.lke.model import Question

from . import actions, presenters
from .access import get_evaluation_for
from .models import Evaluation
from .presenters import BlockState
from .views_stage import stage_context


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _question(evaluation: Evaluation, no: str) -> Question:
    question = evaluation.framework.framework().questions.get(no)
    if question is None:
        raise Http404
    return question


def _anchor(evaluation: Evaluation, no: str) -> str:
    return f"{reverse('evaluations:detail', args=[evaluation.pk])}?q={no}#q-{no}"


def _version(raw: str | None) -> int:
    try:
        return max(int(raw or 0), 0)
    except ValueError:
        return 0


def _page(request: HttpRequest, evaluation: Evaluation, focus=None, state=None, status=200):
    """The LKE page; `state` shows what just happened to the focused question in its block."""
    context = presenters.lke_page(request.user, evaluation, focus=focus, state=state)
    context.update(stage_context(request.user, evaluation))
    # One masked token for the whole page: the forms of the page and of the fragments alike.
    context["csrf_token"] = token = get_token(request)
    response = render(request, "evaluations/detail.html", context, status=status)
    return presenters.fill_in(response, context["fragment_parts"], token)


def _block(request, evaluation, question, state=None, status=200) -> HttpResponse:
    context = presenters.single_block(request.user, evaluation, question, get_token(request), state)
    context["oob"] = state is not None  # the page-wide live region says what happened, too
    return render(request, "evaluations/fill/_question.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    return _page(request, evaluation, focus=request.GET.get("q"))


@login_required
@require_POST
def answer(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """Save one answer in the person's layer. 409 when someone else saved it in between (their
    answer is shown with the typed one kept), 422 when the answer is not valid."""
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    viewer = presenters.viewer_for(request.user, evaluation)
    if viewer.writable is None:
        raise PermissionDenied
    raw = request.POST.get("value", "")
    note = request.POST.get("note", "")
    version = _version(request.POST.get("version"))
    try:
        actions.save_answer(request.user, evaluation, q.no, viewer.writable, raw, note, version)
    except actions.StaleAnswer as exc:
        status = 409
        state = BlockState("stale", str(exc), raw, note, exc.current.version)
    except AnswerError as exc:
        status = 422
        state = BlockState("error", exc.message(presenters.lang()), raw, note, version)
    else:
        if not _htmx(request):
            messages.success(request, _("Answer to question %(no)s saved.") % {"no": q.no})
            return redirect(_anchor(evaluation, q.no))
        response = _block(request, evaluation, q, BlockState("saved", _("Saved")))
        response["HX-Trigger"] = "answerSaved"
        return response
    if _htmx(request):
        return _block(request, evaluation, q, state, status)
    return _page(request, evaluation, focus=q.no, state=state, status=status)


def _after(request, evaluation, q, state: BlockState, ok: bool) -> HttpResponse:
    """The answer of the review forms (revision, comment): the block, or back to the page."""
    if _htmx(request):
        return _block(request, evaluation, q, state, 200 if ok else 422)
    (messages.success if ok else messages.error)(request, state.message)
    return redirect(_anchor(evaluation, q.no))


def _form(request, evaluation, q, template: str, **extra) -> HttpResponse:
    """A question's small form: alone for htmx (it opens inside the block), else in a page."""
    viewer = presenters.viewer_for(request.user, evaluation)
    context = {"evaluation": evaluation, "q": q, "viewer": viewer, **extra}
    if _htmx(request):
        response = render(request, template, context)
    else:
        page = {**context, "form_template": template}
        response = render(request, "evaluations/fill/question_form.html", page)
    patch_vary_headers(response, ["HX-Request"])  # a partial and a page share the URL
    return response


@login_required
@require_http_methods(["GET", "POST"])
def revision(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """The TPI marks a question "perlu perbaikan" with its reason, or withdraws the mark. GET
    gives the form."""
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    if request.method == "GET":
        if not presenters.viewer_for(request.user, evaluation).may_revise:
            raise PermissionDenied
        current = presenters.revisions_for(evaluation, q.no).get(q.no)
        return _form(
            request, evaluation, q, "evaluations/fill/_revision_form.html", revision=current
        )
    try:
        if request.POST.get("withdraw"):
            actions.withdraw_revision(request.user, evaluation, q.no)
            message = _("Revision request withdrawn.")
        else:
            actions.request_revision(request.user, evaluation, q.no, request.POST.get("reason"))
            message = _("Marked as needing revision.")
    except actions.EvaluationError as exc:
        return _after(request, evaluation, q, BlockState("revision", str(exc)), ok=False)
    return _after(request, evaluation, q, BlockState("revision", message), ok=True)


@login_required
@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """Add a comment to a question's thread (internal: only the evaluators read it until the TPI
    releases its notes). GET gives the form."""
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    if request.method == "GET":
        if evaluation.is_read_only:
            raise PermissionDenied
        return _form(request, evaluation, q, "evaluations/fill/_comment_form.html")
    internal = bool(request.POST.get("internal"))
    try:
        actions.add_comment(request.user, evaluation, q.no, request.POST.get("body"), internal)
    except actions.EvaluationError as exc:
        return _after(request, evaluation, q, BlockState("comment", str(exc)), ok=False)
    return _after(request, evaluation, q, BlockState("comment", _("Comment added.")), ok=True)


@login_required
@require_POST
def release_tpi(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    actions.release_tpi_notes(request.user, evaluation)
    messages.success(request, _("The TPI's answers and notes are now visible to the unit."))
    return redirect(evaluation)


@login_required
@require_GET
def history(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    viewer = presenters.viewer_for(request.user, evaluation)
    context = {
        "evaluation": evaluation,
        "q": q,
        "changes": presenters.history(evaluation, viewer, q),
    }
    template = (
        "evaluations/fill/_history.html" if _htmx(request) else "evaluations/fill/history.html"
    )
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def score_panel(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    framework = evaluation.framework.framework()
    viewer = presenters.viewer_for(request.user, evaluation)
    answers = presenters.load_scoring_answers(evaluation, viewer.layers)
    results = presenters.score_layers(evaluation, framework, answers)
    evidence = presenters.evidence_for(evaluation)
    context = {
        "evaluation": evaluation,
        "panel": presenters.score_panel(evaluation, framework, viewer, results, evidence),
    }
    return render(request, "evaluations/fill/_scores.html", context)
