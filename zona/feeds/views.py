"""The evaluation's Hasil page (`/evaluasi/<pk>/hasil/`): each item that takes a measured value,
the sources offering one, the value each visible layer took and from where; the writable layer
chooses, refreshes or (evaluators) overrides with a reason."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zona.evaluations.access import get_evaluation_for, writable_layer
from zona.evaluations.actions import StaleAnswer
from zona.evaluations.models import Evaluation, Layer

from . import actions
from .presenters import feed_items


def _performance(evaluation: Evaluation) -> dict | None:
    """LKE 2021 item 126 is answered by the unit; the page points to the record it rests on."""
    framework = evaluation.framework.framework()
    if framework.code != "lke-2021" or "126" not in framework.questions:
        return None
    from zona.findings.capaian import assess
    from zona.findings.models import PerformanceRecord

    rec = (
        PerformanceRecord.objects.filter(unit_id=evaluation.unit_id, year=evaluation.year)
        .prefetch_related("indicators")
        .first()
    )
    assessment = assess(
        list(rec.indicators.all()) if rec else [], bool(rec and rec.outcome_oriented)
    )
    return {
        "question": framework.questions["126"], "record": rec, "assessment": assessment,
        "url": reverse("findings:performance", args=[evaluation.unit_id, evaluation.year]),
    }  # fmt: skip


def _page(request: HttpRequest, evaluation: Evaluation, status: int = 200, failed=None):
    items = feed_items(request.user, evaluation)
    if failed:
        for item in items:
            if item.question.no == failed["question"]:
                item.error, item.typed = failed["error"], failed["typed"]
    writable = writable_layer(request.user, evaluation)
    return render(
        request, "feeds/page.html",
        {"evaluation": evaluation, "items": items, "writable": writable,
         "may_override": writable in (Layer.TPI, Layer.TPN),
         "performance": _performance(evaluation)},
        status=status,
    )  # fmt: skip


@login_required
def page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_evaluation_for(request.user, pk))


@login_required
@require_POST
def choose(request: HttpRequest, pk: int, question: str) -> HttpResponse:
    evaluation = get_evaluation_for(request.user, pk)
    if writable_layer(request.user, evaluation) is None:
        raise Http404
    post = request.POST
    typed = {k: post.get(k, "") for k in ("source", "override", "reason")}
    try:
        version = int(post.get("version", ""))
    except ValueError:
        version = -1
    override = None
    raw_override = typed["override"].strip().replace(",", ".")
    status, error = 422, ""
    if raw_override:
        try:
            override = Decimal(raw_override)
        except InvalidOperation:
            error = _("The value must be a number, e.g. 3,62.")
    if not error:
        try:
            actions.choose(
                request.user, evaluation, question, typed["source"], expected_version=version,
                override=override, reason=typed["reason"],
            )  # fmt: skip
        except StaleAnswer as exc:
            status, error = 409, str(exc)
        except actions.FeedError as exc:
            error = str(exc)
        except PermissionDenied:
            error = _("Only an evaluator may put another value than the source's.")
        else:
            messages.success(request, _("Value taken; the answer and the score are updated."))
            return redirect("feeds:page", pk=evaluation.pk)
    failed = {"question": question, "error": error, "typed": typed}
    return _page(request, evaluation, status=status, failed=failed)
