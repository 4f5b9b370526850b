"""Scoring one LKE with the engine beside LibreOffice recalculating the official workbook
(sheet "LKE ZI" as Zona exports it) with the same answers; the ratios in one run.

    make bench-recalc
    .venv/bin/python bench/workbook_recalc_bench.py [--rounds 3] [--batch 20]

No database: random complete answer sets of the 2021 LKE. Three timings, medians of the rounds:

- the engine: `score()` of one answer set (median of 1,000 calls);
- LibreOffice, one workbook per `soffice --headless --convert-to xlsx` run: start-up included,
  as a unit opening the file pays it;
- LibreOffice, `--batch` workbooks in one run: the marginal cost of one more workbook
  ((batch run - single run) / (batch - 1)), i.e. the recalculation itself.

Every recalculated grand total is checked against the engine's (1e-9) before anything is
printed: a ratio between two programs that disagree would mean nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zona.settings")


def answer_set(framework, seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    out = {}
    for no, q in framework.questions.items():
        if q.options:
            out[no] = rng.choice(q.options)
        elif q.type == "count":
            out[no] = str(rng.randint(1, 40))
        elif q.type == "percent":
            out[no] = str(rng.randint(0, 10000) / 100)
        else:
            out[no] = str(rng.randint(0, 400) / 100)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch", type=int, default=20)
    args = parser.parse_args()
    import django

    django.setup()
    from openpyxl import load_workbook

    from zona.lke.registry import builtin_framework
    from zona.lke.scoring import score
    from zona.workbook import lampiran as LA
    from zona.workbook.official import answers_workbook
    from zona.workbook.recalc import recalculate

    framework = builtin_framework("lke-2021")
    layout = LA.sheet_for(framework)
    sets = [answer_set(framework, seed) for seed in range(1, args.batch + 1)]
    books = [answers_workbook(framework, answers) for answers in sets]

    def check(recalculated: list[bytes], answer_sets) -> None:
        for data, answers in zip(recalculated, answer_sets, strict=True):
            sheet = load_workbook(io.BytesIO(data), data_only=True)[LA.SHEET]
            cell = sheet[f"L{layout.grand_total}"].value
            engine = score(framework, answers).total
            if not isinstance(cell, float | int) or abs(cell - engine) > 1e-9:
                sys.exit(f"LibreOffice total {cell!r} ≠ engine {engine!r}: not benchmarking")

    engine = []
    for _ in range(1000):
        start = time.perf_counter()
        score(framework, sets[0])
        engine.append(time.perf_counter() - start)
    single, batch = [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        out = recalculate(books[:1])
        single.append(time.perf_counter() - start)
        check(out, sets[:1])
        start = time.perf_counter()
        out = recalculate(books)
        batch.append(time.perf_counter() - start)
        check(out, sets)
    e, s, b = statistics.median(engine), statistics.median(single), statistics.median(batch)
    marginal = (b - s) / (args.batch - 1)
    print(f"lke-2021@{framework.version}, {len(framework.questions)} questions, complete sets; "
          f"LibreOffice totals equal the engine's (1e-9) in every run")  # fmt: skip
    print(f"engine score(), one LKE            {e * 1e3:10.3f} ms   (median of 1000)")
    print(f"LibreOffice, one workbook per run  {s * 1e3:10.1f} ms   ({s / e:,.0f}× the engine)")
    print(f"LibreOffice, {args.batch} workbooks in one run {b * 1e3:8.1f} ms")
    print(f"  one more workbook (marginal)     {marginal * 1e3:10.1f} ms   "
          f"({marginal / e:,.0f}× the engine)")  # fmt: skip
    print(f"(medians of {args.rounds} rounds)")


if __name__ == "__main__":
    main()
