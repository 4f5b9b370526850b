"""The dashboards' figures kept in Django's cache, keyed on the content they are made from.

A national dashboard counts 20,000 evaluations and a 1,000-unit instansi dashboard reads every
unit's scores, facts, surveys and findings: seconds of work whose result changes far more
rarely than it is read. Each is cached under a key made of:

- what was asked (the filters, the instansi and year, the layer), the person's reach where it
  changes what is shown (`visible layers`), and the language;
- the content version: a few aggregate queries over the rows the figures come from — counts,
  the highest id and the latest change time of evaluations, stage moves, stored layer scores,
  awards, units, facts, surveys and their responses, findings and their follow-ups — so a row
  added, removed, re-scored or moved to another stage anywhere gives a new key (also when it
  was written in bulk, without signals);
- an edit counter, raised by every save or delete of those models (`bump`, connected in
  `apps.py`), for edits in place that no aggregate sees (a unit renamed, a fact corrected).

An entry is never invalidated, only no longer asked for; entries expire after
`ZONA_DASHBOARD_CACHE_SECONDS` (600 by default). With a cache shared by every server (Redis,
`REDIS_URL`) the edit counter is shared too; with a per-process cache, an edit in place made
through another process reaches this one's dashboards when its entry expires.
"""

from __future__ import annotations

from django.db.models import Count, Max, Q, Sum

from zona.core.content_cache import aggregate, bump, cached  # noqa: F401 (the dashboards' API)


def national_version() -> tuple:
    """The content of the national tables: evaluations and their moves, awards, units,
    instansi and unit types."""
    from zona.evaluations.models import Evaluation, StageChange
    from zona.orgs.models import Instansi, PredicateAward, UnitKerja, UnitType

    return (
        aggregate(Evaluation.objects.all(), moved=Max("stage_changed_at")),
        StageChange.objects.aggregate(last=Max("pk"))["last"],
        aggregate(
            PredicateAward.objects.all(),
            revoked=Count("pk", filter=Q(revoked=True)),
            revoked_on=Max("revoked_on"),
            years=Sum("year"),
        ),
        aggregate(UnitKerja.objects.all(), types=Sum("unit_type_id")),
        aggregate(Instansi.objects.all()),
        aggregate(UnitType.objects.all()),
    )


def instansi_version(instansi_id: int, year: int) -> tuple:
    """The content of one instansi's dashboard of a year: its units, their evaluations and
    stored scores, the facts the eligibility reads, surveys and responses, findings and their
    follow-ups, deadlines."""
    from zona.evaluations.models import Evaluation, InstansiDeadline, LayerScore, NationalDeadline
    from zona.findings.models import Finding, Recommendation
    from zona.findings.models import StatusChange as FollowUp
    from zona.orgs.models import (
        EligibilityThreshold,
        InstansiYear,
        PredicateAward,
        UnitKerja,
        UnitYear,
    )
    from zona.surveys.models import Response, Survey

    units = Q(unit__instansi_id=instansi_id)
    return (
        aggregate(UnitKerja.objects.filter(instansi_id=instansi_id), types=Sum("unit_type_id")),
        aggregate(Evaluation.objects.filter(units, year=year), moved=Max("stage_changed_at")),
        aggregate(
            LayerScore.objects.filter(
                evaluation__unit__instansi_id=instansi_id, evaluation__year=year
            ),
            changed=Max("updated_at"),
        ),
        aggregate(InstansiYear.objects.filter(instansi_id=instansi_id)),
        aggregate(UnitYear.objects.filter(units)),
        aggregate(
            PredicateAward.objects.filter(units), revoked=Count("pk", filter=Q(revoked=True))
        ),
        aggregate(EligibilityThreshold.objects.all(), set_at=Max("set_at")),
        aggregate(Survey.objects.filter(units, year__in=[year - 1, year])),
        aggregate(
            Response.objects.filter(
                survey__unit__instansi_id=instansi_id, survey__year__in=[year - 1, year]
            )
        ),
        aggregate(Finding.objects.filter(units)),
        aggregate(
            Recommendation.objects.filter(finding__unit__instansi_id=instansi_id),
            status_on=Max("status_on"),
        ),
        FollowUp.objects.aggregate(last=Max("pk"))["last"],
        aggregate(InstansiDeadline.objects.filter(instansi_id=instansi_id, year=year)),
        aggregate(NationalDeadline.objects.filter(year=year)),
    )
