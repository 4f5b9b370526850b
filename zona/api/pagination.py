"""limit/offset pagination with the total count, the same on every list of the API."""

from __future__ import annotations

from typing import Generic, TypeVar

from ninja import Schema
from pydantic import Field

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(Schema, Generic[T]):
    count: int = Field(description="Number of items that match the filters, on all pages.")
    limit: int
    offset: int
    items: list[T]


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (≤ 200).")
    offset: int = Field(0, ge=0, le=10_000_000, description="Items to skip.")


def paginate(rows, params: PageParams, count: int | None = None) -> dict:
    """A page of a queryset (or list): two queries for a queryset (count, page)."""
    total = (
        count
        if count is not None
        else (rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows))
    )
    items = list(rows[params.offset : params.offset + params.limit])
    return {"count": total, "limit": params.limit, "offset": params.offset, "items": items}


def count_of(rows, link: str):
    """A correlated count for each outer row (`rows` related through `link` to the outer pk):
    the database counts only for the rows of the page, where a JOIN with GROUP BY would count
    for every matching row before the page is cut."""
    from django.db.models import Count, IntegerField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    counted = rows.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n")[:1], output_field=IntegerField()), 0)
