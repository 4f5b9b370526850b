"""A small world of organisations and one person per role, for permission tests.

Instansi A (units A1, with A1a under it, and A2) and instansi B (unit B1). Names follow the
healthchecks habit of named people: the role is in the username.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from zona.accounts.models import Role, RoleAssignment
from zona.orgs.models import Echelon, Instansi, InstansiKind, UnitKerja, UnitType

PASSWORD = "pw-World-2026"


@dataclass
class World:
    a: Instansi
    b: Instansi
    a1: UnitKerja
    a1a: UnitKerja
    a2: UnitKerja
    b1: UnitKerja
    users: dict


def build_world() -> World:
    biro = UnitType.objects.create(name="Biro")
    a = Instansi.objects.create(name="Instansi A", kind=InstansiKind.LEMBAGA)
    b = Instansi.objects.create(name="Instansi B", kind=InstansiKind.KABUPATEN)
    a1 = UnitKerja.objects.create(instansi=a, name="Unit A1", echelon=Echelon.II, unit_type=biro)
    a1a = UnitKerja.objects.create(
        instansi=a, parent=a1, name="Unit A1a", echelon=Echelon.III, unit_type=biro
    )
    a2 = UnitKerja.objects.create(instansi=a, name="Unit A2", echelon=Echelon.II, unit_type=biro)
    b1 = UnitKerja.objects.create(instansi=b, name="Unit B1", echelon=Echelon.III, unit_type=biro)
    make = get_user_model().objects.create_user
    users = {}
    grants = {
        "sysadmin": (Role.SYSADMIN, None, None),
        "coordinator_a": (Role.INSTANSI_COORDINATOR, a, None),
        "tpi_a": (Role.TPI_EVALUATOR, a, None),
        "tpi_lead_a": (Role.TPI_LEAD, a, None),
        "leadership_a": (Role.LEADERSHIP, a, None),
        "member_a1": (Role.UNIT_MEMBER, None, a1),
        "lead_a1": (Role.UNIT_LEAD, None, a1),
        "tpn": (Role.TPN_EVALUATOR, None, None),
    }
    for username, (role, instansi, unit) in grants.items():
        user = make(username, f"{username}@example.test", PASSWORD)
        RoleAssignment.objects.create(user=user, role=role, instansi=instansi, unit=unit)
        users[username] = user
    users["norole"] = make("norole", "norole@example.test", PASSWORD)
    return World(a, b, a1, a1a, a2, b1, users)
