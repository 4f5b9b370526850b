"""The tiers of a tiered TPI review (e.g. 1 anggota tim → 2 ketua tim → 3 pengendali teknis),
as the instansi's coordinator configured them (`Instansi.tpi_tiers`, changed only by
`actions.set_tpi_tiers`). An instansi without tiers reviews in one tier, evaluator and lead,
as before. Data only: who may act at a tier is `access.holds_tier`."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zona.accounts.models import Role, RoleAssignment
from zona.core import numbers

from .models import Evaluation, Stage


@dataclass(frozen=True)
class Tier:
    position: int  # 1 = the lowest tier, which starts the review
    name: str
    members: frozenset[int]  # user ids

    def __str__(self) -> str:
        return self.name


def tiers_of(instansi) -> tuple[Tier, ...]:
    """The instansi's tiers, lowest first (empty: the one-tier review)."""
    return tiers_from(instansi.tpi_tiers)


def tiers_from(rows) -> tuple[Tier, ...]:
    """Tiers from the stored configuration (`Instansi.tpi_tiers`)."""
    return tuple(
        Tier(i, str(row.get("name", "")), frozenset(int(pk) for pk in row.get("members", ())))
        for i, row in enumerate(rows or (), start=1)
    )


def tiers_for(evaluation: Evaluation) -> tuple[Tier, ...]:
    return tiers_of(evaluation.unit.instansi)


def current_tier(evaluation: Evaluation, tiers: tuple[Tier, ...] | None = None) -> Tier | None:
    """The tier the evaluation sits at while in TPI review at an instansi with tiers. A tier
    beyond the configuration (tiers removed during a review) counts as the last one; an
    evaluation already in review when tiers were configured sits at the first."""
    tiers = tiers_for(evaluation) if tiers is None else tiers
    if not tiers or evaluation.stage != Stage.TPI_REVIEW:
        return None
    return tier_at(tiers, evaluation.tpi_tier)


def tier_at(tiers: tuple[Tier, ...], recorded: int | None) -> Tier:
    """The tier of a recorded position, within the configuration (see `current_tier`)."""
    return tiers[min(max(recorded or 1, 1), len(tiers)) - 1]


def reviews_at_their_tier(user, evaluations) -> int:
    """How many of these evaluations in TPI review are this person's turn: every TPI person's
    where the instansi reviews in one tier, else only the current tier's people's."""
    n = 0
    rows = evaluations.filter(stage=Stage.TPI_REVIEW).values_list(
        "tpi_tier", "unit__instansi__tpi_tiers"
    )
    for recorded, configured in rows:
        tiers = tiers_from(configured)
        n += not tiers or user.pk in tier_at(tiers, recorded).members
    return n


def tier_label(evaluation: Evaluation, tiers: tuple[Tier, ...] | None = None) -> str:
    """ "Ketua Tim (tingkat 2 dari 3)" for an evaluation sitting at a tier, else ""."""
    tiers = tiers_for(evaluation) if tiers is None else tiers
    tier = current_tier(evaluation, tiers)
    if tier is None:
        return ""
    return _("%(name)s (tier %(position)s of %(all)s)") % {
        "name": tier.name, "position": numbers.count(tier.position),
        "all": numbers.count(len(tiers)),
    }  # fmt: skip


TPI_ROLES = (Role.TPI_EVALUATOR, Role.TPI_LEAD)
TIER_NAME_LENGTH = 80


def tpi_people(instansi):
    """The active people holding a TPI role in the instansi: those a tier may hold."""
    from django.contrib.auth import get_user_model

    holders = RoleAssignment.objects.filter(role__in=TPI_ROLES, instansi=instansi)
    return (
        get_user_model()
        .objects.filter(is_active=True, pk__in=holders.values("user_id"))
        .order_by("first_name", "last_name", "username")
    )
