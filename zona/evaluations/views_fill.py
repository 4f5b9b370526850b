"""The LKE workspace of an evaluation: the unit fills its self-assessment, the TPI and the TPN
answer in their own layers beside it. Thin views over `actions`; what the pages show comes from
`workspace.Workspace`, rendered by the templates of `evaluations/workspace/`.

One section (an area, a sub-component, the Hasil part) is shown at a time beside the outline, each
at its own URL; `?saring=` shows the questions of the whole LKE that match a filter instead. htmx
asks for the named partial "work" (the outline comes along out of band); without JavaScript every
link is a page and every form posts normally and comes back to `?q=<no>#q-<no>`. A save answers
with the question's block, the outline and the score line (`workspace/_saved.html`) and tells the
score panel to refresh (`HX-Trigger: answerSaved`).
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zona.lke.errors import AnswerError
from zona.lke.model import Question

from . import actions, presenters, workspace_cache
from .access import get_evaluation_for
from .models import Evaluation
from .presenters import BlockState
from .views_stage import stage_context
from .workspace import FILTERS, Workspace, questions_under

PAGE = "evaluations/workspace/page.html"


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )


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


def _common(ws: Workspace) -> dict:
    """What every template of the workspace reads besides its own part."""
    viewer = ws.viewer
    return {
        "evaluation": ws.evaluation,
        "ws": ws,
        "viewer": viewer,
        "read_only": viewer.writable is None,
        "can_edit_evidence": viewer.may_edit_evidence,
        "may_comment": not ws.evaluation.is_read_only,
    }


def _work(ws: Workspace, *, section: str | None, kind: str | None, focus=None, state=None):
    """The main part: a section, or the questions matching a filter."""
    framework = ws.framework
    if kind in FILTERS:
        groups = ws.filtered(kind)
        return {
            "kind": "filter",
            "filter": kind,
            "title": str(FILTERS[kind]),
            "groups": groups,
            "count": sum(len(g["blocks"]) for g in groups),
        }, ws.section_of(section) if section else ws.sections[0]
    code = section or ws.sections[0]
    before, after = ws.neighbours(code)
    return {
        "kind": "section",
        "title": framework.nodes[code].name,
        "group": ws.section(code, focus=focus, state=state),
        "before": framework.nodes[before] if before else None,
        "after": framework.nodes[after] if after else None,
    }, code


def _context(request, ws: Workspace, *, section=None, kind=None, focus=None, state=None) -> dict:
    if section is None and focus in ws.framework.questions:
        section = ws.section_for_question(focus)
    work, section_code = _work(ws, section=section, kind=kind, focus=focus, state=state)
    last_no = None
    if work["kind"] == "section":
        shown = questions_under(ws.framework, section_code)
        last_no = shown[-1] if shown else None
    return {
        **_common(ws),
        "work": work,
        "section_code": section_code,
        "outline": ws.outline(section_code if work["kind"] == "section" else None),
        "filters": ws.filter_counts(),
        "next": {
            "unanswered": ws.next_matching("belum", after=focus or last_no)
            if ws.viewer.writable
            else None,
            "revision": ws.next_matching("perbaikan", after=focus or last_no),
        },
        "summary": ws.summary(),
    }


PARTS = ("revisions", "outline", "work", "summary")
BLOCK = "evaluations/workspace/_question.html"


def _shown_blocks(work: dict) -> list[dict]:
    """The question blocks of the main part, in page order."""
    if work["kind"] == "filter":
        return [b for g in work["groups"] for b in g["blocks"]]
    out: list[dict] = []

    def walk(group: dict) -> None:
        out.extend(group["blocks"])
        for child in group["children"]:
            walk(child)

    walk(work["group"])
    return out


def _render_blocks(ws: Workspace, context: dict) -> int:
    """Each shown block's markup, from the shared cache where that block did not change: a
    save re-renders one block, not the area. A block's markup has no token and no per-request
    state, so it is rendered without the request."""
    common = {key: context[key] for key in ("evaluation", "viewer", "read_only",
                                            "can_edit_evidence", "may_comment")}  # fmt: skip
    common["tokens_outside"] = True
    flags = (common["read_only"], common["can_edit_evidence"], common["may_comment"])

    def render(block: dict) -> str:
        return render_to_string(BLOCK, {**common, "b": block})

    return workspace_cache.render_blocks(
        ws.evaluation, ws.viewer, _shown_blocks(context["work"]), flags, render
    )


def _page(request, evaluation: Evaluation, *, section=None, focus=None, state=None, status=200):
    """The workspace: the whole page, or (htmx) the "work" partial with the outline. Its parts
    come from the shared cache for a person who only reads (`workspace_cache`)."""
    viewer = presenters.viewer_for(request.user, evaluation)
    # Only what names a filter or a question is kept, so that made-up values in the address
    # neither change the page nor fill the cache with copies of it.
    kind = request.GET.get("saring")
    kind = kind if kind in FILTERS else None
    focus = focus if focus in evaluation.framework.framework().questions else None
    htmx = _htmx(request)
    token = get_token(request)

    def render_parts() -> dict[str, str]:
        ws = Workspace(request.user, evaluation, viewer)
        context = _context(request, ws, section=section, kind=kind, focus=focus, state=state)
        context["hx_oob"] = htmx
        context["tokens_outside"] = True  # the forms take their token from the page around
        _render_blocks(ws, context)
        names = ("work",) if htmx else PARTS
        parts = {name: render_to_string(f"{PAGE}#{name}", context, request) for name in names}
        parts["forms"] = " ".join(workspace_cache.token_forms(*parts.values()))
        return parts

    entry = version = None
    # Typed state (after a refused save) belongs to this request only: never kept.
    if state is None and workspace_cache.cacheable(viewer):
        version = workspace_cache.content_version(evaluation, viewer)
        entry = workspace_cache.key(evaluation, version, "page", section, kind, focus, htmx)
    parts = workspace_cache.get_or_render(entry, render_parts)
    if htmx:
        response = HttpResponse(parts["work"], status=status)
    else:
        shell = _shell(request, evaluation, viewer, version)
        context = {
            "evaluation": evaluation,
            "viewer": viewer,
            "csrf_token": token,
            "token_forms": [*shell["forms"].split(), *parts["forms"].split()],
            "parts": parts,  # SafeStrings rendered by the templates, also out of the cache
            "shell": shell,
        }
        response = render(request, PAGE, context, status=status)
    patch_vary_headers(response, ["HX-Request"])  # a partial and a page share the URL
    return response


def current_node(request: HttpRequest, ws: Workspace, no: str) -> str | None:
    """The node the person's page shows as current (htmx says the page's address): a section
    or sub-component, the section of the question asked for, the first section, or None on a
    filter's page. Without the address: the section of question `no`."""
    address = request.headers.get("HX-Current-URL")
    if not address:
        return ws.section_for_question(no)
    url = urlsplit(address)
    base = reverse("evaluations:detail", args=[ws.evaluation.pk])
    if url.path.startswith(base + "lke/"):
        code = unquote(url.path[len(base + "lke/") :].strip("/"))
        return code if code in ws.framework.nodes else ws.section_for_question(no)
    query = parse_qs(url.query)
    if query.get("saring", [""])[0] in FILTERS:
        return None
    asked = query.get("q", [""])[0]
    return ws.section_for_question(asked) if asked in ws.framework.questions else ws.sections[0]


