"""Who may see and change which organisation. Every view and action asks here; nothing else
filters by hand. Objects outside a person's reach answer 404, as if they did not exist."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.http import Http404

from zona.accounts.models import INSTANSI_ROLES, Role

from .models import Instansi, UnitKerja


@dataclass(frozen=True)
class Reach:
    everything: bool = False  # system administrator
    instansi_ids: frozenset[int] = field(default_factory=frozenset)  # whole instansi, all units
    unit_ids: frozenset[int] = field(default_factory=frozenset)  # single units
    unit_instansi_ids: frozenset[int] = field(default_factory=frozenset)  # their instansi
    managed_instansi_ids: frozenset[int] = field(default_factory=frozenset)  # coordinator
    led_unit_ids: frozenset[int] = field(default_factory=frozenset)  # unit lead
    # role → the ids of its scopes (instansi or unit; None for national roles)
    roles: dict[str, frozenset] = field(default_factory=dict)

    @property
    def visible_instansi_ids(self) -> frozenset[int]:
        return self.instansi_ids | self.unit_instansi_ids


def reach(user) -> Reach:
    """The organisations a person's roles reach; computed once per request."""
    if not user.is_authenticated:
        return Reach()
    cached = getattr(user, "_zona_reach", None)
    if cached is not None:
        return cached
    # The one query of a person's roles per request: everything else reads this.
    rows = list(user.roles.values_list("role", "instansi_id", "unit_id", "unit__instansi_id"))
    roles: dict[str, set] = {}
    for role, instansi_id, unit_id, _ in rows:
        roles.setdefault(role, set()).add(instansi_id or unit_id)
    result = Reach(
        everything=user.is_superuser or Role.SYSADMIN in roles,
        instansi_ids=frozenset(i for r, i, _, _ in rows if r in INSTANSI_ROLES),
        unit_ids=frozenset(u for _, _, u, _ in rows if u),
        unit_instansi_ids=frozenset(ui for _, _, u, ui in rows if u),
        managed_instansi_ids=frozenset(i for r, i, _, _ in rows if r == Role.INSTANSI_COORDINATOR),
        led_unit_ids=frozenset(u for r, _, u, _ in rows if r == Role.UNIT_LEAD),
        roles={role: frozenset(scopes) for role, scopes in roles.items()},
    )
    user._zona_reach = result
    return result


def instansi_for(user) -> QuerySet[Instansi]:
    r = reach(user)
    if r.everything:
        return Instansi.objects.all()
    return Instansi.objects.filter(pk__in=r.visible_instansi_ids)


def get_instansi_for(user, pk: int, write: bool = False) -> Instansi:
    """An instansi the person may see (write: may manage its data and units)."""
    r = reach(user)
    if write and not (r.everything or pk in r.managed_instansi_ids):
        raise Http404
    found = instansi_for(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def units_for(user) -> QuerySet[UnitKerja]:
    r = reach(user)
    units = UnitKerja.objects.select_related("instansi", "unit_type", "parent")
    if r.everything:
        return units
    return units.filter(Q(instansi_id__in=r.instansi_ids) | Q(pk__in=r.unit_ids))


def get_unit_for(user, pk: int, write: str | None = None) -> UnitKerja:
    """A unit the person may see.

    write="manage": may change the unit itself (coordinator of its instansi, administrator);
    write="compliance": may record its yearly compliance and declarations (also its lead).
    """
    unit = units_for(user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    if write is not None and not can_change_unit(user, unit, write):
        raise Http404
    return unit


def can_change_unit(user, unit: UnitKerja, what: str = "manage") -> bool:
    r = reach(user)
    if r.everything or unit.instansi_id in r.managed_instansi_ids:
        return True
    return what == "compliance" and unit.pk in r.led_unit_ids


def can_manage_instansi(user, instansi: Instansi) -> bool:
    r = reach(user)
    return r.everything or instansi.pk in r.managed_instansi_ids


def can_set_thresholds(user) -> bool:
    """Eligibility thresholds decide for every instansi: a system administrator's call."""
    return user.is_authenticated and reach(user).everything
