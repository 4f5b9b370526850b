"""Plans and their activities: the unit's page, a plan with its activity list (filters, sort,
export, summary per area), an activity with its evidence and history."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from zona.core.links import WebLinkField
from zona.core.tabular import FORMATS, table_response
from zona.evidence.download import file_response
from zona.evidence.library import library_page
from zona.evidence.naming import name_of_link, name_of_upload

from . import actions, clock, queries
from .access import (
    get_activity_for,
    get_plan_for,
    get_plan_unit_for,
    may_edit_unit_plans,
    monev_for,
    plans_for,
)
from .forms import ActivityForm, EvidenceForm, PlanForm
from .lke import area_names, areas_of
from .models import ActivityStatus, ActivityUpdate
from .timeline import unit_timeline

logger = logging.getLogger(__name__)


def _year(value, default: int) -> int:
    return int(value) if str(value or "").isdigit() and 2010 <= int(value) <= 2100 else default


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every plan the person sees, with its counts (one query)."""
    today = clock.today()
    plans = queries.status_counts(plans_for(request.user), today).order_by(
        "-year", "unit__instansi__name", "unit__name"
    )
    year = request.GET.get("tahun", "")
    if year.isdigit():
        plans = plans.filter(year=int(year))
    years = plans_for(request.user).order_by("-year").values_list("year", flat=True).distinct()
    return render(
        request,
        "plans/index.html",
        {"plans": plans, "years": years, "year": year, "today": today},
    )


@login_required
@require_GET
def unit_page(request: HttpRequest, unit_pk: int) -> HttpResponse:
    """A unit's plans, monitoring reports and its timeline of the seven stages for a year."""
    unit = get_plan_unit_for(request.user, unit_pk)
    today = clock.today()
    year = _year(request.GET.get("tahun"), today.year)
    plans = queries.status_counts(plans_for(request.user).filter(unit=unit), today)
    return render(
        request,
        "plans/unit.html",
        {
            "unit": unit,
            "year": year,
            "years": range(today.year + 1, today.year - 6, -1),
            "plans": plans,
            "reports": monev_for(request.user).filter(unit=unit),
            "stages": unit_timeline(unit, year),
            "can_edit": may_edit_unit_plans(request.user, unit.pk),
        },
    )


@login_required
def plan_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = get_plan_unit_for(request.user, unit_pk, write=True)
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = actions.create_plan(
                request.user, unit, data["year"], data["framework"], data["note"]
            )
        except actions.PlanError as refused:
            form.add_error("year", str(refused))
        else:
            messages.success(request, _("Action plan %(year)s created.") % {"year": plan.year})
            return redirect(plan)
    return render(
        request,
        "plans/form.html",
        {"form": form, "title": _("New action plan"), "unit": unit, "back": _unit_url(unit)},
    )


def _unit_url(unit) -> str:
    return reverse("plans:unit", args=[unit.pk])


def _filter(request: HttpRequest) -> queries.ActivityFilter:
    get = request.GET
    sort = get.get("urut", queries.DEFAULT_SORT)
    return queries.ActivityFilter(
        status=get.get("status", ""),
        area=get.get("area", ""),
        owner=get.get("pj", ""),
        q=get.get("q", "")[:100],
        strategy=get.get("strategi", "")[:40],
        sort=sort if sort in queries.SORTS else queries.DEFAULT_SORT,
    )


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk)
    today = clock.today()
    selected = _filter(request)
    rows = queries.activities(plan, today, selected)
    names = area_names(plan.framework)
    fmt = request.GET.get("format", "")
    if fmt in FORMATS:
        return _export(plan, rows, names, fmt, today)
    summary = queries.area_summary(plan, today)
    by_strategy = queries.strategy_summary(plan, today)
    areas = [
        {"code": a.code, "name": a.name, **summary.get(a.code, {"total": 0})}
        for a in areas_of(plan.framework)
    ]
    return render(
        request,
        "plans/plan.html",
        {
            "plan": plan,
            "activities": rows,
            "areas": areas,
            "by_strategy": by_strategy,
            "area_names": names,
            "filter": selected,
            "statuses": ActivityStatus.choices,
            "sorts": _sort_labels(),
            "owners": actions.unit_people(plan.unit_id),
            "today": today,
            "can_edit": may_edit_unit_plans(request.user, plan.unit_id),
            "query": request.GET.urlencode(),
        },
    )


