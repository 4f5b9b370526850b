"""A unit's eligibility to apply, from what the database knows about it and its instansi.

The rules and the check are pure (zona.eligibility); this module only gathers the facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.eligibility import EligibilityResult, Facts, builtin_ruleset, builtin_rulesets
from zona.eligibility import check_eligibility as check

from .models import Predicate, UnitKerja

DEFAULT_RULESET = "praktik-2025"  # the current practice, for the LKE in force (2021)


def unit_facts(unit: UnitKerja, year: int) -> Facts:
    """The facts of the unit and its instansi as known for an evaluation `year`.

    Compliance (LHKPN, LHKASN) and declarations come from the year before the evaluation year
    — the last complete reporting year at proposal time — or, if that is not recorded, from
    the evaluation year itself. The rule sets say which instansi years they read.
    """
    instansi_by_year = {
        row.year: {
            "bpk_opinion": row.bpk_opinion or None,
            "akip": row.akip_grade or None,
            "spip": row.spip_level,
            "rb_index": row.rb_index,
        }
        for row in unit.instansi.years.all()
    }
    rows = {row.year: row for row in unit.years.filter(year__in=[year - 1, year])}
    compliance = rows.get(year - 1) or rows.get(year)
    held = {a.predicate for a in unit.awards.filter(revoked=False, year__lt=year).only("predicate")}
    current = Predicate.WBBM if Predicate.WBBM in held else Predicate.WBK if held else "none"
    return Facts(
        year=year,
        instansi_by_year=instansi_by_year,
        unit={
            "echelon": unit.echelon,
            "lhkpn_percent": compliance.lhkpn_percent if compliance else None,
            "lhkasn_percent": compliance.lhkasn_percent if compliance else None,
        },
        declared=dict(compliance.declared) if compliance else {},
        current_predicate=str(current),
    )


@dataclass
class EligibilityView:
    result: EligibilityResult
    rulesets: list[tuple[str, str]]
    targets: list[tuple[str, str]]
    conditions: list[dict[str, Any]]

    @property
    def ruleset(self):
        return self.result.ruleset

    @property
    def target(self) -> str:
        return self.result.target

    @property
    def status(self) -> str:
        return self.result.status

    @property
    def summary(self) -> str:
        return self.result.summary(_lang())


def _lang() -> str:
    return (get_language() or "id")[:2]


def unit_eligibility(
    unit: UnitKerja, *, year: int, ruleset: str | None = None, target: str | None = None
) -> EligibilityView:
    """The checklist shown on a unit's page. Unknown choices fall back to the defaults."""
    lang = _lang()
    rulesets = builtin_rulesets()
    chosen = builtin_ruleset(ruleset if ruleset in rulesets else DEFAULT_RULESET)
    facts = unit_facts(unit, year)
    if target not in chosen.targets:
        target = "WBBM" if facts.current_predicate in ("WBK", "WBBM") else "WBK"
    result = check(chosen, facts, target)
    levels = {"instansi": _("instansi"), "unit": _("unit")}
    conditions = [
        {
            "label": c.label(lang),
            "level_label": levels.get(c.condition.level, c.condition.level),
            "required": c.required(lang),
            "actual": c.actual(lang),
            "status": c.status,
            "note": " ".join(c.missing_messages(lang)),
        }
        for c in result.conditions
    ]
    return EligibilityView(
        result=result,
        rulesets=[(code, rs.name.get(lang)) for code, rs in rulesets.items()],
        targets=[(code, str(Predicate(code).label)) for code in chosen.targets],
        conditions=conditions,
    )
