"""Bukti dukung: the evidence of each question of an evaluation — list, upload (file or link),
reuse of the unit's existing evidence, detach, download.

The LKE page calls `evidence_by_question` once and includes `evaluations/_evidence.html` per
question with `evaluation`, `question`, `evidence_links` and `can_edit_evidence`: the list and
two links, the form to add evidence being loaded on demand (`?tambah=1`). Every change
goes through `actions`; a file leaves the server only through `download`, which checks who may
see it. Media files are never served publicly (there is no MEDIA_URL route).

The forms post with htmx (the answer is the question's evidence block) and without JavaScript
(a redirect to the evaluation with a message; a page with the errors when something is wrong).
"""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from zona.accounts.models import Role
from zona.core.links import WebLinkField
from zona.evidence import library
from zona.evidence.download import file_response
from zona.evidence.errors import EvidenceError
from zona.evidence.library import Library, library_page
from zona.evidence.models import Evidence
from zona.evidence.storage import check_upload
from zona.lke.model import Question

from . import actions
from .access import get_evaluation_for, has_role_for, writable_layer
from .models import Evaluation, EvidenceLink, Layer

logger = logging.getLogger(__name__)

BLOCK_TEMPLATE = "evaluations/_evidence.html"
LIBRARY_RESULTS = "evaluations/evidence/_library.html#results"
PAGE_TEMPLATE = "evaluations/evidence/question.html"
_LINK_RELATED = ("evidence", "evidence__file", "evidence__created_by", "linked_by")


# --- for the LKE page ------------------------------------------------------------------------
def evidence_by_question(evaluation: Evaluation) -> dict[str, list[EvidenceLink]]:
    """question number → the evidence links of that question, oldest first; ONE query.

    Each link has `.evidence`, `.evidence.file` (None for a link), `.evidence.created_by`,
    `.linked_by` and `.evaluation` loaded. Questions without evidence are absent: use
    `.get(question.no, [])`."""
    grouped: dict[str, list[EvidenceLink]] = {}
    for link in _links(evaluation):
        grouped.setdefault(link.question, []).append(link)
    return grouped


def can_edit_evidence(user, evaluation: Evaluation) -> bool:
    """Whether the person may add, attach and detach evidence now (the unit layer is open)."""
    return writable_layer(user, evaluation) == Layer.UNIT


def _links(evaluation: Evaluation, question: str | None = None) -> list[EvidenceLink]:
    rows = EvidenceLink.objects.filter(evaluation=evaluation)
    if question is not None:
        rows = rows.filter(question=question)
    links = list(rows.select_related(*_LINK_RELATED).order_by("linked_at", "pk"))
    for link in links:
        link.evaluation = evaluation  # no query per link when a template or action asks
    return links


