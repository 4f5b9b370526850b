"""Scoring one LKE with the engine beside LibreOffice recalculating the official workbook
(sheet "LKE ZI" as Zona exports it) with the same answers; the ratio in one run.

    .venv/bin/python bench/workbook_recalc_bench.py [--rounds 5]

No database: the answers are a random complete set of the 2021 LKE. LibreOffice time is one
`soffice --headless --convert-to xlsx` of one workbook (start-up included, as a unit opening
the file would pay it), median of the rounds; the engine time is the median of 1,000 scores.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import django

    django.setup()
    from zona.lke.registry import builtin_framework
    from zona.lke.scoring import score
    from zona.workbook.official import answers_workbook
    from zona.workbook.recalc import recalculate

    framework = builtin_framework("lke-2021")
    rng = random.Random(1)
    answers = {}
    for no, q in framework.questions.items():
        answers[no] = (
            rng.choice(q.options)
            if q.options
            else (str(rng.randint(1, 40)) if q.type == "count" else str(rng.randint(0, 400) / 100))
        )
    engine = []
    for _ in range(1000):
        start = time.perf_counter()
        score(framework, answers)
        engine.append(time.perf_counter() - start)
    data = answers_workbook(framework, answers)
    office = []
    for _ in range(args.rounds):
        start = time.perf_counter()
        recalculate([data])
        office.append(time.perf_counter() - start)
    e, o = statistics.median(engine), statistics.median(office)
    print(f"engine score():              {e * 1e3:8.3f} ms (median of 1000)")
    print(f"LibreOffice recalculation:   {o * 1e3:8.1f} ms (median of {args.rounds})")
    print(f"ratio LibreOffice / engine:  {o / e:8.0f}×")


if __name__ == "__main__":
    main()
