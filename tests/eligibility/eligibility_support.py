"""Facts that meet every shipped condition, and a way to change one thing in them.

Evaluation year 2025: with the shipped `year_offset: -1` the rules read the instansi facts of
2024, and 2014's WBBM rule (two consecutive WTP years) also those of 2023.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml

from zona.eligibility import FACTS, Facts, RuleSet, builtin_ruleset

YEAR = 2025
Y1, Y2 = 2024, 2023  # the years the shipped rules read
DELETE = object()  # in `facts_with`: remove the fact (missing data)

# The RB-index thresholds the reference does not give: values an administrator might set, used
# only to test the conditions once set. They are not a claim about the real thresholds.
ADMIN_RB_MIN = {"WBK": 60, "WBBM": 75}

DECLARATIONS = [code for code, spec in FACTS.items() if spec.type == "declaration"]


def all_met() -> dict[str, Any]:
    best = {"bpk_opinion": "WTP", "akip": "AA", "spip": 5, "rb_index": 100}
    return {
        "year": YEAR,
        "instansi_by_year": {Y1: dict(best), Y2: dict(best)},
        "unit": {"echelon": "I", "lhkpn_percent": 100, "lhkasn_percent": 100},
        "declared": {code: {"value": True, "evidence": f"{code}.pdf"} for code in DECLARATIONS},
        "current_predicate": "WBK",
    }


def facts_with(changes: dict[tuple, Any] | None = None) -> Facts:
    """`all_met()` with each path (e.g. ("instansi_by_year", 2024, "akip")) set or DELETEd."""
    data = copy.deepcopy(all_met())
    for path, value in (changes or {}).items():
        holder = data
        for key in path[:-1]:
            holder = holder[key]
        if value is DELETE:
            holder.pop(path[-1], None)
        else:
            holder[path[-1]] = value
    return Facts.from_mapping(data)


def ruleset_with_admin_thresholds(code: str) -> RuleSet:
    """The shipped rule set, with the RB-index thresholds set where the file leaves them unset."""
    ruleset = builtin_ruleset(code)
    for target, conditions in ruleset.targets.items():
        for c in conditions:
            if c.kind == "min_number" and c.threshold is None:
                ruleset = ruleset.with_minimum(target, c.code, ADMIN_RB_MIN[target])
    return ruleset


# --- a small valid rule-set file, for loader tests ------------------------------------------------


def label(text: str) -> dict[str, str]:
    return {"id": f"{text} (id)", "en": f"{text} (en)"}


def mini_data() -> dict[str, Any]:
    return {
        "format": 1,
        "code": "test-rules",
        "version": "1",
        "name": label("Test rules"),
        "legal_basis": "none",
        "confidence": {"level": "unconfirmed", "note": label("test")},
        "targets": {
            "WBK": [
                {
                    "code": "akip",
                    "kind": "min_grade",
                    "level": "instansi",
                    "fact": "akip",
                    "min": "B",
                    "year_offset": -1,
                    "label": label("AKIP"),
                },
                {
                    "code": "lhkpn",
                    "kind": "min_number",
                    "level": "unit",
                    "fact": "lhkpn_percent",
                    "min": 100,
                    "label": label("LHKPN"),
                },
            ],
            "WBBM": [
                {
                    "code": "previous_predicate",
                    "kind": "previous_predicate",
                    "level": "unit",
                    "min": "WBK",
                    "label": label("Already WBK"),
                },
            ],
        },
    }


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
