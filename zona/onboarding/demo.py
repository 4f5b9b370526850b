"""The imports' demo: Kabupaten Sleman's coordinator imported the unit codes and two new
Puskesmas under a new Dinas Kesehatan from the sample file (applied: in the audit trail), then
uploaded the people of the new units (previewed, waiting for confirmation)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from zona.orgs.models import Instansi

from . import actions

SAMPLES = Path(__file__).resolve().parent / "samples"
SLEMAN = "Pemerintah Kabupaten Sleman"
COORDINATOR = "koordinator.sleman"
BASE_URL = "http://localhost:8000/"


def seed_imports() -> int:
    """Returns the number of imports made."""
    instansi = Instansi.objects.get(name=SLEMAN)
    coordinator = get_user_model().objects.get(username=COORDINATOR)
    units = actions.upload(
        coordinator, instansi, "units", filename="unit-kerja-sleman.csv",
        content=(SAMPLES / "unit-kerja-sleman.csv").read_bytes(), base_url=BASE_URL,
    )  # fmt: skip
    assert not units.problems, units.problems
    actions.confirm(coordinator, units)
    people = actions.upload(
        coordinator, instansi, "people", filename="orang-dan-peran-sleman.csv",
        content=(SAMPLES / "orang-dan-peran-sleman.csv").read_bytes(), base_url=BASE_URL,
    )  # fmt: skip
    assert not people.problems, people.problems
    return 2
