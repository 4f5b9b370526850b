"""Who may see and run which survey. One place; outside a person's reach is 404.

- See a survey and its full results: anyone who sees its unit (`zona.orgs.access.units_for`).
- Run it (create, edit, pause, tokens, import, export): the unit's lead and team members, the
  coordinator of its instansi, the system administrator.
- Edit instruments: the system administrator.
- The public sees answer forms by their code and the results page of every unit.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from zona.accounts.models import Role
from zona.orgs.access import reach, units_for
from zona.orgs.models import UnitKerja

from .models import Instrument, Survey


def _team_unit_ids(user) -> frozenset:
    roles = reach(user).roles
    return roles.get(Role.UNIT_MEMBER, frozenset()) | roles.get(Role.UNIT_LEAD, frozenset())


def may_manage_unit_surveys(user, unit: UnitKerja) -> bool:
    r = reach(user)
    return (
        r.everything
        or unit.instansi_id in r.managed_instansi_ids
        or unit.pk in _team_unit_ids(user)
    )


def may_manage_survey(user, survey: Survey) -> bool:
    return may_manage_unit_surveys(user, survey.unit)


def managed_units(user) -> QuerySet[UnitKerja]:
    r = reach(user)
    units = UnitKerja.objects.select_related("instansi")
    if r.everything:
        return units
    return units.filter(Q(instansi_id__in=r.managed_instansi_ids) | Q(pk__in=_team_unit_ids(user)))


def surveys_for(user) -> QuerySet[Survey]:
    if not user.is_authenticated:
        return Survey.objects.none()
    return Survey.objects.select_related("unit", "unit__instansi", "instrument").filter(
        unit__in=units_for(user).values("pk")
    )


def get_survey_for(user, pk: int, write: bool = False) -> Survey:
    survey = surveys_for(user).filter(pk=pk).first()
    if survey is None or (write and not may_manage_survey(user, survey)):
        raise Http404
    return survey


def may_edit_instruments(user) -> bool:
    return reach(user).everything


def get_instrument_for(user, pk: int) -> Instrument:
    """Instruments are readable by every signed-in person (they are the questionnaires)."""
    found = Instrument.objects.filter(pk=pk).first() if user.is_authenticated else None
    if found is None:
        raise Http404
    return found
