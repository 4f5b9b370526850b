"""The innovation register of a unit: its services, its innovations (with evidence and what
they changed), the LKE counts taken into an evaluation, and the public page switch."""

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
from zona.evaluations.access import get_evaluation_for, writable_layer
from zona.evaluations.models import Answer, Evaluation, Layer
from zona.evidence.download import file_response

from . import actions, lke
from .access import get_innovation_for, get_service_for, get_unit_for, may_edit
from .forms import EvidenceForm, InnovationForm, ServiceForm
from .models import Innovation, InnovationStatus, PublicPage, Service
from .queries import lke_counts


def _year(value, default: int) -> int:
    return int(value) if str(value or "").isdigit() and 2010 <= int(value) <= 2100 else default


@login_required
@require_GET
def register(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk)
    today = timezone.localdate()
    year = _year(request.GET.get("tahun"), today.year)
    status = request.GET.get("status", "")
    rows = (
        Innovation.objects.visible_to(request.user)
        .filter(unit=unit)
        .select_related("service")
        .prefetch_related("publications")
    )
    if status in InnovationStatus.values:
        rows = rows.filter(status=status)
    services = (
        Service.objects.visible_to(request.user).filter(unit=unit).prefetch_related("innovations")
    )
    fmt = request.GET.get("format", "")
    if fmt in FORMATS and request.GET.get("daftar") == "layanan":
        return _export_services(unit, services, fmt)
    if fmt in FORMATS:
        return _export(unit, rows, fmt)
    evaluations = Evaluation.objects.visible_to(request.user).filter(unit=unit).order_by("-year")
    page = PublicPage.objects.filter(unit=unit).first()
    return render(
        request,
        "innovations/register.html",
        {
            "unit": unit,
            "year": year,
            "innovations": rows,
            "services": services,
            "statuses": InnovationStatus.choices,
            "status": status,
            "counts": lke_counts(unit.pk, year),
            "evaluations": evaluations,
            "public_on": bool(page and page.enabled),
            "can_edit": may_edit(request.user, unit.pk),
            "query": request.GET.urlencode(),
        },
    )


def _export(unit, rows, fmt: str) -> HttpResponse:
    headers = [
        _("Innovation"), _("Problem it solves"), _("Service it changes"), _("Start date"),
        _("Status"), _("What is measured"), _("Before"), _("After"), _("Unit of measure"),
        _("LKE questions it supports"), _("Publications"),
    ]  # fmt: skip
    body = (
        [
            i.name,
            i.problem,
            i.service.name,
            i.start_date,
            i.get_status_display(),
            i.measure,
            i.value_before,
            i.value_after,
            i.measure_unit,
            ", ".join(i.questions),
            len(i.publications.all()),
        ]
        for i in rows
    )
    name = f"inovasi-{slugify(unit.name)}"
    return table_response(fmt, name, headers, body, title=_("Innovations"))


def _export_services(unit, services, fmt: str) -> HttpResponse:
    headers = [_("Service"), _("Description"), _("Still provided"), _("Innovations")]
    yes, no = _("yes"), _("no")
    body = (
        [
            s.name,
            s.description,
            yes if s.active else no,
            ", ".join(i.name for i in s.innovations.all()),
        ]
        for s in services
    )
    name = f"layanan-{slugify(unit.name)}"
    return table_response(fmt, name, headers, body, title=_("Services of the unit"))


def _register_url(unit_pk: int) -> str:
    return reverse("innovations:register", args=[unit_pk])


# --- services ----------------------------------------------------------------------------------
@login_required
def service_form(request: HttpRequest, unit_pk: int, pk: int | None = None) -> HttpResponse:
    service = get_service_for(request.user, pk, write=True) if pk else None
    if service is not None and service.unit_id != unit_pk:
        raise Http404
    unit = get_unit_for(request.user, unit_pk, write=True)
    initial = (
        {"name": service.name, "description": service.description, "active": service.active}
        if service
        else None
    )
    form = ServiceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_service(request.user, unit, service=service, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("Service saved."))
            return redirect(_register_url(unit.pk))
    title = _("Change service") if service else _("New service")
    return render(
        request,
        "innovations/form.html",
        {"form": form, "unit": unit, "title": title, "back": _register_url(unit.pk)},
    )


# --- innovations -------------------------------------------------------------------------------
def _innovation_initial(innovation: Innovation) -> dict:
    initial = {name: getattr(innovation, name) for name in actions.INNOVATION_FIELDS}
    initial["service"] = innovation.service_id
    return initial


