"""Rule sets: who may apply for Menuju WBK / WBBM, as validated YAML data.

The format is documented in docs/eligibility-format.md. `load_ruleset_text` refuses a bad file
with a `RuleSetError` listing every problem it found, each naming the rule set, target and
condition, so that an administrator can fix a file in one pass (as `zona.lke.loader` does).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .facts import (
    ECHELON,
    FACTS,
    INSTANSI,
    LEVELS,
    PREDICATE,
    TARGETS,
    UNIT,
    FactSpec,
    Text,
    parse_number,
)
from .messages import LANGS, EligibilityError, Problem, Problems, RuleSetError

SUPPORTED_FORMATS = (1,)
CONFIDENCE_LEVELS = ("confirmed", "secondary", "unconfirmed")

# The fields each kind of condition takes besides the common ones.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    "min_grade": ("fact", "min", "year_offset"),
    "consecutive_years": ("fact", "min", "years", "year_offset"),
    "max_echelon": ("max",),
    "min_number": ("fact", "min", "year_offset"),
    "declared": ("fact", "evidence_required"),
    "previous_predicate": ("min",),
}
KINDS = tuple(KIND_FIELDS)
COMMON_FIELDS = ("code", "kind", "level", "label", "source", "unconfirmed")
# The type of fact each kind reads; max_echelon and previous_predicate read a fixed fact.
KIND_FACT_TYPE = {
    "min_grade": "grade",
    "consecutive_years": "grade",
    "min_number": "number",
    "declared": "declaration",
}
FIXED_FACT = {"max_echelon": "echelon", "previous_predicate": "current_predicate"}
TOP_FIELDS = (
    "format", "code", "version", "name", "legal_basis", "confidence", "description", "targets",
)  # fmt: skip
FILE = "(berkas/file)"
YEAR_OFFSET_RANGE = (-10, 0)  # never a future year
YEARS_RANGE = (2, 10)

Threshold = str | Decimal | None


@dataclass(frozen=True, slots=True)
class Condition:
    """One requirement for applying.

    `threshold` is, by kind: the minimum grade (min_grade, consecutive_years), the lowest
    echelon allowed (max_echelon), the minimum number (min_number; None while an administrator
    has not set it), the predicate the unit must already hold (previous_predicate); None for
    declared.
    """

    code: str
    kind: str
    level: str  # "instansi" or "unit"
    label: Text
    fact: str  # a code of `facts.FACTS`, or "current_predicate"
    threshold: Threshold = None
    year_offset: int | None = None  # instansi facts: the year read is evaluation year + this
    years: int = 1  # consecutive_years: how many years, back from the year of `year_offset`
    evidence_required: bool = False  # declared: "yes" counts only with evidence attached
    unconfirmed: bool = False  # the rule's legal basis or threshold is not confirmed
    source: str = ""

    @property
    def spec(self) -> FactSpec | None:
        return FACTS.get(self.fact)

    def years_read(self, evaluation_year: int) -> tuple[int, ...]:
        """The instansi years this condition reads, newest first; () for unit facts."""
        if self.year_offset is None:
            return ()
        latest = evaluation_year + self.year_offset
        return tuple(latest - i for i in range(self.years))


@dataclass(frozen=True, slots=True)
class Confidence:
    level: str  # confirmed | secondary | unconfirmed
    note: Text


@dataclass(frozen=True, slots=True, eq=False)  # identity: one object per loaded file
class RuleSet:
    code: str
    version: str
    name: Text
    legal_basis: str
    confidence: Confidence
    targets: dict[str, tuple[Condition, ...]]  # "WBK" / "WBBM" → conditions, in file order
    description: str = ""
    source_sha256: str = ""
    # Thresholds set after loading (`with_minimum`), as (target, condition code, value).
    overrides: tuple[tuple[str, str, Threshold], ...] = ()

    @property
    def key(self) -> str:
        return f"{self.code}@{self.version}"

    def conditions(self, target: str) -> tuple[Condition, ...]:
        try:
            return self.targets[target]
        except KeyError:
            known = ", ".join(self.targets)
            problem = Problem(
                "target_not_in_ruleset", {"ruleset": self.code, "value": target, "known": known}
            )
            raise EligibilityError([problem]) from None

    def with_minimum(self, target: str, code: str, value: int | float | Decimal | str) -> RuleSet:
        """A copy with the minimum of one condition set, e.g. the RB-index threshold that the
        reference leaves to an administrator. Validated as in a file. The condition keeps its
        `unconfirmed` mark: setting a number does not confirm its legal basis."""
        conditions = self.conditions(target)
        where = f"{self.code} / {target} / {code}"
        problems = Problems()
        condition = next((c for c in conditions if c.code == code), None)
        if condition is None:
            known = ", ".join(c.code for c in conditions)
            problems.add("unknown_condition_code", where=where, code=code, known=known)
            raise RuleSetError(problems)
        if condition.kind not in ("min_grade", "consecutive_years", "min_number"):
            problems.add("no_minimum", where=where, kind=condition.kind)
            raise RuleSetError(problems)
        threshold = _threshold(condition.kind, condition.spec, value, where, target, problems)
        if threshold is None:
            raise RuleSetError(problems or [Problem("threshold_unset", {"where": where})])
        changed = dataclasses.replace(condition, threshold=threshold)
        targets = dict(self.targets)
        targets[target] = tuple(changed if c is condition else c for c in conditions)
        overrides = (*self.overrides, (target, code, threshold))
        return dataclasses.replace(self, targets=targets, overrides=overrides)


# --- loading ----------------------------------------------------------------------------------


def load_ruleset_file(path: str | Path) -> RuleSet:
    return load_ruleset_text(Path(path).read_text(encoding="utf-8"))


def load_ruleset_text(text: str) -> RuleSet:
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise RuleSetError([Problem("yaml_syntax", {"detail": detail})]) from None
    problems = Problems()
    ruleset = _build(data, hashlib.sha256(text.encode("utf-8")).hexdigest(), problems)
    if problems or ruleset is None:
        raise RuleSetError(problems)
    return ruleset


def _build(data: Any, sha256: str, problems: Problems) -> RuleSet | None:
    if not isinstance(data, dict):
        problems.add("not_a_mapping", where=FILE)
        return None
    _unknown_fields(data, TOP_FIELDS, FILE, problems)
    if data.get("format") not in SUPPORTED_FORMATS:
        expected = ", ".join(str(f) for f in SUPPORTED_FORMATS)
        problems.add("unsupported_format", actual=data.get("format"), expected=expected)
    code = _text(data, "code", FILE, problems)
    where = code or FILE
    version = _text(data, "version", where, problems)
    name = _bilingual(data, "name", where, problems)
    legal_basis = _text(data, "legal_basis", where, problems)
    confidence = _confidence(data.get("confidence"), where, problems)
    targets = _targets(data.get("targets"), where, problems)
    description = _text(data, "description", where, problems, required=False)
    if problems:
        return None
    return RuleSet(
        code=code,
        version=version,
        name=name,
        legal_basis=legal_basis,
        confidence=confidence,
        targets=targets,
        description=description,
        source_sha256=sha256,
    )


def _unknown_fields(data: dict, allowed: tuple[str, ...], where: str, problems: Problems) -> None:
    for key in data:
        if key not in allowed:
            problems.add("unknown_field", where=where, field=key, known=", ".join(allowed))


def _text(data: dict, key: str, where: str, problems: Problems, required: bool = True) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            problems.add("missing_field", where=where, field=key)
        return ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        problems.add("bad_field", where=where, field=key, expected="text", actual=value)
        return ""
    return str(value).strip()


def _bilingual(data: dict, key: str, where: str, problems: Problems) -> Text:
    """`key: {id: …, en: …}`; both languages are required."""
    value = data.get(key)
    if value is None:
        problems.add("missing_field", where=where, field=key)
        return Text("", "")
    if not isinstance(value, dict):
        problems.add("bad_field", where=where, field=key, expected="{id: …, en: …}", actual=value)
        return Text("", "")
    _unknown_fields(value, LANGS, f"{where} / {key}", problems)
    texts = {}
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            problems.add("missing_label", where=where, field=key, lang=lang)
            text = ""
        texts[lang] = " ".join(text.split())
    return Text(texts["id"], texts["en"])


def _flag(data: dict, key: str, where: str, problems: Problems) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        problems.add("bad_field", where=where, field=key, expected="true/false", actual=value)
        return False
    return value


def _confidence(raw: Any, where: str, problems: Problems) -> Confidence:
    if raw is None:
        problems.add("missing_field", where=where, field="confidence")
        return Confidence("", Text("", ""))
    where = f"{where} / confidence"
    if not isinstance(raw, dict):
        problems.add("not_a_mapping", where=where)
        return Confidence("", Text("", ""))
    _unknown_fields(raw, ("level", "note"), where, problems)
    level = _text(raw, "level", where, problems)
    if level and level not in CONFIDENCE_LEVELS:
        expected = " | ".join(CONFIDENCE_LEVELS)
        problems.add("bad_field", where=where, field="level", expected=expected, actual=level)
    return Confidence(level, _bilingual(raw, "note", where, problems))


def _targets(raw: Any, where: str, problems: Problems) -> dict[str, tuple[Condition, ...]]:
    if raw is None or raw == {}:
        problems.add("no_targets", where=where)
        return {}
    if not isinstance(raw, dict):
        problems.add("not_a_mapping", where=f"{where} / targets")
        return {}
    targets: dict[str, tuple[Condition, ...]] = {}
    for target, raw_conditions in raw.items():
        target_where = f"{where} / {target}"
        if target not in TARGETS:
            problems.add("unknown_target", where=where, target=target, known=", ".join(TARGETS))
            continue
        if not isinstance(raw_conditions, list):
            problems.add(
                "bad_field", where=where, field=target, expected="a list", actual=raw_conditions
            )
            continue
        if not raw_conditions:
            problems.add("empty_target", where=target_where)
        conditions: list[Condition] = []
        for i, raw_condition in enumerate(raw_conditions):
            condition = _condition(raw_condition, target_where, i, target, problems)
            if condition is None:
                continue
            if any(c.code == condition.code for c in conditions):
                code = condition.code
                problems.add("duplicate_code", where=f"{target_where} / {code}", code=code)
                continue
            conditions.append(condition)
        targets[target] = tuple(conditions)
    return {t: targets[t] for t in TARGETS if t in targets}  # WBK before WBBM


def _condition(
    raw: Any, target_where: str, index: int, target: str, problems: Problems
) -> Condition | None:
    where = f"{target_where} / syarat/condition {index + 1}"
    if not isinstance(raw, dict):
        problems.add("not_a_mapping", where=where)
        return None
    before = len(problems)
    code = _text(raw, "code", where, problems)
    where = f"{target_where} / {code}" if code else where
    kind = _text(raw, "kind", where, problems)
    if kind and kind not in KIND_FIELDS:
        problems.add("unknown_kind", where=where, kind=kind, known=", ".join(KINDS))
    if kind not in KIND_FIELDS:
        return None
    fields = KIND_FIELDS[kind]
    allowed = (*COMMON_FIELDS, *fields)
    for key in raw:
        if key not in allowed:
            # A field of another kind (`max` on min_grade) is a mistake of kind, not a typo.
            another_kind = any(key in f for f in KIND_FIELDS.values())
            problem = "field_not_for_kind" if another_kind else "unknown_field"
            problems.add(problem, where=where, field=key, kind=kind, known=", ".join(allowed))
    label = _bilingual(raw, "label", where, problems)
    unconfirmed = _flag(raw, "unconfirmed", where, problems)
    evidence_required = _flag(raw, "evidence_required", where, problems)
    fact, spec, fact_level = _fact(raw, kind, where, problems)

    level = _text(raw, "level", where, problems)
    if level and level not in LEVELS:
        problems.add(
            "bad_field", where=where, field="level", expected=" | ".join(LEVELS), actual=level
        )
    elif level and fact_level and level != fact_level:
        problems.add("level_mismatch", where=where, level=level, fact=fact, fact_level=fact_level)

    year_offset = None
    if "year_offset" in fields:
        year_offset = _year_offset(raw, where, fact, fact_level, problems)
    years = 1
    if kind == "consecutive_years":
        years = raw.get("years")
        low, high = YEARS_RANGE
        if not isinstance(years, int) or isinstance(years, bool) or not low <= years <= high:
            problems.add("bad_years", where=where, actual=years)

    threshold: Threshold = None
    bound = "max" if kind == "max_echelon" else "min"
    if bound not in fields:
        pass  # declared: nothing to compare
    elif bound not in raw:
        problems.add("missing_field", where=where, field=bound)
    elif raw[bound] is None:
        # Only a number may wait for an administrator, and only on a rule marked unconfirmed.
        if kind != "min_number" or not unconfirmed:
            problems.add("threshold_unset", where=where)
    elif kind == "max_echelon":
        threshold = _on_scale(raw[bound], ECHELON.values, ECHELON.code, where, problems)
    elif spec is not None or kind == "previous_predicate":
        threshold = _threshold(kind, spec, raw[bound], where, target, problems)

    source = _text(raw, "source", where, problems, required=False)
    if len(problems) > before:
        return None
    return Condition(
        code=code,
        kind=kind,
        level=level,
        label=label,
        fact=fact,
        threshold=threshold,
        year_offset=year_offset,
        years=years,
        evidence_required=evidence_required,
        unconfirmed=unconfirmed,
        source=source,
    )


def _fact(
    raw: dict, kind: str, where: str, problems: Problems
) -> tuple[str, FactSpec | None, str | None]:
    """(fact code, its spec, its level) of a condition; spec and level None when unusable."""
    if kind in FIXED_FACT:
        fact = FIXED_FACT[kind]
        return fact, FACTS.get(fact), UNIT  # the unit's echelon, the unit's current predicate
    fact = _text(raw, "fact", where, problems)
    spec = FACTS.get(fact)
    if not fact:
        return fact, None, None
    if spec is None:
        problems.add("unknown_fact", where=where, fact=fact, known=", ".join(FACTS))
        return fact, None, None
    wanted = KIND_FACT_TYPE[kind]
    per_year = kind != "consecutive_years" or spec.level == INSTANSI
    if spec.type != wanted or not per_year:
        known = ", ".join(c for c, s in FACTS.items() if s.type == wanted)
        problems.add("fact_not_for_kind", where=where, fact=fact, kind=kind, known=known)
        return fact, None, None
    return fact, spec, spec.level


def _year_offset(
    raw: dict, where: str, fact: str, fact_level: str | None, problems: Problems
) -> int | None:
    if fact_level != INSTANSI:
        if "year_offset" in raw and fact_level is not None:
            problems.add("year_offset_not_allowed", where=where, fact=fact)
        return None
    if "year_offset" not in raw:
        problems.add("year_offset_required", where=where, fact=fact)
        return None
    value = raw["year_offset"]
    low, high = YEAR_OFFSET_RANGE
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        expected = f"a whole number {low}…{high}"
        problems.add("bad_field", where=where, field="year_offset", expected=expected, actual=value)
        return None
    return value


def _on_scale(
    value: Any, values: tuple[str, ...], scale: str, where: str, problems: Problems
) -> str | None:
    # Files name grades by their exact code: "BB", not "bb" or "Baik Sekali".
    if isinstance(value, str) and value in values:
        return value
    problems.add("not_on_scale", where=where, value=value, scale=scale, values=", ".join(values))
    return None


def _threshold(
    kind: str, spec: FactSpec | None, value: Any, where: str, target: str, problems: Problems
) -> Threshold:
    """The minimum of a condition, checked against its scale or range."""
    if kind == "previous_predicate":
        earned = PREDICATE.values[1:]  # "none" is not a predicate one can require
        code = _on_scale(value, earned, PREDICATE.code, where, problems)
        if code is not None and PREDICATE.rank(code) >= PREDICATE.rank(target):
            problems.add("predicate_not_lower", where=where, value=code, target=target)
            return None
        return code
    assert spec is not None
    if spec.type == "grade":
        assert spec.scale is not None
        return _on_scale(value, spec.scale.values, spec.scale.code, where, problems)
    # A quoted "70" in a file is a typo for a number, so strings are refused.
    number = None if isinstance(value, str) else parse_number(value)
    if number is None:
        problems.add("bad_field", where=where, field="min", expected="a number", actual=value)
        return None
    assert spec.low is not None and spec.high is not None
    if not spec.low <= number <= spec.high:
        problems.add("out_of_range", where=where, value=value, low=spec.low, high=spec.high)
        return None
    return number
