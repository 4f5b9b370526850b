"""The public register of predicates."""

import pytest
from django.urls import reverse

from zona.orgs.models import PredicateAward

URL = reverse("orgs:register")


@pytest.fixture
def awards(world):
    PredicateAward.objects.create(unit=world.a1, year=2024, predicate="WBK", decree_number="SK 1")
    PredicateAward.objects.create(unit=world.b1, year=2025, predicate="WBBM", decree_number="SK 2")
    PredicateAward.objects.create(unit=world.a2, year=2023, predicate="WBK", revoked=True,
                                  revocation_reason="Pelanggaran")  # fmt: skip


@pytest.mark.django_db
def test_register_is_public_and_lists_every_predicate(client, awards):
    page = client.get(URL)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Unit A1" in text and "Unit B1" in text and "SK 2" in text
    assert "dicabut" in text  # a revoked predicate stays visible as revoked


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, shown, hidden",
    [
        ({"tahun": "2025"}, ["Unit B1"], ["Unit A1"]),
        ({"predikat": "WBK"}, ["Unit A1", "Unit A2"], ["Unit B1"]),
        ({"jenis": "kabupaten"}, ["Unit B1"], ["Unit A1"]),
        ({"q": "instansi a"}, ["Unit A1", "Unit A2"], ["Unit B1"]),
        ({"tahun": "x", "predikat": "ZZZ"}, ["Unit A1", "Unit B1"], []),  # bad input ignored
    ],
)
def test_register_filters(client, awards, params, shown, hidden):
    text = client.get(URL, params).content.decode()
    for name in shown:
        assert name in text
    for name in hidden:
        assert f"<td>{name}</td>" not in text
