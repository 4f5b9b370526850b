"""Framework pages: who may see them, what they show, in which language."""

from __future__ import annotations

import pytest
from django.urls import reverse

LIST = reverse("frameworks:list")
DETAIL = reverse("frameworks:detail", args=["lke-2021", "2026.4"])
MISSING = reverse("frameworks:detail", args=["lke-2021", "9999"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", [LIST, DETAIL, MISSING])
def test_anonymous_is_sent_to_login(client, frameworks, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("user", ["alice", "bob"])
@pytest.mark.parametrize("url, status", [(LIST, 200), (DETAIL, 200), (MISSING, 404)])
def test_signed_in_users_may_read(client, frameworks, request, user, url, status):
    client.force_login(request.getfixturevalue(user))
    assert client.get(url).status_code == status


@pytest.mark.django_db
def test_list_shows_versions(client, frameworks, bob):
    client.force_login(bob)
    page = client.get(LIST).content.decode()
    assert "LKE Zona Integritas — PermenPANRB 90/2021" in page
    assert DETAIL in page and "128" in page
    assert "Kerangka LKE" in page  # Indonesian by default


@pytest.mark.django_db
def test_detail_shows_tree_criteria_formulas_and_rules(client, frameworks, bob):
    client.force_login(bob)
    page = client.get(DETAIL).content.decode()
    assert "Penyusunan Tim Kerja" in page and "bobot 0,50" in page
    assert "Jika dengan prosedur/mekanisme yang jelas" in page  # a criterion of question 2
    assert "q89 / q88" in page  # a computed item's formula, shown for checking
    assert "Syarat predikat" in page and "Menuju WBBM" in page
    assert "75,00" in page and "60,00 %" in page and "15,75" in page


@pytest.mark.django_db
def test_detail_in_english(client, frameworks, bob):
    client.force_login(bob)
    client.post(reverse("set_language"), {"language": "en", "next": DETAIL})
    page = client.get(DETAIL).content.decode()
    assert "Predicate rules" in page and "weight 0.50" in page and "75.00" in page


@pytest.mark.django_db
def test_login_page_and_login(client, bob):
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "Masuk ke Zona" in page.content.decode()
    response = client.post(reverse("login"), {"username": "bob", "password": "pw-bob-1"})
    assert response.status_code == 302
    client.logout()
    bad = client.post(reverse("login"), {"username": "bob", "password": "wrong"})
    assert bad.status_code == 200 and "alert-danger" in bad.content.decode()


@pytest.mark.django_db
def test_home_links_to_frameworks(client, bob):
    client.force_login(bob)
    assert LIST in client.get("/").content.decode()


@pytest.mark.django_db
def test_logout_is_a_post(client, bob):
    client.force_login(bob)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(LIST).status_code == 302
