"""Who may open the audit trail: system administrators only; everyone else 404 (and a login
redirect for anonymous), downloads included."""

from __future__ import annotations

import pytest
from django.urls import reverse
from world import PASSWORD

ROLES = {
    "anonymous": 302,
    "norole": 404,
    "sysadmin": 200,
    "coordinator_a": 404,
    "tpi_a": 404,
    "tpi_lead_a": 404,
    "leadership_a": 404,
    "member_a1": 404,
    "lead_a1": 404,
    "tpn": 404,
}


@pytest.mark.parametrize("query", ["", "?format=csv", "?format=xlsx"])
@pytest.mark.parametrize(("role", "expected"), ROLES.items())
def test_audit_trail_permissions(client, world, role, expected, query):
    if role != "anonymous":
        client.login(username=role, password=PASSWORD)
    response = client.get(reverse("audit:events") + query)
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["sysadmin", "coordinator_a"])
def test_navigation_offers_the_audit_trail_only_to_sysadmins(client, world, role):
    client.login(username=role, password=PASSWORD)
    page = client.get(reverse("home")).content.decode()
    assert (reverse("audit:events") in page) is (role == "sysadmin")
