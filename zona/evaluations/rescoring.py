"""Re-scoring every evaluation of a framework version, as background work (zona.jobs).

After a correction of the scoring (the engine, or the stored scores of a version), the stored
layer scores that lists, dashboards and the eligibility read must be recomputed from the
answers. The evaluations are split into parts of `CHUNK` by id (`zona.jobs` runs the parts on
every free worker and counts their progress on the job); a part re-scores its evaluations in one
transaction holding their layers' score locks (as a saved answer takes its layer's), reading
their answers in one query and storing what `actions.recompute_score` would store, so a part
that fails leaves its evaluations as they were and is retried whole, and a second run changes
nothing. A system administrator's work: it touches every instansi. Audited once per run, with
the counts.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.audit.log import record
from zona.frameworks.models import FrameworkVersion
from zona.jobs.kinds import Kind, Outcome
from zona.lke import score_normalised
from zona.orgs.access import reach

from .actions import score_fields
from .models import Answer, Evaluation, LayerScore, stored_to_normalised

RESCORE = "rescore_framework_version"
STORED = ("total", "pengungkit", "hasil", "predicate", "answered", "areas", "conditions",
          "not_computable")  # fmt: skip
CHUNK = 200  # evaluations per part: 80 parts for a national re-scoring of 16,000


def can_rescore(user) -> bool:
    return user.is_authenticated and reach(user).everything


def rescore_title(version: FrameworkVersion) -> str:
    return _("Re-score every evaluation of %(version)s") % {"version": version}


def _check(user, params: dict) -> None:
    get_object_or_404(FrameworkVersion, pk=params["version"])
    if not can_rescore(user):
        raise PermissionDenied


def _run(job, progress) -> Outcome:
    """Split the evaluations of the version into parts of `CHUNK` (by id), to be re-scored on
    whichever workers are free."""
    ids = list(
        Evaluation.objects.filter(framework_id=job.params["version"])
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    parts = tuple(
        ({"first": chunk[0], "last": chunk[-1]}, len(chunk))
        for chunk in (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))
    )
    if not parts:
        return _finish(job, {})
    return Outcome(parts=parts)


def _run_part(job, params: dict) -> dict[str, int]:
    version = FrameworkVersion.objects.get(pk=job.params["version"])
    evaluations, changed = rescore_range(version, params["first"], params["last"])
    return {"evaluations": evaluations, "changed": changed}


def rescore_range(version: FrameworkVersion, first: int, last: int) -> tuple[int, int]:
    """Re-score every layer of the version's evaluations with ids first..last, in one
    transaction holding their layers' score locks (as a saved answer takes its layer's): the
    layers that have answers or a stored score, each stored exactly as `recompute_score` stores
    it. Returns (evaluations, evaluations whose stored scores changed). Only changed rows are
    written, so running it again changes nothing."""
    framework = version.framework()
    with transaction.atomic():
        previous = dict(
            Evaluation.objects.filter(framework=version, pk__range=(first, last))
            .order_by("pk")
            .values_list("pk", "previous_predicate")
        )
        ids = list(previous)
        answers: dict[tuple[int, str], dict] = defaultdict(dict)
        rows = Answer.objects.filter(evaluation_id__in=ids).exclude(value="")
        for evaluation_id, layer, question, value in rows.values_list(
            "evaluation_id", "layer", "question", "value"
        ).order_by():
            answers[evaluation_id, layer][question] = stored_to_normalised(value)
        scored = {(s.evaluation_id, s.layer): s for s in _locked(ids)}
        missing = [key for key in answers if key not in scored]
        if missing:  # a layer answered but never scored: its row, as `lock_layer_score` makes
            LayerScore.objects.bulk_create(
                [LayerScore(evaluation_id=e, layer=layer) for e, layer in missing],
                ignore_conflicts=True,
            )
            scored = {(s.evaluation_id, s.layer): s for s in _locked(ids)}
        now = timezone.now()
        changed_rows, changed = [], set()
        for (evaluation_id, layer), stored in scored.items():
            result = score_normalised(
                framework, answers.get((evaluation_id, layer), {}),
                previous[evaluation_id] or None,
            )  # fmt: skip
            fields = score_fields(result)
            if any(getattr(stored, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(stored, name, value)
                stored.updated_at = now
                changed_rows.append(stored)
                changed.add(evaluation_id)
        _write(changed_rows)
    return len(ids), len(changed)


def _write(rows: list[LayerScore]) -> None:
    """One parameterised UPDATE per row, sent together (`executemany`): `bulk_update`'s CASE
    expressions cost ~10 ms of Python per row for these nine fields."""
    if not rows:
        return
    fields = [LayerScore._meta.get_field(name) for name in (*STORED, "updated_at")]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(LayerScore._meta.db_table)} SET {assignments} WHERE id = %s"
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _locked(ids: list[int]):
    return LayerScore.objects.select_for_update().filter(evaluation_id__in=ids).order_by("pk")


def _finish(job, counts: dict[str, int]) -> Outcome:
    version = FrameworkVersion.objects.get(pk=job.params["version"])
    n, changed = counts.get("evaluations", 0), counts.get("changed", 0)
    record(
        job.owner,
        "framework.rescored",
        version,
        after={"evaluations": n, "changed": changed, "job": str(job.pk)},
    )
    return Outcome(
        summary=_("%(n)s evaluations re-scored; the stored scores of %(changed)s changed.")
        % {"n": n, "changed": changed}
    )


KIND = Kind(RESCORE, _check, _run, run_part=_run_part, finish=_finish)
