"""What people type is shown as text, never as markup: notes, comments, evidence descriptions
and revision reasons go through the pre-rendered LKE page escaped."""

from __future__ import annotations

import pytest
from django.urls import reverse
from filling import fill_layer

from zona.evaluations import actions
from zona.evaluations.models import Layer

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.django_db
def test_typed_text_is_escaped_on_the_lke_page(client, world, frameworks):
    u = world.users
    evaluation = actions.create_evaluation(u["lead_a1"], world.a1, 2026, "WBK")
    fill_layer(evaluation, Layer.UNIT, skip=("1",))  # complete once "1" is answered below
    actions.save_answer(u["member_a1"], evaluation, "1", Layer.UNIT, "ya", PAYLOAD, 0)
    actions.add_evidence(u["member_a1"], evaluation, "1", description=PAYLOAD,
                         url="https://example.test/sk.pdf")  # fmt: skip
    actions.add_comment(u["member_a1"], evaluation, "1", PAYLOAD, internal=False)
    evaluation = actions.move(u["lead_a1"], evaluation, "submit")
    evaluation = actions.move(u["tpi_a"], evaluation, "start_review")
    actions.request_revision(u["tpi_a"], evaluation, "1", PAYLOAD)
    for who in ("member_a1", "tpi_a"):
        client.force_login(u[who])
        for url in (
            reverse("evaluations:detail", args=[evaluation.pk]),
            reverse("evaluations:history", args=[evaluation.pk, "1"]),
        ):
            page = client.get(url).content.decode()
            assert "<script>alert" not in page and "<img src=x" not in page, (who, url)
            assert "&lt;script&gt;" in page, (who, url)
