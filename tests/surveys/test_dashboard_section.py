"""The survey indices on the unit dashboard: one point per period and kind, from the answers."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from surveys.helpers import make_survey
from zona.surveys.actions import submit_response
from zona.surveys.dashboard import survey_section


def answer(survey, values):
    codes = survey.instrument.statement_codes
    for value in values:
        submit_response(survey, {c: str(value) for c in codes}, {}, "", None)


def test_indices_per_period_and_kind(world, instruments, django_assert_max_num_queries):
    year = timezone.localdate().year
    opened = timezone.localdate() - datetime.timedelta(days=5)
    q1 = make_survey(world.a1, instruments["ipak"], code="IPAKQ1", year=year, quarter=1)
    q2 = make_survey(world.a1, instruments["ipak"], code="IPAKQ2", year=year, quarter=2)
    kp = make_survey(world.a1, instruments["ipkp"], code="IPKPQ2", year=year, quarter=2)
    later = make_survey(world.a1, instruments["ipak"], code="LATER1", year=year + 1, quarter=1)
    Survey = type(q1)
    Survey.objects.filter(pk__in=[q1.pk, q2.pk, kp.pk, later.pk]).update(opens_on=opened)
    answer(q1, [3, 4])  # index (3 + 4) / 2 = 3.50
    answer(q2, [4, 4, 4, 3])  # (4 + 4 + 4 + 3) / 4 = 3.75
    answer(kp, [2, 3])  # 2.50
    with django_assert_max_num_queries(2):
        html = survey_section(world.a1, year, world.users["tpn"])
    rows = re.findall(
        r"<tr><td>([^<]+)</td><td>(IPAK|IPKP)</td><td class=\"text-end\">(\d+)</td>\s*"
        r"<td class=\"text-end\">([\d,]+)</td>",
        html,
    )
    assert [(kind, n, index) for _period, kind, n, index in rows] == [
        ("IPAK", "4", "3,75"),
        ("IPKP", "2", "2,50"),
        ("IPAK", "2", "3,50"),
    ]  # newest first; next year's survey is not in a dashboard of this year
    # One chart, in its wide layout and in the phone's.
    assert html.count("<svg") == 2 and "IPKP" in html
    assert "zona-chart-wide" in html and "zona-chart-narrow" in html
    assert reverse("surveys:public_results", args=[world.a1.pk]) in html


def test_no_section_without_surveys(world, instruments):
    assert survey_section(world.a2, 2026, world.users["coordinator_a"]) is None


def test_on_the_unit_dashboard(client, world, instruments):
    survey = make_survey(world.a1, instruments["ipak"], code="DASH01")
    answer(survey, [4])
    client.force_login(world.users["lead_a1"])
    response = client.get(reverse("dashboards:unit", args=[world.a1.pk]))
    assert response.status_code == 200
    assert "survey-indices-title" in response.content.decode()
