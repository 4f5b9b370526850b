"""Every change of services, innovations, publications and the public page, and what they put
into an evaluation: permission, validation, write and audit trail, in one transaction each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.evaluations import actions as evaluation_actions
from zona.evaluations.access import writable_layer
from zona.evaluations.models import Answer, Evaluation, Layer
from zona.evidence import actions as documents
from zona.evidence.errors import EvidenceError
from zona.evidence.models import Evidence
from zona.evidence.storage import store as store_evidence_file
from zona.frameworks.models import FrameworkVersion
from zona.lke.errors import AnswerError
from zona.orgs.models import UnitKerja
from zona.plans.models import Activity

from . import lke
from .access import may_edit
from .models import (
    Innovation,
    InnovationEvidence,
    InnovationStatus,
    Publication,
    PublicPage,
    Service,
)
from .queries import lke_counts


class InnovationError(ValueError):
    """A change refused for a reason the person can act on; the message says which."""


def _require_team(actor, unit_id: int) -> None:
    if not may_edit(actor, unit_id):
        raise PermissionDenied


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _changes(before: dict | None, after: dict) -> tuple[dict | None, dict]:
    if before is None:
        return None, after
    changed = [k for k in after if after[k] != before.get(k)]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


# --- services ----------------------------------------------------------------------------------
def save_service(
    actor, unit: UnitKerja, *, name: str, description: str = "", active: bool = True,
    service: Service | None = None,
) -> Service:  # fmt: skip
    _require_team(actor, unit.pk)
    if service is not None and service.unit_id != unit.pk:
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the service.")})
    clash = Service.objects.filter(unit=unit, name__iexact=name)
    if service is not None:
        clash = clash.exclude(pk=service.pk)
    if clash.exists():
        raise ValidationError({"name": _("The unit already has a service of this name.")})
    with transaction.atomic():
        before = None
        if service is None:
            service = Service(unit=unit, created_by=actor)
        else:
            service = Service.objects.select_for_update().get(pk=service.pk)
            before = {"name": service.name, "description": service.description,
                      "active": service.active}  # fmt: skip
        service.name, service.description, service.active = name, description.strip(), active
        service.save()
        after = {"name": service.name, "description": service.description,
                 "active": service.active}  # fmt: skip
        b, a = _changes(before, after)
        record(actor, "service.created" if before is None else "service.changed", service,
               before=b, after=a)  # fmt: skip
    return service


# --- innovations -------------------------------------------------------------------------------
INNOVATION_FIELDS = (
    "name", "problem", "service", "start_date", "status", "measure", "measure_unit",
    "value_before", "value_after", "questions",
)  # fmt: skip


def lke_framework() -> FrameworkVersion | None:
    """The framework whose questions innovations name: the active 2021 LKE, else any active."""
    rows = FrameworkVersion.objects.filter(is_active=True).defer("source")
    return rows.filter(code="lke-2021").order_by("-loaded_at").first() or rows.first()


def validate_innovation(unit: UnitKerja, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    clean = dict(data)
    for name in ("name", "problem", "measure", "measure_unit"):
        clean[name] = (clean.get(name) or "").strip()
    if not clean["name"]:
        errors["name"] = _("Name the innovation.")
    if not clean["problem"]:
        errors["problem"] = _("Say which problem the innovation solves.")
    service = clean.get("service")
    if service is None or service.unit_id != unit.pk:
        errors["service"] = _("Choose one of the unit's services.")
    if not clean.get("start_date"):
        errors["start_date"] = _("Give the date the innovation started.")
    if clean.get("status") not in InnovationStatus.values:
        errors["status"] = _("Choose a status.")
    before, after = clean.get("value_before"), clean.get("value_after")
    if (before is None) != (after is None):
        errors["value_after" if after is None else "value_before"] = _(
            "Give the measure both before and after, or neither."
        )
    elif before is not None and not clean["measure"]:
        errors["measure"] = _("Say what the two values measure.")
    framework_version = lke_framework()
    allowed = (
        {q.no for q in lke.innovation_questions(framework_version.framework())}
        | {q.no for q in lke.publication_questions(framework_version.framework())}
        if framework_version
        else set()
    )
    questions = [str(q) for q in (clean.get("questions") or [])]
    wrong = [q for q in questions if q not in allowed]
    if wrong:
        errors["questions"] = _("Question(s) %(questions)s cannot be chosen here.") % {
            "questions": ", ".join(wrong)
        }
    clean["questions"] = [q for q in questions if q in allowed]
    clean["framework_code"] = framework_version.code if framework_version else ""
    if errors:
        raise ValidationError(errors)
    return clean


def _innovation_snapshot(innovation: Innovation) -> dict[str, Any]:
    out = {}
    for name in INNOVATION_FIELDS:
        value = getattr(innovation, "service_id" if name == "service" else name)
        out[name] = _plain(value)
    return out


def save_innovation(
    actor, unit: UnitKerja, data: dict[str, Any], innovation: Innovation | None = None
) -> Innovation:
    _require_team(actor, unit.pk)
    if innovation is not None and innovation.unit_id != unit.pk:
        raise PermissionDenied
    clean = validate_innovation(unit, data)
    with transaction.atomic():
        if innovation is None:
            innovation, before = Innovation(unit=unit), None
        else:
            innovation = Innovation.objects.select_for_update().get(pk=innovation.pk)
            before = _innovation_snapshot(innovation)
        for name in (*INNOVATION_FIELDS, "framework_code"):
            setattr(innovation, name, clean.get(name))
        innovation.updated_at, innovation.updated_by = timezone.now(), actor
        innovation.save()
        b, a = _changes(before, _innovation_snapshot(innovation))
        record(actor, "innovation.created" if before is None else "innovation.changed",
               innovation, before=b, after=a)  # fmt: skip
    return innovation


def add_innovation_evidence(
    actor, innovation: Innovation, *, description: str, upload=None, url: str = "",
    document_date: date | None = None,
) -> Evidence:  # fmt: skip
    """A file or link, stored in the unit's evidence (bukti dukung), attached to the
    innovation: the same document can then be attached to the LKE's questions."""
    _require_team(actor, innovation.unit_id)
    try:
        with transaction.atomic():
            evidence = documents.create(
                actor, innovation.unit_id, description=description, upload=upload, url=url,
                document_date=document_date,
            )  # fmt: skip
            InnovationEvidence.objects.create(
                innovation=innovation, evidence=evidence, linked_by=actor
            )
            after = {"evidence": evidence.pk, "description": evidence.description}
            record(actor, "innovation.evidence_added", innovation, after=after)
    except EvidenceError as refused:  # type, size, content or description: say why
        raise InnovationError(str(refused)) from refused
    return evidence


