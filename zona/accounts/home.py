"""What each person sees first: per role they hold, the organisations it covers and what
needs their attention there."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from zona.evaluations.todo import evaluation_todos
from zona.orgs.models import Instansi, InstansiYear, PredicateAward, UnitKerja

from .models import INSTANSI_ROLES, UNIT_ROLES, Invitation, Role


@dataclass
class Section:
    role: str
    title: str
    scope: str
    kind: str  # "unit", "instansi", "national", "admin", "none"
    units: list[UnitKerja] = field(default_factory=list)
    instansi: Instansi | None = None
    todo: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url) of evaluation work
    stats: dict[str, Any] = field(default_factory=dict)


def _awards() -> Prefetch:
    return Prefetch(
        "awards",
        queryset=PredicateAward.objects.filter(revoked=False).order_by("-year"),
        to_attr="active_awards",
    )


def home_sections(user) -> list[Section]:
    assignments = list(user.roles.select_related("instansi", "unit", "unit__instansi"))
    year = timezone.localdate().year
    todos = evaluation_todos(user)
    sections: list[Section] = []
    if user.is_superuser and not any(a.role == Role.SYSADMIN for a in assignments):
        sections.append(_admin_section(Role.SYSADMIN.label))
    for a in assignments:
        label = Role(a.role).label
        if a.role in UNIT_ROLES:
            unit = (
                UnitKerja.objects.select_related("instansi", "unit_type")
                .prefetch_related(_awards())
                .get(pk=a.unit_id)
            )
            todo = []
            if not unit.years.filter(year=year - 1).exists():
                todo.append(
                    _("Record the LHKPN and LHKASN compliance of %(year)s.") % {"year": year - 1}
                )
            sections.append(Section(a.role, label, str(unit), "unit", units=[unit], todo=todo))
        elif a.role in INSTANSI_ROLES:
            sections.append(_instansi_section(a, label, year))
        elif a.role == Role.TPN_EVALUATOR:
            sections.append(
                Section(
                    a.role,
                    label,
                    _("national"),
                    "national",
                    todo=[]
                    if todos
                    else [_("No unit has been proposed to you for evaluation yet.")],
                )
            )
        else:
            sections.append(_admin_section(label))
    if not sections:
        sections.append(Section("", _("No role yet"), "", "none"))
    if todos:
        sections.insert(0, Section("", _("Evaluations"), "", "evaluations", links=todos))
    return sections


def _instansi_section(assignment, label: str, year: int) -> Section:
    instansi = assignment.instansi
    units = list(instansi.units.select_related("unit_type", "parent").prefetch_related(_awards()))
    todo = []
    facts = InstansiYear.objects.filter(instansi=instansi, year=year - 1).first()
    if assignment.role == Role.INSTANSI_COORDINATOR:
        if facts is None or not (facts.bpk_opinion and facts.akip_grade):
            todo.append(
                _("Record the BPK opinion and AKIP grade of %(year)s.") % {"year": year - 1}
            )
        pending = (
            Invitation.objects.pending()
            .filter(Q(instansi=instansi) | Q(unit__instansi=instansi))
            .count()
        )
        if pending:
            todo.append(_("%(count)d invitation(s) not yet accepted.") % {"count": pending})
        if not units:
            todo.append(_("Add the units that build a Zona Integritas."))
    return Section(
        assignment.role,
        label,
        str(instansi),
        "instansi",
        units=units,
        instansi=instansi,
        todo=todo,
    )


def _admin_section(label: str) -> Section:
    stats = {
        "instansi": Instansi.objects.count(),
        "units": UnitKerja.objects.count(),
        "people": get_user_model()._default_manager.filter(is_active=True).count(),
        "pending": Invitation.objects.pending().count(),
    }
    by_kind = dict(Instansi.objects.values_list("kind").annotate(n=Count("id")))
    stats["by_kind"] = by_kind
    return Section(Role.SYSADMIN, label, _("national"), "admin", stats=stats)
