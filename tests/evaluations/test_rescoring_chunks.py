"""Re-scoring a framework version in parts (zona.jobs parts, one per chunk of evaluations):
exactly the scores the one-by-one path (`actions.recompute_score`) stores, for every kind of
layer there is; each part run once, progress counted on the job, a failed part retried whole."""

from __future__ import annotations

import pytest
from filling import fill_layer

from zona.evaluations import actions, rescoring
from zona.evaluations.models import Answer, Evaluation, LayerScore
from zona.frameworks.models import FrameworkVersion
from zona.jobs import kinds
from zona.jobs.models import Job, JobPart, JobStatus
from zona.orgs.models import Echelon, UnitKerja

STORED = rescoring.STORED


def _snapshot() -> dict:
    return {
        (s.evaluation_id, s.layer): tuple(getattr(s, f) for f in STORED)
        for s in LayerScore.objects.all()
    }


def _one_by_one(evaluations) -> None:
    for e in evaluations:
        layers = set(Answer.objects.filter(evaluation=e).values_list("layer", flat=True))
        layers |= set(LayerScore.objects.filter(evaluation=e).values_list("layer", flat=True))
        for layer in sorted(layers):
            actions.recompute_score(e, layer)


@pytest.fixture
def evaluations(world, frameworks):
    """Seven evaluations covering the layers a re-score meets."""
    version = FrameworkVersion.objects.get(code="lke-2021", is_active=True)
    framework = version.framework()
    first = sorted(framework.questions)[:30]
    units = [
        UnitKerja.objects.create(
            instansi=world.a, name=f"Unit R{i}", echelon=Echelon.III, unit_type=world.a1.unit_type
        )
        for i in range(7)
    ]
    made = [
        Evaluation.objects.create(unit=u, year=2026, framework=version, target="WBK") for u in units
    ]
    fill_layer(made[0], "unit")  # complete, the best answers
    for layer in ("unit", "tpi", "tpn"):  # three layers, the TPN with blanks
        fill_layer(made[1], layer, skip=first[:10] if layer == "tpn" else ())
    fill_layer(made[2], "unit", skip=first)  # a draft: 30 questions unanswered
    made[3].previous_predicate = "WBK"  # WBBM needs an earlier WBK: the predicate reads it
    made[3].target = "WBBM"
    made[3].save()
    fill_layer(made[3], "unit")
    fill_layer(made[3], "tpi")
    fill_layer(made[4], "unit")  # a stored score whose answers were taken away since
    Answer.objects.filter(evaluation=made[4]).delete()
    fill_layer(made[5], "unit")  # answered, never scored
    LayerScore.objects.filter(evaluation=made[5]).delete()
    # made[6]: no answer, no score: nothing to re-score
    return made


def _run(user, version) -> Job:
    return kinds.start(user, rescoring.RESCORE, {"version": version.pk}, "re-score")


@pytest.mark.parametrize("chunk", [1, 2, 3, 100])
def test_parts_store_exactly_what_the_one_by_one_path_stores(
    evaluations, world, monkeypatch, chunk
):
    version = evaluations[0].framework
    _one_by_one(evaluations)
    expected = _snapshot()
    assert len(expected) == 1 + 3 + 1 + 2 + 1 + 1  # made[4] keeps its (now empty) score
    # the stored scores go wrong (a correction of the engine, say); one is lost
    LayerScore.objects.update(total=1, pengungkit=0, predicate="", conditions={}, answered=0)
    LayerScore.objects.filter(evaluation=evaluations[1], layer="tpi").delete()
    monkeypatch.setattr(rescoring, "CHUNK", chunk)
    job = _run(world.users["sysadmin"], version)
    job.refresh_from_db()
    assert _snapshot() == expected
    assert job.status == JobStatus.DONE
    assert (job.done, job.total) == (7, 7)
    assert JobPart.objects.filter(job=job).count() == -(-7 // chunk)
    assert not JobPart.objects.filter(job=job, done=False).exists()
    # made[6] has nothing; every other evaluation's stored scores were wrong
    assert job.summary == "7 evaluasi dinilai ulang; nilai tersimpan 6 di antaranya berubah."
    again = _run(world.users["sysadmin"], version)
    again.refresh_from_db()
    assert again.summary == "7 evaluasi dinilai ulang; nilai tersimpan 0 di antaranya berubah."
    assert _snapshot() == expected


def test_a_part_delivered_twice_runs_once(evaluations, world, monkeypatch):
    version = evaluations[0].framework
    monkeypatch.setattr(rescoring, "CHUNK", 3)
    job = _run(world.users["sysadmin"], version)
    part = JobPart.objects.filter(job=job).first()
    LayerScore.objects.update(total=1)  # would be fixed if the part ran again
    assert kinds.run_part(part.pk) == "finished already"
    assert set(LayerScore.objects.values_list("total", flat=True)) == {1}


def test_a_failing_part_leaves_its_evaluations_as_they_were_and_fails_the_job(
    evaluations, world, monkeypatch
):
    version = evaluations[0].framework
    _one_by_one(evaluations)
    LayerScore.objects.update(total=1)
    monkeypatch.setattr(rescoring, "CHUNK", 3)
    real = rescoring.score_normalised
    calls = {"n": 0}

    def breaks_in_the_second_part(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 6:  # the second part (the first has 5 layers to score)
            raise RuntimeError("engine fault")
        return real(*args, **kwargs)

    monkeypatch.setattr(rescoring, "score_normalised", breaks_in_the_second_part)
    job = _run(world.users["sysadmin"], version)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "engine fault" in job.error
    parts = list(JobPart.objects.filter(job=job).order_by("index"))
    assert [p.done for p in parts] == [True, False, False]
    first_part = [e.pk for e in evaluations[:3]]
    fixed = LayerScore.objects.filter(evaluation_id__in=first_part)
    assert 1 not in set(fixed.values_list("total", flat=True))
    # the failed part's evaluations are as they were: its transaction was rolled back whole
    rest = LayerScore.objects.exclude(evaluation_id__in=first_part)
    assert set(rest.values_list("total", flat=True)) == {1}
    assert job.done == 3
