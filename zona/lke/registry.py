"""The frameworks shipped with Zona (`zona/lke/frameworks/*.yaml`), loaded once per process."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import AnswerError
from .loader import load_framework_file
from .model import Framework

FRAMEWORK_DIR = Path(__file__).resolve().parent / "frameworks"


@cache
def builtin_frameworks() -> dict[str, Framework]:
    """{code: framework} of every shipped file, in file-name order."""
    loaded = (load_framework_file(p) for p in sorted(FRAMEWORK_DIR.glob("*.yaml")))
    return {f.code: f for f in loaded}


def builtin_framework(code: str) -> Framework:
    frameworks = builtin_frameworks()
    try:
        return frameworks[code]
    except KeyError:
        known = ", ".join(frameworks)
        raise AnswerError("unknown_framework", None, value=code, known=known) from None
