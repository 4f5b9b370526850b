from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zona.orgs.models import Instansi, UnitKerja


class Role(models.TextChoices):
    UNIT_MEMBER = "unit_member", _("Unit team member")
    UNIT_LEAD = "unit_lead", _("Unit lead")
    INSTANSI_COORDINATOR = "instansi_coordinator", _("Instansi coordinator")
    TPI_EVALUATOR = "tpi_evaluator", _("TPI evaluator")
    TPI_LEAD = "tpi_lead", _("TPI lead")
    TPN_EVALUATOR = "tpn_evaluator", _("TPN evaluator")
    LEADERSHIP = "leadership", _("Leadership (read only)")
    SYSADMIN = "sysadmin", _("System administrator")


UNIT_ROLES = frozenset({Role.UNIT_MEMBER, Role.UNIT_LEAD})
INSTANSI_ROLES = frozenset(
    {Role.INSTANSI_COORDINATOR, Role.TPI_EVALUATOR, Role.TPI_LEAD, Role.LEADERSHIP}
)
NATIONAL_ROLES = frozenset({Role.TPN_EVALUATOR, Role.SYSADMIN})

# The scope each role needs: a unit, an instansi, or none. Enforced by a constraint too.
# (Sorted: a set's order changes between runs, and migrations must not.)
_SCOPE = (
    Q(role__in=sorted(UNIT_ROLES), unit__isnull=False, instansi__isnull=True)
    | Q(role__in=sorted(INSTANSI_ROLES), unit__isnull=True, instansi__isnull=False)
    | Q(role__in=sorted(NATIONAL_ROLES), unit__isnull=True, instansi__isnull=True)
)


class RoleAssignment(models.Model):
    """One role of one person, with its scope. A person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), null=True, blank=True, on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(condition=_SCOPE, name="role_scope_matches_role"),
            # One per scope; three partial indexes because NULLs are distinct in SQL.
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(unit__isnull=False),
                name="role_once_per_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "instansi"],
                condition=Q(instansi__isnull=False),
                name="role_once_per_instansi",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(unit__isnull=True, instansi__isnull=True),
                name="role_once_nationally",
            ),
        ]
        verbose_name = _("role")
        verbose_name_plural = _("roles")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        return str(self.unit or self.instansi or _("national"))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True).filter(
            expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mail invitation into a role. Only the token's hash is stored."""

    email = models.EmailField(_("e-mail"))
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    instansi = models.ForeignKey(
        Instansi, verbose_name=_("instansi"), null=True, blank=True, on_delete=models.CASCADE
    )
    unit = models.ForeignKey(
        UnitKerja, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=_SCOPE, name="invitation_scope")]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} · {self.get_role_display()}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        """(token for the link, its hash for the database)."""
        token = secrets.token_urlsafe(32)
        return token, _hash(token)

    @classmethod
    def find(cls, token: str) -> Invitation | None:
        return cls.objects.filter(token_hash=_hash(token)).first()

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def scope_label(self) -> str:
        return str(self.unit or self.instansi or _("national"))
