"""The home page starts the day: each person's open evaluations with their stage, how far the
working layer is filled in, the open revision requests and the days to the deadline — whether
or not there is a to-do — and no card without content."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from dashboard_fill import fill
from django.urls import reverse
from django.utils import timezone

from zona.evaluations import actions
from zona.evaluations.models import Evaluation, InstansiDeadline, RevisionRequest, Stage

ROLES = ["sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a", "member_a1",
         "lead_a1", "tpn", "norole"]  # fmt: skip


@pytest.fixture
def submitted(world, frameworks):
    """Unit A1's LKE, 40 questions answered, submitted to the TPI (nothing for the unit to do),
    with one open revision request and an internal deadline in 10 days."""
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    fill(evaluation, "unit", 0.9, only=40)
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.SUBMITTED)
    RevisionRequest.objects.create(evaluation=evaluation, question="1", reason="Lengkapi SK.")
    InstansiDeadline.objects.create(
        instansi=world.a, year=2026, date=timezone.localdate() + timedelta(days=10)
    )
    return evaluation


def _row(html: str, evaluation) -> str:
    match = re.search(rf'<tr data-evaluation="{evaluation.pk}">(.*?)</tr>', html, re.S)
    assert match, "the evaluation is not listed"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1)))


@pytest.mark.django_db
def test_a_unit_member_sees_their_evaluation_without_a_to_do(client, world, submitted):
    client.force_login(world.users["member_a1"])
    html = client.get(reverse("home")).content.decode()
    assert "LKE diisi" not in html  # no to-do for the unit at this stage
    row = _row(html, submitted)
    assert "Unit A1" in row and "2026" in row
    assert "Diajukan ke TPI" in row
    assert f"Unit (penilaian mandiri): 40 dari {submitted.framework.question_count} dijawab" in row
    assert "1 " in row  # the open revision request
    assert "10 hari lagi" in row


@pytest.mark.django_db
def test_the_tpi_sees_the_layer_it_fills_and_the_unit_its_own_until_release(
    client, world, submitted
):
    client.force_login(world.users["tpi_a"])
    row = _row(client.get(reverse("home")).content.decode(), submitted)
    assert f"0 dari {submitted.framework.question_count} dijawab" in row  # the TPI's own layer
    Evaluation.objects.filter(pk=submitted.pk).update(stage=Stage.TPI_REVIEW)
    client.force_login(world.users["member_a1"])
    row = _row(client.get(reverse("home")).content.decode(), submitted)
    # the TPI's progress stays the TPI's until it releases: the unit sees its own layer's
    assert f"Unit (penilaian mandiri): 40 dari {submitted.framework.question_count}" in row


@pytest.mark.django_db
def test_a_past_deadline_says_how_late(client, world, submitted):
    InstansiDeadline.objects.update(date=timezone.localdate() - timedelta(days=3))
    client.force_login(world.users["member_a1"])
    assert "terlambat 3 hari" in _row(client.get(reverse("home")).content.decode(), submitted)


@pytest.mark.django_db
def test_closed_evaluations_and_other_units_are_not_listed(client, world, submitted, frameworks):
    other = actions.create_evaluation(world.users["sysadmin"], world.b1, 2026, "WBK")
    client.force_login(world.users["member_a1"])
    html = client.get(reverse("home")).content.decode()
    assert f'data-evaluation="{other.pk}"' not in html
    Evaluation.objects.filter(pk=submitted.pk).update(stage=Stage.CLOSED)
    assert 'data-testid="my-evaluations"' not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("username", ROLES)
def test_no_card_on_any_home_page_is_empty(client, world, submitted, username):
    Evaluation.objects.create(
        unit=world.b1, year=2026, framework=submitted.framework, target="WBK", stage="proposed"
    )
    client.force_login(world.users[username])
    html = client.get(reverse("home")).content.decode()
    bodies = re.findall(r'<div class="card-body">(.*?)</div>\s*</section>', html, re.S)
    assert bodies
    empty = [b for b in bodies if not re.sub(r"<[^>]+>|\s", "", b)]
    assert empty == []


@pytest.mark.django_db
def test_the_home_page_lists_evaluations_in_a_fixed_number_of_queries(
    client, world, frameworks, django_assert_max_num_queries
):
    for unit in (world.a1, world.a2, world.a1a):
        actions.create_evaluation(world.users["sysadmin"], unit, 2026, "WBK")
    client.force_login(world.users["tpi_a"])
    with django_assert_max_num_queries(40):
        html = client.get(reverse("home")).content.decode()
    assert html.count("<tr data-evaluation=") == 3