def _shell(request, evaluation: Evaluation, viewer, version: str | None) -> dict[str, str]:
    """The page's heading and stage panel (the moves' checklists, computed from the content),
    from the shared cache under the content version (which covers the deadlines), the moves
    the person's roles allow, today's date (the days left) and the instansi's TPI tiers."""
    moves = tuple(actions.available_moves(request.user, evaluation))

    def render_shell() -> dict[str, str]:
        context = {
            "evaluation": evaluation,
            "viewer": viewer,
            "framework": evaluation.framework.framework(),
            **stage_context(request.user, evaluation),
            "writable_label": presenters.layer_label(viewer.writable) if viewer.writable else "",
            "may_release": viewer.tpi and not evaluation.tpi_released,
            "tokens_outside": True,
        }
        shell = {name: render_to_string(f"{PAGE}#{name}", context, request)
                 for name in ("head", "stagebox")}  # fmt: skip
        shell["forms"] = " ".join(workspace_cache.token_forms(*shell.values()))
        return shell

    entry = None
    if version is not None:
        today = timezone.localdate().isoformat()
        # The instansi's TPI tiers (their names and people) are on the panel, not in the
        # evaluation's content: part of the key.
        tiers = repr(evaluation.unit.instansi.tpi_tiers)
        entry = workspace_cache.key(evaluation, version, "shell", moves, today, tiers)
    return workspace_cache.get_or_render(entry, render_shell)


def outline_links_for(request, evaluation: Evaluation, numbers: list[str]) -> list[dict]:
    """The outline's links whose counts changed with these questions (an evidence change), as
    the person's page shows them, each node once: sent along out of band."""
    ws = Workspace(request.user, evaluation)
    out: dict[str, dict] = {}
    for no in numbers:
        if no in ws.framework.questions:
            for entry in ws.outline_links(no, current_node(request, ws, no)):
                out.setdefault(entry["node"].code, entry)
    return list(out.values())


