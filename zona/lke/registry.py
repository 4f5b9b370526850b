"""The frameworks shipped with Zona (`zona/lke/frameworks/*.yaml`), loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import AnswerError
from .loader import load_framework_file
from .model import Framework

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"

# Old codes still accepted, with a deprecation note: lke-2019 held the 52/2014 LKE (reference
# README §8) and was renamed lke-2014; no 10/2019 LKE is shipped under any code.
ALIASES: dict[str, str] = {"lke-2019": "lke-2014"}


def canonical_code(code: str) -> tuple[str, str | None]:
    """(the current code, the deprecated alias it was given as, or None)."""
    if code in ALIASES:
        return ALIASES[code], code
    return code, None


@cache
def builtin_frameworks() -> dict[str, Framework]:
    """{code: framework} of every shipped file, in file-name order."""
    loaded = (load_framework_file(p) for p in sorted(FRAMEWORK_DIR.glob("*.yaml")))
    return {f.code: f for f in loaded}


def builtin_framework(code: str) -> Framework:
    """A shipped framework by code; a deprecated alias (`ALIASES`) gives its new code's."""
    frameworks = builtin_frameworks()
    try:
        return frameworks[canonical_code(code)[0]]
    except KeyError:
        known = ", ".join(frameworks)
        raise AnswerError("unknown_framework", None, value=code, known=known) from None
