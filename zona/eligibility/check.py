"""The checker: may this unit apply for Menuju WBK / WBBM under a rule set?

Each condition is `met`, `not_met` or `missing`. Missing data is never "not met": a BPK opinion
not entered yet says so, and the overall status is then `incomplete`, unless some other
condition is already known to fail (`not_eligible`: no missing data can change that).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .facts import ECHELON, FACTS, INSTANSI, PREDICATE, Declaration, Facts, normalise_facts
from .messages import DEFAULT_LANG, render
from .registry import builtin_ruleset
from .rules import Condition, RuleSet

MET, NOT_MET, MISSING = "met", "not_met", "missing"
ELIGIBLE, NOT_ELIGIBLE, INCOMPLETE = "eligible", "not_eligible", "incomplete"


@dataclass(frozen=True, slots=True)
class Missing:
    """One piece of data the check needed and did not have."""

    # "fact" (a value not given), "declaration" (not declared yet), "evidence" (a "yes" whose
    # evidence is not attached) or "threshold" (a rule an administrator has not completed)
    what: str
    fact: str
    year: int | None = None  # for instansi facts


@dataclass(frozen=True, slots=True)
class ConditionResult:
    condition: Condition
    status: str  # met | not_met | missing
    years: tuple[int, ...]  # the instansi years read, newest first; () for unit facts
    # What was found: a grade or echelon code, a Decimal, a Declaration, a predicate code,
    # or {year: grade or None} for consecutive_years; None when nothing was found.
    value: Any
    missing: tuple[Missing, ...] = ()
    source: str = ""  # where the value came from (`Facts.sources`); "" when not said

    @property
    def code(self) -> str:
        return self.condition.code

    def label(self, lang: str = DEFAULT_LANG) -> str:
        return self.condition.label.get(lang)

    def status_text(self, lang: str = DEFAULT_LANG) -> str:
        return render(f"status_{self.status}", lang=lang)

    def required(self, lang: str = DEFAULT_LANG) -> str:
        """What the condition asks, e.g. "minimal WDP, tahun 2024" / "at least WDP, year 2024"."""
        return _required_text(self.condition, self.years, lang)

    def actual(self, lang: str = DEFAULT_LANG) -> str | None:
        """What the unit or instansi has, e.g. "WTP"; None when nothing is known."""
        if self.value is None:
            return None
        return _actual_text(self.condition, self.value, lang)

    def missing_messages(self, lang: str = DEFAULT_LANG) -> list[str]:
        """What to fill in, e.g. ["Opini BPK tahun 2023 belum diisi"]."""
        out = []
        for m in self.missing:
            name = _fact_name(m.fact, lang)
            if m.what == "threshold":
                out.append(render("missing_threshold", {"label": self.label(lang)}, lang))
            elif m.what == "evidence":
                out.append(render("missing_evidence", {"fact": name}, lang))
            elif m.what == "declaration":
                out.append(render("missing_declaration", {"fact": name}, lang))
            elif m.year is not None:
                out.append(render("missing_year_fact", {"fact": name, "year": m.year}, lang))
            else:
                out.append(render("missing_fact", {"fact": name}, lang))
        return out


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    ruleset: RuleSet
    target: str  # "WBK" / "WBBM"
    year: int  # the evaluation year
    conditions: tuple[ConditionResult, ...]  # in rule-set order
    status: str  # eligible | not_eligible | incomplete

    @property
    def eligible(self) -> bool:
        return self.status == ELIGIBLE

    def with_status(self, status: str) -> tuple[ConditionResult, ...]:
        return tuple(c for c in self.conditions if c.status == status)

    def summary(self, lang: str = DEFAULT_LANG) -> str:
        """E.g. "Tidak memenuhi syarat pengajuan Menuju WBK: 2 syarat tidak terpenuhi"."""
        counted = {NOT_ELIGIBLE: NOT_MET, INCOMPLETE: MISSING}.get(self.status, MET)
        params = {
            "target": render(f"predicate_{self.target}", lang=lang),
            "count": len(self.with_status(counted)),
        }
        return render(f"overall_{self.status}", params, lang)


def check_eligibility(
    ruleset: RuleSet | str, facts: Facts | Mapping[str, Any], target: str
) -> EligibilityResult:
    """Check `facts` against the conditions of `target` ("WBK" or "WBBM") in `ruleset` (a
    RuleSet or the code of a shipped one). Raises `FactsError` for facts that cannot be read
    and `EligibilityError` for an unknown rule set or target."""
    if isinstance(ruleset, str):
        ruleset = builtin_ruleset(ruleset)
    if not isinstance(facts, Facts):
        facts = Facts.from_mapping(facts)
    target = PREDICATE.parse(target) or target  # "wbk", "Menuju WBK" → "WBK"
    conditions = ruleset.conditions(target)
    known = normalise_facts(facts)
    results = tuple(
        dataclasses.replace(result, source=known.sources.get(result.condition.fact, ""))
        for result in (_CHECKS[c.kind](c, known) for c in conditions)
    )
    statuses = {r.status for r in results}
    if NOT_MET in statuses:
        status = NOT_ELIGIBLE
    elif MISSING in statuses:
        status = INCOMPLETE
    else:
        status = ELIGIBLE
    return EligibilityResult(ruleset, target, facts.year, results, status)


# --- checks, one per kind ---------------------------------------------------------------------


def _read(condition: Condition, facts: Facts, year: int | None) -> Any:
    if condition.level == INSTANSI:
        assert year is not None  # an instansi condition always has a year_offset
        return facts.instansi_by_year.get(year, {}).get(condition.fact)
    return facts.unit.get(condition.fact)


def _result(
    condition: Condition,
    met: bool | None,
    years: tuple[int, ...],
    value: Any,
    missing: tuple[Missing, ...] = (),
) -> ConditionResult:
    status = MISSING if met is None else MET if met else NOT_MET
    return ConditionResult(condition, status, years, value, missing)


def _rank_at_least(scale_values: tuple[str, ...], value: str, minimum: Any) -> bool:
    return scale_values.index(value) >= scale_values.index(minimum)


def _check_min_grade(condition: Condition, facts: Facts) -> ConditionResult:
    years = condition.years_read(facts.year)
    year = years[0] if years else None
    value = _read(condition, facts, year)
    if value is None:
        return _result(condition, None, years, None, (Missing("fact", condition.fact, year),))
    assert condition.spec is not None and condition.spec.scale is not None
    met = _rank_at_least(condition.spec.scale.values, value, condition.threshold)
    return _result(condition, met, years, value)


def _check_consecutive_years(condition: Condition, facts: Facts) -> ConditionResult:
    years = condition.years_read(facts.year)
    values = {y: _read(condition, facts, y) for y in years}
    assert condition.spec is not None and condition.spec.scale is not None
    scale = condition.spec.scale.values
    found = {y: v for y, v in values.items() if v is not None}
    shown = values if found else None
    # One known year below the minimum fails the condition whatever the missing years hold.
    if any(not _rank_at_least(scale, v, condition.threshold) for v in found.values()):
        return _result(condition, False, years, shown)
    missing = tuple(Missing("fact", condition.fact, y) for y, v in values.items() if v is None)
    return _result(condition, None if missing else True, years, shown, missing)


def _check_max_echelon(condition: Condition, facts: Facts) -> ConditionResult:
    value = facts.unit.get("echelon")
    if value is None:
        return _result(condition, None, (), None, (Missing("fact", "echelon"),))
    return _result(condition, _rank_at_least(ECHELON.values, value, condition.threshold), (), value)


def _check_min_number(condition: Condition, facts: Facts) -> ConditionResult:
    years = condition.years_read(facts.year)
    year = years[0] if years else None
    value = _read(condition, facts, year)
    missing = []
    if condition.threshold is None:
        missing.append(Missing("threshold", condition.fact))
    if value is None:
        missing.append(Missing("fact", condition.fact, year))
    if missing:
        return _result(condition, None, years, value, tuple(missing))
    return _result(condition, value >= condition.threshold, years, value)


def _check_declared(condition: Condition, facts: Facts) -> ConditionResult:
    declaration = facts.declared.get(condition.fact)
    if declaration is None:
        return _result(condition, None, (), None, (Missing("declaration", condition.fact),))
    assert isinstance(declaration, Declaration)
    if not declaration.value:
        return _result(condition, False, (), declaration)
    if condition.evidence_required and not declaration.evidence:
        # A "yes" whose document is not attached yet: missing, not failed.
        return _result(condition, None, (), declaration, (Missing("evidence", condition.fact),))
    return _result(condition, True, (), declaration)


def _check_previous_predicate(condition: Condition, facts: Facts) -> ConditionResult:
    value = facts.current_predicate
    if value is None:
        return _result(condition, None, (), None, (Missing("fact", "current_predicate"),))
    return _result(
        condition, _rank_at_least(PREDICATE.values, value, condition.threshold), (), value
    )


_CHECKS = {
    "min_grade": _check_min_grade,
    "consecutive_years": _check_consecutive_years,
    "max_echelon": _check_max_echelon,
    "min_number": _check_min_number,
    "declared": _check_declared,
    "previous_predicate": _check_previous_predicate,
}


# --- display -----------------------------------------------------------------------------------


def format_number(value: Decimal, lang: str = DEFAULT_LANG) -> str:
    """As entered, without padding: 3 → "3", 98.5 → "98,5" (id) / "98.5" (en)."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if lang[:2] == "id" else text


