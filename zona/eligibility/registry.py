"""The rule sets shipped with Zona (`zona/eligibility/rulesets/*.yaml`), loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .messages import EligibilityError, Problem
from .rules import RuleSet, load_ruleset_file

RULESET_DIR = Path(__file__).resolve().parent / "rulesets"


@cache
def builtin_rulesets() -> dict[str, RuleSet]:
    """{code: rule set} of every shipped file, in file-name order (oldest rules first)."""
    loaded = (load_ruleset_file(p) for p in sorted(RULESET_DIR.glob("*.yaml")))
    return {r.code: r for r in loaded}


def builtin_ruleset(code: str) -> RuleSet:
    rulesets = builtin_rulesets()
    try:
        return rulesets[code]
    except KeyError:
        known = ", ".join(rulesets)
        raise EligibilityError(
            [Problem("unknown_ruleset", {"value": code, "known": known})]
        ) from None
