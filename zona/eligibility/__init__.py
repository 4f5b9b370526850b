"""Eligibility to apply (syarat pengajuan) for Menuju WBK / Menuju WBBM.

Rule sets are validated YAML data (docs/eligibility-format.md): PermenPANRB 52/2014,
PermenPANRB 10/2019 and the 2025 practice. `check_eligibility(ruleset, facts, target)` says, per
condition, met / not met / data missing, and overall eligible / not eligible / incomplete, with
texts in Indonesian and English.

Pure Python with no Django import, like `zona.lke`: the Django app that stores facts and rule
sets builds on it.
"""

from .check import (
    ELIGIBLE,
    INCOMPLETE,
    MET,
    MISSING,
    NOT_ELIGIBLE,
    NOT_MET,
    ConditionResult,
    EligibilityResult,
    Missing,
    check_eligibility,
)
from .facts import FACTS, Declaration, Facts, normalise_facts
from .messages import EligibilityError, FactsError, RuleSetError
from .registry import builtin_ruleset, builtin_rulesets
from .rules import Condition, RuleSet, load_ruleset_file, load_ruleset_text

__all__ = [
    "ELIGIBLE",
    "FACTS",
    "INCOMPLETE",
    "MET",
    "MISSING",
    "NOT_ELIGIBLE",
    "NOT_MET",
    "Condition",
    "ConditionResult",
    "Declaration",
    "EligibilityError",
    "EligibilityResult",
    "Facts",
    "FactsError",
    "Missing",
    "RuleSet",
    "RuleSetError",
    "builtin_ruleset",
    "builtin_rulesets",
    "check_eligibility",
    "load_ruleset_file",
    "load_ruleset_text",
    "normalise_facts",
]
