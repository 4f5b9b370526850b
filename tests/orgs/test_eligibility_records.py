"""The eligibility checklist reads Zona's own records: the TLHP register, the unit's surveys,
its LKE, the instansi facts; each condition says where its value came from. The RB-index
threshold the 2025 practice leaves open stays open (and says so) until an administrator sets
it, with the audited action."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from zona.audit.models import AuditEvent
from zona.evaluations import actions as evaluation_actions
from zona.evaluations.models import Evaluation, Stage
from zona.findings.models import Finding, Recommendation, StatusChange
from zona.orgs import actions
from zona.orgs.eligibility import unit_eligibility, unit_facts
from zona.orgs.models import EligibilityThreshold, InstansiYear, UnitYear
from zona.surveys.actions import load_instrument
from zona.surveys.models import Channel, Response, Survey

YEAR = 2026
INSTRUMENT = """
code: mini
kind: ipak
title: {id: Survei mini, en: Mini survey}
scale:
  - {value: 1, id: Sangat tidak setuju, en: Strongly disagree}
  - {value: 2, id: Tidak setuju, en: Disagree}
  - {value: 3, id: Setuju, en: Agree}
  - {value: 4, id: Sangat setuju, en: Strongly agree}
statements:
  - {code: S1, id: Prosedur jelas., en: The procedure is clear.}
  - {code: S2, id: Tidak ada pungli., en: No illegal charges.}
  - {code: S3, id: Ada bukti pembayaran., en: There is a receipt.}