# --- forms -----------------------------------------------------------------------------------
class EvidenceForm(forms.Form):
    """A new bukti dukung: a file or a link, described and (optionally) dated."""

    description = forms.CharField(
        label=gettext_lazy("Description"),
        max_length=300,
        error_messages={
            "required": gettext_lazy("Describe the document, e.g. its number and title.")
        },
    )
    document_date = forms.DateField(
        label=gettext_lazy("Document date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(label=gettext_lazy("File"), required=False)
    url = WebLinkField(label=gettext_lazy("Link"), required=False)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                check_upload(upload)
            except EvidenceError as exc:
                raise forms.ValidationError(str(exc), code="refused") from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if "file" in self.errors or "url" in self.errors:
            return cleaned
        upload, url = cleaned.get("file"), cleaned.get("url")
        if upload and url:
            self.add_error(None, _("Give either a file or a link, not both."))
        elif not upload and not url:
            self.add_error("file", _("Choose a file or give a link."))
        return cleaned


# --- helpers ---------------------------------------------------------------------------------
def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _question(evaluation: Evaluation, number: str) -> Question:
    found = evaluation.framework.framework().questions.get(str(number))
    if found is None:
        raise Http404
    return found


def _is_unit_team(user, evaluation: Evaluation) -> bool:
    return has_role_for(user, evaluation, Role.UNIT_MEMBER) or has_role_for(
        user, evaluation, Role.UNIT_LEAD
    )


def _back(evaluation: Evaluation, question: Question) -> HttpResponse:
    return redirect(f"{evaluation.get_absolute_url()}#q-{question.no}")


def _respond(
    request: HttpRequest, evaluation: Evaluation, question: Question, *, notice: str = "",
    error: str = "", form: EvidenceForm | None = None, picker: bool = False, **extra,
) -> HttpResponse:  # fmt: skip
    """htmx: the question's evidence block. Otherwise: back to the evaluation with a message,
    or — when a form must be shown again with its errors — the question's evidence page.
    `extra` goes to the block's context (the library, the "also attach to" picker, the
    documents just added)."""
    has_errors = bool(error) or (form is not None and bool(form.errors))
    shows_form = form is not None or picker or extra.get("evidence_also") is not None
    if not _is_htmx(request) and not (has_errors and shows_form):
        for level, text in ((messages.SUCCESS, notice), (messages.ERROR, error)):
            if text:
                messages.add_message(
                    request,
                    level,
                    _("Question %(no)s: %(message)s") % {"no": question.no, "message": text},
                )
        return _back(evaluation, question)
    context = block_context(request, evaluation, question, form=form, picker=picker)
    context.update(evidence_notice=notice, evidence_error=error, **extra)
    if notice and _is_htmx(request):  # a change: the outline's evidence counts come along
        context["outline_links"] = outline_links(request, evaluation, [question.no])
    return render_block(request, context)


def outline_links(request: HttpRequest, evaluation: Evaluation, numbers: list[str]) -> list:
    from .views_fill import outline_links_for  # the workspace's views build on this module

    return outline_links_for(request, evaluation, numbers)


def render_block(request: HttpRequest, context: dict) -> HttpResponse:
    """The evidence block (htmx, with the question's evidence count sent along) or, without
    JavaScript, the question's evidence page."""
    htmx = _is_htmx(request)
    context["evidence_count_oob"] = htmx
    response = render(request, BLOCK_TEMPLATE if htmx else PAGE_TEMPLATE, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def block_context(
    request: HttpRequest, evaluation: Evaluation, question: Question, *,
    form: EvidenceForm | None = None, picker: bool = False, adding: bool = False,
    links: list[EvidenceLink] | None = None,
) -> dict:  # fmt: skip
    """Everything `_evidence.html` reads, for one question (what the LKE page gives it, plus
    the form to add evidence or the one being corrected, and the unit's document library)."""
    can_edit = can_edit_evidence(request.user, evaluation)
    return {
        "evaluation": evaluation,
        "question": question,
        "evidence_links": _links(evaluation, question.no) if links is None else links,
        "can_edit_evidence": can_edit,
        "evidence_adding": adding and can_edit,
        "evidence_form": form,
        "evidence_max_bytes": settings.EVIDENCE_MAX_BYTES,
        "evidence_library": library_for(request, evaluation, question.no)
        if picker and can_edit
        else None,
    }


def library_for(request: HttpRequest, evaluation: Evaluation, question: str) -> Library:
    """The page of the unit's document library the request asks for (`cari`, `halaman`),
    without the documents already attached to this question."""
    return library_page(
        request.user, evaluation.unit_id, search=request.GET.get("cari", ""),
        number=request.GET.get("halaman", 1),
        context={"evaluation": evaluation, "question": question},
    )  # fmt: skip


def _refused(request: HttpRequest, evaluation: Evaluation, question: Question) -> HttpResponse:
    """The unit layer is not open to this person: the unit team hears why (the evaluation
    moved on); anyone else gets 404, as for anything outside their reach."""
    if not _is_unit_team(request.user, evaluation):
        raise Http404
    return _respond(
        request, evaluation, question,
        error=_("Evidence can be changed only by the unit team, while the evaluation is a "
                "draft or returned for revision."),
    )  # fmt: skip


# --- views -----------------------------------------------------------------------------------
@login_required
@require_GET
def question_evidence(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """The evidence of one question; `?tambah=1` opens the form to add evidence (the LKE page
    has only a link to it), `?lampirkan=1` the picker of existing evidence. htmx gets the
    block, a browser without JavaScript a page."""
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    picker = request.GET.get("lampirkan") == "1"
    adding = not picker and request.GET.get("tambah") == "1"
    context = block_context(request, evaluation, q, picker=picker, adding=adding)
    if picker and _is_htmx(request) and request.headers.get("HX-Target") == f"ev-{q.no}-lib":
        # A search or another page inside the open library: only its results.
        return render(request, LIBRARY_RESULTS, context)
    return render_block(request, context)


@login_required
@require_POST
def add(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    if not can_edit_evidence(request.user, evaluation):
        return _refused(request, evaluation, q)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return _respond(request, evaluation, q, form=form)
    data = form.cleaned_data
    try:
        ev = actions.add_evidence(
            request.user, evaluation, q.no, description=data["description"],
            upload=data["file"], url=data["url"], document_date=data["document_date"],
        )  # fmt: skip
    except PermissionDenied:
        return _refused(request, evaluation, q)
    except (actions.EvaluationError, EvidenceError) as exc:
        form.add_error(None, str(exc))
        return _respond(request, evaluation, q, form=form)
    return _respond(request, evaluation, q, notice=_("Evidence added."), evidence_just_added=[ev])


@login_required
@require_POST
def attach(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    if not can_edit_evidence(request.user, evaluation):
        return _refused(request, evaluation, q)
    # A library pick posts its key ("finding:4"); a plain evidence number is the unit's own.
    raw = request.POST.get("dokumen") or request.POST.get("evidence", "")
    key = f"evidence:{raw}" if raw.isdigit() else raw
    if library.parse_key(key) is None:
        return _respond(
            request, evaluation, q, picker=True, error=_("Choose a document from the list.")
        )
    try:
        # Another unit's document, or one the person may not see: 404, as if it did not exist.
        evidence, _new = actions.attach_from_library(request.user, evaluation, [q.no], key)
    except PermissionDenied:
        return _refused(request, evaluation, q)
    return _respond(
        request, evaluation, q, notice=_("Evidence attached."), evidence_just_added=[evidence]
    )


@login_required
@require_POST
def detach(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    link = EvidenceLink.objects.filter(pk=link_pk, evaluation=evaluation).first()
    if link is None:
        raise Http404
    link.evaluation = evaluation
    q = _question(evaluation, link.question)
    if not can_edit_evidence(request.user, evaluation):
        return _refused(request, evaluation, q)
    try:
        actions.detach_evidence(request.user, link)
    except PermissionDenied:
        return _refused(request, evaluation, q)
    return _respond(
        request, evaluation, q,
        notice=_("Evidence detached; it stays among the unit's evidence."),
    )  # fmt: skip


@login_required
@require_GET
def download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """A file of the evaluation's evidence, as an attachment under its original name.

    Whoever sees the evaluation may download the files linked to it; the unit team also the
    other files of the unit (those the picker offers). Links are not downloaded."""
    evaluation = get_evaluation_for(request.user, pk)
    evidence = (
        Evidence.objects.select_related("file")
        .filter(pk=evidence_pk, unit_id=evaluation.unit_id, file__isnull=False)
        .first()
    )
    if evidence is None:
        raise Http404
    linked = evidence.links.filter(evaluation=evaluation).exists()
    if not linked and not _is_unit_team(request.user, evaluation):
        raise Http404
    return file_response(evidence.file, evidence.filename)


def _name_of(upload) -> str:
    """A file's description when none is typed: its name without the extension."""
    stem = upload.name.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("_", " ").strip()
    return (stem or upload.name)[:300]


def _name_of_link(url: str) -> str:
    """A link's description when none is typed: its address without the scheme."""
    return url.split("://", 1)[-1].rstrip("/")[:300]


@login_required
@require_POST
def quick(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    """Evidence in one step, from the question itself: files dropped or picked (several at once)
    and/or a pasted link, each described by its name until someone describes it better. Every
    file is checked on its own: the good ones are kept, the refused ones named with the reason."""
    evaluation = get_evaluation_for(request.user, pk)
    q = _question(evaluation, question)
    if not can_edit_evidence(request.user, evaluation):
        return _refused(request, evaluation, q)
    uploads = request.FILES.getlist("files")
    raw_url = (request.POST.get("url") or "").strip()
    if not uploads and not raw_url:
        return _respond(request, evaluation, q, error=_("Choose a file or give a link."))
    added, refused, created = [], [], []
    if raw_url:
        try:
            url = WebLinkField().clean(raw_url)
        except forms.ValidationError as exc:
            refused.append(f"{raw_url[:80]}: {' '.join(exc.messages)}")
        else:
            created.append(
                actions.add_evidence(
                    request.user, evaluation, q.no, description=_name_of_link(url), url=url
                )
            )
            added.append(_name_of_link(url))
    for upload in uploads:
        try:
            ev = actions.add_evidence(
                request.user, evaluation, q.no, description=_name_of(upload), upload=upload
            )
        except (actions.EvaluationError, EvidenceError) as exc:
            refused.append(f"{upload.name}: {exc}")
        else:
            added.append(upload.name)
            created.append(ev)
    notice = (
        ngettext("%(n)d piece of evidence added: %(names)s.", "%(n)d pieces of evidence added: "
                 "%(names)s.", len(added)) % {"n": len(added), "names": ", ".join(added)}
        if added
        else ""
    )  # fmt: skip
    error = (_("Not added: %(list)s") % {"list": "; ".join(refused)}) if refused else ""
    return _respond(request, evaluation, q, notice=notice, error=error, evidence_just_added=created)
