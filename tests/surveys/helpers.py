"""Helpers of the survey tests (importable: `from surveys.helpers import ...`)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from zona.surveys.models import Survey

SMALL = """
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
profile:
  - code: gender
    id: Jenis kelamin
    en: Gender
    options:
      - {code: L, id: Laki-laki, en: Male}
      - {code: P, id: Perempuan, en: Female}
  - {code: service, id: Layanan, en: Service}
"""


def make_survey(unit, instrument, *, code="ABC234", days_open=(-10, 20), **extra) -> Survey:
    today = timezone.localdate()
    values = {
        "year": today.year,
        "quarter": (today.month - 1) // 3 + 1,
        "opens_on": today + datetime.timedelta(days=days_open[0]),
        "closes_on": today + datetime.timedelta(days=days_open[1]),
        "services": "KTP-el\nKartu Keluarga",
    }
    values.update(extra)
    return Survey.objects.create(unit=unit, instrument=instrument, code=code, **values)


def all_answers(survey: Survey, value: int = 4) -> dict[str, str]:
    """POST data answering every statement with `value`."""
    return {f"s_{code}": str(value) for code in survey.instrument.statement_codes}
