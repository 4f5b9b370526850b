"""The documents of the findings register (audit follow-ups) and of the capaian kinerja
records as a source of the unit's document library (zona.evidence.library), for whoever sees
the unit. A document already among the unit's evidence (the same stored file or the same
link) is not offered twice; picking one makes it the unit's evidence without copying bytes."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zona.evidence import actions as documents
from zona.evidence.library import Item
from zona.evidence.models import Evidence
from zona.orgs.access import units_for

from .models import Document


def _of_unit(user, unit_id: int) -> QuerySet[Document]:
    seen = units_for(user).filter(pk=unit_id).values("pk")
    return Document.objects.filter(
        Q(recommendation__finding__unit_id__in=seen) | Q(record__unit_id__in=seen)
    )


class FindingDocuments:
    kind = "finding"
    label = gettext_lazy("Audit follow-up or capaian kinerja")

    def date_field(self) -> str:
        return "added_at"

    def rows(self, user, unit_id: int, search: str, context: dict) -> QuerySet[Document]:
        unit_evidence = Evidence.objects.filter(unit_id=unit_id)
        rows = _of_unit(user, unit_id).exclude(
            file_id__in=unit_evidence.filter(file__isnull=False).values("file_id")
        )
        rows = rows.exclude(Q(url__in=unit_evidence.exclude(url="").values("url")) & ~Q(url=""))
        if search:
            rows = rows.filter(
                Q(description__icontains=search) | Q(filename__icontains=search)
                | Q(url__icontains=search)
                | Q(recommendation__finding__report_number__icontains=search)
            )  # fmt: skip
        return rows

    def items(self, pks: list[int], context: dict) -> dict[int, Item]:
        rows = Document.objects.filter(pk__in=pks).select_related(
            "file", "recommendation__finding", "record"
        )
        out = {}
        for doc in rows:
            if doc.recommendation_id:
                origin = _("Audit follow-up, %(report)s") % {
                    "report": doc.recommendation.finding.report_number
                }
            else:
                origin = _("Capaian kinerja %(year)s") % {"year": doc.record.year}
            out[doc.pk] = Item(
                key=f"{self.kind}:{doc.pk}", kind=self.kind, description=doc.description,
                filename=doc.filename, url=doc.url, size=doc.file.size if doc.file_id else None,
                document_date=None, added_at=doc.added_at, origin=origin,
                download=reverse("findings:document", args=[doc.pk])
                if doc.file_id else None,
            )  # fmt: skip
        return out

    def adopt(self, actor, unit_id: int, pk: int) -> Evidence:
        doc = _of_unit(actor, unit_id).select_related("file").filter(pk=pk).first()
        if doc is None:
            raise Http404
        same = Evidence.objects.filter(unit_id=unit_id)
        same = same.filter(file_id=doc.file_id) if doc.file_id else same.filter(url=doc.url)
        return same.first() or documents.create(
            actor, unit_id, description=doc.description, url=doc.url, stored=doc.file,
            filename=doc.filename,
        )  # fmt: skip
