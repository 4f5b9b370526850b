from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.core.pages import form_page
from zona.evaluations.access import creatable_units
from zona.evaluations.models import Evaluation

from . import actions
from .access import (
    can_change_unit,
    can_manage_instansi,
    get_instansi_for,
    get_unit_for,
    instansi_for,
    units_for,
)
from .eligibility import unit_eligibility
from .forms import (
    InstansiYearForm,
    LetterheadForm,
    PencananganForm,
    PredicateAwardForm,
    UnitForm,
    UnitYearForm,
)
from .models import InstansiYear, PredicateAward, UnitYear


def _year(value: str | int | None, default: int) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return default
    if not 2010 <= year <= 2100:
        raise Http404
    return year


@login_required
def instansi_list(request: HttpRequest) -> HttpResponse:
    rows = instansi_for(request.user).annotate(unit_count=Count("units"))
    return render(request, "orgs/instansi_list.html", {"rows": rows})


@login_required
def instansi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    instansi = get_instansi_for(request.user, pk)
    units = (
        units_for(request.user)
        .filter(instansi=instansi)
        .prefetch_related(
            Prefetch("awards", queryset=PredicateAward.objects.order_by("-year"), to_attr="history")
        )
    )
    return render(
        request,
        "orgs/instansi_detail.html",
        {
            "instansi": instansi,
            "units": units,
            "years": instansi.years.all(),
            "declarations": instansi.declarations.all(),
            "deadlines": instansi.deadlines.all()[:5],
            "can_manage": can_manage_instansi(request.user, instansi),
            "this_year": timezone.localdate().year,
        },
    )


@login_required
def instansi_year_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    instansi = get_instansi_for(request.user, pk, write=True)
    year = _year(year, 0)
    existing = InstansiYear.objects.filter(instansi=instansi, year=year).first()
    form = InstansiYearForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        actions.save_instansi_year(request.user, instansi, year, form)
        messages.success(request, _("Facts of %(year)s saved.") % {"year": year})
        return redirect("orgs:instansi", pk=instansi.pk)
    return form_page(request, form, title=_("Facts of %(year)s") % {"year": year}, subject=instansi)


@login_required
def letterhead_edit(request: HttpRequest, pk: int) -> HttpResponse:
    instansi = get_instansi_for(request.user, pk, write=True)
    form = LetterheadForm(request.POST or None, request.FILES or None, instance=instansi)
    if request.method == "POST" and form.is_valid():
        actions.save_letterhead(request.user, instansi, form)
        messages.success(request, _("Letterhead saved."))
        return redirect("orgs:instansi", pk=instansi.pk)
    return form_page(
        request, form, title=_("Letterhead of the documents"), subject=instansi, multipart=True
    )


@login_required
def instansi_logo(request: HttpRequest, pk: int) -> FileResponse:
    """The letterhead logo, to those who may see the instansi (uploaded files are never served
    from the media root directly)."""
    instansi = get_instansi_for(request.user, pk)
    if not instansi.logo:
        raise Http404
    response = FileResponse(instansi.logo.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def pencanangan_add(request: HttpRequest, pk: int) -> HttpResponse:
    instansi = get_instansi_for(request.user, pk, write=True)
    form = PencananganForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        actions.record_pencanangan(request.user, instansi, form)
        messages.success(request, _("Declaration recorded."))
        return redirect("orgs:instansi", pk=instansi.pk)
    return form_page(
        request,
        form,
        title=_("Record the declaration (pencanangan)"),
        subject=instansi,
        multipart=True,
    )


@login_required
def unit_add(request: HttpRequest, pk: int) -> HttpResponse:
    instansi = get_instansi_for(request.user, pk, write=True)
    form = UnitForm(request.POST or None, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        unit = actions.save_unit(request.user, instansi, form)
        messages.success(request, _("Unit %(name)s added.") % {"name": unit.name})
        return redirect("orgs:unit", pk=unit.pk)
    return form_page(request, form, title=_("Add a unit"), subject=instansi)


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, write="manage")
    form = UnitForm(request.POST or None, instance=unit, instansi=unit.instansi)
    if request.method == "POST" and form.is_valid():
        actions.save_unit(request.user, unit.instansi, form)
        messages.success(request, _("Unit saved."))
        return redirect("orgs:unit", pk=unit.pk)
    return form_page(request, form, title=_("Edit the unit"), subject=unit)


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk)
    this_year = timezone.localdate().year
    year = _year(request.GET.get("tahun"), this_year)
    check = unit_eligibility(
        unit, year=year, ruleset=request.GET.get("aturan"), target=request.GET.get("target")
    )
    return render(
        request,
        "orgs/unit_detail.html",
        {
            "unit": unit,
            "check": check,
            "year": year,
            "years_choice": range(this_year + 1, this_year - 6, -1),
            "compliance": unit.years.all(),
            "awards": unit.awards.all(),
            "children": units_for(request.user).filter(parent=unit),
            "evaluations": Evaluation.objects.visible_to(request.user)
            .filter(unit=unit)
            .order_by("-year"),
            "can_start": creatable_units(request.user).filter(pk=unit.pk).exists(),
            "can_manage": can_change_unit(request.user, unit, "manage"),
            "can_record_compliance": can_change_unit(request.user, unit, "compliance"),
        },
    )


@login_required
def unit_year_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, write="compliance")
    year = _year(year, 0)
    existing = UnitYear.objects.filter(unit=unit, year=year).first()
    form = UnitYearForm(request.POST or None, instance=existing or UnitYear(unit=unit, year=year))
    if request.method == "POST" and form.is_valid():
        actions.save_unit_year(request.user, unit, year, form)
        messages.success(request, _("Compliance of %(year)s saved.") % {"year": year})
        return redirect("orgs:unit", pk=unit.pk)
    return form_page(
        request, form, title=_("Compliance of %(year)s") % {"year": year}, subject=unit
    )


@login_required
def award_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_unit_for(request.user, pk, write="manage")
    form = PredicateAwardForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        actions.record_award(request.user, unit, form)
        messages.success(request, _("Predicate recorded in the history."))
        return redirect("orgs:unit", pk=unit.pk)
    return form_page(request, form, title=_("Record a predicate"), subject=unit)


@login_required
def pencanangan_document(request: HttpRequest, pk: int, declaration_pk: int) -> FileResponse:
    """The signed declaration, only to those who may see the instansi, always as a download."""
    instansi = get_instansi_for(request.user, pk)
    declaration = instansi.declarations.filter(pk=declaration_pk).exclude(document="").first()
    if declaration is None:
        raise Http404
    response = FileResponse(
        declaration.document.open("rb"),
        as_attachment=True,
        filename=declaration.document.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
