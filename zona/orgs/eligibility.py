"""A unit's eligibility to apply, from what Zona knows about it and its instansi.

The rules and the check are pure (zona.eligibility); this module gathers the facts:
- the instansi facts per year and the unit's compliance and declarations (this app's records);
- what Zona's other records show, through *record providers* that the apps holding them
  register from their AppConfig.ready() (findings: the TLHP register; surveys: the unit's own
  surveys; evaluations: the LKE). This app sits above them and never imports them.
- the thresholds an administrator set where a rule set leaves one open (`EligibilityThreshold`).

Each fact carries its source (`Facts.sources`), which the checklist shows beside the condition.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from zona.eligibility import (
    FACTS,
    EligibilityResult,
    Facts,
    RuleSet,
    builtin_ruleset,
    builtin_rulesets,
)
from zona.eligibility import check_eligibility as check

from .models import (
    EligibilityThreshold,
    InstansiYear,
    Predicate,
    PredicateAward,
    UnitKerja,
    UnitYear,
)

DEFAULT_RULESET = "praktik-2025"  # the current practice, for the LKE in force (2021)
INSTANSI_FIELDS = {"bpk_opinion": "bpk_opinion", "akip": "akip_grade", "spip": "spip_level"}
INSTANSI_FIELDS["rb_index"] = "rb_index"


@dataclass(frozen=True)
class Record:
    """What one of Zona's records says about a fact of a unit for an evaluation year.

    `value` is what the check reads (a `Declaration` for declarations, a number for unit
    numbers); None when the record exists but does not show the condition yet (an LKE still in
    draft): the unit's own declaration then stands, and `source` still says what Zona found.
    """

    fact: str
    source: str
    value: Any = None


# provider(units, year) -> {unit pk: records}; a fixed number of queries whatever len(units)
RecordProvider = Callable[[Sequence[UnitKerja], int], Mapping[int, Iterable[Record]]]
_providers: list[RecordProvider] = []


def register_records(provider: RecordProvider) -> None:
    """Called from an AppConfig.ready(); registering the same provider twice is a no-op."""
    if provider not in _providers:
        _providers.append(provider)


def facts_for_units(units: Sequence[UnitKerja], year: int) -> dict[int, Facts]:
    """The eligibility facts of many units for an evaluation `year`, in a fixed number of
    queries.

    Compliance (LHKPN, LHKASN) and declarations come from the year before the evaluation year
    — the last complete reporting year at proposal time — or, if that is not recorded, from
    the evaluation year itself. A record of Zona that shows a fact takes its place over a
    declaration (Zona's record is the evidence). The rule sets say which instansi years they
    read.
    """
    ids = [u.pk for u in units]
    by_instansi: dict[int, dict[int, dict[str, Any]]] = defaultdict(dict)
    for row in InstansiYear.objects.filter(instansi_id__in={u.instansi_id for u in units}):
        by_instansi[row.instansi_id][row.year] = {
            fact: getattr(row, name) if getattr(row, name) != "" else None
            for fact, name in INSTANSI_FIELDS.items()
        }
    compliance: dict[int, dict[int, UnitYear]] = defaultdict(dict)
    for row in UnitYear.objects.filter(unit_id__in=ids, year__in=[year - 1, year]):
        compliance[row.unit_id][row.year] = row
    held: dict[int, set[str]] = defaultdict(set)
    awards = PredicateAward.objects.filter(unit_id__in=ids, revoked=False, year__lt=year)
    for unit_id, predicate in awards.values_list("unit_id", "predicate"):
        held[unit_id].add(predicate)
    records: dict[int, list[Record]] = defaultdict(list)
    for provider in _providers:
        for unit_id, found in provider(units, year).items():
            records[unit_id].extend(found)

    instansi_source = _("Instansi data recorded in Zona")
    out = {}
    for unit in units:
        rows = compliance.get(unit.pk, {})
        known = rows.get(year - 1) or rows.get(year)
        has = held.get(unit.pk, set())
        current = Predicate.WBBM if Predicate.WBBM in has else Predicate.WBK if has else "none"
        unit_values: dict[str, Any] = {
            "echelon": unit.echelon,
            "lhkpn_percent": known.lhkpn_percent if known else None,
            "lhkasn_percent": known.lhkasn_percent if known else None,
        }
        declared = dict(known.declared) if known else {}
        sources = dict.fromkeys(INSTANSI_FIELDS, instansi_source)
        sources["current_predicate"] = _("Predicate history in Zona")
        if known is not None:
            recorded = _("Compliance and declarations of %(year)s recorded in Zona") % {
                "year": known.year
            }
            for fact in ("lhkpn_percent", "lhkasn_percent", *declared):
                sources[fact] = recorded
        for record in records.get(unit.pk, ()):
            sources[record.fact] = record.source
            if record.value is None:
                continue
            if FACTS[record.fact].type == "declaration":
                declared[record.fact] = record.value
            else:
                unit_values[record.fact] = record.value
        out[unit.pk] = Facts(
            year=year,
            instansi_by_year=by_instansi.get(unit.instansi_id, {}),
            unit=unit_values,
            declared=declared,
            current_predicate=str(current),
            sources=sources,
        )
    return out


def unit_facts(unit: UnitKerja, year: int) -> Facts:
    """The facts of one unit (`facts_for_units` of one)."""
    return facts_for_units([unit], year)[unit.pk]


def with_thresholds(ruleset: RuleSet, rows: Iterable[EligibilityThreshold] | None = None):
    """The rule set with the minimums an administrator set where its file leaves them open."""
    if rows is None:
        rows = EligibilityThreshold.objects.filter(ruleset=ruleset.code)
    for row in rows:
        if row.ruleset != ruleset.code or row.target not in ruleset.targets:
            continue
        condition = next((c for c in ruleset.targets[row.target] if c.code == row.condition), None)
        if condition is not None and condition.threshold is None:
            ruleset = ruleset.with_minimum(row.target, row.condition, row.value)
    return ruleset


def thresholds_set(ruleset: RuleSet) -> dict[tuple[str, str], EligibilityThreshold]:
    return {
        (row.target, row.condition): row
        for row in EligibilityThreshold.objects.filter(ruleset=ruleset.code)
    }


def open_thresholds(ruleset: RuleSet) -> list[tuple[str, str]]:
    """(target, condition code) of every condition whose file leaves the minimum open."""
    return [
        (target, c.code)
        for target, conditions in ruleset.targets.items()
        for c in conditions
        if c.kind == "min_number" and c.threshold is None
    ]


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
    shipped = builtin_ruleset(ruleset if ruleset in rulesets else DEFAULT_RULESET)
    set_rows = thresholds_set(shipped)
    chosen = with_thresholds(shipped, set_rows.values())
    facts = unit_facts(unit, year)
    if target not in chosen.targets:
        target = "WBBM" if facts.current_predicate in ("WBK", "WBBM") else "WBK"
    result = check(chosen, facts, target)
    levels = {"instansi": _("instansi"), "unit": _("unit")}
    conditions = []
    for c in result.conditions:
        note = " ".join(c.missing_messages(lang))
        threshold_row = set_rows.get((target, c.code))
        if any(m.what == "threshold" for m in c.missing):
            # Why this one stays open, and that it is the only way to an answer.
            note = _(
                "Zona does not invent this number: until an administrator sets the threshold "
                "(Admin → Eligibility thresholds), no unit can be found eligible under this "
                "rule set."
            )
        conditions.append(
            {
                "label": c.label(lang),
                "level_label": levels.get(c.condition.level, c.condition.level),
                "required": c.required(lang),
                "actual": c.actual(lang),
                "status": c.status,
                "note": note,
                "source": c.source,
                "threshold_basis": threshold_row.basis if threshold_row else "",
            }
        )
    return EligibilityView(
        result=result,
        rulesets=[(code, rs.name.get(lang)) for code, rs in rulesets.items()],
        targets=[(code, str(Predicate(code).label)) for code in chosen.targets],
        conditions=conditions,
    )
