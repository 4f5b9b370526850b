"""Instruments as data: checked on load, versioned, a used version never changes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from world import PASSWORD

from surveys.helpers import SMALL, make_survey
from zona.surveys.actions import load_instrument
from zona.surveys.instruments import InstrumentError, parse, shipped_files
from zona.surveys.models import Instrument


def test_shipped_instruments_are_valid():
    kinds = {}
    for path in shipped_files():
        definition = parse(path.read_text(encoding="utf-8"))
        kinds[definition["kind"]] = definition
    assert set(kinds) == {"ipak", "ipkp"}
    assert len(kinds["ipak"]["statements"]) == 10
    assert len(kinds["ipkp"]["statements"]) == 9
    assert [s["id"] for s in kinds["ipak"]["scale"]] == [
        "Sangat tidak setuju",
        "Tidak setuju",
        "Setuju",
        "Sangat setuju",
    ]
    assert [q["code"] for q in kinds["ipkp"]["profile"]] == [
        "service",
        "gender",
        "age",
        "education",
        "occupation",
    ]


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("kind: ipak", "kind: ikm"), "kind: harus salah satu dari ipak, ipkp"),
        (("{value: 4, ", "{value: 5, "), "scale: harus empat nilai berurutan 1, 2, 3, 4"),
        (("{code: S2,", "{code: S1,"), "pernyataan 2: kode 'S1' dipakai dua kali"),
        (("en: No illegal charges.", "en: ''"), "pernyataan 2: teks 'en' kosong atau tidak ada"),
        # An unquoted comma in a flow mapping silently makes a key: caught as unknown.
        (("en: Male}", "en: Male, or not}"), "kunci tidak dikenal: or not"),
        (("statements:", "pernyataan:"), "kunci tidak dikenal: pernyataan"),
    ],
)
def test_invalid_files_are_refused_with_the_reason(change, problem):
    with pytest.raises(InstrumentError) as refused:
        parse(SMALL.replace(*change))
    assert any(problem in p for p in refused.value.problems), refused.value.problems


def test_not_yaml():
    with pytest.raises(InstrumentError, match="YAML tidak dapat dibaca"):
        parse("code: [unclosed")


def test_versions(db, world):
    first, status = load_instrument(None, SMALL)
    assert (first.version, status) == (1, "created")
    assert load_instrument(None, SMALL) == (first, "unchanged")
    # Not used yet: corrected in place.
    corrected, status = load_instrument(None, SMALL.replace("Prosedur jelas.", "Alur jelas."))
    assert (corrected.pk, corrected.version, status) == (first.pk, 1, "updated")
    # Used by a survey: the version stays, the edit becomes version 2.
    survey = make_survey(world.a1, corrected)
    second, status = load_instrument(None, SMALL.replace("Prosedur jelas.", "Alur sangat jelas."))
    assert (second.version, status) == (2, "new_version")
    survey.instrument.refresh_from_db()
    assert survey.instrument.statements[0]["id"] == "Alur jelas."
    assert second.statements[0]["id"] == "Alur sangat jelas."


def test_load_instruments_command(db, tmp_path):
    out = StringIO()
    call_command("load_instruments", stdout=out)
    assert "spak v1 created" in out.getvalue() and "spkp v1 created" in out.getvalue()
    call_command("load_instruments", stdout=out)
    assert "spak v1 unchanged" in out.getvalue()
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nkind: ipak\n")
    with pytest.raises(CommandError, match=r"bad\.yaml"):
        call_command("load_instruments", str(bad), stdout=out)
    assert Instrument.objects.count() == 2


def test_admin_edits_a_used_instrument_as_a_new_version(client, world, mini):
    make_survey(world.a1, mini)
    client.login(username="sysadmin", password=PASSWORD)
    url = reverse("surveys:instrument_edit", args=[mini.pk])
    bad = client.post(url, {"source": SMALL.replace("kind: ipak", "kind: x")})
    assert bad.status_code == 200
    assert "kind: harus salah satu dari ipak, ipkp" in bad.content.decode()
    response = client.post(url, {"source": SMALL.replace("Prosedur jelas.", "Prosedur baru.")})
    newest = Instrument.objects.get(code="mini", version=2)
    assert response["Location"] == newest.get_absolute_url()
    assert Instrument.objects.get(code="mini", version=1).statements[0]["id"] == "Prosedur jelas."
