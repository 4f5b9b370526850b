"""Chart labels read in a real browser: Chromium's own text boxes of every label of the charts
(long period names, close IPAK/IPKP values, 100 % bars, a wrapped legend) neither overlap nor
leave the picture. tests/charts/test_chart_layout.py checks the same layout without a browser."""

from __future__ import annotations

from chart_svg import grouped_bars, heatmap, line_chart, render

from zona import charts
from zona.charts import Series

PERIODS = [f"triwulan {q} {y}" for y in (2025, 2026) for q in ("I", "II", "III", "IV")]
AREAS = [
    "Manajemen Perubahan", "Penataan Tatalaksana", "Penataan Sistem Manajemen SDM Aparatur",
    "Penguatan Akuntabilitas", "Penguatan Pengawasan", "Peningkatan Kualitas Pelayanan Publik",
]  # fmt: skip

BOXES = """() => [...document.querySelectorAll('svg')].map(svg => {
  const frame = svg.getBoundingClientRect();
  const boxes = [...svg.querySelectorAll('text')].flatMap(t => {
    const spans = t.querySelectorAll('tspan');
    return [...(spans.length ? spans : [t])].map(n => {
      const r = n.getBoundingClientRect();
      return {label: n.textContent, x: r.x, y: r.y, w: r.width, h: r.height};
    });
  });
  return {frame: {x: frame.x, y: frame.y, w: frame.width, h: frame.height}, boxes};
})"""


def _charts() -> list[str]:
    def comma(v):
        return f"{v:.2f}".replace(".", ",")

    def percent(v):
        return f"{v:.1f}".replace(".", ",") + " %"

    ipak = [3.4 + 0.05 * i for i in range(8)]
    return [
        line_chart(PERIODS, [Series("IPAK", ipak), Series("IPKP", [v + 0.01 for v in ipak])],
                   title="Indeks survei", max_value=4, fmt=comma),
        line_chart(["2024", "2025", "2026"], [Series("Unit", [100.0, 99.5, 100.0])],
                   title="Total", max_value=100, fmt=percent),
        grouped_bars(
            AREAS,
            [Series("Unit (penilaian mandiri)", [100.0] * 6), Series("TPI", [99.9] * 6),
             Series("TPN", [100.0] * 6)],
            title="Capaian per area", max_value=100, fmt=percent,
        ),
        # The phone's layouts: bars as rows, upright heat-map columns, lines at 360 px.
        render(charts.bar_rows(AREAS, [Series("Unit (penilaian mandiri)", [100.0] * 6),
                                       Series("TPI", [99.9] * 6)],
                               title="Capaian per area", max_value=100, fmt=percent, width=360)),
        render(charts.heatmap(["Biro Kerja Sama Antar-Parlemen (BKSAP)", "Biro Umum"], AREAS,
                              [[100.0, 0.0, None, 55.5, 99.9, 12.3]] * 2, title="Sebaran",
                              max_value=100, fmt=percent, row_label_width=110, cell_width=41,
                              upright_columns=True)),
        line_chart(PERIODS, [Series("IPAK", ipak), Series("IPKP", [v + 0.01 for v in ipak])],
                   title="Indeks survei", max_value=4, fmt=comma, width=360),
        heatmap(["Kantor Pelayanan dengan nama yang panjang sekali sampai terpotong"],
                ["Penataan Sistem Manajemen SDM Aparatur", "Pelayanan Publik"],
                [[100.0, 0.0]], title="Sebaran", max_value=100, fmt=percent),
    ]  # fmt: skip


def _overlap(a, b) -> bool:
    return not (a["x"] + a["w"] <= b["x"] or b["x"] + b["w"] <= a["x"]
                or a["y"] + a["h"] <= b["y"] or b["y"] + b["h"] <= a["y"])  # fmt: skip


def test_chart_labels_neither_overlap_nor_clip_in_chromium(page):
    page.set_viewport_size({"width": 800, "height": 900})
    page.set_content("<!doctype html><body style='margin:0'>" + "".join(
        f"<div style='width:760px'>{svg}</div>" for svg in _charts()) + "</body>")  # fmt: skip
    for chart in page.evaluate(BOXES):
        frame, boxes = chart["frame"], [b for b in chart["boxes"] if b["w"] > 0]
        for b in boxes:
            assert (
                frame["x"] - 0.5 <= b["x"] and b["x"] + b["w"] <= frame["x"] + frame["w"] + 0.5
            ), b
            assert (
                frame["y"] - 0.5 <= b["y"] and b["y"] + b["h"] <= frame["y"] + frame["h"] + 0.5
            ), b
        # Text boxes include the font's line gap: allow them to touch by a pixel.
        shrunk = [dict(b, x=b["x"] + 0.5, y=b["y"] + 1, w=b["w"] - 1, h=b["h"] - 2) for b in boxes]
        meeting = [(a["label"], b["label"]) for i, a in enumerate(shrunk)
                   for b in shrunk[i + 1:] if _overlap(a, b)]  # fmt: skip
        assert not meeting, meeting
