"""Every text of the eligibility engine, in Indonesian and in English, and its errors.

The engine has no Django, so no gettext (as in `zona.lke.errors`): a problem or a display string
carries a code and parameters, and this catalogue renders it in either language. Indonesian is
the default; an unknown language falls back to English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_LANG = "id"
LANGS = ("id", "en")

MESSAGES: dict[str, dict[str, str]] = {
    # --- rule-set files -------------------------------------------------------------------
    "yaml_syntax": {
        "id": "Berkas bukan YAML yang sah: {detail}",
        "en": "The file is not valid YAML: {detail}",
    },
    "unsupported_format": {
        "id": "Format berkas {actual!r} tidak didukung (yang didukung: {expected})",
        "en": "File format {actual!r} is not supported (supported: {expected})",
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
    "missing_label": {
        "id": "{where}: teks '{field}' dalam bahasa '{lang}' wajib ada",
        "en": "{where}: the '{field}' text in language '{lang}' is required",
    },
    "no_targets": {
        "id": "{where}: tidak ada predikat tujuan (WBK/WBBM) di 'targets'",
        "en": "{where}: 'targets' names no target predicate (WBK/WBBM)",
    },
    "unknown_target": {
        "id": "{where}: predikat tujuan '{target}' tidak dikenal (yang dikenal: {known})",
        "en": "{where}: unknown target predicate '{target}' (known: {known})",
    },
    "empty_target": {
        "id": "{where}: tidak ada syarat; predikat tanpa syarat tidak diperbolehkan",
        "en": "{where}: no conditions; a target without conditions is not allowed",
    },
    "unknown_kind": {
        "id": "{where}: jenis syarat '{kind}' tidak dikenal (yang dikenal: {known})",
        "en": "{where}: unknown kind of condition '{kind}' (known: {known})",
    },
    "field_not_for_kind": {
        "id": "{where}: kolom '{field}' tidak berlaku untuk syarat jenis '{kind}' "
        "(kolomnya: {known})",
        "en": "{where}: the field '{field}' does not apply to a '{kind}' condition "
        "(its fields: {known})",
    },
    "unknown_fact": {
        "id": "{where}: data '{fact}' tidak dikenal (yang dikenal: {known})",
        "en": "{where}: unknown fact '{fact}' (known: {known})",
    },
    "fact_not_for_kind": {
        "id": "{where}: syarat jenis '{kind}' tidak dapat membaca data '{fact}' "
        "(yang dapat: {known})",
        "en": "{where}: a '{kind}' condition cannot read the fact '{fact}' (it can read: {known})",
    },
    "not_on_scale": {
        "id": "{where}: '{value}' tidak ada pada skala {scale} ({values})",
        "en": "{where}: '{value}' is not on the {scale} scale ({values})",
    },
    "out_of_range": {
        "id": "{where}: {value} di luar rentang {low}–{high}",
        "en": "{where}: {value} is outside the range {low}–{high}",
    },
    "duplicate_code": {
        "id": "{where}: kode '{code}' sudah dipakai oleh syarat lain pada predikat ini",
        "en": "{where}: the code '{code}' is already used by another condition of this target",
    },
    "level_mismatch": {
        "id": "{where}: tingkat '{level}' tidak sesuai; data '{fact}' adalah data tingkat "
        "'{fact_level}'",
        "en": "{where}: level '{level}' is wrong; '{fact}' is a fact of level '{fact_level}'",
    },
    "year_offset_required": {
        "id": "{where}: data instansi '{fact}' dibaca per tahun; isi 'year_offset' (mis. -1 = "
        "tahun sebelum tahun evaluasi)",
        "en": "{where}: the instansi fact '{fact}' is read per year; give 'year_offset' (e.g. -1 = "
        "the year before the evaluation year)",
    },
    "year_offset_not_allowed": {
        "id": "{where}: 'year_offset' hanya untuk data instansi per tahun; '{fact}' bukan",
        "en": "{where}: 'year_offset' is only for per-year instansi facts; '{fact}' is not one",
    },
    "bad_years": {
        "id": "{where}: 'years' harus bilangan bulat 2–10, bukan {actual!r}",
        "en": "{where}: 'years' must be a whole number 2–10, not {actual!r}",
    },
    "predicate_not_lower": {
        "id": "{where}: predikat sebelumnya '{value}' harus lebih rendah dari tujuan '{target}'",
        "en": "{where}: the earlier predicate '{value}' must rank below the target '{target}'",
    },
    "threshold_unset": {
        "id": "{where}: 'min' kosong; ambang yang belum ditetapkan hanya boleh pada syarat "
        "bertanda 'unconfirmed: true'",
        "en": "{where}: 'min' is empty; an unset threshold is only allowed on a condition "
        "marked 'unconfirmed: true'",
    },
    "unknown_condition_code": {
        "id": "{where}: tidak ada syarat berkode '{code}' (yang ada: {known})",
        "en": "{where}: there is no condition with the code '{code}' (there are: {known})",
    },
    "no_minimum": {
        "id": "{where}: syarat jenis '{kind}' tidak memiliki ambang minimal",
        "en": "{where}: a '{kind}' condition has no minimum to set",
    },
    # --- facts -------------------------------------------------------------------------------
    "bad_grade": {
        "id": "{where}: '{value}' tidak ada pada skala {scale} ({values})",
        "en": "{where}: '{value}' is not on the {scale} scale ({values})",
    },
    "not_a_number": {
        "id": "{where}: harus berupa angka, bukan {value!r}",
        "en": "{where}: must be a number, not {value!r}",
    },
    "bad_year": {
        "id": "Tahun harus berupa bilangan bulat, bukan {value!r}",
        "en": "A year must be a whole number, not {value!r}",
    },
    "bad_declaration": {
        "id": "{where}: pernyataan harus ya/tidak (true/false) dengan bukti opsional, "
        "bukan {value!r}",
        "en": "{where}: a declaration must be yes/no (true/false) with optional evidence, "
        "not {value!r}",
    },
    # --- look-ups ----------------------------------------------------------------------------
    "unknown_ruleset": {
        "id": "Aturan syarat pengajuan '{value}' tidak dikenal (yang tersedia: {known})",
        "en": "Unknown eligibility rule set '{value}' (available: {known})",
    },
    "target_not_in_ruleset": {
        "id": "Aturan {ruleset} tidak memuat syarat untuk predikat '{value}' (yang ada: {known})",
        "en": "Rule set {ruleset} has no conditions for the target '{value}' (it has: {known})",
    },
    # --- statuses ------------------------------------------------------------------------------
    "status_met": {"id": "terpenuhi", "en": "met"},
    "status_not_met": {"id": "tidak terpenuhi", "en": "not met"},
    "status_missing": {"id": "data belum lengkap", "en": "data missing"},
    "overall_eligible": {
        "id": "Memenuhi syarat pengajuan {target}",
        "en": "Eligible to apply for {target}",
    },
    "overall_not_eligible": {
        "id": "Tidak memenuhi syarat pengajuan {target}: {count} syarat tidak terpenuhi",
        "en": "Not eligible to apply for {target}: {count} condition(s) not met",
    },
    "overall_incomplete": {
        "id": "Belum dapat dinilai untuk {target}: data {count} syarat belum lengkap",
        "en": "Cannot decide yet for {target}: data missing for {count} condition(s)",
    },
    "unconfirmed": {"id": "belum terkonfirmasi", "en": "unconfirmed"},
    # --- what a condition requires ---------------------------------------------------------------
    "req_min": {"id": "minimal {min}", "en": "at least {min}"},
    "req_min_year": {"id": "minimal {min}, tahun {year}", "en": "at least {min}, year {year}"},
    "req_consecutive": {
        "id": "minimal {min} selama {years} tahun berturut-turut ({first}–{last})",
        "en": "at least {min} for {years} consecutive years ({first}–{last})",
    },
    "req_max_echelon": {
        "id": "eselon {max} atau lebih tinggi ({range})",
        "en": "echelon {max} or higher ({range})",
    },
    "req_threshold_unset": {
        "id": "ambang belum ditetapkan administrator",
        "en": "threshold not yet set by an administrator",
    },
    "req_yes": {"id": "Ya", "en": "Yes"},
    "req_yes_evidence": {"id": "Ya, dengan bukti", "en": "Yes, with evidence"},
    "req_previous": {
        "id": "sudah berpredikat {min} atau lebih tinggi",
        "en": "already holds {min} or higher",
    },
    # --- what the unit or instansi has ------------------------------------------------------------
    "actual_yes": {"id": "Ya", "en": "Yes"},
    "actual_no": {"id": "Tidak", "en": "No"},
    "actual_yes_evidence": {"id": "Ya (bukti: {evidence})", "en": "Yes (evidence: {evidence})"},
    "actual_yes_no_evidence": {"id": "Ya, tanpa bukti", "en": "Yes, without evidence"},
    "actual_year": {"id": "{year}: {value}", "en": "{year}: {value}"},
    "fact_current_predicate": {
        "id": "Predikat unit saat ini",
        "en": "The unit's current predicate",
    },
    "predicate_none": {"id": "belum berpredikat", "en": "no predicate"},
    "predicate_WBK": {"id": "Menuju WBK", "en": "Menuju WBK"},
    "predicate_WBBM": {"id": "Menuju WBBM", "en": "Menuju WBBM"},
    # --- what is missing --------------------------------------------------------------------------
    "missing_year_fact": {
        "id": "{fact} tahun {year} belum diisi",
        "en": "{fact} for {year} is not given",
    },
    "missing_fact": {"id": "{fact} belum diisi", "en": "{fact} is not given"},
    "missing_declaration": {
        "id": "'{fact}' belum dinyatakan",
        "en": "'{fact}' is not declared yet",
    },
    "missing_evidence": {
        "id": "bukti untuk '{fact}' belum dilampirkan",
        "en": "no evidence attached for '{fact}'",
    },
    "missing_threshold": {
        "id": "ambang '{label}' belum ditetapkan administrator",
        "en": "the threshold of '{label}' is not yet set by an administrator",
    },
}


def render(code: str, params: dict[str, Any] | None = None, lang: str = DEFAULT_LANG) -> str:
    templates = MESSAGES[code]
    return templates.get(lang[:2], templates["en"]).format(**(params or {}))


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a rule-set file or in the facts, located by `where` in its params."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return render(self.code, self.params, lang)


class Problems(list[Problem]):
    """The problems found so far; `add(code, where=…, …)` keeps the validators short."""

    def add(self, _code: str, **params: Any) -> None:
        self.append(Problem(_code, params))


class EligibilityError(ValueError):
    """Something the engine refuses; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(p.message("en") for p in problems))

    def messages(self, lang: str = DEFAULT_LANG) -> list[str]:
        return [p.message(lang) for p in self.problems]


class RuleSetError(EligibilityError):
    """A rule-set file (or a change to one) was refused."""


class FactsError(EligibilityError):
    """Facts that cannot be checked: an unknown fact, a grade not on its scale, a bad number.

    Never silently turned into "missing": a typo must not look like absent data.
    """
