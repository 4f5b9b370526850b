"""A NUL character in any text filter of a page is stripped, never a 500 (issue 14, item 7).

PostgreSQL refuses a NUL inside a string literal ("A string literal cannot contain NUL"), so a
search for `%00` used to fail deep in the query. `zona.core.nul.StripNulMiddleware` removes NUL
from every query parameter before any view reads one; run this on PostgreSQL too.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from world import PASSWORD

from zona.orgs.models import Predicate, PredicateAward

PUBLIC = [
    ("orgs:register", "q"),
    ("orgs:register", "tahun"),
    ("orgs:register", "jenis"),
    ("surveys:public_index", "q"),
]
SIGNED_IN = [
    ("evaluations:list", "unit_name"),
    ("evaluations:list", "stage"),
    ("evaluations:unit_lookup", "unit_name"),
    ("audit:events", "actor"),
    ("findings:register", "q"),
    ("plans:index", "tahun"),
    ("orgs:instansi_list", "q"),
]


@pytest.fixture
def award(world):
    return PredicateAward.objects.create(
        unit=world.a1, year=2025, predicate=Predicate.WBK, decree_number="SK 9/2025"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "param"), PUBLIC)
@pytest.mark.parametrize("value", ["\x00", "Unit\x00 A1", "%00"])
def test_public_filters_strip_nul(client, award, name, param, value):
    url = reverse(name)
    response = client.get(url, {param: value})
    assert response.status_code == 200
    if name == "orgs:register" and param == "q":
        assert ("Unit A1" in response.content.decode()) == (value != "%00")


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_register_export_strips_nul(client, award, fmt):
    url = reverse("workbook:register", args=[fmt])
    stripped = client.get(url, {"q": "Unit\x00 A1"})
    assert stripped.status_code == 200
    if fmt == "csv":
        plain = client.get(url, {"q": "Unit A1"})
        assert stripped.content == plain.content and "SK 9/2025" in stripped.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "param"), SIGNED_IN)
def test_signed_in_filters_strip_nul(world, name, param):
    client = Client()
    user = "sysadmin" if name.startswith("audit:") else "coordinator_a"
    assert client.login(username=user, password=PASSWORD)
    response = client.get(reverse(name), {param: "\x00"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_nul_is_gone_before_the_view_reads_the_parameters(rf):
    from zona.core.nul import StripNulMiddleware

    seen = {}

    def view(request):
        seen.update(request.GET.lists())
        return None

    request = rf.get("/x/", {"q": "a\x00b", "k\x00": ["1", "\x002"]})
    StripNulMiddleware(view)(request)
    assert seen == {"q": ["ab"], "k": ["1", "2"]}
    assert "%00" not in request.META["QUERY_STRING"]
