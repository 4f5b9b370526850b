"""The inbox: each person sees only their own notifications, with the unread count in the
navigation; opening one marks it read and leads to the exact place; e-mail settings."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zona.evaluations.notify import MOVE_EVENTS
from zona.notifications.actions import notify
from zona.notifications.models import Kind, Notification, Preference

ROLES = ["norole", "sysadmin", "coordinator_a", "tpi_a", "tpi_lead_a", "leadership_a",
         "member_a1", "lead_a1", "tpn"]  # fmt: skip
PAGES = [
    ("notifications:inbox", "get"),
    ("notifications:preferences", "get"),
    ("notifications:read_all", "post"),
]


@pytest.fixture
def notice(people, evaluation):
    """One notification for tpi_a about unit A1's evaluation."""
    (created,) = notify(
        [people["tpi_a"]], Kind.SUBMITTED, evaluation, link=f"/evaluasi/{evaluation.pk}/",
        context={"unit": "Unit A1", "year": 2026, "actor": "lead_a1"}, key="test:1",
    )  # fmt: skip
    return created


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method"), PAGES)
def test_anonymous_is_sent_to_log_in(client, world, name, method):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_everyone_signed_in_has_an_inbox_of_their_own(client, people, notice, role):
    client.force_login(people[role])
    html = client.get(reverse("notifications:inbox")).content.decode()
    mine = role == "tpi_a"
    assert ("Unit A1 mengajukan LKE 2026" in html) is mine
    assert (f'id="n-{notice.pk}"' in html) is mine


@pytest.mark.django_db
@pytest.mark.parametrize("role", [r for r in ROLES if r != "tpi_a"])
@pytest.mark.parametrize("name", ["notifications:open", "notifications:read"])
def test_nobody_else_may_open_or_mark_someone_elses_notification(
    client, people, notice, role, name
):
    client.force_login(people[role])
    assert client.post(reverse(name, args=[notice.pk])).status_code == 404
    assert client.get(reverse(name, args=[notice.pk])).status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.django_db
def test_the_navigation_counts_unread_and_opening_leads_to_the_place(
    client, people, notice, evaluation
):
    notify([people["tpi_a"]], Kind.MENTION, evaluation, link=f"/evaluasi/{evaluation.pk}/?q=2#q-2",
           context={"unit": "Unit A1", "year": 2026, "actor": "member_a1", "question": "2",
                    "excerpt": "@tpi_a lihat"}, key="test:2")  # fmt: skip
    client.force_login(people["tpi_a"])
    home = client.get(reverse("home")).content.decode()
    assert 'aria-label="2 belum dibaca">2</span>' in home
    response = client.post(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == f"/evaluasi/{evaluation.pk}/"
    assert 'aria-label="1 belum dibaca">1</span>' in client.get(reverse("home")).content.decode()
    client.post(reverse("notifications:read_all"))
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    home = client.get(reverse("home")).content.decode()
    assert "belum dibaca" not in home and 'id="nav-notifications"' in home
    # the place itself: the evaluation page of unit A1, which tpi_a may open
    assert client.get(f"/evaluasi/{evaluation.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_inbox_speaks_the_readers_language(client, people, notice):
    client.force_login(people["tpi_a"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("notifications:inbox")).content.decode()
    assert "Unit A1 submitted its 2026 LKE: the TPI review can start." in html
    assert "1 unread" in html


@pytest.mark.django_db
def test_e_mail_settings_are_per_person(client, people):
    client.force_login(people["member_a1"])
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Satu e-mail sehari berisi semua notifikasi baru" in page
    response = client.post(
        reverse("notifications:preferences"), {"delivery": "digest", "language": "en"}
    )
    assert response.status_code == 302
    assert Preference.objects.get(user=people["member_a1"]).delivery == "digest"
    assert not Preference.objects.filter(user=people["lead_a1"]).exists()
    bad = client.post(reverse("notifications:preferences"), {"delivery": "sms", "language": "en"})
    assert bad.status_code == 200
    assert Preference.objects.get(user=people["member_a1"]).delivery == "digest"


def test_every_move_event_has_a_kind():
    assert {kind for kind, _stage, _roles in MOVE_EVENTS.values()} <= set(Kind)
