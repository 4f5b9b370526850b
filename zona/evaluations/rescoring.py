"""Re-scoring every evaluation of a framework version, as background work (zona.jobs).

After a correction of the scoring (the engine, or the stored scores of a version), the stored
layer scores that lists, dashboards and the eligibility read must be recomputed from the
answers. One evaluation at a time, each in its own transaction holding its layers' score locks
(as a saved answer does), so a partial run leaves every evaluation either as it was or
re-scored, and a second run changes nothing. A system administrator's work: it touches every
instansi. Audited once per run, with the counts.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.frameworks.models import FrameworkVersion
from zona.jobs.kinds import Kind, Outcome
from zona.orgs.access import reach

from .actions import recompute_score
from .models import Answer, Evaluation, LayerScore

RESCORE = "rescore_framework_version"
FIELDS = ("total", "pengungkit", "hasil", "predicate", "answered", "areas", "not_computable")


def can_rescore(user) -> bool:
    return user.is_authenticated and reach(user).everything


def rescore_title(version: FrameworkVersion) -> str:
    return _("Re-score every evaluation of %(version)s") % {"version": version}


def _check(user, params: dict) -> None:
    get_object_or_404(FrameworkVersion, pk=params["version"])
    if not can_rescore(user):
        raise PermissionDenied


def _stored(evaluation_id: int) -> dict[str, tuple]:
    rows = LayerScore.objects.filter(evaluation_id=evaluation_id).values("layer", *FIELDS)
    return {r["layer"]: tuple(r[f] for f in FIELDS) for r in rows}


def _run(job, progress) -> Outcome:
    version = FrameworkVersion.objects.get(pk=job.params["version"])
    ids = list(
        Evaluation.objects.filter(framework=version).order_by("pk").values_list("pk", flat=True)
    )
    changed = 0
    progress(0, len(ids), "")
    for i, pk in enumerate(ids, start=1):
        with transaction.atomic():
            evaluation = Evaluation.objects.select_related("framework").get(pk=pk)
            layers = set(
                Answer.objects.filter(evaluation=evaluation).values_list("layer", flat=True)
            )
            layers |= set(
                LayerScore.objects.filter(evaluation=evaluation).values_list("layer", flat=True)
            )
            before = _stored(pk)
            for layer in sorted(layers):
                recompute_score(evaluation, layer)
            changed += _stored(pk) != before
        progress(
            i, len(ids), _("%(unit)s %(year)s") % {"unit": evaluation.unit, "year": evaluation.year}
        )
    record(
        job.owner,
        "framework.rescored",
        version,
        after={"evaluations": len(ids), "changed": changed, "job": str(job.pk)},
    )
    return Outcome(
        summary=_("%(n)s evaluations re-scored; the stored scores of %(changed)s changed.")
        % {"n": len(ids), "changed": changed}
    )


KIND = Kind(RESCORE, _check, _run)