"""


@pytest.fixture(autouse=True)
def _indonesian():
    with translation.override("id"):
        yield


def _findings(unit):
    """One BPK report of March 2025 with four recommendations: three followed up as
    recommended (sesuai), one not yet: TLHP = 3 / 4 = 75 %."""
    finding = Finding.objects.create(
        unit=unit, source="bpk", report_number="LHP 12/2025",
        report_date=datetime.date(2025, 3, 1), title="Temuan",
    )  # fmt: skip
    for status in ("sesuai", "sesuai", "sesuai", None):
        rec = Recommendation.objects.create(finding=finding, text="Rekomendasi")
        if status:
            StatusChange.objects.create(
                recommendation=rec, to_status=status, effective_on=datetime.date(2025, 6, 30)
            )
            rec.status = status
            rec.save()


def _survey(unit, year=YEAR, answers=((4, 4, 3), (3, 2, 3), (4, 4, 4))):
    """Three respondents: the index is the mean of all nine answers, 31 / 9 = 3,44."""
    instrument = load_instrument(None, INSTRUMENT)[0]
    survey = Survey.objects.create(
        unit=unit, instrument=instrument, year=year, quarter=1, code=f"S{unit.pk}{year}",
        opens_on=datetime.date(year, 1, 1), closes_on=datetime.date(year, 3, 31),
    )  # fmt: skip
    for row in answers:
        Response.objects.create(
            survey=survey, submitted_on=datetime.date(year, 2, 1), channel=Channel.ONLINE,
            answers=dict(zip(("S1", "S2", "S3"), row, strict=True)), profile={},
        )  # fmt: skip
    return survey


@pytest.fixture
def ready_unit(world, frameworks):
    """Unit A1 with everything the 2025 practice reads, from Zona's records where Zona has
    them: instansi facts of 2025, the two letters declared with evidence, a TLHP register at
    75 %, a survey of 2026 and an LKE finalised at the TPI."""
    InstansiYear.objects.create(
        instansi=world.a, year=YEAR - 1, bpk_opinion="WTP", akip_grade="A",
        spip_level=Decimal("3.50"), rb_index=Decimal("72.40"),
    )  # fmt: skip
    UnitYear.objects.create(
        unit=world.a1, year=YEAR - 1, lhkpn_percent=100, lhkasn_percent=100,
        declared={
            "proposal_letter": {"value": True, "evidence": "ND-17/2026"},
            "sptjm": {"value": True, "evidence": "SPTJM-3/2026"},
        },
    )  # fmt: skip
    _findings(world.a1)
    _survey(world.a1)
    evaluation = evaluation_actions.create_evaluation(
        world.users["coordinator_a"], world.a1, YEAR, "WBK"
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.TPI_FINAL)
    return world.a1


def _by_code(view):
    return {c.code: c for c in view.result.conditions}


def test_tlhp_survey_and_lke_come_from_zona_with_figures_and_source(ready_unit):
    view = unit_eligibility(ready_unit, year=YEAR)
    found = _by_code(view)
    for code in ("tlhp_report", "self_survey", "lke"):
        assert found[code].status == "met", code

    assert found["tlhp_report"].actual("id") == "Ya (bukti: TLHP 75,00 %)"
    assert found["tlhp_report"].source.startswith("Register temuan pemeriksaan di Zona, per ")
    assert "3 sesuai dari 4 rekomendasi" in found["tlhp_report"].source

    assert found["self_survey"].actual("id") == "Ya (bukti: IPAK 3,44)"
    assert found["self_survey"].source == (
        "1 survei unit di Zona (2025–2026), 3 responden: IPAK triwulan I 2026: indeks 3,44 "
        "(3 responden)"
    )

    assert found["lke"].actual("id") == "Ya (bukti: LKE 2026, Final di TPI)"
    assert found["lke"].source.startswith("LKE 2026 di Zona, tahap Final di TPI")
    # the instansi facts say where they come from too
    assert found["bpk_opinion"].source == "Data instansi yang dicatat di Zona"
    assert (
        found["proposal_letter"].source
        == "Kepatuhan dan pernyataan tahun 2025 yang dicatat di Zona"
    )


def test_zona_records_replace_a_missing_declaration_not_the_other_way_round(world, frameworks):
    facts = unit_facts(world.a1, YEAR)
    assert "tlhp_report" not in facts.declared and "lke" not in facts.declared
    _findings(world.a1)
    evaluation = evaluation_actions.create_evaluation(
        world.users["coordinator_a"], world.a1, YEAR, "WBK"
    )
    facts = unit_facts(world.a1, YEAR)
    assert facts.declared["tlhp_report"].evidence == "TLHP 75,00 %"
    # an LKE still with the unit does not count as the LKE yet, and says where it stands
    assert "lke" not in facts.declared
    assert (
        facts.sources["lke"] == "LKE 2026 di Zona, tahap Draf (diisi unit); belum ada yang dijawab"
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(stage=Stage.SUBMITTED)
    assert unit_facts(world.a1, YEAR).declared["lke"].value is True


def test_a_survey_without_responses_leaves_the_condition_open_and_says_so(world):
    _survey(world.a1, answers=())
    facts = unit_facts(world.a1, YEAR)
    assert "self_survey" not in facts.declared
    assert facts.sources["self_survey"].endswith("belum ada jawaban.")
    # surveys of two years back are not this proposal's
    Survey.objects.update(year=YEAR - 2)
    assert "self_survey" not in unit_facts(world.a1, YEAR).sources


def test_rb_threshold_unset_says_so_and_setting_it_decides(ready_unit, world):
    view = unit_eligibility(ready_unit, year=YEAR)
    rb = next(c for c in view.conditions if c["label"].startswith("Indeks RB"))
    assert rb["status"] == "missing"
    assert rb["required"] == "ambang belum ditetapkan administrator"
    assert rb["actual"] == "72,4"
    assert "Zona tidak mengarang angka ini" in rb["note"]
    assert view.status == "incomplete"  # every other condition is met: only the threshold
    assert [c.code for c in view.result.with_status("missing")] == ["rb_index"]

    admin = world.users["sysadmin"]
    actions.set_eligibility_threshold(
        admin, ruleset="praktik-2025", target="WBK", condition="rb_index",
        value=Decimal("70"), basis="Surat Deputi RB 1/2026",
    )  # fmt: skip
    view = unit_eligibility(ready_unit, year=YEAR)
    assert view.status == "eligible"
    rb = next(c for c in view.conditions if c["label"].startswith("Indeks RB"))
    assert rb["required"] == "minimal 70, tahun 2025"
    assert rb["threshold_basis"] == "Surat Deputi RB 1/2026"

    actions.set_eligibility_threshold(
        admin, ruleset="praktik-2025", target="WBK", condition="rb_index",
        value=Decimal("75"), basis="Surat Deputi RB 2/2026",
    )  # fmt: skip
    assert EligibilityThreshold.objects.count() == 1
    assert unit_eligibility(ready_unit, year=YEAR).status == "not_eligible"
    events = AuditEvent.objects.filter(action="eligibility.threshold_set").order_by("pk")
    assert [e.after["value"] for e in events] == ["70", "75"]
    assert events[1].before == {"value": "70.00", "basis": "Surat Deputi RB 1/2026"}


def test_only_a_system_administrator_sets_an_open_threshold(world):
    kwargs = dict(ruleset="praktik-2025", target="WBK", condition="rb_index", basis="x")
    for username in ("coordinator_a", "tpi_lead_a", "tpn", "norole"):
        with pytest.raises(PermissionDenied):
            actions.set_eligibility_threshold(world.users[username], value=Decimal("70"), **kwargs)
    admin = world.users["sysadmin"]
    # a minimum the file sets is not an administrator's to change here
    with pytest.raises(actions.EligibilityThresholdError, match="hanya ambang yang terbuka"):
        actions.set_eligibility_threshold(
            admin, ruleset="praktik-2025", target="WBK", condition="spip", value=2, basis="x"
        )
    with pytest.raises(actions.EligibilityThresholdError):
        actions.set_eligibility_threshold(admin, value=Decimal("101"), **kwargs)
    assert not EligibilityThreshold.objects.exists()
    assert not AuditEvent.objects.filter(action="eligibility.threshold_set").exists()


def test_unit_page_shows_the_source(client, ready_unit, world):
    from world import PASSWORD

    client.login(username="coordinator_a", password=PASSWORD)
    html = client.get(reverse("orgs:unit", args=[ready_unit.pk]) + f"?tahun={YEAR}").content
    html = html.decode()
    assert "Sumber: Register temuan pemeriksaan di Zona" in html
    assert "Zona tidak mengarang angka ini" in html


def _compliance_answers(evaluation, layer, counts):
    from zona.evaluations.models import Answer

    for question, value in counts.items():
        Answer.objects.create(evaluation=evaluation, layer=layer, question=question, value=value)


LHKPN_FULL = {"113": "1", "114": "12", "115": "7", "116": "20"}  # 20 of 20: 100 %
LHKASN_SHORT = {"117a": "80", "117": "10", "118": "30", "119": "40", "120": "72"}  # 72 / 80


@pytest.mark.parametrize(
    ("in_lke", "recorded", "lhkpn", "lhkasn", "lhkpn_source"),
    [
        # present in the LKE only: the LKE's figures, and it says so with the counts
        ("unit", False, Decimal("100.00"), Decimal("90.00"),
         "LKE 2026 di Zona, lapisan Unit (penilaian mandiri): 20 dari 20 melaporkan (100,00 %)"),
        # absent from the LKE (nothing typed there), recorded on the unit page
        (None, True, Decimal("95.5"), Decimal("88"),
         "Kepatuhan dan pernyataan tahun 2025 yang dicatat di Zona"),
        # both: Zona's LKE record stands over the typed compliance
        ("tpi", True, Decimal("100.00"), Decimal("90.00"),
         "LKE 2026 di Zona, lapisan TPI: 20 dari 20 melaporkan (100,00 %)"),
        # neither: unknown, without a source
        (None, False, None, None, None),
    ],
)  # fmt: skip
def test_lhkpn_and_lhkasn_shares_come_from_the_lke_where_it_holds_them(
    world, frameworks, in_lke, recorded, lhkpn, lhkasn, lhkpn_source
):
    evaluation = evaluation_actions.create_evaluation(
        world.users["coordinator_a"], world.a1, YEAR, "WBK"
    )
    if in_lke:
        _compliance_answers(evaluation, in_lke, LHKPN_FULL | LHKASN_SHORT)
    if recorded:
        UnitYear.objects.create(
            unit=world.a1, year=YEAR - 1, lhkpn_percent=Decimal("95.5"), lhkasn_percent=88
        )
    facts = unit_facts(world.a1, YEAR)
    assert facts.unit["lhkpn_percent"] == lhkpn
    assert facts.unit["lhkasn_percent"] == lhkasn
    assert facts.sources.get("lhkpn_percent") == lhkpn_source
    if in_lke:
        assert facts.sources["lhkasn_percent"].endswith(": 72 dari 80 melaporkan (90,00 %)")
    # the 2019 rules read them: LHKPN met at 100 %, LHKASN short at 90 %
    view = unit_eligibility(world.a1, year=YEAR, ruleset="permenpanrb-10-2019", target="WBK")
    found = _by_code(view)
    if lhkpn is None:
        assert found["lhkpn"].status == "missing"
    else:
        assert found["lhkpn"].status == ("met" if lhkpn == 100 else "not_met")
        assert found["lhkasn"].status == "not_met"
        assert found["lhkpn"].source == lhkpn_source


def test_the_furthest_complete_layer_gives_the_share_and_an_incomplete_one_is_skipped(
    world, frameworks
):
    evaluation = evaluation_actions.create_evaluation(
        world.users["coordinator_a"], world.a1, YEAR, "WBK"
    )
    _compliance_answers(evaluation, "unit", LHKPN_FULL)
    _compliance_answers(evaluation, "tpi", {"113": "1", "114": "12", "115": "7", "116": "15"})
    _compliance_answers(evaluation, "tpn", {"113": "1", "116": "20"})  # incomplete: skipped
    facts = unit_facts(world.a1, YEAR)
    assert facts.unit["lhkpn_percent"] == Decimal("75.00")
    assert facts.sources["lhkpn_percent"] == (
        "LKE 2026 di Zona, lapisan TPI: 15 dari 20 melaporkan (75,00 %)"
    )
    assert facts.unit["lhkasn_percent"] is None and "lhkasn_percent" not in facts.sources
    # another year's LKE is not this year's
    Evaluation.objects.filter(pk=evaluation.pk).update(year=YEAR - 1)
    assert unit_facts(world.a1, YEAR).unit["lhkpn_percent"] is None


def test_the_unit_page_shows_the_lke_as_the_source_of_the_shares(client, world, frameworks):
    evaluation = evaluation_actions.create_evaluation(
        world.users["coordinator_a"], world.a1, YEAR, "WBK"
    )
    _compliance_answers(evaluation, "tpi", LHKPN_FULL | LHKASN_SHORT)
    client.force_login(world.users["coordinator_a"])
    url = reverse("orgs:unit", args=[world.a1.pk])
    html = client.get(url, {"tahun": YEAR, "aturan": "permenpanrb-10-2019"}).content.decode()
    assert "Sumber: LKE 2026 di Zona, lapisan TPI: 20 dari 20 melaporkan (100,00 %)" in html
    assert "Sumber: LKE 2026 di Zona, lapisan TPI: 72 dari 80 melaporkan (90,00 %)" in html
