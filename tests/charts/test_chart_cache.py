"""The written SVG of a chart is kept in Django's cache under the chart's content: the same
chart is written once, any change to what it shows is another entry; chart ids come from the
content, not from a counter."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation

from zona.charts import Series
from zona.charts.bars import grouped_bars
from zona.charts.heatmap import heatmap
from zona.core.templatetags import charts as chart_tag

PAGE = Template("{% load charts %}{% chart figure %}")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def written(monkeypatch):
    """Counts the charts written through the template."""
    calls = []
    real = chart_tag.render_to_string

    def spy(template, context=None, request=None):
        calls.append(template)
        return real(template, context, request)

    monkeypatch.setattr(chart_tag, "render_to_string", spy)
    return calls


def bars(values=(80, 40)):
    return grouped_bars(
        ["Manajemen Perubahan", "Pelayanan Publik"], [Series("Unit", list(values))],
        title="Nilai per area", max_value=100,
    )  # fmt: skip


def draw(figure) -> str:
    return PAGE.render(Context({"figure": figure}))


def test_ids_come_from_the_content():
    assert bars().id == bars().id  # the same chart laid out twice
    assert bars().id != bars((80, 41)).id
    grid = heatmap(["Unit A"], ["MP"], [[0.5]], title="Peta")
    assert (
        grid.id.startswith("heat-")
        and grid.id == heatmap(["Unit A"], ["MP"], [[0.5]], title="Peta").id
    )


def test_the_same_chart_is_written_once(written):
    first = draw(bars())
    again = draw(bars())  # laid out anew, as each page view does
    assert again == first and len(written) == 1
    assert 'data-value="80"' in first or ">80<" in first


def test_a_changed_chart_is_written_again(written):
    first = draw(bars())
    changed = draw(bars((80, 41)))
    assert len(written) == 2 and changed != first and ">41<" in changed


def test_each_language_has_its_own_entry(written):
    with translation.override("id"):
        draw(bars())
    with translation.override("en"):
        draw(bars())
    assert len(written) == 2


def test_the_cache_can_be_switched_off(written):
    with override_settings(ZONA_CHART_CACHE_SECONDS=0):
        draw(bars())
        draw(bars())
    assert len(written) == 2
