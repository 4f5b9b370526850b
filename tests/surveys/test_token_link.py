"""A one-time token cannot be linked to the answer it allowed (issue 14, item 5).

Rows written in one PostgreSQL transaction carry its id in the system column `xmin`; when the
token's "used" mark and the response were one transaction, anyone reading the tables could pair
each used token (so each receipt, so each person served) with their answers. The mark now has
a transaction of its own, committed before the answer is stored, and is undone if storing fails.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection

from surveys.helpers import all_answers
from zona.surveys.actions import generate_tokens, submit_response
from zona.surveys.models import Response, Token


def _answers(survey) -> dict[str, str]:
    return {key[2:]: value for key, value in all_answers(survey, 3).items()}


def _xmin(table: str, pk: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT xmin::text::bigint FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin is PostgreSQL's")
def test_token_mark_and_response_are_different_transactions(world, survey):
    survey.requires_token = True
    survey.save()
    generate_tokens(world.users["lead_a1"], survey, 3)
    codes = list(Token.objects.values_list("code", flat=True))
    for code in codes[:2]:
        response = submit_response(survey, _answers(survey), {}, "", code)
        token = Token.objects.get(survey=survey, code=code)
        assert token.used
        token_xmin = _xmin(Token._meta.db_table, token.pk)
        response_xmin = _xmin(Response._meta.db_table, response.pk)
        assert token_xmin != response_xmin
        # committed before the answer was stored
        assert token_xmin < response_xmin
    assert Response.objects.count() == 2


def test_a_token_whose_answer_was_not_stored_stays_usable(world, survey, monkeypatch):
    survey.requires_token = True
    survey.save()
    generate_tokens(world.users["lead_a1"], survey, 1)
    code = Token.objects.get().code

    def fail(self, *args, **kwargs):
        raise DatabaseError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(Response, "save", fail)
        with pytest.raises(DatabaseError):
            submit_response(survey, _answers(survey), {}, "", code)
    assert not Token.objects.get().used
    assert not Response.objects.exists()
    submit_response(survey, _answers(survey), {}, "", code)
    assert Token.objects.get().used and Response.objects.count() == 1
