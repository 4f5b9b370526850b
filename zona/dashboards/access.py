"""Who may see which dashboard. One function per kind of dashboard; outside reach → 404.

- Unit dashboard: whoever may see the unit (its team, the roles of its instansi, the system
  administrator); the layers shown are those `zona.evaluations.access.visible_layers` allows.
- Instansi dashboard and its printable summary: the instansi's coordinator, TPI and leadership
  and the system administrator. Not a unit's team: it lists the scores of the other units.
- National dashboard: the system administrator and the TPN see every instansi. The instansi
  roles (coordinator, TPI, leadership) see the same tables computed over their own instansi
  only. Unit teams and people without a role get 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

from zona.accounts.models import Role
from zona.orgs.access import get_instansi_for, get_unit_for, reach
from zona.orgs.models import Instansi, UnitKerja


def get_unit_dashboard_for(user, pk: int) -> UnitKerja:
    return get_unit_for(user, pk)


def may_see_instansi_dashboard(user, instansi_id: int) -> bool:
    r = reach(user)
    return r.everything or instansi_id in r.instansi_ids


def get_instansi_dashboard_for(user, pk: int) -> Instansi:
    if not may_see_instansi_dashboard(user, pk):
        raise Http404
    return get_instansi_for(user, pk)


@dataclass(frozen=True)
class NationalScope:
    instansi_ids: frozenset[int] | None  # None: every instansi

    @property
    def limited(self) -> bool:
        return self.instansi_ids is not None


def national_scope_for(user) -> NationalScope:
    r = reach(user)
    if r.everything or Role.TPN_EVALUATOR in r.roles:
        return NationalScope(None)
    if r.instansi_ids:
        return NationalScope(r.instansi_ids)
    raise Http404


def may_see_national(user) -> bool:
    try:
        national_scope_for(user)
    except Http404:
        return False
    return True
