"""Extra sections of the unit dashboard, contributed by other apps.

The unit dashboard shows what the evaluations know (scores, progress, evidence, gaps). Apps that
know more about a unit — its action plan (rencana aksi), its surveys' indices — add a section
without the dashboard importing them:

    # zona/<app>/apps.py
    class MyConfig(AppConfig):
        def ready(self):
            from zona.dashboards.sections import register_unit_section
            from .dashboard import action_plan_section
            register_unit_section(action_plan_section, order=20)

    # zona/<app>/dashboard.py
    def action_plan_section(unit, year, user):
        plan = ...  # through the app's own access function for `user`; bounded queries
        if plan is None:
            return None  # nothing to show: the dashboard leaves the section out
        return render_to_string("<app>/dashboard_section.html", {"plan": plan})

A section is called with the unit (already checked: the person may see it), the year shown and
the person looking — an app's own rules decide what of it they may see (a TPN evaluator sees the
unit but not its action plan) — and returns rendered HTML (what `render_to_string` returns) or
None. A plain `str` that is not marked safe is escaped, so a section can never inject markup by
accident. Sections appear in ascending `order`, then in order of registration; registering the
same callable twice keeps one. The section should start with its own `<h2 class="h5">` heading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

UnitSection = Callable[..., str | None]


@dataclass(frozen=True)
class _Registered:
    order: int
    index: int
    section: UnitSection


_sections: list[_Registered] = []


def register_unit_section(section: UnitSection, *, order: int = 100) -> UnitSection:
    """Add a section to every unit dashboard (usable as a decorator)."""
    if any(r.section is section for r in _sections):
        return section
    _sections.append(_Registered(order, len(_sections), section))
    _sections.sort(key=lambda r: (r.order, r.index))
    return section


def unregister_unit_section(section: UnitSection) -> None:
    _sections[:] = [r for r in _sections if r.section is not section]


def registered_unit_sections() -> list[UnitSection]:
    return [r.section for r in _sections]


def render_unit_sections(unit, year: int | None, user) -> list[SafeString]:
    """The HTML of every section that has something to show this person for this unit and year."""
    out = []
    for registered in list(_sections):
        html = registered.section(unit, year, user)
        if html:
            out.append(conditional_escape(html))
    return out
