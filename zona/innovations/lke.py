"""Which LKE questions the register and the media log serve, per framework code. Data, not
code: a new framework gets a row here; a question number missing from a framework version is
simply not offered."""

from __future__ import annotations

from dataclasses import dataclass

# The questions about publishing the zone and informing the public (2021: Manajemen Perubahan
# "media untuk mensosialisasikan", Pelayanan Publik "publikasi standar pelayanan", "informasi
# pelayanan ... berbagai media").
PUBLICATION_QUESTIONS: dict[str, tuple[str, ...]] = {
    "lke-2021": ("5", "72", "74"),
    "lke-2014": ("5", "75"),
}

# The questions an innovation is evidence for ("Terdapat inovasi pelayanan", "Upaya dan/atau
# inovasi pelayanan publik").
INNOVATION_QUESTIONS: dict[str, tuple[str, ...]] = {
    "lke-2021": ("78", "121"),
    "lke-2014": ("78",),
}


@dataclass(frozen=True)
class CountQuestions:
    registered: str  # "Jumlah perijinan/pelayanan yang terdata/terdaftar"
    simplified: str  # "Jumlah perijinan/pelayanan yang telah dipermudah"


COUNT_QUESTIONS: dict[str, CountQuestions] = {
    "lke-2021": CountQuestions(registered="122", simplified="123"),
}


def existing(framework, numbers) -> list:
    """The framework's questions among `numbers`, in the given order."""
    return [framework.questions[no] for no in numbers if no in framework.questions]


def publication_questions(framework) -> list:
    return existing(framework, PUBLICATION_QUESTIONS.get(framework.code, ()))


def innovation_questions(framework) -> list:
    return existing(framework, INNOVATION_QUESTIONS.get(framework.code, ()))


def count_questions(framework) -> CountQuestions | None:
    counts = COUNT_QUESTIONS.get(framework.code)
    if counts is None or not existing(framework, (counts.registered, counts.simplified)):
        return None
    return counts
