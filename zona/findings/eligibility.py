"""What the audit findings register tells the eligibility check: the unit's TLHP report.

The 2025 practice asks each unit for a TLHP report (reference README §3). The register is that
report: when it holds recommendations the percentage can be computed from, the condition is
met by Zona's own record, with the figure and its cut-off; when it holds none, Zona says so and
the unit's own declaration (a report kept elsewhere) still counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import formats
from django.utils.translation import gettext as _

from zona.eligibility import Declaration
from zona.orgs.eligibility import Record

from .tlhp import counts_for_units, cutoffs_for_year, explain


def _percent(value) -> str:
    return formats.number_format(value, 2)


def tlhp_records(units: Sequence, year: int) -> dict[int, list[Record]]:
    cutoff = cutoffs_for_year(year)[-1][1]  # the latest state the year allows
    tallies = counts_for_units([u.pk for u in units], [cutoff])
    out = {}
    for unit_id, by_cutoff in tallies.items():
        tally = by_cutoff[cutoff]
        if tally.total == 0:
            continue  # nothing in the register: the declaration, if any, stands untouched
        where = _("Audit findings register in Zona, as at %(date)s") % {
            "date": formats.date_format(cutoff)
        }
        source = f"{where}: {explain(tally)}"
        value = None
        if tally.percentage is not None:
            evidence = _("TLHP %(percent)s %%") % {"percent": _percent(tally.percentage)}
            value = Declaration(True, evidence)
        out[unit_id] = [Record("tlhp_report", source, value)]
    return out
