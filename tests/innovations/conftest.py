"""Fixtures of the innovation register tests: unit A1 with two services, an innovation that
runs, one that is an idea, and a 2026 evaluation in draft."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from zona.innovations import actions


@pytest.fixture
def services(world):
    member = world.users["member_a1"]
    return {
        name: actions.save_service(member, world.a1, name=name)
        for name in ("Legalisasi dokumen", "Penerbitan surat keterangan", "Konsultasi")
    }


@pytest.fixture
def innovation_data(services):
    def _data(**fields):
        data = {
            "name": "Legalisasi daring",
            "problem": "Pemohon harus datang dua kali untuk legalisasi.",
            "service": services["Legalisasi dokumen"],
            "start_date": date(2026, 3, 1),
            "status": "berjalan",
            "measure": "Waktu layanan",
            "measure_unit": "hari",
            "value_before": Decimal("5"),
            "value_after": Decimal("1"),
            "questions": ["78"],
        }
        data.update(fields)
        return data

    return _data


@pytest.fixture
def innovation(world, frameworks, innovation_data):
    return actions.save_innovation(world.users["member_a1"], world.a1, innovation_data())


@pytest.fixture
def evaluation(world, frameworks):
    from zona.evaluations.actions import create_evaluation

    return create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK", frameworks["lke-2021"])


@pytest.fixture
def publication(world, innovation):
    return actions.save_publication(
        world.users["member_a1"], world.a1,
        {"published_on": date(2026, 4, 2), "title": "Legalisasi kini bisa daring",
         "channel": "website", "url": "https://biro.example.go.id/berita/legalisasi",
         "activity": None, "innovation": innovation},
    )  # fmt: skip
