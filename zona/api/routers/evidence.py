"""Bukti dukung of an evaluation: metadata, upload (file or link), attach existing evidence,
detach, download. The rules are the actions' (who may change: the unit team while the unit
layer is open; which files: type, size, content) and the screens' download view (who may
fetch which file)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from zona.core.links import clean_web_link
from zona.evaluations import actions, views_evidence
from zona.evaluations.access import get_evaluation_for
from zona.evaluations.models import Evaluation, EvidenceLink
from zona.evidence.errors import EvidenceError
from zona.evidence.models import Evidence

from ..errors import ApiError
from ..pagination import Page, PageParams, paginate
from ..types import Id, IsoDate, QuestionNo, text

router = Router(tags=["evidence"])


class EvidenceOut(Schema):
    link_id: int
    evidence_id: int
    question: str
    description: str
    filename: str
    url: str
    document_date: date | None
    size: int | None
    content_type: str | None
    sha256: str | None
    linked_at: datetime
    download: str | None = Field(description="Path of the file's download, null for a link.")


class EvidenceFilters(PageParams):
    question: QuestionNo | None = None


class EvidenceForm(Schema):
    question: QuestionNo
    description: text(300)
    url: text(500, description="A link instead of a file.") = ""
    document_date: IsoDate | None = None


class AttachIn(Schema):
    question: QuestionNo
    evidence_id: Id


def _out(link: EvidenceLink) -> dict:
    evidence, stored = link.evidence, link.evidence.file
    download = None
    if stored is not None:
        download = reverse(
            "api:evidence_download", kwargs={"evaluation_id": link.evaluation_id,
                                             "evidence_id": evidence.pk},
        )  # fmt: skip
    return {
        "link_id": link.pk, "evidence_id": evidence.pk, "question": link.question,
        "description": evidence.description, "filename": evidence.filename, "url": evidence.url,
        "document_date": evidence.document_date, "size": stored.size if stored else None,
        "content_type": stored.content_type if stored else None,
        "sha256": stored.sha256 if stored else None, "linked_at": link.linked_at,
        "download": download,
    }  # fmt: skip


def _links(evaluation: Evaluation):
    return EvidenceLink.objects.filter(evaluation=evaluation).select_related(
        "evidence", "evidence__file"
    )


def _require_question(evaluation: Evaluation, number: str) -> None:
    if evaluation.framework.framework().questions.get(number) is None:
        raise Http404


@router.get("/{evaluation_id}/evidence", response=Page[EvidenceOut], summary="Evidence list")
def list_evidence(request, evaluation_id: Id, filters: Query[EvidenceFilters]):
    evaluation = get_evaluation_for(request.user, evaluation_id)
    rows = _links(evaluation).order_by("question", "linked_at", "pk")
    if filters.question:
        rows = rows.filter(question=filters.question)
    page = paginate(rows, filters)
    page["items"] = [_out(link) for link in page["items"]]
    return page


@router.post(
    "/{evaluation_id}/evidence", response={201: EvidenceOut},
    summary="Upload a file (multipart) or record a link for a question",
)  # fmt: skip
def add_evidence(
    request, evaluation_id: Id, data: Form[EvidenceForm], file: File[UploadedFile] = None
):
    """The file's type, size and content are checked as on the screens: 422 `invalid_evidence`
    with the reason."""
    evaluation = get_evaluation_for(request.user, evaluation_id)
    _require_question(evaluation, data.question)
    try:
        url = clean_web_link(data.url)  # the form's rule: http and https only
    except ValidationError as exc:
        raise ApiError(422, "invalid_evidence", " ".join(exc.messages)) from None
    try:
        evidence = actions.add_evidence(
            request.user, evaluation, data.question, description=data.description,
            upload=file, url=url, document_date=data.document_date,
        )  # fmt: skip
    except EvidenceError as exc:
        raise ApiError(422, "invalid_evidence", str(exc)) from None
    link = _links(evaluation).get(evidence=evidence, question=data.question)
    return Status(201, _out(link))


@router.post(
    "/{evaluation_id}/evidence/attach", response={201: EvidenceOut},
    summary="Attach the unit's existing evidence to a question",
)  # fmt: skip
def attach_evidence(request, evaluation_id: Id, data: AttachIn):
    evaluation = get_evaluation_for(request.user, evaluation_id)
    _require_question(evaluation, data.question)
    # Only the unit's own evidence: another unit's answers 404, as if it did not exist.
    evidence = Evidence.objects.filter(pk=data.evidence_id, unit_id=evaluation.unit_id).first()
    if evidence is None:
        raise Http404
    actions.attach_evidence(request.user, evaluation, data.question, evidence)
    return Status(201, _out(_links(evaluation).get(evidence=evidence, question=data.question)))


@router.delete(
    "/{evaluation_id}/evidence/links/{link_id}", response={204: None},
    summary="Detach evidence from a question (it stays among the unit's evidence)",
)  # fmt: skip
def detach_evidence(request, evaluation_id: Id, link_id: Id):
    evaluation = get_evaluation_for(request.user, evaluation_id)
    link = EvidenceLink.objects.filter(pk=link_id, evaluation=evaluation).first()
    if link is None:
        raise Http404
    link.evaluation = evaluation
    actions.detach_evidence(request.user, link)
    return Status(204, None)


@router.get(
    "/{evaluation_id}/evidence/{evidence_id}/download", url_name="evidence_download",
    summary="Download an evidence file (attachment)",
    response={200: None},
    openapi_extra={"responses": {200: {"description": "The file, as an attachment.",
                                       "content": {"application/octet-stream": {}}}}},
)  # fmt: skip
def download_evidence(request, evaluation_id: Id, evidence_id: Id):
    # The screens' view decides who may fetch which file (linked here, or the unit's own).
    return views_evidence.download(request, pk=evaluation_id, evidence_pk=evidence_id)
