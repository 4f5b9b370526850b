"""People with their roles and scopes, one row per role. A person is recognised by e-mail: an
existing account gets the role (`zona.accounts.actions.grant_role`), anyone else an invitation
(`invite`, mailed through the queue once the import is committed)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _

from zona.accounts.actions import RoleError, grant_role, invite
from zona.accounts.models import INSTANSI_ROLES, UNIT_ROLES, Invitation, Role, RoleAssignment
from zona.orgs.models import UnitKerja

from ..table import Column, Row, Spec
from .base import CREATED, UNCHANGED, Context, Importer, Outcome, RowError

IMPORTABLE = [role for role in Role if role in UNIT_ROLES or role in INSTANSI_ROLES]


def _role_choices():
    with translation.override("id"):  # the file speaks Indonesian, whatever the interface
        return [(role.value, str(role.label)) for role in IMPORTABLE]


def _role_aliases():
    with translation.override("en"):
        return {str(role.label): role.value for role in IMPORTABLE}


SPEC = Spec(
    (
        Column("email", "Email", kind="email", required=True,
               note=lambda: _("The person's e-mail address: how Zona recognises the person. "
                              "Someone without an account receives an invitation there.")),
        Column("full_name", "Nama lengkap", max_length=150,
               note=lambda: _("The full name, for the invitation of a new person.")),
        Column("role", "Peran", kind="choice", required=True, choices=_role_choices,
               aliases=_role_aliases, what=lambda: _("role"),
               note=lambda: _("One role per row; a person with two roles takes two rows.")),
        Column("unit", "Kode unit", max_length=200,
               note=lambda: _("For the unit roles (unit team member, unit lead): the unit's code "
                              "(or its name if it has none). Empty for the instansi roles.")),
    )
)  # fmt: skip


class PeopleImporter(Importer):
    code = "people"
    spec = SPEC

    def title(self) -> str:
        return _("People and roles")

    def description(self) -> str:
        return _("The people of the instansi with their roles and units; new people are "
                 "invited by e-mail.")  # fmt: skip

    def filename(self) -> str:
        return "orang-dan-peran"

    def prepare(self, ctx: Context, rows: list[Row]) -> list[Row]:
        emails = {r.values["email"] for r in rows if r.values.get("email")}
        users = (
            get_user_model()._default_manager.annotate(lower_email=Lower("email"))
            .filter(lower_email__in=emails).order_by("pk")
        )  # fmt: skip
        by_email: dict = {}
        for user in users:
            by_email.setdefault(user.lower_email, user)  # the oldest account of an address
        ctx.cache["users"] = by_email
        ctx.cache["held"] = set(
            RoleAssignment.objects.filter(user__in=list(by_email.values())).values_list(
                "user_id", "role", "instansi_id", "unit_id"
            )
        )
        ctx.cache["invited"] = set(
            Invitation.objects.pending().filter(email__in=emails)
            .values_list("email", "role", "instansi_id", "unit_id")
        )  # fmt: skip
        units = list(UnitKerja.objects.filter(instansi=ctx.instansi).only("pk", "code", "name"))
        ctx.cache["units"] = {u.code.lower(): u for u in units if u.code}
        for unit in units:
            ctx.cache["units"].setdefault(unit.name.lower(), unit)
        return rows

    def apply_row(self, ctx: Context, row: Row) -> Outcome:
        v = row.values
        role, email = v["role"], v["email"]
        instansi, unit = None, None
        if role in UNIT_ROLES:
            if not v["unit"]:
                raise RowError(self.header("unit"), _("a unit role needs the unit's code."))
            unit = ctx.cache["units"].get(v["unit"].lower())
            if unit is None:
                raise RowError(
                    self.header("unit"),
                    _("no unit with the code '%(code)s' in this instansi.") % {"code": v["unit"]},
                )
        else:
            if v["unit"]:
                raise RowError(
                    self.header("unit"),
                    _("the role '%(role)s' covers the whole instansi; leave the unit empty.")
                    % {"role": Role(role).label},
                )
            instansi = ctx.instansi
        scope = unit.code or unit.name if unit else ctx.instansi.short_name or ctx.instansi.name
        label = f"{email} · {Role(role).label} · {scope}"
        user = ctx.cache["users"].get(email)
        if user is not None:
            key = (user.pk, role, instansi.pk if instansi else None, unit.pk if unit else None)
            if key in ctx.cache["held"]:
                return Outcome(UNCHANGED, label)
            try:
                grant_role(ctx.actor, user, role, instansi=instansi, unit=unit)
            except RoleError as error:
                raise RowError(self.header("email"), str(error)) from error
            ctx.cache["held"].add(key)
            return Outcome(CREATED, label, [_("Role given to the existing account.")])
        key = (email, role, instansi.pk if instansi else None, unit.pk if unit else None)
        if key in ctx.cache["invited"]:
            return Outcome(UNCHANGED, label, [_("Invitation still pending.")])
        invitation, _link = invite(
            ctx.actor, email=email, full_name=v["full_name"], role=role, instansi=instansi,
            unit=unit, base_url=ctx.base_url, send=False,
        )  # fmt: skip
        ctx.invitations.append(invitation.pk)
        ctx.cache["invited"].add(key)
        return Outcome(CREATED, label, [_("Invitation sent by e-mail.")])

    def export_rows(self, actor, instansi) -> list[list]:
        role_cell = SPEC.column("role").write
        held = (
            RoleAssignment.objects.filter(role__in=IMPORTABLE)
            .filter(instansi=instansi) | RoleAssignment.objects.filter(
                role__in=IMPORTABLE, unit__instansi=instansi)
        ).select_related("user", "unit").order_by("user__email", "role", "unit__code")  # fmt: skip
        rows = [
            [a.user.email.lower(), a.user.get_full_name(), role_cell(a.role),
             (a.unit.code or a.unit.name) if a.unit else None]
            for a in held
        ]  # fmt: skip
        pending = (
            (
                Invitation.objects.pending().filter(role__in=IMPORTABLE).filter(instansi=instansi)
                | Invitation.objects.pending().filter(role__in=IMPORTABLE, unit__instansi=instansi)
            )
            .select_related("unit")
            .order_by("email", "role")
        )
        rows += [
            [i.email, i.full_name, role_cell(i.role),
             (i.unit.code or i.unit.name) if i.unit else None]
            for i in pending
        ]  # fmt: skip
        return rows
