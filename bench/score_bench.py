"""Scoring benchmark: many generated evaluations of each shipped framework, on one core.

    make bench            # or: .venv/bin/python bench/score_bench.py [--n 5000] [--seed 1]

Prints, per framework, the median and p95 time of one `score()` call (raw answers in: checked,
normalised, every node and computed item, every predicate condition), the same for
`score_normalised()` (answers as the database stores them, the path of re-scoring), the
evaluations per second of the fastest round, and what re-scoring 100,000 units would take at
the median. Also the median time of a gap analysis.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from zona.lke import (
    builtin_frameworks,
    gap_analysis,
    normalise_answers,
    score,
    score_normalised,
)
from zona.lke.model import CHOICE_OPTIONS, Framework


def random_answers(
    framework: Framework, rng: random.Random, blank: float = 0.03
) -> dict[str, object]:
    answers: dict[str, object] = {}
    for no, q in framework.questions.items():
        if rng.random() < blank:
            continue  # a few unanswered, as in real drafts
        if q.type in CHOICE_OPTIONS:
            option = rng.choice(CHOICE_OPTIONS[q.type])
            answers[no] = option.upper() if rng.random() < 0.5 else option
        elif q.type == "count":
            answers[no] = rng.randint(0, 40)
        elif q.type == "percent":
            answers[no] = round(rng.uniform(0, 100), 2)
        else:
            answers[no] = round(rng.uniform(2.5, 4), 2)
    return answers


def percentile(sorted_values: list[float], p: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(p * len(sorted_values)))]


def timed(calls, rounds: int) -> tuple[list[int], float]:
    """Per-call times (ns) over all rounds, and calls per second of the fastest round."""
    clock = time.perf_counter_ns
    times: list[int] = []
    best_round = float("inf")
    for _ in range(rounds):
        gc.collect()
        gc.disable()
        started = clock()
        for fn, args in calls:
            t0 = clock()
            fn(*args)
            times.append(clock() - t0)
        best_round = min(best_round, clock() - started)
        gc.enable()
    times.sort()
    return times, len(calls) / (best_round / 1e9)


def copy_answers(answers: dict) -> dict:
    """The floor: touching every answer once, which any scorer must do."""
    return {key: value for key, value in answers.items()}


def report(label: str, times: list[int], per_second: float, floor_us: float | None = None) -> float:
    median_us = statistics.median(times) / 1000
    p95_us = percentile(times, 0.95) / 1000
    national = 100_000 * median_us / 1e6
    ratio = f"  {median_us / floor_us:5.1f}× floor" if floor_us else ""
    print(
        f"  {label:<34} median {median_us:7.1f} µs  p95 {p95_us:7.1f} µs  "
        f"{per_second:8.0f}/s  100,000 units: {national:4.1f} s{ratio}"
    )
    return median_us


def bench_framework(
    framework: Framework, n: int, rounds: int, seed: int, blank: float = 0.03
) -> None:
    rng = random.Random(seed)
    evaluations = [
        (random_answers(framework, rng, blank), rng.choice([None, "WBK"])) for _ in range(n)
    ]
    for answers, previous in evaluations[:200]:  # warm up: the compiled plan, the tables
        score(framework, answers, previous)
    print(
        f"{framework.key} ({len(framework.questions)} questions), {n} evaluations × {rounds}, "
        f"{blank:.0%} unanswered"
    )

    floor = report(
        "floor: copy the answers dict",
        *timed([(copy_answers, (answers,)) for answers, _ in evaluations], rounds),
    )
    raw_calls = [(score, (framework, answers, previous)) for answers, previous in evaluations]
    report("score(raw answers)", *timed(raw_calls, rounds), floor_us=floor)

    stored = [
        (score_normalised, (framework, normalise_answers(framework, answers), previous))
        for answers, previous in evaluations
    ]
    report("score_normalised(stored answers)", *timed(stored, rounds), floor_us=floor)

    gap_calls = [
        (gap_analysis, (framework, answers, "WBK", previous))
        for answers, previous in evaluations[: max(20, n // 100)]
    ]
    times, _per_second = timed(gap_calls, 1)
    print(
        f"  {'gap_analysis(target WBK)':<34} median {statistics.median(times) / 1e6:7.2f} ms "
        f"over {len(gap_calls)} evaluations"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=3000, help="evaluations per framework")
    parser.add_argument("--rounds", type=int, default=3, help="passes over the evaluations")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--blank", type=float, default=0.03, help="share of questions left unanswered (0.03)"
    )
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, one process (one core); target: < 100 µs")
    for framework in builtin_frameworks().values():
        bench_framework(framework, args.n, args.rounds, args.seed, args.blank)


if __name__ == "__main__":
    main()
