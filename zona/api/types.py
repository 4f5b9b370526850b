"""Bounded input types: what the database can hold is what the schema allows, so no input can
reach it as an overflow (ids past 64 bits) or a NUL character (PostgreSQL refuses both)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2_147_483_647
NO_NUL = r"^[^\x00]*$"

Id = Annotated[int, Field(ge=1, le=MAX_ID)]


def text(max_length: int, **kwargs) -> type[str]:
    return Annotated[str, Field(max_length=max_length, pattern=NO_NUL, **kwargs)]  # type: ignore[return-value]


QuestionNo = text(10, description='The question\'s number in the LKE ("2", "113a").')
Search = text(100, description="Part of the name.")
Year = Annotated[int, Field(ge=2010, le=2100)]
