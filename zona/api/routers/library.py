"""The unit's document library (`zona.evidence.library`: every document the unit already has,
wherever it was added, searchable) and attaching one document to several LKE questions in one
action (`zona.evaluations.actions.attach_from_library`), as the evidence screens do. Each
source of the library decides what the caller sees (the unit's own evidence: its team; audit
follow-ups and capaian kinerja documents: whoever sees the unit)."""

from __future__ import annotations

from datetime import date, datetime

from django.http import Http404
from django.urls import reverse
from ninja import Query, Router, Schema, Status
from pydantic import Field

from zona.evaluations import actions
from zona.evaluations.access import get_evaluation_for
from zona.evidence import library
from zona.evidence.library import Item, library_slice
from zona.orgs.access import get_unit_for

from ..pagination import Page, PageParams
from ..types import Id, QuestionNo, Search, text
from .evidence import EvidenceOut, _links, _out

router = Router(tags=["evidence"])


class LibraryItemOut(Schema):
    key: str = Field(description='What to attach: "evidence:12", "finding:4".')
    kind: str
    description: str
    filename: str
    url: str
    size: int | None
    document_date: date | None
    added_at: datetime
    origin: str = Field(description="Where it comes from, in the caller's language.")
    download: str | None = Field(
        description="API path of the file's download (for the unit's evidence: with "
        "`evaluation` given), null for a link."
    )


class LibraryFilters(PageParams):
    q: Search | None = Field(None, description="Part of the description, file name, link, "
                             "report number, or a question number.")  # fmt: skip
    evaluation: Id | None = Field(None, description="Within this evaluation of the unit…")
    question: QuestionNo | None = Field(None, description="…leaving out what this question has.")


class AttachManyIn(Schema):
    document: text(40, description='A key of the library ("finding:4"), or an evidence id.')
    questions: list[QuestionNo] = Field(min_length=1, max_length=200)


class AttachManyOut(Schema):
    evidence_id: int = Field(description="The unit's evidence (made from the document).")
    attached: list[str] = Field(description="The questions it was newly attached to.")
    links: list[EvidenceOut] = Field(description="Its links in this evaluation, all questions.")


def _download(item: Item, evaluation_id: int | None) -> str | None:
    if item.url:  # a link: nothing to download
        return None
    _kind, _sep, pk = item.key.partition(":")
    if item.kind == "finding":
        return reverse("api:finding_document", kwargs={"document_id": int(pk)})
    if item.kind == "evidence" and evaluation_id is not None:
        return reverse(
            "api:evidence_download",
            kwargs={"evaluation_id": evaluation_id, "evidence_id": int(pk)},
        )
    return None


@router.get(
    "/units/{unit_id}/library", response=Page[LibraryItemOut],
    summary="The unit's documents, newest first (to reuse instead of uploading again)",
)  # fmt: skip
def unit_library(request, unit_id: Id, filters: Query[LibraryFilters]):
    unit = get_unit_for(request.user, unit_id)
    context = {}
    if filters.evaluation is not None:
        evaluation = get_evaluation_for(request.user, filters.evaluation)
        if evaluation.unit_id != unit.pk:
            raise Http404
        context = {"evaluation": evaluation, "question": filters.question}
    total, items = library_slice(
        request.user, unit.pk, search=filters.q or "", offset=filters.offset,
        limit=filters.limit, context=context,
    )  # fmt: skip
    return {
        "count": total, "limit": filters.limit, "offset": filters.offset,
        "items": [
            {**{f: getattr(i, f) for f in LibraryItemOut.model_fields if f != "download"},
             "origin": str(i.origin), "download": _download(i, filters.evaluation)}
            for i in items
        ],
    }  # fmt: skip


@router.post(
    "/evaluations/{evaluation_id}/evidence/attach-many", response={201: AttachManyOut},
    summary="Attach one document of the unit's library to several questions at once",
)  # fmt: skip
def attach_many(request, evaluation_id: Id, data: AttachManyIn):
    """One action and one audit event; questions already carrying it are left as they are.
    A document of another register (an audit follow-up) becomes the unit's evidence, its
    stored bytes shared. Another unit's document, or one you may not see: 404."""
    evaluation = get_evaluation_for(request.user, evaluation_id)
    for no in data.questions:
        if evaluation.framework.framework().questions.get(no) is None:
            raise Http404
    key = f"evidence:{data.document}" if data.document.isdigit() else data.document
    if library.parse_key(key) is None:
        raise Http404
    evidence, new = actions.attach_from_library(request.user, evaluation, data.questions, key)
    links = _links(evaluation).filter(evidence=evidence).order_by("question", "pk")
    return Status(
        201, {"evidence_id": evidence.pk, "attached": new, "links": [_out(x) for x in links]}
    )
