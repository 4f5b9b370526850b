"""The LKE areas and questions an activity may be linked to, read from the plan's framework."""

from __future__ import annotations

from dataclasses import dataclass

from zona.frameworks.models import FrameworkVersion
from zona.lke.model import Framework


@dataclass(frozen=True)
class AreaChoice:
    code: str
    name: str
    questions: tuple[tuple[str, str], ...]  # (number, text) in framework order


_CACHE: dict[str, tuple[AreaChoice, ...]] = {}  # framework checksum → its areas


def areas_of(version: FrameworkVersion) -> tuple[AreaChoice, ...]:
    """The framework's areas, each with the questions that count toward it."""
    cached = _CACHE.get(version.sha256)
    if cached is None:
        cached = _build(version.framework())
        _CACHE[version.sha256] = cached
    return cached


def _build(framework: Framework) -> tuple[AreaChoice, ...]:
    by_area: dict[str, list[tuple[str, str]]] = {a.code: [] for a in framework.areas}
    for question in framework.questions.values():
        area = framework.area_of(question.node)
        if area is not None:
            by_area[area.code].append((question.no, question.text))
    return tuple(AreaChoice(a.code, a.name, tuple(by_area[a.code])) for a in framework.areas)


def area_names(version: FrameworkVersion) -> dict[str, str]:
    return {a.code: a.name for a in areas_of(version)}
