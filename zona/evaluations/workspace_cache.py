"""The rendered parts of the workspace kept in the shared cache (Django's cache framework) for
the people who only read an evaluation's LKE at its stage: the coordinator, the TPN before its
turn, the unit while the TPI reviews, the TPI once it has finalised. What they see has no form
in it, so the same HTML serves everyone who sees the same layers with the same rights.

A part is keyed on the evaluation's content version as that person sees it
(`content_version`): the layers they read (answers and their history), comments, revision
requests, evidence and its links, the stage history and the evaluation's own row (its TPI tier
among them) and the instansi's TPI tiers, with the person's rights (`Viewer`) and the
language. Any change to any of those gives a new key, so an
entry is never invalidated, only no longer asked for; entries expire after
`ZONA_WORKSPACE_CACHE_SECONDS` (a person's display name changing is the one thing the key does
not see). People answering in a layer get the parts rendered for them on each request: their
forms carry their CSRF token and their typed state.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from .models import (
    Answer,
    AnswerChange,
    Comment,
    Evaluation,
    EvidenceLink,
    RevisionRequest,
    StageChange,
)
from .presenters import Viewer, lang

logger = logging.getLogger(__name__)
CSRF_FIELD = 'name="csrfmiddlewaretoken"'
# Bump when the templates of the workspace change shape in a way old entries must not be
# served after a deploy (the entries also expire on their own).
GENERATION = 1


def seconds() -> int:
    return int(getattr(settings, "ZONA_WORKSPACE_CACHE_SECONDS", 300))


def cacheable(viewer: Viewer) -> bool:
    """Only the parts of a person who answers in no layer: theirs have no form."""
    return viewer.writable is None and seconds() > 0


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def content_version(evaluation: Evaluation, viewer: Viewer) -> str:
    """A digest of everything the workspace shows this person of this evaluation, from one
    query: counts and maxima over the answers and history of the layers they read, comments,
    revision requests, stage changes and evidence links. (Saving raises an answer's version and
    time; history, comments, stage changes and links only grow or are deleted; a revision
    request's moves each set a time.) Evidence is not edited in place in Zona; an edit through
    the admin site shows once the entry expires."""
    layers = ", ".join(["%s"] * len(viewer.layers))
    columns = ", ".join(["CAST({} AS TEXT)"] * 6)
    rows = (
        (Answer, ("COUNT(*)", "SUM(version)", "MAX(updated_at)", "NULL", "NULL", "NULL"),
         f" AND layer IN ({layers})"),
        (AnswerChange, ("COUNT(*)", "MAX(id)", "NULL", "NULL", "NULL", "NULL"),
         f" AND layer IN ({layers})"),
        (Comment, ("COUNT(*)", "MAX(id)", "NULL", "NULL", "NULL", "NULL"), ""),
        (RevisionRequest, ("COUNT(*)", "SUM(CASE WHEN resolved_at IS NULL THEN 1 ELSE 0 END)",
                           "MAX(requested_at)", "MAX(replied_at)", "MAX(resolved_at)", "MAX(id)"),
         ""),
        (StageChange, ("COUNT(*)", "MAX(id)", "NULL", "NULL", "NULL", "NULL"), ""),
        (EvidenceLink, ("COUNT(*)", "MAX(id)", "MAX(linked_at)", "SUM(evidence_id)", "NULL",
                        "NULL"), ""),
    )  # fmt: skip
    sql = " UNION ALL ".join(
        f"SELECT {n}, {columns.format(*cols)} FROM {_table(model)} WHERE evaluation_id = %s{where}"
        for n, (model, cols, where) in enumerate(rows)
    )
    pk, visible = evaluation.pk, list(viewer.layers)
    params = [pk, *visible, pk, *visible, pk, pk, pk, pk]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        facts = sorted(cursor.fetchall())
    row = [(f.attname, getattr(evaluation, f.attname)) for f in Evaluation._meta.concrete_fields]
    rights = (
        viewer.layers, viewer.writable, viewer.main, viewer.tpi, viewer.tpn,
        sorted(viewer.internal_layers),
    )  # fmt: skip
    # The instansi's TPI tiers (who acts at which tier): what the page offers follows them.
    tiers = evaluation.unit.instansi.tpi_tiers
    digest = repr((GENERATION, rights, lang(), row, facts, tiers))
    return hashlib.sha256(digest.encode()).hexdigest()[:32]


def key(evaluation: Evaluation, version: str, *parts: object) -> str:
    """One entry: the evaluation, its version for the person, and what was asked for."""
    asked = hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
    return f"ws:{evaluation.pk}:{version}:{asked}"


def get_or_render(entry: str | None, render: Callable[[], dict[str, str]]) -> dict[str, str]:
    """The rendered parts under `entry`, rendered (and kept) when missing; `entry` None renders
    without keeping."""
    if entry is None:
        return render()
    parts = cache.get(entry)
    if parts is None:
        parts = render()
        # A form would carry one person's CSRF token to everyone: such parts are not kept.
        if any(CSRF_FIELD in part for part in parts.values()):
            logger.warning("workspace part with a form not cached: %s", entry)
        else:
            cache.set(entry, parts, seconds())
    return parts
