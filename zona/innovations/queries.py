"""The register's figures: the LKE counts of a unit, the media log's summary by channel and
month. Each is computed by the database in one query."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractMonth

from zona.orgs.models import UnitKerja

from .models import LIVE_STATUSES, Channel, Innovation, InnovationStatus, Publication, Service


@dataclass(frozen=True)
class LkeCounts:
    registered: int  # services the unit still provides
    simplified: int  # of those, the ones a running or replicated innovation changed
    as_of: date  # innovations started after this day are not counted


def lke_counts(unit_id: int, year: int) -> LkeCounts:
    """What the 2021 LKE asks for (questions 122 and 123) for an evaluation of `year`: an
    innovation counts when it runs (or was replicated) and started by 31 December."""
    end = date(year, 12, 31)
    live = Q(innovations__status__in=LIVE_STATUSES, innovations__start_date__lte=end)
    row = Service.objects.filter(unit_id=unit_id, active=True).aggregate(
        registered=Count("pk", distinct=True),
        simplified=Count("pk", filter=live, distinct=True),
    )
    return LkeCounts(registered=row["registered"], simplified=row["simplified"], as_of=end)


@dataclass(frozen=True)
class MediaSummary:
    year: int
    # (channel code, label, 12 monthly counts from January, the channel's total)
    rows: list[tuple[str, str, list[int], int]]
    month_totals: list[int]
    total: int


def media_summary(unit_id: int, year: int) -> MediaSummary:
    counts = (
        Publication.objects.filter(unit_id=unit_id, published_on__year=year)
        .annotate(month=ExtractMonth("published_on"))
        .values("channel", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    grid = {code: [0] * 12 for code in Channel.values}
    for row in counts:
        grid[row["channel"]][row["month"] - 1] = row["n"]
    rows = [(code, label, grid[code], sum(grid[code])) for code, label in Channel.choices]
    month_totals = [sum(grid[c][m] for c in grid) for m in range(12)]
    return MediaSummary(
        year=year,
        rows=rows,
        month_totals=month_totals,
        total=sum(month_totals),
    )


def _count(rows: QuerySet) -> Coalesce:
    """The number of `rows` of the outer unit, as a subquery (no join to multiply counts)."""
    counted = rows.order_by().values("unit").annotate(n=Count("pk", distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def unit_register_summary(units: QuerySet[UnitKerja], unit_id: int, year: int) -> dict | None:
    """For the unit dashboard: innovations per status, the year's publications and the LKE
    counts, in one query; None when the unit is not among `units` (the person's reach)."""
    end = date(year, 12, 31)
    mine = {"unit": OuterRef("pk")}
    services = Service.objects.filter(**mine, active=True)
    per_status = {
        f"n_{code}": _count(Innovation.objects.filter(**mine, status=code))
        for code in InnovationStatus.values
    }
    return (
        units.filter(pk=unit_id)
        .annotate(
            **per_status,
            n_publications=_count(Publication.objects.filter(**mine, published_on__year=year)),
            n_registered=_count(services),
            n_simplified=_count(
                services.filter(
                    innovations__status__in=LIVE_STATUSES, innovations__start_date__lte=end
                )
            ),
        )
        .values("n_publications", "n_registered", "n_simplified", *per_status)
        .first()
    )
