"""Sections that other apps plug into the unit dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import format_html

from zona.dashboards.sections import (
    register_unit_section,
    registered_unit_sections,
    unregister_unit_section,
)

calls = []


def survey_section(unit, year, user):
    calls.append((unit.pk, year, user.username))
    return format_html(
        '<h2 class="h5">Indeks survei</h2><p id="fake-survey">{} · {}</p>', unit.name, year
    )


def empty_section(unit, year, user):
    return None


def unsafe_section(unit, year, user):
    return "<b>not marked safe</b>"


@pytest.fixture
def registered():
    for section, order in ((survey_section, 20), (empty_section, 10), (unsafe_section, 30)):
        register_unit_section(section, order=order)
    yield
    for section in (survey_section, empty_section, unsafe_section):
        unregister_unit_section(section)
    calls.clear()


def test_sections_render_in_order(client_for, world, evaluation, registered):
    register_unit_section(survey_section)  # twice: kept once
    assert registered_unit_sections().count(survey_section) == 1
    html = client_for("lead_a1").get(reverse("dashboards:unit", args=[world.a1.pk])).content
    html = html.decode()
    assert '<p id="fake-survey">Unit A1 · 2026</p>' in html
    assert calls == [(world.a1.pk, 2026, "lead_a1")]
    assert "&lt;b&gt;not marked safe&lt;/b&gt;" in html  # a plain str is escaped
    assert html.index("fake-survey") < html.index("not marked safe")


def test_no_sections_without_registration(client_for, world):
    html = client_for("lead_a1").get(reverse("dashboards:unit", args=[world.a1.pk])).content
    assert b"dash-section" not in html
