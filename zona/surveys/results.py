"""Survey results: the index, its margin of error and the sample size a unit still needs.

Definitions (also in docs/surveys.md):

- A respondent's score is the mean of their answers to the instrument's statements (1–4).
  Every statement must be answered (the form and the import insist), so the **index** — the mean
  of the respondents' scores — is also the mean of all answers. A statement's mean is over the
  respondents who answered it; a group's index (e.g. gender = P) over the respondents in it.
- **s** is the sample standard deviation of the respondents' scores (divisor n - 1).
- **Margin of error at 95 %**: E = 1.96 · s / √n, multiplied by the finite-population correction
  √((N - n) / (N - 1)) when the unit gave N, its number of service users in the period
  (0 when every user answered). Needs n ≥ 2.
- **Sample size for a chosen margin E**: n₀ = (1.96 · s / E)², rounded up; with N known,
  n = n₀ / (1 + (n₀ - 1) / N), rounded up. s is taken from the data once there are at least
  `MIN_N_FOR_DATA_SD` (30) responses — before that the estimate of s is itself too unsteady —
  and otherwise the conservative 1.5: the largest standard deviation a score between 1 and 4
  can have (half the answers 1, half 4), so the sample is never too small.
- **Small groups**: a group's index is withheld when fewer than `ZONA_SURVEY_MIN_GROUP` (10)
  respondents are in it, and so is the smallest other group when the withheld ones together are
  still fewer, so that no mean can be recovered by subtraction.
- **Published in batches**: the public results (page and API) cover the first m · k responses,
  m whole batches of `ZONA_SURVEY_PUBLISH_BATCH` (10): fetching them before and after one
  submission shows no change until the batch it belongs to is complete, and then the change
  is the mean of k answer sheets, not of one. Signed-in pages and the evaluation feed read all.
- **Enough answers** when n ≥ the needed sample size for the chosen margin (default
  `SURVEY_TARGET_MARGIN`, 0.10 on the 1–4 scale).

Pure functions first (`mean_sd`, `margin_of_error`, `sample_size`), then the loaders, which read
the responses of any number of surveys in one query.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language

from .instruments import SERVICE
from .models import Response, Survey

Z95 = 1.96
CONSERVATIVE_SD = 1.5  # max SD on a 1–4 scale
MIN_N_FOR_DATA_SD = 30


def mean_sd(values: Sequence[float]) -> tuple[float | None, float | None]:
    """Mean and sample standard deviation (n - 1); None where undefined."""
    n = len(values)
    if n == 0:
        return None, None
    mean = math.fsum(values) / n
    if n < 2:
        return mean, None
    return mean, math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))


def margin_of_error(sd: float | None, n: int, population: int | None = None) -> float | None:
    """Half-width of the 95 % confidence interval of the mean (see the module docstring)."""
    if sd is None or n < 2:
        return None
    margin = Z95 * sd / math.sqrt(n)
    if population:
        if n >= population:
            return 0.0
        margin *= math.sqrt((population - n) / (population - 1))
    return margin


def sample_size(sd: float, margin: float, population: int | None = None) -> int:
    """Responses needed for a margin of `margin` at 95 % (see the module docstring)."""
    n0 = (Z95 * sd / margin) ** 2
    if population:
        n0 = n0 / (1 + (n0 - 1) / population)
    # Round up, but not a float's 1e-12 above an integer.
    return max(1, math.ceil(round(n0, 9)))


@dataclass(frozen=True)
class Mean:
    code: str
    label: str
    n: int
    mean: float | None
    suppressed: bool = False  # fewer than min_group_size() respondents: the mean is withheld


@dataclass(frozen=True)
class StatementResult:
    code: str
    text: str
    n: int
    mean: float | None
    counts: tuple[int, int, int, int]  # answers 1, 2, 3, 4


@dataclass(frozen=True)
class GroupResult:
    code: str
    label: str
    options: list[Mean]

    @property
    def withheld(self) -> bool:
        return any(o.suppressed for o in self.options)

    @property
    def min_group(self) -> int:
        return min_group_size()


@dataclass(frozen=True)
class SurveyResults:
    survey: Survey
    n: int
    index: float | None
    sd: float | None
    margin: float | None  # ± at 95 %, None below two responses
    population: int | None  # N used for the finite-population correction
    target_margin: float
    needed: int  # responses needed for target_margin
    needed_sd: float  # the s that `needed` rests on
    needed_sd_from_data: bool
    statements: list[StatementResult] = field(default_factory=list)
    groups: list[GroupResult] = field(default_factory=list)

    @property
    def enough(self) -> bool:
        return self.n >= self.needed

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.n)


def target_margin() -> float:
    return float(getattr(settings, "SURVEY_TARGET_MARGIN", 0.10))


def min_group_size() -> int:
    return int(getattr(settings, "ZONA_SURVEY_MIN_GROUP", 10))


def publish_batch() -> int:
    return max(1, int(getattr(settings, "ZONA_SURVEY_PUBLISH_BATCH", 10)))


def published(rows: list, batch: int | None = None) -> list:
    """The responses (in the order they were stored) that the public results show: whole
    batches only, so a single submission never moves a published figure. (Two answers
    committed in the reverse order of their ids, at the same instant at a batch's edge, can
    swap places at that edge; nothing is stored that would prevent it, and it is rare.)"""
    batch = batch or publish_batch()
    return rows[: len(rows) - len(rows) % batch]


def _suppress(means: list[Mean], smallest: int) -> list[Mean]:
    """Withhold the mean of every group under `smallest` respondents. When the withheld groups
    together are still under it, the smallest published group is withheld too: otherwise the
    overall index and the other groups would give the small group's mean by subtraction."""
    hidden = {i for i, m in enumerate(means) if 0 < m.n < smallest}
    while hidden and sum(means[i].n for i in hidden) < smallest:
        shown = [i for i, m in enumerate(means) if m.n and i not in hidden]
        if not shown:
            break
        hidden.add(min(shown, key=lambda i: means[i].n))
    return [
        Mean(m.code, m.label, m.n, None, True) if i in hidden else m for i, m in enumerate(means)
    ]