def _sort_labels() -> list[tuple[str, str]]:
    return [
        ("tenggat", _("Due date, earliest first")),
        ("-tenggat", _("Due date, latest first")),
        ("mulai", _("Start date")),
        ("area", _("Area")),
        ("status", _("Status")),
        ("kemajuan", _("Progress, lowest first")),
        ("-kemajuan", _("Progress, highest first")),
        ("judul", _("Activity name")),
    ]


def _export(plan, rows, names: dict[str, str], fmt: str, today) -> HttpResponse:
    headers = [
        _("Activity"), _("Description"), _("Area"), _("Questions"), _("Output"),
        _("Strategies"), _("Person in charge"), _("E-mail"), _("Start date"), _("Due date"),
        _("Status"), _("Progress (%)"), _("Overdue"), _("Evidence"),
    ]  # fmt: skip
    yes, no = _("yes"), _("no")
    body = (_export_row(a, names, yes, no) for a in rows)
    name = f"rencana-aksi-{slugify(plan.unit.name)}-{plan.year}"
    return table_response(fmt, name, headers, body, title=_("Action plan"))


def _export_row(a, names: dict[str, str], yes: str, no: str) -> list:
    return [
        a.title, a.description, names.get(a.area, a.area), ", ".join(a.questions), a.output,
        ", ".join(s.name for s in a.strategies.all()), a.owner_label, a.owner_address,
        a.start_date, a.due_date, a.get_status_display(), a.progress, yes if a.overdue else no,
        a.evidence_count,
    ]  # fmt: skip


@login_required
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for(request.user, pk, write=True)
    initial = {"start_date": clock.today(), "area": request.GET.get("area", "")}
    form = ActivityForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        activity = _save(request, form, plan, None)
        if activity is not None:
            messages.success(request, _("Activity added."))
            return redirect(plan)
    return render(
        request,
        "plans/activity_form.html",
        {"form": form, "plan": plan, "title": _("New activity"), "back": plan.get_absolute_url()},
    )


def _save(request, form, plan, activity):
    data = {k: v for k, v in form.cleaned_data.items() if k != "note"}
    try:
        return actions.save_activity(
            request.user, plan, data, activity, note=form.cleaned_data.get("note", "")
        )
    except ValidationError as error:  # changed by someone else between the form and the save
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    return None


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk, write=True)
    plan = activity.plan
    initial = {name: getattr(activity, name) for name in actions.ACTIVITY_FIELDS if name != "owner"}
    initial["owner"] = activity.owner_id
    initial["strategies"] = list(activity.strategies.values_list("code", flat=True))
    form = ActivityForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid() and _save(request, form, plan, activity):
        messages.success(request, _("Activity saved."))
        return redirect(activity)
    return render(
        request,
        "plans/activity_form.html",
        {
            "form": form,
            "plan": plan,
            "activity": activity,
            "title": _("Change activity"),
            "back": activity.get_absolute_url(),
        },
    )


@login_required
@require_GET
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk)
    return _activity_page(request, activity, EvidenceForm())


def _activity_page(request, activity, evidence_form, status: int = 200) -> HttpResponse:
    plan = activity.plan
    can_edit = may_edit_unit_plans(request.user, plan.unit_id)
    area = next((a for a in areas_of(plan.framework) if a.code == activity.area), None)
    texts = dict(area.questions) if area else {}
    return render(
        request,
        "plans/activity.html",
        {
            "activity": activity,
            "plan": plan,
            "area": area,
            "questions": [(no, texts.get(no, "")) for no in activity.questions],
            "overdue": activity.is_overdue(clock.today()),
            "links": activity.evidence_links.select_related(
                "evidence", "evidence__file", "linked_by"
            ),
            "updates": ActivityUpdate.objects.filter(activity=activity)
            .select_related("by")
            .order_by("-on", "-at", "-pk"),
            "evidence_form": evidence_form,
            "evidence_library": _library(request, activity) if can_edit else None,
            "evidence_max_bytes": settings.EVIDENCE_MAX_BYTES,
            "can_edit": can_edit,
        },
        status=status,
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk, write=True)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_activity_evidence(
                request.user, activity, description=data["description"],
                upload=data["upload"], url=data["url"], document_date=data["document_date"],
            )  # fmt: skip
        except actions.PlanError as refused:
            form.add_error("upload" if data["upload"] else "url", str(refused))
        else:
            messages.success(request, _("Evidence added."))
            return redirect(activity)
    return _activity_page(request, activity, form, status=400)


