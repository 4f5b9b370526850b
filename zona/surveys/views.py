"""Survey management screens (signed in): list, create, edit, pause, results, tokens, import."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zona.core.pages import form_page
from zona.jobs import kinds
from zona.jobs.models import JobStatus

from . import access, actions
from .forms import ImportForm, InstrumentForm, PauseForm, SurveyForm, TokenForm
from .instruments import InstrumentError
from .jobs import SURVEY_IMPORT, errors_of, import_title, upload_link
from .models import Instrument, Survey
from .results import results_for, target_margin
from .views_files import token_slips

PER_PAGE = 50
MARGINS = (0.05, 0.10, 0.15, 0.20)


def _chosen_margin(request: HttpRequest) -> float:
    try:
        value = float(request.GET.get("margin", ""))
    except ValueError:
        return target_margin()
    return value if value in MARGINS else target_margin()


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    rows = access.surveys_for(request.user).order_by("-year", "-quarter", "unit__name", "pk")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("halaman"))
    surveys = list(page.object_list)
    return render(
        request,
        "surveys/list.html",
        {
            "page": page,
            "rows": results_for(surveys),
            "may_create": access.managed_units(request.user).exists(),
        },
    )


@login_required
def survey_create(request: HttpRequest) -> HttpResponse:
    units = access.managed_units(request.user)
    if not units.exists():
        raise Http404
    form = SurveyForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = actions.create_survey(
            request.user,
            data["unit"],
            data["instrument"],
            year=data["year"],
            quarter=data["quarter"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            services=data["services"],
            service_users=data["service_users"],
            requires_token=data["requires_token"],
        )
        messages.success(request, _("Survey created. Its public link is ready."))
        return redirect(survey)
    return render(request, "surveys/form.html", {"form": form, "title": _("New survey")})


@login_required
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_for(request.user, pk)
    margin = _chosen_margin(request)
    # The same unit's surveys of the same kind, for the trend; all results in one query.
    series = list(
        Survey.objects.select_related("unit", "instrument")
        .filter(unit_id=survey.unit_id, instrument__kind=survey.instrument.kind)
        .order_by("year", "quarter", "pk")
    )
    trend = results_for(series, margin=margin)
    result = next(r for r in trend if r.survey.pk == survey.pk)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "result": result,
            "trend": trend,
            "margins": MARGINS,
            "margin": margin,
            "may_manage": access.may_manage_survey(request.user, survey),
            "public_url": request.build_absolute_uri(survey.public_path()),
            "state": survey.state(),
            "token_counts": _token_counts(survey),
        },
    )


def _token_counts(survey: Survey) -> dict[str, int]:
    return survey.tokens.aggregate(total=Count("pk"), used=Count("pk", filter=Q(used=True)))


@login_required
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_for(request.user, pk, write=True)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in actions.EDITABLE}
        survey.refresh_from_db()  # the form wrote onto the instance; the action compares
        actions.update_survey(request.user, survey, **changes)
        messages.success(request, _("Survey saved."))
        return redirect(survey)
    return form_page(request, form, title=_("Edit survey"), subject=survey)


@login_required
@require_POST
def survey_pause(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_for(request.user, pk, write=True)
    form = PauseForm(request.POST)
    if form.is_valid():
        actions.set_paused(
            request.user, survey, form.cleaned_data["paused"], form.cleaned_data["note"]
        )
        messages.success(
            request, _("The survey is paused.") if survey.paused else _("The survey is running.")
        )
    return redirect(survey)


@login_required
def tokens(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_for(request.user, pk, write=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        batch = actions.generate_tokens(request.user, survey, form.cleaned_data["count"])
        messages.success(
            request,
            _("Batch %(batch)d: %(count)d tokens created.")
            % {"batch": batch, "count": form.cleaned_data["count"]},
        )
        return redirect("surveys:tokens", pk=survey.pk)
    batches = (
        survey.tokens.values("batch")
        .annotate(total=Count("pk"), used=Count("pk", filter=Q(used=True)))
        .order_by("-batch")
    )
    return render(
        request,
        "surveys/tokens.html",
        {
            "survey": survey,
            "form": form,
            "batches": batches,
        },
    )


@login_required
def tokens_print(request: HttpRequest, pk: int, batch: int) -> HttpResponse:
    survey = access.get_survey_for(request.user, pk, write=True)
    codes = list(survey.tokens.filter(batch=batch, used=False).values_list("code", flat=True))
    if not survey.tokens.filter(batch=batch).exists():
        raise Http404
    return render(
        request,
        "surveys/tokens_print.html",
        {
            "survey": survey,
            "batch": batch,
            "slips": token_slips(survey, request.build_absolute_uri(survey.public_path()), codes),
        },
    )


@login_required
def import_responses(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a spreadsheet of paper forms: stored, then checked and imported as a job on the
    queue. When the job is finished by the time it is started (no worker: eager; or a quick
    worker) the outcome is shown here as before; otherwise the job's progress page."""
    survey = access.get_survey_for(request.user, pk, write=True)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        params = {"survey": survey.pk, "sha256": hashlib.sha256(content).hexdigest()}
        job = kinds.start(
            request.user, SURVEY_IMPORT, params, import_title(survey),
            upload=(upload.name, content), link=upload_link(survey),
        )  # fmt: skip
        job.refresh_from_db()
        if job.status == JobStatus.DONE:
            messages.success(request, job.summary)
            return redirect(survey)
        if job.status != JobStatus.FAILED:
            return redirect(job)
        errors = errors_of(job.data.get("problems") or [{"row": 0, "column": "",
                                                          "message": job.error}])  # fmt: skip
    return render(
        request,
        "surveys/import.html",
        {"survey": survey, "form": form, "errors": errors[:500], "error_count": len(errors)},
    )


# ---------------------------------------------------------------------------- instruments


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    rows = Instrument.objects.order_by("code", "-version").defer("source")
    return render(
        request,
        "surveys/instrument_list.html",
        {"rows": rows, "may_edit": access.may_edit_instruments(request.user)},
    )


@login_required
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, pk)
    return render(
        request,
        "surveys/instrument_detail.html",
        {
            "instrument": instrument,
            "used": instrument.surveys.exists(),
            "may_edit": access.may_edit_instruments(request.user),
        },
    )


@login_required
def instrument_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = access.get_instrument_for(request.user, pk)
    if not access.may_edit_instruments(request.user):
        raise Http404
    form = InstrumentForm(request.POST or None, initial={"source": instrument.source})
    if request.method == "POST" and form.is_valid():
        try:
            saved, status = actions.load_instrument(request.user, form.cleaned_data["source"])
        except InstrumentError as exc:  # pragma: no cover - the form parsed it already
            form.add_error("source", exc.problems)
        else:
            text = {
                "unchanged": _("Nothing changed."),
                "updated": _("Version %(v)d corrected (no survey used it yet)."),
                "new_version": _("Saved as version %(v)d; surveys keep the version they use."),
                "created": _("Instrument created (version %(v)d)."),
            }[status]
            messages.success(request, text % {"v": saved.version})
            return redirect(saved)
    return form_page(request, form, title=_("Edit instrument"), subject=instrument)
