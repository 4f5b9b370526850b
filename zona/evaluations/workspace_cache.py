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
import re
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from zona.lke.model import Question

from .models import (
    Answer,
    AnswerChange,
    Comment,
    Evaluation,
    EvidenceLink,
    InstansiDeadline,
    NationalDeadline,
    RevisionRequest,
    StageChange,
)
from .presenters import Viewer, lang

logger = logging.getLogger(__name__)
CSRF_FIELD = 'name="csrfmiddlewaretoken"'
# The forms of a cached part carry no token: their ids start with "tf-", and the page around
# them (rendered per request) gives each one its token in a hidden field outside the part
# (`<input form="tf-…">`), for browsers without JavaScript; htmx sends it as a header.
TOKEN_FORM = re.compile(r'\bid="(tf-[^"]+)"')
# Bump when the templates of the workspace change shape in a way old entries must not be
# served after a deploy (the entries also expire on their own).
GENERATION = 3


def token_forms(*parts: str) -> list[str]:
    """The ids of the forms in rendered parts that take their token from outside."""
    return [found for part in parts for found in TOKEN_FORM.findall(part)]


def seconds() -> int:
    return int(getattr(settings, "ZONA_WORKSPACE_CACHE_SECONDS", 300))


def cacheable(viewer: Viewer) -> bool:
    """Whether this person's parts are kept. Their forms carry no token (`TOKEN_FORM`), so
    people answering are served from the cache as readers are (typed state, after a refused
    save, is never kept: see `views_fill._page`)."""
    return seconds() > 0


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def content_version(evaluation: Evaluation, viewer: Viewer) -> str:
    """A digest of everything the workspace shows this person of this evaluation, from one
    query: counts and maxima over the answers and history of the layers they read, comments,
    revision requests, stage changes, evidence links and the deadlines of its year. (Saving
    raises an answer's version and time; history, comments, stage changes and links only grow
    or are deleted; a revision request's moves each set a time.) Evidence is not edited in
    place in Zona; an edit through the admin site shows once the entry expires."""
    layers = ", ".join(["%s"] * len(viewer.layers))
    columns = ", ".join(["CAST({} AS TEXT)"] * 6)
    mine = "evaluation_id = %s"
    rows = (
        (Answer, ("COUNT(*)", "SUM(version)", "MAX(updated_at)", "NULL", "NULL", "NULL"),
         f"{mine} AND layer IN ({layers})"),
        (AnswerChange, ("COUNT(*)", "MAX(id)", "NULL", "NULL", "NULL", "NULL"),
         f"{mine} AND layer IN ({layers})"),
        (Comment, ("COUNT(*)", "MAX(id)", "NULL", "NULL", "NULL", "NULL"), mine),
        (RevisionRequest, ("COUNT(*)", "SUM(CASE WHEN resolved_at IS NULL THEN 1 ELSE 0 END)",
                           "MAX(requested_at)", "MAX(replied_at)", "MAX(resolved_at)", "MAX(id)"),
         mine),
        (StageChange, ("COUNT(*)", "MAX(id)", "NULL", "NULL", "NULL", "NULL"), mine),
        (EvidenceLink, ("COUNT(*)", "MAX(id)", "MAX(linked_at)", "SUM(evidence_id)", "NULL",
                        "NULL"), mine),
        # The stage panel's deadlines (the national one, the instansi's own).
        (NationalDeadline, ("COUNT(*)", "MAX(date)", "NULL", "NULL", "NULL", "NULL"), "year = %s"),
        (InstansiDeadline, ("COUNT(*)", "MAX(date)", "NULL", "NULL", "NULL", "NULL"),
         "instansi_id = %s AND year = %s"),
    )  # fmt: skip
    sql = " UNION ALL ".join(
        f"SELECT {n}, {columns.format(*cols)} FROM {_table(model)} WHERE {where}"
        for n, (model, cols, where) in enumerate(rows)
    )
    pk, visible, year = evaluation.pk, list(viewer.layers), evaluation.year
    instansi = evaluation.unit.instansi_id
    params = [pk, *visible, pk, *visible, pk, pk, pk, pk, year, instansi, year]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        facts = sorted(cursor.fetchall())
    row = [(f.attname, getattr(evaluation, f.attname)) for f in Evaluation._meta.concrete_fields]
    # The instansi's TPI tiers (who acts at which tier): what the page offers follows them.
    tiers = evaluation.unit.instansi.tpi_tiers
    digest = repr((GENERATION, rights(viewer), lang(), _zone(), row, facts, tiers))
    return hashlib.sha256(digest.encode()).hexdigest()[:32]


def rights(viewer: Viewer) -> tuple:
    """What a person may see and do, as far as the workspace's markup shows it."""
    return (
        viewer.layers, viewer.writable, viewer.main, viewer.tpi, viewer.tpn,
        sorted(viewer.internal_layers),
    )  # fmt: skip


def _zone() -> str:
    return timezone.get_current_timezone_name()


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


# --- one question block ------------------------------------------------------------------------
def facts(value, depth: int = 0):
    """What a block's data says, as plain values for a key: a model instance as its row and the
    rows of the related objects loaded with it (people's names included), a question as its
    number (the framework version is in the key), containers item by item."""
    if isinstance(value, Model):
        row = tuple(getattr(value, f.attname) for f in value._meta.concrete_fields)
        related = ()
        if depth < 2:
            loaded = value._state.fields_cache.items()
            related = tuple(
                (name, facts(obj, depth + 1))
                for name, obj in sorted(loaded, key=lambda item: item[0])
                if name != "evaluation"  # the block's evaluation: in the key already
            )
        return (value._meta.label_lower, row, related)
    if isinstance(value, dict):
        return tuple((k, facts(v, depth)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(facts(v, depth) for v in value)
    if isinstance(value, Question):
        return value.no
    return value


def block_key(evaluation: Evaluation, viewer: Viewer, block: dict, flags: tuple) -> str:
    """One question block's entry: keyed on that block's own content (its answers in the
    layers shown, history count, comments, revision requests and what changed since, evidence
    links), the person's rights and the page's flags, the language and the time zone."""
    digest = repr((
        GENERATION, evaluation.pk, evaluation.framework_id, rights(viewer), flags, lang(),
        _zone(), facts(block),
    ))  # fmt: skip
    return f"wsb:{evaluation.pk}:{hashlib.sha256(digest.encode()).hexdigest()[:32]}"


def render_blocks(
    evaluation: Evaluation,
    viewer: Viewer,
    blocks: list[dict],
    flags: tuple,
    render: Callable[[dict], str],
) -> int:
    """Give each block its markup (`block["html"]`), from the cache where its content did not
    change, else rendered (and kept). A block showing what happened in this request (`state`)
    is rendered and not kept. Returns how many were rendered."""
    keyed = {}
    for block in blocks:
        if block.get("state") is None and seconds() > 0:
            keyed[block_key(evaluation, viewer, block, flags)] = block
    found = cache.get_many(list(keyed)) if keyed else {}
    fresh, rendered = {}, 0
    for block in blocks:
        block["html"] = None
    for entry, block in keyed.items():
        block["html"] = found.get(entry)
    for block in blocks:
        if block["html"] is None:
            block["html"] = render(block)
            rendered += 1
    for entry, block in keyed.items():
        if entry not in found:
            if CSRF_FIELD in block["html"]:
                logger.warning("workspace block with a token not cached: %s", entry)
            else:
                fresh[entry] = block["html"]
    if fresh:
        cache.set_many(fresh, seconds())
    return rendered
