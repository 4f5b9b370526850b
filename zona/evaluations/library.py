"""The unit's own documents (`Evidence`: from LKE questions of any year and from plan
activities) as a source of the document library (zona.evidence.library). Only the unit's
team sees them all (as the download view lets it fetch them all); for a question, those
already attached there are left out. A search matches the description, the file name, the
link, or the number of a question the document supports."""

from __future__ import annotations

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zona.accounts.models import Role
from zona.evidence.library import Item
from zona.evidence.models import Evidence
from zona.orgs.access import reach

from .models import EvidenceLink

UNIT_TEAM = (Role.UNIT_MEMBER, Role.UNIT_LEAD)


def _in_team(user, unit_id: int) -> bool:
    """As `access.has_role_for` decides the unit team: the administrator counts as one."""
    r = reach(user)
    return r.everything or any(unit_id in r.roles.get(role, frozenset()) for role in UNIT_TEAM)


class UnitEvidence:
    kind = "evidence"
    label = gettext_lazy("Unit evidence")

    def date_field(self) -> str:
        return "created_at"

    def rows(self, user, unit_id: int, search: str, context: dict) -> QuerySet[Evidence]:
        if not _in_team(user, unit_id):
            return Evidence.objects.none()
        rows = Evidence.objects.filter(unit_id=unit_id)
        evaluation, question = context.get("evaluation"), context.get("question")
        if evaluation is not None and question:
            here = EvidenceLink.objects.filter(evaluation=evaluation, question=question)
            rows = rows.exclude(pk__in=here.values("evidence_id"))
        # Another app's "already attached here" (e.g. a plan activity's evidence ids).
        if context.get("exclude_evidence") is not None:
            rows = rows.exclude(pk__in=context["exclude_evidence"])
        if search:
            supports = EvidenceLink.objects.filter(
                evidence__unit_id=unit_id, question__iexact=search
            )
            rows = rows.filter(
                Q(description__icontains=search) | Q(filename__icontains=search)
                | Q(url__icontains=search) | Q(pk__in=supports.values("evidence_id"))
            )  # fmt: skip
        return rows

    def items(self, pks: list[int], context: dict) -> dict[int, Item]:
        first = EvidenceLink.objects.filter(evidence=OuterRef("pk")).order_by("linked_at", "pk")
        rows = (
            Evidence.objects.filter(pk__in=pks)
            .select_related("file")
            .annotate(
                first_year=Subquery(first.values("evaluation__year")[:1]),
                first_question=Subquery(first.values("question")[:1]),
            )
        )
        evaluation = context.get("evaluation")
        out = {}
        for ev in rows:
            if ev.first_year:
                origin = _("LKE %(year)s, question %(no)s") % {
                    "year": ev.first_year, "no": ev.first_question,
                }  # fmt: skip
            else:
                origin = _("not attached to any LKE question")
            download = None
            if ev.file_id and evaluation is not None:
                download = reverse("evaluations:evidence_download", args=[evaluation.pk, ev.pk])
            out[ev.pk] = Item(
                key=f"{self.kind}:{ev.pk}", kind=self.kind, description=ev.description,
                filename=ev.filename, url=ev.url, size=ev.file.size if ev.file_id else None,
                document_date=ev.document_date, added_at=ev.created_at, origin=origin,
                download=download,
            )  # fmt: skip
        return out

    def adopt(self, actor, unit_id: int, pk: int) -> Evidence:
        evidence = Evidence.objects.filter(pk=pk, unit_id=unit_id).first()
        if evidence is None or not _in_team(actor, unit_id):
            raise Http404
        return evidence
