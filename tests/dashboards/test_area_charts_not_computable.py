"""An area the official workbook cannot compute yet is drawn as "–" in every chart of area
values (the report, the unit dashboard, the instansi heat map), never as a bar or cell at its
floor; the areas it can compute keep their bars."""

from __future__ import annotations

import re

import pytest
from dashboard_fill import fill
from django.urls import reverse

from zona.evaluations import actions
from zona.evaluations.models import Answer


@pytest.fixture
def blocked(evaluation):
    """Unit layer answered at 0.9 except the sub-component of question 1 (Penyusunan Tim
    Kerja): its mean has nothing to average, so its area (Manajemen Perubahan) has no value."""
    full = fill(evaluation, "unit", 0.9)
    framework = evaluation.framework.framework()
    node = framework.questions["1"].node
    emptied = [no for no, q in framework.questions.items() if q.node == node]
    Answer.objects.filter(evaluation=evaluation, layer="unit", question__in=emptied).delete()
    result = actions.recompute_score(evaluation, "unit")
    area = framework.area_of(node)
    assert result.areas[framework.areas.index(area)].not_computable == "missing_input"
    assert result.areas[framework.areas.index(area)].value > 0  # the floor a chart drew
    computable = [a for a in result.areas if a.not_computable is None]
    assert computable and full.total > 0
    return area, computable


def _bars(svg: str) -> dict[str, float]:
    """data-category → data-value of the bars of the first chart in `svg`."""
    return {
        category: float(value)
        for category, value in re.findall(
            r'<rect class="bar"[^>]*data-category="([^"]+)" data-value="([^"]+)"', svg
        )
    }


def test_report_chart_draws_no_bar_for_an_area_without_value(client_for, evaluation, blocked):
    area, computable = blocked
    page = client_for("lead_a1").get(reverse("dashboards:report", args=[evaluation.pk]))
    bars = _bars(page.content.decode())
    assert area.name not in bars
    assert bars == pytest.approx({a.name: 100 * a.share for a in computable})
    assert f"{area.name} –" in page.content.decode()  # the chart's description: no value


def test_unit_dashboard_chart_draws_no_bar_for_an_area_without_value(
    client_for, evaluation, blocked
):
    area, computable = blocked
    page = client_for("lead_a1").get(reverse("dashboards:unit", args=[evaluation.unit_id]))
    bars = _bars(page.content.decode())
    assert area.name not in bars
    assert bars == pytest.approx({a.name: 100 * a.share for a in computable}, abs=1e-3)
    html = page.content.decode()
    assert re.search(r'data-layer="unit">–</td>', html)  # the area's row
    assert re.search(r'data-total="unit">–</td>', html)  # and the total: not its floor


def test_instansi_heat_map_leaves_an_area_without_value_blank(
    client_for, evaluation, blocked, world
):
    area, computable = blocked
    url = reverse("dashboards:instansi", args=[world.a.pk])
    page = client_for("leadership_a").get(url, {"tahun": 2026, "lapisan": "unit"})
    cells = re.findall(
        r'<g class="cell"( data-value="[^"]+")?><title>([^<]+)</title>', page.content.decode()
    )
    shown = {title.split(" — ", 1)[1]: bool(value) for value, title in cells}
    assert shown[f"{area.name}: –"] is False
    assert sum(shown.values()) == len(computable)