@login_required
def innovation_form(request: HttpRequest, unit_pk: int, pk: int | None = None) -> HttpResponse:
    innovation = get_innovation_for(request.user, pk, write=True) if pk else None
    if innovation is not None and innovation.unit_id != unit_pk:
        raise Http404
    unit = get_unit_for(request.user, unit_pk, write=True)
    initial = (
        _innovation_initial(innovation) if innovation else {"start_date": timezone.localdate()}
    )
    form = InnovationForm(request.POST or None, unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_innovation(request.user, unit, form.cleaned_data, innovation)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Innovation saved."))
            return redirect(saved)
    back = innovation.get_absolute_url() if innovation else _register_url(unit.pk)
    title = _("Change innovation") if innovation else _("New innovation")
    if not form.fields["service"].queryset.exists():
        messages.warning(request, _("Register the service the innovation changes first."))
    return render(
        request,
        "innovations/form.html",
        {"form": form, "unit": unit, "title": title, "back": back},
    )


@login_required
@require_GET
def innovation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = get_innovation_for(request.user, pk)
    return _innovation_page(request, innovation, EvidenceForm())


def _innovation_page(request, innovation, evidence_form, status: int = 200) -> HttpResponse:
    version = actions.lke_framework()
    texts = {}
    if version is not None and version.code == innovation.framework_code:
        texts = {q.no: q.text for q in version.framework().questions.values()}
    return render(
        request,
        "innovations/innovation.html",
        {
            "innovation": innovation,
            "unit": innovation.unit,
            "questions": [(no, texts.get(no, "")) for no in innovation.questions],
            "links": innovation.evidence_links.select_related("evidence", "evidence__file"),
            "publications": innovation.publications.order_by("-published_on"),
            "evidence_form": evidence_form,
            "can_edit": may_edit(request.user, innovation.unit_id),
        },
        status=status,
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    innovation = get_innovation_for(request.user, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_innovation_evidence(
                request.user, innovation, description=data["description"],
                upload=data["upload"], url=data["url"], document_date=data["document_date"],
            )  # fmt: skip
        except actions.InnovationError as refused:
            form.add_error("upload" if data["upload"] else "url", str(refused))
        else:
            messages.success(request, _("Evidence added."))
            return redirect(innovation)
    return _innovation_page(request, innovation, form, status=400)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int):
    innovation = get_innovation_for(request.user, pk)
    link = (
        innovation.evidence_links.select_related("evidence", "evidence__file")
        .filter(evidence_id=evidence_pk, evidence__file__isnull=False)
        .first()
    )
    if link is None:
        raise Http404
    return file_response(link.evidence.file, link.evidence.filename)


# --- the LKE counts ----------------------------------------------------------------------------
@login_required
def counts(request: HttpRequest, evaluation_pk: int) -> HttpResponse:
    """The register's counts beside the evaluation's answers to questions 122 and 123; the
    person whose layer is open takes them in one step."""
    evaluation = get_evaluation_for(request.user, evaluation_pk)
    unit = get_unit_for(request.user, evaluation.unit_id)
    questions = lke.count_questions(evaluation.framework.framework())
    if questions is None:
        raise Http404
    layer = writable_layer(request.user, evaluation)
    if request.method == "POST":
        try:
            actions.take_counts(request.user, evaluation)
        except PermissionDenied:
            raise Http404 from None
        except actions.InnovationError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("The counts were taken from the register."))
        return redirect("innovations:counts", evaluation.pk)
    framework = evaluation.framework.framework()
    answers = {
        (a.question, a.layer): a
        for a in Answer.objects.filter(
            evaluation=evaluation, question__in=[questions.registered, questions.simplified]
        )
    }
    register_counts = lke_counts(unit.pk, evaluation.year)
    rows = [
        {
            "question": framework.questions[no],
            "register": value,
            "answer": answers.get((no, layer or Layer.UNIT)),
        }
        for no, value in (
            (questions.registered, register_counts.registered),
            (questions.simplified, register_counts.simplified),
        )
    ]
    return render(
        request,
        "innovations/counts.html",
        {
            "evaluation": evaluation,
            "unit": unit,
            "rows": rows,
            "counts": register_counts,
            "source": actions.counts_source(unit, evaluation.year),
            "layer": layer,
            "shown_layer": Layer(layer or Layer.UNIT).label,
        },
    )


# --- the public page ---------------------------------------------------------------------------
@login_required
@require_POST
def public_switch(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, unit_pk, write=True)
    enabled = request.POST.get("aktif") == "1"
    actions.set_public_page(request.user, unit, enabled)
    if enabled:
        messages.success(request, _("The public page is on."))
    else:
        messages.success(request, _("The public page is off."))
    return redirect(_register_url(unit.pk))