def _library(request, activity):
    """The page of the unit's document library the request asks for (`cari`, `halaman`),
    without the documents already attached to this activity."""
    return library_page(
        request.user, activity.plan.unit_id, search=request.GET.get("cari", ""),
        number=request.GET.get("halaman", 1),
        context={"exclude_evidence": activity.evidence_links.values("evidence_id")},
    )  # fmt: skip


@login_required
@require_POST
def evidence_quick(request: HttpRequest, pk: int) -> HttpResponse:
    """Evidence in one step: several files picked at once and/or a pasted link, each described
    by its name until someone describes it better. Every file is checked on its own: the good
    ones are kept, the refused ones named with the reason."""
    activity = get_activity_for(request.user, pk, write=True)
    uploads = request.FILES.getlist("files")
    raw_url = (request.POST.get("url") or "").strip()
    if not uploads and not raw_url:
        messages.error(request, _("Choose a file or give a link."))
        return redirect(activity)
    added, refused = [], []
    if raw_url:
        try:
            url = WebLinkField().clean(raw_url)
        except ValidationError as exc:
            refused.append(f"{raw_url[:80]}: {' '.join(exc.messages)}")
        else:
            try:
                actions.add_activity_evidence(
                    request.user, activity, description=name_of_link(url), url=url
                )
            except actions.PlanError as exc:
                refused.append(f"{raw_url[:80]}: {exc}")
            else:
                added.append(name_of_link(url))
    for upload in uploads:
        try:
            actions.add_activity_evidence(
                request.user, activity, description=name_of_upload(upload), upload=upload
            )
        except actions.PlanError as exc:
            refused.append(f"{upload.name}: {exc}")
        else:
            added.append(upload.name)
    if added:
        messages.success(
            request,
            ngettext(
                "%(n)d piece of evidence added: %(names)s.",
                "%(n)d pieces of evidence added: %(names)s.",
                len(added),
            ) % {"n": len(added), "names": ", ".join(added)},
        )  # fmt: skip
    if refused:
        messages.error(request, _("Not added: %(list)s") % {"list": "; ".join(refused)})
    return redirect(activity)


@login_required
@require_POST
def evidence_attach(request: HttpRequest, pk: int) -> HttpResponse:
    """A document picked from the unit's library (`dokumen`: its key, e.g. "finding:4"), or one
    of the unit's evidence by number (`evidence`)."""
    activity = get_activity_for(request.user, pk, write=True)
    raw = request.POST.get("dokumen") or request.POST.get("evidence", "")
    key = f"evidence:{raw}" if raw.isdigit() else raw
    try:
        _evidence, created = actions.attach_activity_from_library(request.user, activity, key)
    except actions.PlanError as refused:
        messages.error(request, str(refused))
    except Http404:
        messages.error(request, _("Choose one of the unit's documents."))
    else:
        messages.success(
            request, _("Evidence attached.") if created else _("This evidence is already here.")
        )
    return redirect(activity)


@login_required
@require_POST
def evidence_detach(request: HttpRequest, pk: int, link_pk: int) -> HttpResponse:
    activity = get_activity_for(request.user, pk, write=True)
    link = activity.evidence_links.filter(pk=link_pk).first()
    if link is None:
        raise Http404
    link.activity = activity
    actions.detach_activity_evidence(request.user, link)
    messages.success(request, _("Evidence removed from the activity (it stays with the unit)."))
    return redirect(activity)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    """A file attached to the activity, for whoever sees the activity."""
    activity = get_activity_for(request.user, pk)
    link = (
        activity.evidence_links.select_related("evidence", "evidence__file")
        .filter(evidence_id=evidence_pk, evidence__file__isnull=False)
        .first()
    )
    if link is None:
        raise Http404
    return file_response(link.evidence.file, link.evidence.filename)