# --- publications ------------------------------------------------------------------------------
PUBLICATION_FIELDS = ("published_on", "title", "channel", "url", "activity", "innovation")


def validate_publication(unit: UnitKerja, data: dict[str, Any], has_file: bool) -> dict:
    errors: dict[str, str] = {}
    clean = dict(data)
    clean["title"] = (clean.get("title") or "").strip()
    clean["url"] = (clean.get("url") or "").strip()
    if not clean["title"]:
        errors["title"] = _("Give the title of what was published.")
    if not clean.get("published_on"):
        errors["published_on"] = _("Give the date it was published.")
    if has_file == bool(clean["url"]):
        errors["url"] = _("Give either a link or a file (a photo, a scan, a clipping).")
    activity, innovation = clean.get("activity"), clean.get("innovation")
    if activity is not None and activity.plan.unit_id != unit.pk:
        errors["activity"] = _("Choose an activity of the unit's action plans.")
    if innovation is not None and innovation.unit_id != unit.pk:
        errors["innovation"] = _("Choose one of the unit's innovations.")
    if errors:
        raise ValidationError(errors)
    return clean


def _publication_snapshot(p: Publication) -> dict[str, Any]:
    out = {name: _plain(getattr(p, f"{name}_id" if name in ("activity", "innovation") else name))
           for name in PUBLICATION_FIELDS}  # fmt: skip
    out["file"] = p.file.sha256 if p.file_id else ""
    return out


def save_publication(
    actor, unit: UnitKerja, data: dict[str, Any], *, upload=None,
    publication: Publication | None = None,
) -> Publication:  # fmt: skip
    """Log (or correct) a publication. A new file replaces the stored one; a link given
    instead of a kept file drops the file."""
    _require_team(actor, unit.pk)
    if publication is not None and publication.unit_id != unit.pk:
        raise PermissionDenied
    keeps_file = publication is not None and publication.file_id and not data.get("url")
    clean = validate_publication(unit, data, has_file=bool(upload) or bool(keeps_file))
    try:
        stored = store_evidence_file(upload) if upload else None
    except EvidenceError as refused:
        raise ValidationError({"upload": str(refused)}) from refused
    with transaction.atomic():
        if publication is None:
            publication, before = Publication(unit=unit, created_by=actor), None
        else:
            publication = Publication.objects.select_for_update().get(pk=publication.pk)
            before = _publication_snapshot(publication)
        for name in PUBLICATION_FIELDS:
            setattr(publication, name, clean.get(name))
        if stored is not None:
            publication.file, publication.filename = stored, upload.name
        elif clean["url"]:
            publication.file, publication.filename = None, ""
        publication.save()
        b, a = _changes(before, _publication_snapshot(publication))
        record(actor, "publication.created" if before is None else "publication.changed",
               publication, before=b, after=a)  # fmt: skip
    return publication


