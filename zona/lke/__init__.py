"""The LKE core: frameworks as data, scoring, predicate rules and gap analysis.

Pure Python with no Django import, so that it is fast, testable alone and usable from the
command line (`zona score`). The Django apps build on it; nothing else computes a score.
"""

from .answers import normalise_answer, normalise_answers
from .errors import AnswerError, FrameworkError
from .gap import GapReport, gap_analysis
from .loader import load_framework_file, load_framework_text
from .model import Framework
from .registry import builtin_framework, builtin_frameworks
from .scoring import Result, score, score_normalised

__all__ = [
    "AnswerError",
    "Framework",
    "FrameworkError",
    "GapReport",
    "Result",
    "builtin_framework",
    "builtin_frameworks",
    "gap_analysis",
    "load_framework_file",
    "load_framework_text",
    "normalise_answer",
    "normalise_answers",
    "score",
    "score_normalised",
]
