"""The media log of a unit: what was published about the zone, a summary per channel and
month for a year, and a publication attached as evidence to the LKE's publication questions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zona.core.tabular import FORMATS, table_response
from zona.evaluations.models import Evaluation, EvidenceLink, Stage
from zona.evidence.download import file_response

from . import actions, lke
from .access import get_publication_for, get_unit_for, may_edit
from .forms import PublicationForm
from .models import Channel, Publication
from .queries import media_summary
from .views import _year

OPEN_FOR_THE_UNIT = (Stage.DRAFT, Stage.RETURNED)


@login_required
@require_GET
def media_log(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    year = _year(request.GET.get("tahun"), timezone.localdate().year)
    channel = request.GET.get("kanal", "")
    rows = (
        Publication.objects.visible_to(request.user)
        .filter(unit=unit, published_on__year=year)
        .select_related("activity", "innovation", "file")
    )
    if channel in Channel.values:
        rows = rows.filter(channel=channel)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return _export(unit, year, rows, fmt)
    return render(
        request,
        "innovations/media.html",
        {
            "unit": unit,
            "year": year,
            "years": range(timezone.localdate().year + 1, timezone.localdate().year - 6, -1),
            "publications": rows,
            "summary": media_summary(unit.pk, year),
            "months": _month_labels(),
            "channels": Channel.choices,
            "channel": channel,
            "can_edit": may_edit(request.user, unit.pk),
            "query": request.GET.urlencode(),
        },
    )


def _month_labels() -> list[str]:
    from django.utils.dates import MONTHS_3

    return [str(MONTHS_3[m]).capitalize() for m in range(1, 13)]


def _export(unit, year: int, rows, fmt: str) -> HttpResponse:
    headers = [
        _("Date published"), _("Title"), _("Channel"), _("Link"), _("File"),
        _("Activity it is about"), _("Innovation it is about"),
    ]  # fmt: skip
    body = (
        [
            p.published_on,
            p.title,
            p.get_channel_display(),
            p.url,
            p.filename,
            p.activity.title if p.activity else "",
            p.innovation.name if p.innovation else "",
        ]
        for p in rows
    )
    name = f"publikasi-{slugify(unit.name)}-{year}"
    return table_response(fmt, name, headers, body, title=_("Media log"))


def _log_url(unit_pk: int) -> str:
    return reverse("innovations:media", args=[unit_pk])


@login_required
def publication_form(request: HttpRequest, unit_pk: int, pk: int | None = None) -> HttpResponse:
    publication = get_publication_for(request.user, pk, write=True) if pk else None
    if publication is not None and publication.unit_id != unit_pk:
        raise Http404
    unit = get_unit_for(request.user, unit_pk, write=True)
    initial = None
    if publication is not None:
        initial = {name: getattr(publication, name) for name in actions.PUBLICATION_FIELDS}
        initial.update(activity=publication.activity_id, innovation=publication.innovation_id)
    else:
        initial = {"published_on": timezone.localdate()}
        if str(request.GET.get("inovasi", "")).isdigit():
            initial["innovation"] = int(request.GET["inovasi"])
    form = PublicationForm(
        request.POST or None, request.FILES or None, unit=unit, publication=publication,
        initial=initial,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "upload"}
        try:
            saved = actions.save_publication(
                request.user, unit, data, upload=form.cleaned_data.get("upload"),
                publication=publication,
            )  # fmt: skip
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Publication saved."))
            return redirect(saved)
    back = publication.get_absolute_url() if publication else _log_url(unit.pk)
    title = _("Change publication") if publication else _("New publication")
    return render(
        request,
        "innovations/form.html",
        {"form": form, "unit": unit, "title": title, "back": back, "multipart": True},
    )


def _open_evaluations(user, publication: Publication) -> list[dict]:
    """The unit's evaluations whose unit layer is open, each with its publication questions
    and those the publication is already attached to."""
    evaluations = (
        Evaluation.objects.visible_to(user)
        .with_related()
        .filter(unit_id=publication.unit_id, stage__in=OPEN_FOR_THE_UNIT)
        .order_by("-year")
    )
    attached = set()
    if publication.evidence_id:
        attached = set(
            EvidenceLink.objects.filter(evidence_id=publication.evidence_id).values_list(
                "evaluation_id", "question"
            )
        )
    out = []
    for evaluation in evaluations:
        questions = lke.publication_questions(evaluation.framework.framework())
        if questions:
            out.append({
                "evaluation": evaluation,
                "questions": [(q, (evaluation.pk, q.no) in attached) for q in questions],
            })  # fmt: skip
    return out


@login_required
@require_GET
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_publication_for(request.user, pk)
    can_edit = may_edit(request.user, publication.unit_id)
    linked = []
    if publication.evidence_id:
        linked = (
            EvidenceLink.objects.filter(evidence_id=publication.evidence_id)
            .filter(evaluation__in=Evaluation.objects.visible_to(request.user))
            .select_related("evaluation")
            .order_by("-evaluation__year", "question")
        )
    return render(
        request,
        "innovations/publication.html",
        {
            "publication": publication,
            "unit": publication.unit,
            "linked": linked,
            "open_evaluations": _open_evaluations(request.user, publication) if can_edit else [],
            "can_edit": can_edit,
        },
    )


@login_required
@require_POST
def publication_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """One step: the publication becomes the unit's evidence for the chosen questions."""
    publication = get_publication_for(request.user, pk, write=True)
    chosen = request.POST.get("evaluation", "")
    evaluation = (
        Evaluation.objects.visible_to(request.user)
        .with_related()
        .filter(pk=int(chosen), unit_id=publication.unit_id)
        .first()
        if chosen.isdigit()
        else None
    )
    if evaluation is None:
        messages.error(request, _("Choose one of the unit's evaluations."))
        return redirect(publication)
    try:
        attached = actions.attach_publication(
            request.user, publication, evaluation, request.POST.getlist("questions")
        )
    except PermissionDenied:
        raise Http404 from None
    except actions.InnovationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("Attached as evidence to question(s) %(questions)s of the evaluation %(year)s.")
            % {"questions": ", ".join(attached), "year": evaluation.year},
        )
    return redirect(publication)


@login_required
@require_GET
def publication_download(request: HttpRequest, pk: int):
    publication = get_publication_for(request.user, pk)
    if not publication.file_id:
        raise Http404
    return file_response(publication.file, publication.filename)
