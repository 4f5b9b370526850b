"""What the surveys offer the LKE (IPAK/IPKP feeds) and the management screens' actions."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader
from world import PASSWORD

from surveys.helpers import all_answers, make_survey
from zona.audit.models import AuditEvent
from zona.evaluations import feeds
from zona.evaluations.actions import create_evaluation
from zona.surveys.models import Channel, Response, Survey, Token


def _answers(survey, per_respondent: list[int]):
    codes = survey.instrument.statement_codes
    Response.objects.bulk_create(
        Response(
            survey=survey,
            submitted_on="2026-01-15",
            channel=Channel.ONLINE,
            answers=dict.fromkeys(codes, value),
        )
        for value in per_respondent
    )


@pytest.fixture
def evaluation(world, frameworks):
    return create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


def test_feed_options_for_the_evaluation_unit_and_year(
    world, instruments, evaluation, django_assert_max_num_queries
):
    ipak, ipkp = instruments["ipak"], instruments["ipkp"]
    q4_2025 = make_survey(world.a1, ipak, code="Q42025", year=2025, quarter=4)
    q1_2026 = make_survey(world.a1, ipak, code="Q12026", year=2026, quarter=1)
    make_survey(world.a1, ipak, code="Y2027", year=2027, quarter=None)  # after the year
    make_survey(world.a1, ipkp, code="KP2026", year=2026)  # the other feed
    make_survey(world.a2, ipak, code="A22026", year=2026)  # another unit
    _answers(q4_2025, [4, 3])  # scores 4, 3: index 3.5; s = 0.7071; margin 1.96·0.7071/√2 = 0.98
    _answers(q1_2026, [4, 4, 3, 3])  # index 3.5; s = 0.5774; margin 1.96·0.5774/2 = 0.5658

    with django_assert_max_num_queries(2):
        options = feeds.options(evaluation, feeds.IPAK)
    assert [o.key for o in options] == [f"survey:{q1_2026.pk}", f"survey:{q4_2025.pk}"]
    assert [o.value for o in options] == [3.5, 3.5]
    assert options[0].label == "IPAK triwulan I 2026 — 4 responden"
    assert options[0].detail == (
        "indeks 3,50, margin ±0,57 pada 95%; perlu 865 jawaban untuk ±0,10"
    )
    assert options[1].label == "IPAK triwulan IV 2025 — 2 responden"
    assert options[0].url == reverse("surveys:detail", args=[q1_2026.pk])

    ipkp_options = feeds.options(evaluation, feeds.IPKP)
    assert len(ipkp_options) == 1
    assert ipkp_options[0].value is None and ipkp_options[0].detail == "Belum ada jawaban."


def test_feed_query_count_does_not_grow(
    world, instruments, evaluation, django_assert_max_num_queries
):
    for i in range(12):
        s = make_survey(world.a1, instruments["ipak"], code=f"S{i:03d}", year=2014 + i)
        _answers(s, [3, 4])
    with django_assert_max_num_queries(2):
        assert len(feeds.options(evaluation, feeds.IPAK)) == 12


def test_create_edit_pause_through_the_screens(client, world, instruments):
    client.login(username="member_a1", password=PASSWORD)
    form = client.get(reverse("surveys:create"))
    units = list(form.context["form"].fields["unit"].queryset)
    assert units == [world.a1]  # a team member runs only their own unit's surveys
    data = {
        "unit": world.a1.pk,
        "instrument": instruments["ipkp"].pk,
        "year": 2026,
        "quarter": 4,
        "opens_on": "2026-10-01",
        "closes_on": "2026-09-30",
        "services": "KTP-el",
    }
    refused = client.post(reverse("surveys:create"), data)
    assert "Tanggal penutupan mendahului tanggal pembukaan." in refused.content.decode()
    assert not Survey.objects.exists()
    created = client.post(reverse("surveys:create"), {**data, "closes_on": "2026-12-31"})
    survey = Survey.objects.get()
    assert created["Location"] == survey.get_absolute_url()
    assert len(survey.code) == 6 and survey.created_by == world.users["member_a1"]

    edit = client.post(
        reverse("surveys:edit", args=[survey.pk]),
        {"opens_on": "2026-10-01", "closes_on": "2026-12-15", "services": "KTP-el\nKK"},
    )
    assert edit.status_code == 302
    survey.refresh_from_db()
    assert survey.service_list == ["KTP-el", "KK"] and str(survey.closes_on) == "2026-12-15"

    client.post(reverse("surveys:pause", args=[survey.pk]), {"paused": "on"})
    survey.refresh_from_db()
    assert survey.paused
    client.post(reverse("surveys:pause", args=[survey.pk]), {})
    survey.refresh_from_db()
    assert not survey.paused
    actions = list(
        AuditEvent.objects.filter(object_type="surveys.survey")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "surveys.survey.create",
        "surveys.survey.update",
        "surveys.survey.pause",
        "surveys.survey.resume",
    ]


def test_token_batches(client, world, survey):
    client.login(username="coordinator_a", password=PASSWORD)
    url = reverse("surveys:tokens", args=[survey.pk])
    assert client.post(url, {"count": "0"}).status_code == 200
    client.post(url, {"count": "40"})
    client.post(url, {"count": "10"})
    codes = list(Token.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 50
    assert sorted(set(Token.objects.values_list("batch", flat=True))) == [1, 2]
    Token.objects.filter(pk=Token.objects.filter(batch=1).first().pk).update(used=True)
    page = client.get(url).content.decode()
    rows = re.findall(
        r"<tr><td>(\d+)</td><td class=\"text-end\">(\d+)</td><td class=\"text-end\">(\d+)</td>",
        page,
    )
    assert rows == [("2", "10", "0"), ("1", "40", "1")]
    printed = client.get(reverse("surveys:tokens_print", args=[survey.pk, 2]))
    batch2 = list(Token.objects.filter(batch=2).values_list("code", flat=True))
    assert all(code in printed.content.decode() for code in batch2)
    download = client.get(reverse("surveys:tokens_download", args=[survey.pk, 1, "csv"]))
    assert download.content.decode("utf-8-sig").count("?t=") == 40


def test_qr_and_poster(client, world, survey):
    client.login(username="lead_a1", password=PASSWORD)
    svg = client.get(reverse("surveys:qr", args=[survey.pk]))
    assert svg["Content-Type"] == "image/svg+xml" and svg.content.startswith(b"<svg")
    poster = client.get(reverse("surveys:poster", args=[survey.pk]))
    assert poster["Content-Type"] == "application/pdf"
    assert poster["Content-Disposition"].startswith("attachment;")
    reader = PdfReader(io.BytesIO(poster.content))
    assert len(reader.pages) == 1
    assert abs(float(reader.pages[0].mediabox.width) - 595.28) < 1  # A4
    text = reader.pages[0].extract_text()
    assert "Unit A1" in text and f"/s/{survey.code}/" in text


def test_detail_and_public_results_show_the_numbers(
    client, world, survey, django_assert_max_num_queries, settings
):
    settings.ZONA_SURVEY_PUBLISH_BATCH = 4
    _answers(survey, [4, 3, 3, 2])  # index 3.00; s = 0.8165; margin 1.96·0.8165/2 = 0.80
    client.login(username="tpi_a", password=PASSWORD)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("surveys:detail", args=[survey.pk])).content.decode()
    assert "3,00" in html and "±0,80" in html
    assert "865" in html  # needed for ±0.10 with the conservative s = 1.5
    public = client.get(reverse("surveys:public_results", args=[world.a1.pk])).content.decode()
    assert "3,00" in public and "4 responden" in public
    assert "Survei Persepsi Anti Korupsi" in public


def test_list_query_count_is_constant(client, world, instruments, django_assert_max_num_queries):
    for i in range(15):
        s = make_survey(world.a1, instruments["ipak"], code=f"L{i:03d}", year=2012 + i)
        _answers(s, [4, 3])
    client.login(username="coordinator_a", password=PASSWORD)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("surveys:list"))
    assert page.content.decode().count("3,50") == 15


def test_public_answer_then_results(client, survey, settings):
    settings.ZONA_SURVEY_PUBLISH_BATCH = 1
    form = client.get(reverse("surveys:answer", args=[survey.code])).content.decode()
    nonce = form.split('name="nonce" value="')[1][:32]
    client.post(
        reverse("surveys:answer", args=[survey.code]), {"nonce": nonce, **all_answers(survey, 2)}
    )
    public = client.get(reverse("surveys:public_results", args=[survey.unit_id])).content.decode()
    assert "2,00" in public and "1 responden" in public
