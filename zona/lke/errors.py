"""Errors of the LKE core, each with a message in Indonesian and in English.

The core has no Django, so no gettext: every error carries a code and parameters, and the message
catalogue below renders it in either language. The Django apps pass the active language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .display import Grouped, format_count

DEFAULT_LANG = "id"

MESSAGES: dict[str, dict[str, str]] = {
    # --- framework files -------------------------------------------------------------------
    "yaml_syntax": {
        "id": "Berkas bukan YAML yang sah: {detail}",
        "en": "The file is not valid YAML: {detail}",
    },
    "not_a_mapping": {
        "id": "{where}: harus berupa pemetaan (kunci: nilai)",
        "en": "{where}: must be a mapping (key: value)",
    },
    "missing_field": {
        "id": "{where}: kolom '{field}' wajib ada",
        "en": "{where}: the field '{field}' is required",
    },
    "unknown_field": {
        "id": "{where}: kolom '{field}' tidak dikenal (yang dikenal: {known})",
        "en": "{where}: unknown field '{field}' (known: {known})",
    },
    "bad_field": {
        "id": "{where}: '{field}' harus berupa {expected}, bukan {actual!r}",
        "en": "{where}: '{field}' must be {expected}, not {actual!r}",
    },
    "unsupported_format": {
        "id": "Format berkas {actual} tidak didukung (yang didukung: {expected})",
        "en": "File format {actual} is not supported (supported: {expected})",
    },
    "duplicate_code": {
        "id": "{where}: kode '{code}' sudah dipakai oleh {other}",
        "en": "{where}: the code '{code}' is already used by {other}",
    },
    "duplicate_question": {
        "id": "{where}: nomor pertanyaan {no} sudah dipakai di {other}",
        "en": "{where}: question number {no} is already used in {other}",
    },
    "weights_mismatch": {
        "id": "{where}: jumlah bobot {what} adalah {total}, padahal bobotnya {weight}",
        "en": "{where}: the weights of its {what} add up to {total}, but its weight is {weight}",
    },
    "roots_total_mismatch": {
        "id": "Jumlah bobot bagian (pengungkit + hasil) adalah {total}, padahal nilai maksimal "
        "{max_total}",
        "en": "The weights of the parts (pengungkit + hasil) add up to {total}, but the maximum "
        "total is {max_total}",
    },
    "bad_role": {
        "id": "Harus ada tepat satu bagian ber-role 'pengungkit' dan satu 'hasil' di akar "
        "pohon; ditemukan {found}",
        "en": "The tree needs exactly one root part with role 'pengungkit' and one with role "
        "'hasil'; found {found}",
    },
    "children_and_items": {
        "id": "{where}: simpul memiliki anak sekaligus pertanyaan; pilih salah satu",
        "en": "{where}: a node has both children and questions; it may have only one kind",
    },
    "empty_node": {
        "id": "{where}: simpul tanpa anak dan tanpa pertanyaan yang dinilai",
        "en": "{where}: a node with neither children nor scored questions",
    },
    "unknown_answer_type": {
        "id": "{where}: jenis jawaban '{type}' tidak dikenal (yang dikenal: {known})",
        "en": "{where}: unknown answer type '{type}' (known: {known})",
    },
    "value_map_mismatch": {
        "id": "{where}: peta nilai jenis '{type}' harus berisi pilihan {expected}, bukan {actual}",
        "en": "{where}: the value map of type '{type}' must have the options {expected}, "
        "not {actual}",
    },
    "value_out_of_range": {
        "id": "{where}: nilai pilihan '{option}' adalah {value}; harus antara 0 dan 1",
        "en": "{where}: the value of option '{option}' is {value}; it must be between 0 and 1",
    },
    "value_map_order": {
        "id": "{where}: nilai pilihan harus menurun dari yang terbaik ke yang terburuk ({options})",
        "en": "{where}: option values must not increase from the best to the worst option "
        "({options})",
    },
    "values_not_allowed": {
        "id": "{where}: jenis '{type}' tidak memakai peta nilai",
        "en": "{where}: type '{type}' takes no value map",
    },
    "criteria_unknown_option": {
        "id": "{where}: kriteria untuk pilihan '{option}' yang tidak ada pada jenis '{type}'",
        "en": "{where}: a criterion for option '{option}', which type '{type}' does not have",
    },
    "item_weight_missing": {
        "id": "{where}: simpul berpenilaian 'weighted' memerlukan bobot pada setiap butir "
        "yang dinilai",
        "en": "{where}: a node scored 'weighted' needs a weight on every scored item",
    },
    "item_weight_not_allowed": {
        "id": "{where}: bobot per butir hanya berlaku pada simpul berpenilaian 'weighted'",
        "en": "{where}: a per-item weight is only allowed in a node scored 'weighted'",
    },
    "bad_formula": {
        "id": "{where}: rumus tidak sah: {detail}",
        "en": "{where}: invalid formula: {detail}",
    },
    "formula_unknown_input": {
        "id": "{where}: rumus '{formula}' menyebut q{no}, yang bukan masukan jumlah (count) "
        "di kerangka ini",
        "en": "{where}: the formula '{formula}' names q{no}, which is not a count input of "
        "this framework",
    },
    "unknown_feed": {
        "id": "{where}: sumber nilai (feed) '{feed}' tidak dikenal (yang dikenal: {known})",
        "en": "{where}: unknown feed '{feed}' (known: {known})",
    },
    "feed_type_mismatch": {
        "id": "{where}: sumber nilai '{feed}' memberi nilai berjenis '{expected}', sedangkan "
        "butir ini berjenis '{type}'",
        "en": "{where}: the feed '{feed}' gives values of type '{expected}', but this item is "
        "of type '{type}'",
    },
    "unknown_ref": {
        "id": "{where}: merujuk {kind} '{ref}' yang tidak ada",
        "en": "{where}: refers to {kind} '{ref}', which does not exist",
    },
    "item_not_weighted": {
        "id": "{where}: syarat per butir hanya untuk butir berbobot (butir Hasil); "
        "pertanyaan {ref} tidak berbobot",
        "en": "{where}: an item condition needs an item with its own weight (a Hasil item); "
        "question {ref} has none",
    },
    "threshold_exceeds_max": {
        "id": "{where}: batas minimal {min} melebihi nilai maksimal {max}",
        "en": "{where}: the minimum {min} exceeds the maximum {max}",
    },
    "threshold_negative": {
        "id": "{where}: batas minimal {min} tidak boleh negatif",
        "en": "{where}: the minimum {min} must not be negative",
    },
    "min_and_share": {
        "id": "{where}: isi tepat salah satu dari 'min' atau 'min_share'",
        "en": "{where}: give exactly one of 'min' or 'min_share'",
    },
    "unknown_condition": {
        "id": "{where}: jenis syarat '{of}' tidak dikenal (yang dikenal: {known})",
        "en": "{where}: unknown kind of condition '{of}' (known: {known})",
    },
    "area_overlap": {
        "id": "{where}: simpul '{node}' sudah termasuk area '{other}'",
        "en": "{where}: node '{node}' already belongs to area '{other}'",
    },
    "predicate_rank": {
        "id": "{where}: peringkat predikat harus unik",
        "en": "{where}: predicate ranks must be unique",
    },
    # --- answers ---------------------------------------------------------------------------
    "unknown_question": {
        "id": "Pertanyaan '{key}' tidak ada di kerangka {framework}",
        "en": "Question '{key}' is not in framework {framework}",
    },
    "bad_option": {
        "id": "Pertanyaan {key}: '{value}' bukan jawaban jenis {type}; yang boleh: {allowed}",
        "en": "Question {key}: '{value}' is not an answer of type {type}; allowed: {allowed}",
    },
    "not_a_number": {
        "id": "Pertanyaan {key}: jawaban harus berupa angka, bukan {value!r}",
        "en": "Question {key}: the answer must be a number, not {value!r}",
    },
    "number_too_large": {
        "id": "Pertanyaan {key}: angka {value} terlalu besar (paling besar {max})",
        "en": "Question {key}: the number {value} is too large (at most {max})",
    },
    "too_many_decimals": {
        "id": "Pertanyaan {key}: {value} memakai lebih dari {decimals} angka di belakang koma",
        "en": "Question {key}: {value} has more than {decimals} decimal places",
    },
    "negative_count": {
        "id": "Pertanyaan {key}: jumlah tidak boleh negatif ({value})",
        "en": "Question {key}: a count cannot be negative ({value})",
    },
    "fractional_count": {
        "id": "Pertanyaan {key}: jumlah harus bilangan bulat ({value})",
        "en": "Question {key}: a count must be a whole number ({value})",
    },
    "percent_out_of_range": {
        "id": "Pertanyaan {key}: persentase tidak boleh negatif ({value})",
        "en": "Question {key}: a percentage cannot be negative ({value})",
    },
    "index_out_of_range": {
        "id": "Pertanyaan {key}: indeks harus antara 0 dan 4 ({value})",
        "en": "Question {key}: an index must be between 0 and 4 ({value})",
    },
    "unknown_predicate": {
        "id": "Predikat '{value}' tidak dikenal (yang dikenal: {known})",
        "en": "Unknown predicate '{value}' (known: {known})",
    },
    "unknown_framework": {
        "id": "Kerangka '{value}' tidak dikenal (yang tersedia: {known})",
        "en": "Unknown framework '{value}' (available: {known})",
    },
}


def render(code: str, params: dict[str, Any], lang: str = DEFAULT_LANG) -> str:
    templates = MESSAGES[code]
    shown = {k: format_count(v, lang) if isinstance(v, Grouped) else v for k, v in params.items()}
    return templates.get(lang, templates["en"]).format(**shown)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a framework file, located by `where` (a node code or a path)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return render(self.code, self.params, lang)


class FrameworkError(ValueError):
    """A framework file was refused; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems))

    def messages(self, lang: str = DEFAULT_LANG) -> list[str]:
        return [p.message(lang) for p in self.problems]


class AnswerError(ValueError):
    """An answer that cannot be scored. Never silently turned into a value."""

    def __init__(self, code: str, key: str | None = None, **params: Any):
        self.code = code
        self.key = key
        self.params = {"key": key, **params}
        super().__init__(render(code, self.params, "en"))

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return render(self.code, self.params, lang)
