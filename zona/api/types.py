"""Bounded input types: what the database can hold is what the schema allows, so no input can
reach it as an overflow (ids past 64 bits) or a NUL character (PostgreSQL refuses both)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import BeforeValidator, Field, model_validator

MAX_ID = 2_147_483_647
NO_NUL = r"^[^\x00]*$"

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def text(max_length: int, **kwargs) -> type[str]:
    return Annotated[str, Field(max_length=max_length, pattern=NO_NUL, **kwargs)]  # type: ignore[return-value]


QuestionNo = text(10, description='The question\'s number in the LKE ("2", "113a").')
Search = text(100, description="Part of the name.")
Year = Annotated[int, Field(ge=2010, le=2100)]


class ObjectIn(Schema):
    """A JSON body that must be an object: django-ninja's Schema would otherwise read any value
    by attribute, so `[null, null]` or `"x"` became "every field left out"."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value: Any) -> Any:
        raw = getattr(value, "_obj", value)  # ninja hands the body over wrapped
        if not isinstance(raw, Mapping):
            raise ValueError("The body must be a JSON object.")
        return value


def _iso_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise ValueError("A date as YYYY-MM-DD.")


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# A date written as YYYY-MM-DD; pydantic alone would also read 0 or "0" as 1 January 1970.
IsoDate = Annotated[date, BeforeValidator(_iso_date)]