def _fact_name(fact: str, lang: str) -> str:
    if fact == "current_predicate":
        return render("fact_current_predicate", lang=lang)
    return FACTS[fact].label.get(lang)


def _number_text(condition: Condition, value: Decimal, lang: str) -> str:
    unit = condition.spec.unit if condition.spec else ""
    return f"{format_number(value, lang)} {unit}".strip()


def _required_text(c: Condition, years: tuple[int, ...], lang: str) -> str:
    minimum: Any = c.threshold
    match c.kind:
        case "consecutive_years":
            params = {"min": minimum, "years": c.years, "first": years[-1], "last": years[0]}
            return render("req_consecutive", params, lang)
        case "max_echelon":
            span = "I" if minimum == "I" else f"I–{minimum}"
            return render("req_max_echelon", {"max": minimum, "range": span}, lang)
        case "min_number" if minimum is None:
            return render("req_threshold_unset", lang=lang)
        case "min_number" | "min_grade":
            if c.kind == "min_number":
                minimum = _number_text(c, minimum, lang)
            if years:
                return render("req_min_year", {"min": minimum, "year": years[0]}, lang)
            return render("req_min", {"min": minimum}, lang)
        case "declared":
            return render("req_yes_evidence" if c.evidence_required else "req_yes", lang=lang)
        case "previous_predicate":
            name = render(f"predicate_{minimum}", lang=lang)
            return render("req_previous", {"min": name}, lang)
    raise AssertionError(c.kind)


def _actual_text(c: Condition, value: Any, lang: str) -> str:
    match c.kind:
        case "consecutive_years":  # oldest first, as years read on a page
            return "; ".join(
                render("actual_year", {"year": y, "value": value[y] or "–"}, lang)
                for y in sorted(value)
            )
        case "min_number":
            return _number_text(c, value, lang)
        case "declared":
            if not value.value:
                return render("actual_no", lang=lang)
            if value.evidence:
                return render("actual_yes_evidence", {"evidence": value.evidence}, lang)
            no_evidence = "actual_yes_no_evidence" if c.evidence_required else "actual_yes"
            return render(no_evidence, lang=lang)
        case "previous_predicate":
            return render(f"predicate_{value}", lang=lang)
    return str(value)  # a grade or echelon code