def _block(request, evaluation, question, state=None, status=200, viewer=None) -> HttpResponse:
    """One question's block after a change, with the outline's counts of the nodes that hold
    it and the score line (out of band): nothing else of the area is rendered again."""
    ws = Workspace(request.user, evaluation, viewer)
    context = {
        **_common(ws),
        "b": ws.block(question.no, state),
        "oob": state is not None,
        "hx_oob": True,
        "outline_links": ws.outline_links(question.no, current_node(request, ws, question.no)),
        "summary": ws.summary(),
    }
    return render(request, "evaluations/workspace/_saved.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    return _page(request, evaluation, focus=request.GET.get("q"))


@login_required
@require_GET
def section(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    if code not in evaluation.framework.framework().nodes:
        raise Http404
    return _page(request, evaluation, section=code, focus=request.GET.get("q"))


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
        response = _block(request, evaluation, q, BlockState("saved", _("Saved")), viewer=viewer)
        response["HX-Trigger"] = "answerSaved"
        return response
    if _htmx(request):
        return _block(request, evaluation, q, state, status, viewer=viewer)
    return _page(request, evaluation, focus=q.no, state=state, status=status)


@login_required
@require_POST
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Setuju dengan unit": an evaluator takes the unit's answer as their own, for one question
    (`question`) or every question of a node (`node`) they have not answered."""
    evaluation = get_evaluation_for(request.user, pk)
    framework = evaluation.framework.framework()
    no, node = request.POST.get("question"), request.POST.get("node")
    if no is not None:
        q = _question(evaluation, no)
        wanted = [q.no]
    elif node in framework.nodes:
        wanted = questions_under(framework, node)
    else:
        raise Http404
    taken = actions.agree_with_unit(request.user, evaluation, wanted)
    message = ngettext(
        "The unit's answer taken as yours for %(n)d question.",
        "The unit's answers taken as yours for %(n)d questions.",
        len(taken),
    ) % {"n": len(taken)}
    if not _htmx(request):
        messages.success(request, message)
        if no is not None:
            return redirect(_anchor(evaluation, no))
        return redirect("evaluations:section", evaluation.pk, node)
    if no is not None:
        response = _block(request, evaluation, q, BlockState("saved", _("Saved")))
    else:
        response = _page(request, evaluation, section=node)
    response["HX-Trigger"] = "answerSaved"
    return response


@login_required
@require_POST
def revision_loop(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """The revision loop on one question: the unit replies (`do=reply`), the TPI closes or
    reopens the request (`do=close`, `do=reopen`)."""
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    do = request.POST.get("do")
    try:
        if do == "reply":
            actions.reply_to_revision(request.user, evaluation, q.no, request.POST.get("reply"))
            message = _("Reply saved: the TPI sees it with the request.")
        elif do == "close":
            actions.close_revision(request.user, evaluation, q.no)
            message = _("Revision request closed.")
        elif do == "reopen":
            actions.reopen_revision(request.user, evaluation, q.no)
            message = _("Revision request reopened.")
        else:
            raise Http404
    except actions.EvaluationError as exc:
        return _after(request, evaluation, q, BlockState("revision", str(exc)), ok=False)
    return _after(request, evaluation, q, BlockState("revision", message), ok=True)


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
    patch_vary_headers(response, ["HX-Request"])
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
    """The score panel, refreshed after a save (with the score line out of band)."""
    evaluation = get_evaluation_for(request.user, pk)
    viewer = presenters.viewer_for(request.user, evaluation)
    htmx = _htmx(request)

    def render_panel() -> dict[str, str]:
        ws = Workspace(request.user, evaluation, viewer)
        context = {**_common(ws), "panel": ws.panel(), "summary": ws.summary(), "hx_oob": True}
        template = "_panel.html" if htmx else "_scores_page.html"
        return {"panel": render_to_string(f"evaluations/workspace/{template}", context, request)}

    entry = None
    if workspace_cache.cacheable(viewer):
        version = workspace_cache.content_version(evaluation, viewer)
        entry = workspace_cache.key(evaluation, version, "scores", htmx)
    panel = workspace_cache.get_or_render(entry, render_panel)["panel"]
    if htmx:
        response = HttpResponse(panel)
    else:
        context = {"evaluation": evaluation, "panel_html": panel}
        response = render(request, "evaluations/workspace/scores.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response
