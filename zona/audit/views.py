"""The audit trail for system administrators: filter by date, action and actor; download the
filtered events as CSV or XLSX."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zona.core.tabular import FORMATS, table_response

from .access import audit_events_for
from .forms import AuditFilterForm
from .labels import action_label, object_type_label
from .models import AuditEvent

PER_PAGE = 50
# A download is built in memory; past this many rows the person is asked to narrow the filter
# rather than have a worker hold hundreds of megabytes.
EXPORT_MAX_ROWS = 100_000
EXPORT_FIELDS = (
    "at", "actor_label", "action", "object_type", "object_id", "object_label",
    "before", "after", "note",
)  # fmt: skip


def _json(value) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def _export(fmt: str, events) -> HttpResponse:
    # The action and the object's type as a person reads them; the action's code last, for
    # whoever filters the file by machine (as the evaluations export keeps the stage code).
    headers = [
        _("Time"), _("Actor"), _("Action"), _("Object type"), _("Object id"), _("Object"),
        _("Before"), _("After"), _("Note"), _("Action code"),
    ]  # fmt: skip
    rows = (
        (at, actor, action_label(action), object_type_label(otype), oid, label, _json(before),
         _json(after), note, action)
        for at, actor, action, otype, oid, label, before, after, note in events.values_list(
            *EXPORT_FIELDS
        ).iterator(chunk_size=2000)
    )  # fmt: skip
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return table_response(fmt, f"jejak-audit-{stamp}", headers, rows, title=_("Audit trail"))


@login_required
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """The filtered events, 50 a page; with ?format=csv|xlsx the same events as a file."""
    all_events = audit_events_for(request.user)
    fmt = request.GET.get("format", "")
    if fmt and fmt not in FORMATS:
        raise Http404
    actions = list(
        AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct()
    )
    filters = {k: v for k, v in request.GET.items() if k not in ("format", "page")}
    form = AuditFilterForm(filters or None, actions=actions)
    if not form.is_bound:
        chosen = all_events
    elif form.is_valid():
        chosen = form.filter(all_events)
    else:  # the errors are shown beside the fields, with what was typed; no rows, no file
        chosen, fmt = all_events.none(), ""
    too_many = 0
    if fmt:
        count = chosen.count()
        if count <= EXPORT_MAX_ROWS:
            return _export(fmt, chosen)
        too_many = count
    page = Paginator(chosen, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/events.html",
        {
            "form": form,
            "page": page,
            "query": urlencode(filters),
            "too_many": too_many,
            "export_max": EXPORT_MAX_ROWS,
        },
    )
