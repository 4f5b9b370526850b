"""The fixed per-request work of the LKE page: finding the evaluation (one query over
`Evaluation.objects.visible_to`) and the stage panel (deadlines and history in one query)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from zona.evaluations.access import get_evaluation_for
from zona.evaluations.models import InstansiDeadline, NationalDeadline, Stage, StageChange
from zona.evaluations.views_stage import stage_context
from zona.orgs.access import reach


@pytest.mark.django_db
def test_get_evaluation_for_is_one_query_once_the_roles_are_read(
    world, evaluation, django_assert_num_queries
):
    user = world.users["tpi_a"]
    reach(user)  # read once per request, shared with every other check
    with django_assert_num_queries(1):
        found = get_evaluation_for(user, evaluation.pk)
    # The page reads the unit, its instansi and the framework version without further queries.
    with django_assert_num_queries(0):
        assert (found.unit.name, found.unit.instansi.name) == ("Unit A1", "Instansi A")
        assert found.framework.pk == evaluation.framework_id


@pytest.mark.django_db
def test_the_stage_panel_of_a_new_evaluation_is_three_queries(
    world, evaluation, django_assert_num_queries
):
    """Deadlines and history in one; the submit checklist reads the unit's answers and the
    questions with evidence (one query each)."""
    user = world.users["lead_a1"]
    reach(user)
    with django_assert_num_queries(3):
        context = stage_context(user, evaluation)
    assert context["national_deadline"] == date(2026, 5, 31)  # the default: no row for 2026
    assert context["internal_deadline"] is None and context["internal_days_left"] is None
    assert context["stage_history"] == []
    assert [option.name for option in context["moves"]] == ["submit"]
    assert not context["moves"][0].possible  # nothing answered yet


@pytest.mark.django_db
def test_the_stage_panel_reads_deadlines_and_history_in_one_query(
    world, evaluation, login, urls, django_assert_num_queries
):
    NationalDeadline.objects.create(year=2026, date=date(2026, 6, 30), note="diperpanjang")
    NationalDeadline.objects.create(year=2025, date=date(2025, 7, 1))  # another year's
    InstansiDeadline.objects.create(instansi=world.a, year=2026, date=date(2026, 6, 15))
    InstansiDeadline.objects.create(instansi=world.b, year=2026, date=date(2026, 5, 1))
    InstansiDeadline.objects.create(instansi=world.a, year=2025, date=date(2025, 5, 2))
    start = timezone.make_aware(datetime(2026, 4, 1, 9, 30))
    gone = get_user_model().objects.create_user("sudah-keluar")
    steps = [
        (Stage.DRAFT, Stage.TPI_REVIEW, "siap-dinilai", world.users["lead_a1"]),
        (Stage.TPI_REVIEW, Stage.RETURNED, "perbaiki-bukti", world.users["tpi_a"]),
        (Stage.RETURNED, Stage.TPI_REVIEW, "", gone),
    ]
    for hours, (before, after, note, by) in reversed(list(enumerate(steps))):  # ids ≠ order
        StageChange.objects.create(
            evaluation=evaluation, from_stage=before, to_stage=after, note=note, by=by,
            at=start + timedelta(hours=hours),
        )  # fmt: skip
    gone.delete()  # the move stays, without its person
    evaluation.stage = Stage.TPI_REVIEW
    evaluation.save(update_fields=["stage"])
    user = world.users["tpi_a"]
    reach(user)
    with django_assert_num_queries(1):
        context = stage_context(user, evaluation)
    assert context["national_deadline"] == date(2026, 6, 30)
    assert context["internal_deadline"] == date(2026, 6, 15)
    today = timezone.localdate()
    assert context["internal_days_left"] == (date(2026, 6, 15) - today).days
    history = context["stage_history"]
    assert [(m.from_stage, m.to_stage, m.note) for m in history] == [s[:3] for s in steps]
    assert [str(m.by) if m.by else None for m in history] == ["lead_a1", "tpi_a", None]
    assert [m.at for m in history] == [start + timedelta(hours=h) for h in range(3)]
    assert history[1].get_to_stage_display() == Stage.RETURNED.label

    html = login("member_a1").get(urls("detail", evaluation)).content.decode()
    assert "Riwayat tahapan" in html and "Batas waktu internal" in html
    assert html.index("siap-dinilai") < html.index("perbaiki-bukti")
    assert "tpi_a: " in html and "–: " in html  # the deleted person's move shows a dash


@pytest.mark.django_db
def test_the_lke_page_costs_a_fixed_number_of_queries(
    world, evaluation, login, urls, set_stage, django_assert_num_queries
):
    """Session, user, roles, the evaluation, its content version; the workspace's answers, open
    and just-closed revision requests (one query), comments, history counts, evidence and last
    submission; the stage panel (deadlines and history in one) — however many moves and answers
    there are."""
    for _ in range(3):
        StageChange.objects.create(
            evaluation=evaluation, from_stage=Stage.DRAFT, to_stage=Stage.TPI_REVIEW
        )
    set_stage(evaluation, Stage.TPI_REVIEW)
    client = login("tpi_a")
    with django_assert_num_queries(QUERIES):
        response = client.get(urls("detail", evaluation))
    assert response.status_code == 200
    # Unchanged, the evaluator's page comes from the shared cache (its forms carry no token):
    # session, user, roles, the evaluation, the content version (the stage panel is cached
    # with it: no query for its deadlines and history).
    with django_assert_num_queries(CACHED_QUERIES):
        response = client.get(urls("detail", evaluation))
    assert response.status_code == 200


QUERIES = 12  # with the content version that keys the cached parts
CACHED_QUERIES = 5