def publication_evidence(actor, publication: Publication) -> Evidence:
    """The unit's bukti dukung made of the publication (made once, then reused)."""
    if publication.evidence_id:
        return publication.evidence
    description = _("%(title)s (%(channel)s, %(date)s)") % {
        "title": publication.title,
        "channel": publication.get_channel_display(),
        "date": date_format(publication.published_on),
    }
    evidence = documents.create(
        actor, publication.unit_id, description=description[:300], url=publication.url,
        stored=publication.file, filename=publication.filename,
        document_date=publication.published_on,
    )  # fmt: skip
    publication.evidence = evidence
    publication.save(update_fields=["evidence"])
    return evidence


def attach_publication(
    actor, publication: Publication, evaluation: Evaluation, questions: list[str]
) -> list[str]:
    """Attach the publication as evidence to the chosen questions of the evaluation, in one
    step (the unit's layer must be open to the actor). Returns the questions attached."""
    _require_team(actor, publication.unit_id)
    if evaluation.unit_id != publication.unit_id:
        raise PermissionDenied
    if writable_layer(actor, evaluation) != Layer.UNIT:
        raise InnovationError(_("The unit's answers of this evaluation are closed now."))
    offered = {q.no for q in lke.publication_questions(evaluation.framework.framework())}
    chosen = [q for q in dict.fromkeys(str(q) for q in questions) if q in offered]
    if not chosen:
        raise InnovationError(_("Choose at least one of the LKE's publication questions."))
    with transaction.atomic():
        evidence = publication_evidence(actor, publication)
        for question in chosen:
            evaluation_actions.attach_evidence(actor, evaluation, question, evidence)
        record(actor, "publication.attached", publication,
               after={"evaluation": evaluation.pk, "questions": chosen,
                      "evidence": evidence.pk})  # fmt: skip
    return chosen


# --- the LKE counts ----------------------------------------------------------------------------
def counts_source(unit: UnitKerja, year: int) -> str:
    counts = lke_counts(unit.pk, year)
    return _(
        "From the innovation register of Zona: %(registered)d services registered, "
        "%(simplified)d simplified by a running or replicated innovation (as of %(date)s)."
    ) % {
        "registered": counts.registered,
        "simplified": counts.simplified,
        "date": date_format(counts.as_of),
    }


def take_counts(actor, evaluation: Evaluation) -> dict[str, int]:
    """Put the register's counts into the actor's layer of the evaluation (questions 122 and
    123 of the 2021 LKE), each with the source in its note; the answers go through
    `save_answer`, so the stage rules, the history and the score apply as for typed ones."""
    layer = writable_layer(actor, evaluation)
    if layer is None:
        raise PermissionDenied
    questions = lke.count_questions(evaluation.framework.framework())
    if questions is None:
        raise InnovationError(_("This LKE does not ask for these counts."))
    counts = lke_counts(evaluation.unit_id, evaluation.year)
    if not counts.registered:
        raise InnovationError(_("The unit has no service in the register yet."))
    note = counts_source(evaluation.unit, evaluation.year)
    values = {questions.registered: counts.registered, questions.simplified: counts.simplified}
    with transaction.atomic():
        current = {
            a.question: a
            for a in Answer.objects.filter(evaluation=evaluation, layer=layer, question__in=values)
        }
        for question, value in values.items():
            answer = current.get(question)
            try:
                evaluation_actions.save_answer(
                    actor, evaluation, question, layer, value, note,
                    answer.version if answer else 0,
                )  # fmt: skip
            except AnswerError as refused:
                lang = "en" if (get_language() or "id").startswith("en") else "id"
                raise InnovationError(refused.message(lang)) from None
        record(actor, "evaluation.counts_from_register", evaluation,
               before={q: (a.value if a else "") for q, a in
                       ((q, current.get(q)) for q in values)},
               after={"layer": layer, **values}, note=note)  # fmt: skip
    return values


# --- the public page ---------------------------------------------------------------------------
def set_public_page(actor, unit: UnitKerja, enabled: bool) -> PublicPage:
    _require_team(actor, unit.pk)
    with transaction.atomic():
        page, _created = PublicPage.objects.select_for_update().get_or_create(unit=unit)
        before = page.enabled
        page.enabled, page.changed_at, page.changed_by = enabled, timezone.now(), actor
        page.save()
        record(actor, "public_page.changed", page, before={"enabled": before},
               after={"enabled": enabled})  # fmt: skip
    return page


def activities_of(unit: UnitKerja):
    return (
        Activity.objects.filter(plan__unit=unit)
        .select_related("plan")
        .order_by("-plan__year", "title")
    )
