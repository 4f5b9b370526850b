"""At scale, the national dashboard, the instansi dashboard and the evaluation list make the
same number of queries for 10 units as for 30 (cold, and again served from the content cache),
and what they show follows the data: a move, an award, a re-score or a rename gives a new key."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from zona.evaluations.models import Evaluation, LayerScore, StageChange
from zona.frameworks.models import FrameworkVersion
from zona.orgs.models import Echelon, PredicateAward, UnitKerja

STAGES = ("proposed", "tpn_desk", "decided", "closed", "draft")


def grow(world, n: int) -> None:
    """`n` more units of instansi A, each with a 2021 evaluation in a national stage (most),
    its moves and three stored layer scores; a third decided WBK."""
    version = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    start = UnitKerja.objects.count()
    units = UnitKerja.objects.bulk_create(
        UnitKerja(instansi=world.a, name=f"Kantor {start + i:04d}", echelon=Echelon.III,
                  unit_type=world.a1.unit_type)
        for i in range(n)
    )  # fmt: skip
    evaluations = Evaluation.objects.bulk_create(
        Evaluation(unit=u, year=2021, framework=version, target="WBK",
                   stage=STAGES[i % len(STAGES)])
        for i, u in enumerate(units)
    )  # fmt: skip
    StageChange.objects.bulk_create(
        StageChange(evaluation=e, from_stage="tpi_final", to_stage="proposed")
        for e in evaluations
        if e.stage != "draft"
    )
    LayerScore.objects.bulk_create(
        LayerScore(evaluation=e, layer=layer, total=70 + i % 20, answered=128,
                   predicate="WBK" if i % 3 == 0 else "")
        for i, e in enumerate(evaluations)
        for layer in ("unit", "tpi", "tpn")
    )  # fmt: skip
    PredicateAward.objects.bulk_create(
        PredicateAward(unit_id=e.unit_id, year=2021, predicate="WBK")
        for i, e in enumerate(evaluations)
        if i % 3 == 0 and e.stage in ("decided", "closed")
    )


def counts(client, url: str) -> tuple[int, int]:
    """Queries of the page with an empty cache, then again (served from the cache)."""
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    return len(cold), len(warm)


PAGES = {
    "national": ("tpn", lambda w: reverse("dashboards:national")),
    "instansi": ("coordinator_a", lambda w: reverse("dashboards:instansi", args=[w.a.pk])
                 + "?tahun=2021"),
    "list": ("tpn", lambda w: reverse("evaluations:list")),
    "list by TPN score": ("tpn", lambda w: reverse("evaluations:list") + "?sort=-tpn_total"),
    "list, filtered": ("tpn", lambda w: reverse("evaluations:list")
                       + "?stage=decided&unit_name=Kantor"),
}  # fmt: skip
# cold, warm: the most each page may make
BUDGET = {"national": (20, 10), "instansi": (36, 20), "list": (12, 10),
          "list by TPN score": (12, 10), "list, filtered": (12, 10)}  # fmt: skip


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_rows(client, world, frameworks, page):
    who, url = PAGES[page]
    client.force_login(world.users[who])
    grow(world, 10)
    client.get(url(world))  # the session's first request (it writes the session once)
    small = counts(client, url(world))
    grow(world, 20)
    large = counts(client, url(world))
    assert small == large
    cold, warm = large
    assert cold <= BUDGET[page][0] and warm <= BUDGET[page][1]
    if page in ("national", "instansi"):
        assert warm < cold  # the figures came from the cache


def test_the_national_dashboard_follows_moves_and_awards(client, world, frameworks):
    client.force_login(world.users["tpn"])
    grow(world, 6)
    url = reverse("dashboards:national") + "?tahun=2021"

    def total(name: str) -> str:
        html = client.get(url).content.decode()
        cell = html.split(f'data-total="{name}">', 1)[1]
        return cell.split("<", 1)[0]

    assert total("proposals") == "5"  # the draft is not a proposal
    assert total("wbk") == "1"
    draft = Evaluation.objects.get(stage="draft")
    Evaluation.objects.filter(pk=draft.pk).update(stage="proposed")  # in bulk: no signal
    StageChange.objects.create(evaluation=draft, from_stage="tpi_final", to_stage="proposed")
    assert total("proposals") == "6"
    PredicateAward.objects.create(unit=draft.unit, year=2021, predicate="WBK")
    assert total("wbk") == "2"


def test_the_instansi_dashboard_follows_scores_and_renames(client, world, frameworks):
    client.force_login(world.users["coordinator_a"])
    grow(world, 3)
    url = reverse("dashboards:instansi", args=[world.a.pk]) + "?tahun=2021"
    first = client.get(url).content.decode()
    assert "Kantor 0004" in first  # units A1, A1a, A2 exist before these
    score = LayerScore.objects.filter(layer="tpi").order_by("pk").first()
    LayerScore.objects.filter(pk=score.pk).update(total=12.3456, updated_at=score.updated_at)
    # an update that keeps the change time would not be seen; the re-score sets it
    from django.utils import timezone

    LayerScore.objects.filter(pk=score.pk).update(updated_at=timezone.now())
    assert "12,35" in client.get(url).content.decode()
    unit = UnitKerja.objects.get(name="Kantor 0004")
    unit.name = "Kantor Pelayanan Baru"
    unit.save()  # an edit in place: the edit counter
    assert "Kantor Pelayanan Baru" in client.get(url).content.decode()
