"""The TLHP percentage: how much of what the auditors recommended has been followed up.

The 2019 LKE's Hasil item 83 is “Persentase temuan hasil pemeriksaan (internal dan eksternal)
yang ditindaklanjuti (TLHP)”, entered as a percentage (score = % / 100 × 5; the predicate needs
3.5, i.e. 70 %). The reference gives no formula beyond that name. Zona counts it the way the
auditors report follow-up (BPK's semester monitoring, the Inspektorat's TLHP reports), per
recommendation, as at a cut-off date:

    TLHP = sesuai ÷ (all - tidak dapat ditindaklanjuti) × 100

- *all*: the recommendations of the unit's findings whose report is dated on or before the
  cut-off, from every source (BPK, BPKP, Inspektorat, others: the item says internal and
  external).
- *sesuai*: those whose status at the cut-off is “sesuai dengan rekomendasi”. “Belum sesuai”
  (followed up, not yet fully) and “belum ditindaklanjuti” count in the denominator only.
- “Tidak dapat ditindaklanjuti” (the auditor agreed it cannot be followed up, with a reason) is
  left out of both: nothing more can be done about it.
- The status at the cut-off is the last one the auditor set on or before that date (the
  `effective_on` of `StatusChange`), so a figure can be recomputed later and not change.
- When nothing is left to count (no recommendations, or all “tidak dapat”), there is no
  percentage: the value is None and the reason is shown. Zona does not turn 0/0 into 100 %.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zona.core import numbers
from zona.evaluations.feeds import FeedOption

from .models import Finding, Status, StatusChange


@dataclass(frozen=True)
class TlhpCount:
    """The recommendations counted at one cut-off date, by status."""

    cutoff: date
    sesuai: int = 0
    belum_sesuai: int = 0
    belum: int = 0
    tidak_dapat: int = 0

    @property
    def total(self) -> int:
        return self.sesuai + self.belum_sesuai + self.belum + self.tidak_dapat

    @property
    def denominator(self) -> int:
        return self.total - self.tidak_dapat

    @property
    def percentage(self) -> Decimal | None:
        """Exact to 2 decimals (half up), as the LKE takes it; None when nothing counts."""
        if self.denominator == 0:
            return None
        exact = Decimal(self.sesuai * 100) / Decimal(self.denominator)
        return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def count(cutoff: date, statuses: Iterable[str]) -> TlhpCount:
    """The count of the statuses (one per recommendation) at a cut-off date."""
    tally = Counter(statuses)
    return TlhpCount(
        cutoff=cutoff,
        sesuai=tally[Status.SESUAI],
        belum_sesuai=tally[Status.BELUM_SESUAI],
        belum=tally[Status.BELUM],
        tidak_dapat=tally[Status.TIDAK_DAPAT],
    )


def counts_for_unit(unit_id: int, cutoffs: Iterable[date]) -> dict[date, TlhpCount]:
    """The counts of a unit at several cut-off dates, from two queries whatever their number."""
    return counts_for_units([unit_id], cutoffs).get(unit_id, {})


def counts_for_units(
    unit_ids: Iterable[int], cutoffs: Iterable[date]
) -> dict[int, dict[date, TlhpCount]]:
    """{unit: {cut-off: count}} of many units, from two queries whatever their number."""
    unit_ids, cutoffs = list(unit_ids), sorted(set(cutoffs))
    if not cutoffs or not unit_ids:
        return {}
    last = cutoffs[-1]
    recommendations: dict[int, list[tuple[int, date]]] = {u: [] for u in unit_ids}
    for unit_id, rec, reported in (
        Finding.objects.filter(unit_id__in=unit_ids, report_date__lte=last)
        .exclude(recommendations__pk=None)
        .values_list("unit_id", "recommendations__pk", "report_date")
    ):
        recommendations[unit_id].append((rec, reported))
    changes = StatusChange.objects.filter(
        recommendation__finding__unit_id__in=unit_ids, effective_on__lte=last
    ).exclude(to_status="")
    history: dict[int, list[tuple[date, str]]] = {}
    for rec, on, status in changes.order_by("effective_on", "at", "pk").values_list(
        "recommendation_id", "effective_on", "to_status"
    ):
        history.setdefault(rec, []).append((on, status))
    result: dict[int, dict[date, TlhpCount]] = {}
    for unit_id, recs in recommendations.items():
        result[unit_id] = {}
        for cutoff in cutoffs:
            statuses = []
            for rec, reported in recs:
                if reported > cutoff:
                    continue
                status = Status.BELUM  # a new recommendation has not been followed up
                for on, to_status in history.get(rec, ()):
                    if on > cutoff:
                        break
                    status = to_status
                statuses.append(status)
            result[unit_id][cutoff] = count(cutoff, statuses)
    return result


def cutoffs_for_year(year: int, today: date | None = None) -> list[tuple[str, date]]:
    """The cut-offs offered for an evaluation year: the end of the year before (what the
    audits of that year found and the unit settled) and the latest state within the year."""
    today = today or timezone.localdate()
    current = min(today, date(year, 12, 31))
    offered = [(f"{year - 1}-12-31", date(year - 1, 12, 31))]
    if current > date(year - 1, 12, 31):
        offered.append((f"{year}-now", current))
    return offered


def explain(tally: TlhpCount) -> str:
    """The figures behind the percentage, in words, for the source's detail line."""
    if tally.total == 0:
        return _("No recommendations recorded up to %(date)s: there is nothing to compute.") % {
            "date": formats.date_format(tally.cutoff)
        }
    if tally.denominator == 0:
        return ngettext(
            "%(n)s recommendation recorded, and it cannot be followed up: there is nothing to "
            "compute.",
            "All %(n)s recommendations cannot be followed up: there is nothing to compute.",
            tally.total,
        ) % {"n": numbers.count(tally.total)}
    return ngettext(
        "%(sesuai)s sesuai of %(denominator)s recommendation (%(total)s recorded, "
        "%(tidak)s cannot be followed up; %(belum_sesuai)s belum sesuai, %(belum)s belum "
        "ditindaklanjuti).",
        "%(sesuai)s sesuai of %(denominator)s recommendations (%(total)s recorded, "
        "%(tidak)s cannot be followed up; %(belum_sesuai)s belum sesuai, %(belum)s belum "
        "ditindaklanjuti).",
        tally.denominator,
    ) % {
        key: numbers.count(value)
        for key, value in (
            ("sesuai", tally.sesuai), ("denominator", tally.denominator),
            ("total", tally.total), ("tidak", tally.tidak_dapat),
            ("belum_sesuai", tally.belum_sesuai), ("belum", tally.belum),
        )
    }  # fmt: skip


def provider(evaluation, feed: str) -> list[FeedOption]:
    """The TLHP options of an evaluation: its unit's percentage at each offered cut-off."""
    offered = cutoffs_for_year(evaluation.year)
    tallies = counts_for_unit(evaluation.unit_id, [cutoff for _key, cutoff in offered])
    options = []
    for key, cutoff in offered:
        tally = tallies[cutoff]
        value = tally.percentage
        options.append(
            FeedOption(
                key=f"tlhp:{evaluation.unit_id}:{key}",
                label=_("Audit findings register: TLHP as at %(date)s")
                % {"date": formats.date_format(cutoff)},
                value=float(value) if value is not None else None,
                url=reverse("findings:tlhp", args=[evaluation.unit_id])
                + f"?per={cutoff.isoformat()}",
                detail=explain(tally),
            )
        )
    return options
