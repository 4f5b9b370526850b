"""Monitoring reports (monev) and the unit's marks on the seven stages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import actions, queries
from .access import get_monev_for, get_plan_unit_for, may_edit_unit_plans
from .forms import MonevCreateForm, MonevForm, NoteForm, StageMarkForm
from .models import MonevStatus, StageMark
from .timeline import STAGES, unit_timeline


@login_required
def monev_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_plan_unit_for(request.user, unit_pk, write=True)
    form = MonevCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = actions.create_monev(
                request.user, unit, data["year"], data["period"], data["start_date"],
                data["end_date"],
            )  # fmt: skip
        except actions.PlanError as refused:
            form.add_error("period", str(refused))
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field, errors)
        else:
            messages.success(request, _("Report created; fill in its sections."))
            return redirect(report)
    return render(
        request,
        "plans/form.html",
        {
            "form": form,
            "title": _("New monitoring report (monev)"),
            "unit": unit,
            "back": reverse("plans:unit", args=[unit.pk]),
        },
    )


@login_required
def monev_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report; its team edits the sections here while it is a draft."""
    report = get_monev_for(request.user, pk)
    can_edit = may_edit_unit_plans(request.user, report.unit_id) and not report.is_read_only
    form = MonevForm(instance=report) if can_edit else None
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise Http404
        form = MonevForm(request.POST, instance=report)
        if form.is_valid():
            try:
                actions.save_monev(request.user, report, form.cleaned_data)
            except actions.PlanError as refused:
                form.add_error(None, str(refused))
            else:
                messages.success(request, _("Report saved."))
                return redirect(report)
        status = 400
    return render(
        request,
        "plans/monev.html",
        {
            "report": report,
            "form": form,
            "touched": queries.touched_in_period(report),
            "moves": actions.available_monev_moves(request.user, report),
            "steps": report.steps.select_related("by"),
            "note_form": NoteForm(),
            "signed": report.status == MonevStatus.SIGNED,
        },
        status=status,
    )


@login_required
@require_POST
def monev_move(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    if name not in actions.MONEV_MOVES:
        raise Http404
    who = actions.MONEV_MOVES[name][2]
    report = get_monev_for(request.user, pk, write="sign" if who == "lead" else "edit")
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        actions.move_monev(request.user, report, name, note)
    except actions.PlanError as refused:
        messages.error(request, str(refused))
    else:
        done = {
            "submit": _("Report submitted to the unit lead."),
            "sign": _("Report signed off."),
            "return": _("Report returned to the team."),
        }
        messages.success(request, done[name])
    return redirect(report)


@login_required
def stage_mark(request: HttpRequest, unit_pk: int, year: int, stage: int) -> HttpResponse:
    unit = get_plan_unit_for(request.user, unit_pk, write=True)
    if stage not in STAGES:
        raise Http404
    mark = StageMark.objects.filter(unit=unit, year=year, stage=stage).first()
    initial = {"done_on": mark.done_on, "note": mark.note} if mark else {}
    form = StageMarkForm(request.POST or None, initial=initial)
    back = reverse("plans:unit", args=[unit.pk]) + f"?tahun={year}#tahapan"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.mark_stage(request.user, unit, year, stage, data["done_on"], data["note"])
        except actions.PlanError as refused:
            form.add_error("note", str(refused))
        else:
            messages.success(request, _("Stage recorded."))
            return redirect(back)
    state = next(s for s in unit_timeline(unit, year) if s.number == stage)
    return render(
        request,
        "plans/stage_form.html",
        {"form": form, "unit": unit, "year": year, "state": state, "mark": mark, "back": back},
    )


@login_required
@require_POST
def stage_unmark(request: HttpRequest, unit_pk: int, year: int, stage: int) -> HttpResponse:
    unit = get_plan_unit_for(request.user, unit_pk, write=True)
    mark = StageMark.objects.filter(unit=unit, year=year, stage=stage).first()
    if mark is None:
        raise Http404
    actions.unmark_stage(request.user, mark)
    messages.success(request, _("The unit's record of this stage was removed."))
    return redirect(reverse("plans:unit", args=[unit.pk]) + f"?tahun={year}#tahapan")
