"""The unit's document library: every document a unit already has, wherever it was added
(an LKE question of any year, a plan activity, an audit follow-up, a capaian kinerja record),
searchable and paged, so one file is found and reused instead of uploaded again.

The evidence app knows none of the apps that keep documents. Each registers a `Source` from
its AppConfig.ready(): the rows of its own that belong to the unit and that the person may
see, how to describe them, and how to make one of them the unit's `Evidence` when it is
picked (`adopt`). A page of the library costs one count, one query for the page's keys
(a UNION over the sources, ordered by date) and one query per source present on the page,
however many documents the unit has.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Protocol

from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, QuerySet, Value

from .models import Evidence

PAGE_SIZE = 10


@dataclass(frozen=True)
class Item:
    """One document as the library shows it."""

    key: str  # "<kind>:<pk>", what a pick posts back
    kind: str
    description: str
    filename: str
    url: str
    size: int | None
    document_date: date | None
    added_at: datetime
    origin: str  # where it comes from, said for a person ("LKE 2025, question 12")
    download: str | None  # a permission-checked download path, None for a link


class Source(Protocol):
    kind: str
    label: Any  # what the kind is called on screen (lazy text)

    def rows(self, user, unit_id: int, search: str, context: dict) -> QuerySet:
        """The unit's documents of this source the person may see that match `search`
        (already stripped, may be empty), as a queryset of the source's model."""

    def date_field(self) -> str:
        """The field (of `rows`' model) the library orders by, newest first."""

    def items(self, pks: list[int], context: dict) -> dict[int, Item]:
        """pk → Item for these rows, in as few queries as the source can (one)."""

    def adopt(self, actor, unit_id: int, pk: int) -> Evidence:
        """The unit's `Evidence` for this row (created from it when it is not one yet);
        Http404 when the row is not the unit's or not the person's to see."""


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> None:
    _SOURCES[source.kind] = source


def source(kind: str) -> Source | None:
    return _SOURCES.get(kind)


def parse_key(key: str) -> tuple[str, int] | None:
    """("evidence", 12) from "evidence:12"; None for anything else."""
    kind, _sep, raw = (key or "").partition(":")
    if kind in _SOURCES and raw.isdigit():
        return kind, int(raw)
    return None


def _keys(user, unit_id: int, search: str, context: dict):
    parts = [
        src.rows(user, unit_id, search, context)
        .order_by()
        .annotate(lib_kind=Value(kind, output_field=CharField()), lib_at=F(src.date_field()))
        .values_list("lib_kind", "pk", "lib_at")
        for kind, src in sorted(_SOURCES.items())
    ]
    if not parts:
        return Evidence.objects.none().values_list("pk")
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return union.order_by("-lib_at", "lib_kind", "-pk")


def _picked(page_keys, context: dict) -> list[Item]:
    """The Items of these (kind, pk, date) keys, in their order: one query per source."""
    wanted: dict[str, list[int]] = {}
    for kind, pk, _at in page_keys:
        wanted.setdefault(kind, []).append(pk)
    found = {
        (kind, pk): item
        for kind, pks in wanted.items()
        for pk, item in _SOURCES[kind].items(pks, context).items()
    }
    return [found[(kind, pk)] for kind, pk, _at in page_keys if (kind, pk) in found]


def library_slice(
    user, unit_id: int, *, search: str = "", offset: int = 0, limit: int = PAGE_SIZE,
    context: dict | None = None,
) -> tuple[int, list[Item]]:  # fmt: skip
    """(how many documents match, the `limit` of them from `offset`), newest first: the
    library for the API's limit/offset lists, with the same sources and rules as the page."""
    context = context or {}
    keys = _keys(user, unit_id, (search or "").strip()[:100], context)
    return keys.count(), _picked(list(keys[offset : offset + limit]), context)


@dataclass
class Library:
    page: Page
    items: list[Item]
    search: str

    @property
    def total(self) -> int:
        return self.page.paginator.count


def library_page(
    user, unit_id: int, *, search: str = "", number: Any = 1, context: dict | None = None,
    per_page: int = PAGE_SIZE,
) -> Library:  # fmt: skip
    """One page of the unit's documents, newest first; `number` out of range gives the
    nearest page (a stale link never errs)."""
    context = context or {}
    search = (search or "").strip()[:100]
    paginator = Paginator(_keys(user, unit_id, search, context), per_page)
    page = paginator.get_page(number)
    return Library(page=page, items=_picked(page.object_list, context), search=search)
