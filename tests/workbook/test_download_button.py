"""The LKE workbook's download link looks like the action it is: a primary button, not the grey
outline Bootstrap gives a disabled or secondary control."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from zona.evaluations import actions


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["member_a1", "tpi_a", "coordinator_a"])
def test_the_workbook_download_is_a_primary_button(client, world, frameworks, username):
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    client.force_login(world.users[username])
    html = client.get(reverse("evaluations:detail", args=[evaluation.pk])).content.decode()
    url = reverse("workbook:download", args=[evaluation.pk])
    link = re.search(rf'<a class="([^"]*)" href="{re.escape(url)}"', html)
    assert link, "no download link"
    classes = link.group(1).split()
    assert "btn-primary" in classes
    assert not {"disabled", "btn-outline-secondary", "btn-secondary"} & set(classes)