def _lang() -> str:
    return "en" if (get_language() or "").startswith("en") else "id"


def compute(
    survey: Survey, rows: Iterable[tuple[dict, dict]], *, margin: float | None = None
) -> SurveyResults:
    """Results of a survey from its responses' (answers, profile) pairs."""
    lang = _lang()
    instrument = survey.instrument
    codes = instrument.statement_codes
    target = margin or target_margin()
    scores: list[float] = []
    per_statement: dict[str, list[int]] = {c: [0, 0, 0, 0] for c in codes}
    per_option: dict[tuple[str, str], list[float]] = {}
    for answers, profile in rows:
        values = [answers[c] for c in codes if c in answers]
        if not values:
            continue
        score = sum(values) / len(values)
        scores.append(score)
        for c in codes:
            v = answers.get(c)
            if v in (1, 2, 3, 4):
                per_statement[c][v - 1] += 1
        for q, option in profile.items():
            per_option.setdefault((q, option), []).append(score)

    n = len(scores)
    index, sd = mean_sd(scores)
    population = survey.service_users
    from_data = n >= MIN_N_FOR_DATA_SD and sd is not None
    needed_sd = sd if from_data else CONSERVATIVE_SD
    statements = []
    for s in instrument.statements:
        counts = per_statement[s["code"]]
        total = sum(counts)
        mean = sum((i + 1) * k for i, k in enumerate(counts)) / total if total else None
        statements.append(
            StatementResult(s["code"], s[lang] or s["id"], total, mean, tuple(counts))
        )
    groups = []
    smallest = min_group_size()
    for q in instrument.profile:
        options = (
            [{"code": name, "id": name, "en": name} for name in survey.service_list]
            if q["code"] == SERVICE
            else q["options"]
        )
        known = {o["code"] for o in options}
        # An imported or retired option still counts; it is listed after the known ones.
        extra = sorted(o for (qc, o) in per_option if qc == q["code"] and o not in known)
        means = []
        for o in [*options, *({"code": e, "id": e, "en": e} for e in extra)]:
            group = per_option.get((q["code"], o["code"]), [])
            means.append(Mean(o["code"], o[lang] or o["id"], len(group), mean_sd(group)[0]))
        groups.append(GroupResult(q["code"], q[lang] or q["id"], _suppress(means, smallest)))
    return SurveyResults(
        survey=survey,
        n=n,
        index=index,
        sd=sd,
        margin=margin_of_error(sd, n, population),
        population=population,
        target_margin=target,
        needed=sample_size(needed_sd, target, population),
        needed_sd=needed_sd,
        needed_sd_from_data=from_data,
        statements=statements,
        groups=groups,
    )


def results_for(
    surveys: Sequence[Survey], *, margin: float | None = None, public: bool = False
) -> list[SurveyResults]:
    """Results of several surveys, reading all their responses in one query. `public`: as
    published to everyone, whole batches only (see `published`)."""
    rows: dict[int, list[tuple[dict, dict]]] = {s.pk: [] for s in surveys}
    for survey_id, answers, profile in (
        Response.objects.filter(survey__in=[s.pk for s in surveys])
        .order_by(*(["pk"] if public else []))
        .values_list("survey_id", "answers", "profile")
        .iterator(chunk_size=5000)
    ):
        rows[survey_id].append((answers, profile))
    if public:
        rows = {pk: published(r) for pk, r in rows.items()}
    return [compute(s, rows[s.pk], margin=margin) for s in surveys]


def survey_results(survey: Survey, margin: float | None = None) -> SurveyResults:
    """The results of one survey (the API calls this)."""
    return results_for([survey], margin=margin)[0]
