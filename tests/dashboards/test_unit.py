"""The unit dashboard: area values per layer equal to the engine's, visible layers only,
progress and evidence, conditions of the target, bounded queries."""

from __future__ import annotations

import re

from dashboard_fill import fill
from django.urls import reverse

from zona.evaluations.models import Evaluation, EvidenceLink
from zona.evidence.models import Evidence


def _cell(html: str, table: str, row_label: str, layer: str) -> str:
    body = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    row = body.split(row_label, 1)[1].split("</tr>", 1)[0]
    return re.search(rf'data-layer="{layer}">([^<]*)<', row).group(1).strip()


def test_area_values_per_layer(client_for, evaluation):
    unit_result = fill(evaluation, "unit", 0.9)
    tpi_result = fill(evaluation, "tpi", 0.5)
    html = client_for("tpi_a").get(reverse("dashboards:unit", args=[evaluation.unit_id])).content
    html = html.decode()
    for area_unit, area_tpi in zip(unit_result.areas, tpi_result.areas, strict=True):
        assert _cell(
            html, "unit-areas", area_unit.name, "unit"
        ) == f"{area_unit.value:.2f}".replace(".", ",")
        assert _cell(html, "unit-areas", area_tpi.name, "tpi") == f"{area_tpi.value:.2f}".replace(
            ".", ","
        )
    assert "<svg" in html and 'class="bar"' in html


def test_unit_team_does_not_see_unreleased_tpi_layer(client_for, evaluation):
    fill(evaluation, "unit", 0.9)
    fill(evaluation, "tpi", 0.5)
    html = client_for("member_a1").get(reverse("dashboards:unit", args=[evaluation.unit_id]))
    html = html.content.decode()
    assert 'data-layer="tpi"' not in html
    assert 'data-layer="unit"' in html
    Evaluation.objects.filter(pk=evaluation.pk).update(tpi_released=True)
    html = client_for("member_a1").get(reverse("dashboards:unit", args=[evaluation.unit_id]))
    assert 'data-layer="tpi"' in html.content.decode()


def test_conditions_and_evidence_coverage(client_for, evaluation, world):
    result = fill(evaluation, "unit", 1.0)
    evidence = Evidence.objects.create(
        unit=world.a1, url="https://example.test/sk", description="SK"
    )
    EvidenceLink.objects.create(evidence=evidence, evaluation=evaluation, question="1")
    EvidenceLink.objects.create(evidence=evidence, evaluation=evaluation, question="2")
    response = client_for("lead_a1").get(reverse("dashboards:unit", args=[evaluation.unit_id]))
    html = response.content.decode()
    overall = html.split('id="unit-progress"', 1)[1].split("</table>")[0].split("fw-semibold")[1]
    framework = evaluation.framework.framework()
    scored = sum(1 for q in framework.questions.values() if q.scored)
    assert f"2/{scored}" in overall
    assert f"{len(framework.questions)}/{len(framework.questions)}" in overall
    conditions = result.conditions_of("WBK")
    table = html.split('id="conditions"', 1)[1].split("</table>")[0]
    assert table.count("<tr>") == len(conditions) + 1  # header + one row per condition
    assert ("✗" in table) == (not all(c.met for c in conditions))


def test_trend_over_years(client_for, world, frameworks):
    from zona.evaluations import actions

    e1 = actions.create_evaluation(world.users["lead_a1"], world.a1, 2024, "WBK")
    e2 = actions.create_evaluation(world.users["lead_a1"], world.a1, 2025, "WBK")
    r1, r2 = fill(e1, "unit", 0.4), fill(e2, "unit", 0.8)
    html = client_for("coordinator_a").get(reverse("dashboards:unit", args=[world.a1.pk]))
    html = html.content.decode()
    assert "2024" in html and "2025" in html
    values = re.findall(r'class="point" data-series="[^"]*" data-value="([^"]+)"', html)
    # The same points in the wide layout and in the phone's.
    totals = [round(r1.total, 2), round(r2.total, 2)]
    assert [round(float(v), 2) for v in values] == totals * 2


def test_queries_bounded(client_for, world, frameworks, django_assert_max_num_queries):
    from zona.evaluations import actions

    for year in (2022, 2023, 2024, 2025, 2026):
        e = actions.create_evaluation(world.users["lead_a1"], world.a1, year, "WBK")
        fill(e, "unit", 0.7)
    client = client_for("coordinator_a")
    url = reverse("dashboards:unit", args=[world.a1.pk])
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_no_evaluation_yet(client_for, world):
    response = client_for("lead_a1").get(reverse("dashboards:unit", args=[world.a1.pk]))
    assert response.status_code == 200
    assert "Unit ini belum memiliki evaluasi yang dapat Anda lihat." in response.content.decode()
