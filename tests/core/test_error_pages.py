"""Zona's own 404, 403 and 500 pages: in the person's language, with a way home, never Django's
English debug pages (the test client runs with DEBUG off, as production does)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from zona.evaluations import actions


@pytest.fixture
def evaluation(world, frameworks):
    return actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")


@pytest.mark.django_db
def test_a_missing_page_is_zonas_own_in_indonesian_and_english(client, world):
    assert settings.DEBUG is False
    client.force_login(world.users["member_a1"])
    response = client.get("/tidak-ada-halaman-ini/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html and "Kembali ke beranda" in html
    assert f'href="{reverse("home")}"' in html and "Page not found (404)" not in html
    english = client.get("/tidak-ada-halaman-ini/", headers={"accept-language": "en"})
    assert english.status_code == 404
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/tidak-ada-halaman-ini/").content.decode()
    assert "Page not found" in html and "Back to the home page" in html


@pytest.mark.django_db
def test_a_wrong_role_move_gets_zonas_403_and_an_unseen_evaluation_its_404(
    client, world, evaluation
):
    url = reverse("evaluations:move", args=[evaluation.pk, "submit"])
    client.force_login(world.users["member_a1"])  # sees the evaluation; submitting is the lead's
    response = client.post(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Tidak diizinkan" in html and "Kembali ke beranda" in html
    assert "403 Forbidden" not in html
    client.force_login(world.users["tpn"])  # never proposed: KemenPANRB does not see it
    response = client.post(url)
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()
    assert "Page not found (404)" not in response.content.decode()


@pytest.mark.django_db
def test_a_forbidden_action_gets_zonas_403(client, world, evaluation):
    client.force_login(world.users["leadership_a"])  # reads the LKE, answers nothing
    response = client.post(reverse("evaluations:answer", args=[evaluation.pk, "2"]), {"value": "a"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Tidak diizinkan" in html and "Kembali ke beranda" in html
    assert "403 Forbidden" not in html


def test_the_server_error_page_is_zonas_own():
    request = RequestFactory().get("/")
    with translation.override("id"):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan" in html and "Kembali ke beranda" in html and 'lang="id"' in html
    with translation.override("en"):
        assert "Something went wrong" in server_error(request).content.decode()


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_zonas_page(world, evaluation, settings):
    from django.test import Client

    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["lead_a1"])
    response = client.post(reverse("evaluations:move", args=[evaluation.pk, "submit"]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir tidak dapat dikirim" in html and "Kembali ke beranda" in html
    assert "CSRF verification failed" not in html and 'lang="id"' in html
    evaluation.refresh_from_db()
    assert evaluation.stage == "draft"


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_gets_zonas_400(client, settings):
    settings.DEBUG = False
    response = client.get("/", headers={"host": "zona.example.invalid"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Permintaan tidak dapat dibaca" in html and "Kembali ke beranda" in html
    assert "Bad Request (400)" not in html
