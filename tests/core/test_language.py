"""Indonesian first, whatever the browser prefers; English when chosen."""

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_indonesian_even_when_the_browser_asks_for_english(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Masuk ke Zona" in page.content.decode()
    assert page["Content-Language"] == "id"
    assert "Cookie" in page["Vary"]


@pytest.mark.django_db
def test_english_when_chosen(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/masuk/"})
    page = client.get(reverse("login"))
    assert "Log in to Zona" in page.content.decode() and page["Content-Language"] == "en"


@pytest.mark.django_db
def test_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies["django_language"] = "fr"
    assert "Masuk ke Zona" in client.get(reverse("login")).content.decode()
