"""What the checker reads: the ordered scales, the catalogue of known facts, and `Facts`.

The vocabulary is code, not data: every fact a rule reads needs a field in the data-entry form,
so a new fact needs a release anyway. Which facts a rule set asks for, and the thresholds, are
data (the rule-set files).

Years: `Facts.instansi_by_year[Y]` holds the facts *about* year Y, whenever they were published:
- `bpk_opinion`: BPK's opinion on the instansi's financial report for fiscal year Y (issued in
  Y + 1, usually in May–June);
- `akip`: the grade of the AKIP/SAKIP evaluation of year Y, as KemenPANRB publishes it;
- `spip`: the SPIP maturity level assessed for year Y;
- `rb_index`: the RB index of year Y.
Which year a rule reads is data too: each instansi condition has a `year_offset` from the
evaluation year (the year of the proposal), see the rule-set files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .messages import FactsError, Problem, Problems

INSTANSI = "instansi"
UNIT = "unit"
LEVELS = (INSTANSI, UNIT)


@dataclass(frozen=True, slots=True)
class Text:
    """A text in Indonesian and English."""

    id: str
    en: str

    def get(self, lang: str = "id") -> str:
        return self.id if lang[:2] == "id" else self.en


@dataclass(frozen=True, slots=True)
class Scale:
    """An ordered scale of codes, worst first."""

    code: str
    values: tuple[str, ...]  # worst → best
    aliases: dict[str, str] = field(default_factory=dict)  # lower-case spelling → code

    def rank(self, value: str) -> int:
        return self.values.index(value)

    def parse(self, raw: Any) -> str | None:
        """The code of `raw` ("wtp", "Wajar Tanpa Pengecualian" → "WTP"), or None if unknown."""
        if not isinstance(raw, str):
            return None
        text = " ".join(raw.split())
        if text.upper() in self.values:
            return text.upper()
        return self.aliases.get(text.lower())


BPK_OPINION = Scale(
    "bpk_opinion",
    ("TMP", "TW", "WDP", "WTP"),
    {
        "tidak menyatakan pendapat": "TMP",
        "tidak memberikan pendapat": "TMP",
        "disclaimer": "TMP",
        "tidak wajar": "TW",
        "adverse": "TW",
        "wajar dengan pengecualian": "WDP",
        "qualified": "WDP",
        "wajar tanpa pengecualian": "WTP",
        "unqualified": "WTP",
    },
)
SAKIP_GRADE = Scale("sakip", ("D", "C", "CC", "B", "BB", "A", "AA"))
# Echelon I is the highest, so worst → best is IV … I; "echelon I–III" is "at least III".
ECHELON = Scale("echelon", ("IV", "III", "II", "I"), {"1": "I", "2": "II", "3": "III", "4": "IV"})
PREDICATE = Scale(
    "predicate",
    ("none", "WBK", "WBBM"),
    {"none": "none", "menuju wbk": "WBK", "menuju wbbm": "WBBM"},
)
TARGETS = ("WBK", "WBBM")  # the predicates a unit applies for


@dataclass(frozen=True, slots=True)
class FactSpec:
    """A fact the rules may read: where it lives, its type and its name."""

    code: str
    level: str  # "instansi" (per year) or "unit"
    type: str  # "grade" (on `scale`), "echelon", "number" (low–high) or "declaration"
    label: Text
    scale: Scale | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    unit: str = ""  # shown after numbers: "%"
    document: bool = False  # declarations: a document to attach, not a statement


def _number(code: str, level: str, label: Text, high: int, unit: str = "") -> FactSpec:
    return FactSpec(code, level, "number", label, low=Decimal(0), high=Decimal(high), unit=unit)


def _declaration(code: str, label: Text, document: bool = False) -> FactSpec:
    return FactSpec(code, UNIT, "declaration", label, document=document)


FACTS: dict[str, FactSpec] = {
    spec.code: spec
    for spec in (
        # --- instansi, per year ------------------------------------------------------------
        FactSpec(
            "bpk_opinion", INSTANSI, "grade", Text("Opini BPK", "BPK audit opinion"), BPK_OPINION
        ),
        FactSpec(
            "akip", INSTANSI, "grade", Text("Nilai AKIP/SAKIP", "AKIP/SAKIP grade"), SAKIP_GRADE
        ),
        _number("spip", INSTANSI, Text("Tingkat maturitas SPIP", "SPIP maturity level"), 5),
        _number("rb_index", INSTANSI, Text("Indeks RB", "RB index"), 100),
        # --- the unit -----------------------------------------------------------------------
        FactSpec("echelon", UNIT, "echelon", Text("Eselon unit kerja", "Unit echelon"), ECHELON),
        _number("lhkpn_percent", UNIT, Text("Kepatuhan LHKPN", "LHKPN compliance"), 100, "%"),
        _number("lhkasn_percent", UNIT, Text("Kepatuhan LHKASN", "LHKASN compliance"), 100, "%"),
        # --- declared by the unit or its coordinator, optionally with evidence -------------
        _declaration(
            "strategic_service_function",
            Text("Fungsi pelayanan strategis", "Strategic service function"),
        ),
        _declaration(
            "rb_programmes_well_run",
            Text("Program RB dilaksanakan dengan baik", "RB programmes run well"),
        ),
        _declaration(
            "large_resources",
            Text("Mengelola sumber daya yang cukup besar", "Manages considerable resources"),
        ),
        _declaration(
            "core_service_unit",
            Text("Unit core layanan utama instansi", "Core service unit of the instansi"),
        ),
        _declaration(
            "high_rb_success",
            Text("Keberhasilan RB unit cukup tinggi", "High RB success in the unit"),
        ),
        _declaration("proposal_letter", Text("Surat usulan", "Proposal letter"), document=True),
        _declaration(
            "sptjm",
            Text(
                "Surat Pernyataan Tanggung Jawab Mutlak (SPTJM)",
                "Statement of absolute responsibility (SPTJM)",
            ),
            document=True,
        ),
        _declaration(
            "tlhp_report",
            Text(
                "Laporan tindak lanjut hasil pemeriksaan (TLHP)",
                "Report on the follow-up of audit findings (TLHP)",
            ),
            document=True,
        ),
        _declaration(
            "self_survey",
            Text("Hasil survei mandiri unit", "Results of the unit's own survey"),
            document=True,
        ),
        _declaration(
            "lke",
            Text("Lembar Kerja Evaluasi (LKE) unit", "The unit's evaluation worksheet (LKE)"),
            document=True,
        ),
    )
}


@dataclass(frozen=True, slots=True)
class Declaration:
    """A yes/no the unit or its coordinator declares, with optional evidence."""

    value: bool
    evidence: str = ""  # a reference to the evidence: file name, document number or URL


@dataclass(frozen=True)
class Facts:
    """Everything known about a unit and its instansi at proposal time.

    - `year`: the evaluation year, i.e. the year of the proposal (e.g. 2025 for a proposal due
      31 May 2025). Rules read instansi facts relative to it (`year_offset`).
    - `instansi_by_year`: {year: {fact: value}} with the instansi facts `bpk_opinion` (a BPK
      opinion code TMP/TW/WDP/WTP or its full name), `akip` (D … AA), `spip` (0–5), `rb_index`
      (0–100); a year is the year the fact is about (see the module docstring).
    - `unit`: {fact: value} with `echelon` ("I"–"IV", "II.a", or 1–4), `lhkpn_percent` and
      `lhkasn_percent` (0–100).
    - `declared`: {declaration: True/False, a `Declaration`, or {"value": bool, "evidence": str}}.
    - `current_predicate`: the predicate the unit already holds: "none", "WBK" or "WBBM";
      None when it is not known (which is not the same as "none").
    - `sources`: {fact: text} where a value came from ("register temuan Zona: 6 dari 7
      rekomendasi sesuai"), shown beside the condition that reads it; free text, not checked.

    An absent fact, or None, is missing data. An unknown fact or a value off its scale is an
    error (`FactsError`), never "missing".
    """

    year: int
    instansi_by_year: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)
    unit: Mapping[str, Any] = field(default_factory=dict)
    declared: Mapping[str, bool | Declaration | Mapping[str, Any] | None] = field(
        default_factory=dict
    )
    current_predicate: str | None = None
    sources: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Facts:
        """Build from plain JSON-like data; year keys may be strings ("2024")."""
        fields = {"year", "instansi_by_year", "unit", "declared", "current_predicate", "sources"}
        unknown = set(data) - fields
        if unknown:
            known = "year, instansi_by_year, unit, declared, current_predicate, sources"
            raise FactsError(
                [
                    Problem("unknown_field", {"where": "facts", "field": f, "known": known})
                    for f in sorted(unknown)
                ]
            )
        by_year = data.get("instansi_by_year") or {}
        if not isinstance(by_year, Mapping):
            raise FactsError([Problem("not_a_mapping", {"where": "instansi_by_year"})])
        return cls(
            year=_year(data.get("year")),
            instansi_by_year={_year(y): v for y, v in by_year.items()},
            unit=data.get("unit") or {},
            declared=data.get("declared") or {},
            current_predicate=data.get("current_predicate"),
            sources=data.get("sources") or {},
        )


def _year(raw: Any) -> int:
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    raise FactsError([Problem("bad_year", {"value": raw})])


# --- normalising values ------------------------------------------------------------------------

_ECHELON_SUB = re.compile(r"^(?:eselon\s+)?([IV]+|[1-4])(?:\s*[.\-]?\s*[ab])?$", re.IGNORECASE)


def parse_number(raw: Any) -> Decimal | None:
    """A finite Decimal from an int, float, Decimal or numeric string; None if it is not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float):
        raw = repr(raw)  # the number as typed (98.5), not its binary expansion
    if isinstance(raw, str):
        raw = raw.strip().replace(",", ".")  # "98,5" as typed in Indonesian
    try:
        value = Decimal(raw)
    except (InvalidOperation, TypeError, ValueError):
        return None
    return value if value.is_finite() else None


def parse_value(spec: FactSpec, raw: Any, where: str) -> tuple[Any, Problem | None]:
    """(normalised value, None) or (None, problem). `raw` is not None."""
    if spec.type == "number":
        number = parse_number(raw)
        if number is None:
            return None, Problem("not_a_number", {"where": where, "value": raw})
        assert spec.low is not None and spec.high is not None
        if not spec.low <= number <= spec.high:
            return None, Problem(
                "out_of_range", {"where": where, "value": raw, "low": spec.low, "high": spec.high}
            )
        return number, None
    assert spec.scale is not None
    text = str(raw) if spec.type == "echelon" and isinstance(raw, int) else raw
    if spec.type == "echelon" and isinstance(text, str):
        # Echelons have sub-levels (II.a, II.b); eligibility speaks only of the level.
        match = _ECHELON_SUB.match(text.strip())
        text = match.group(1) if match else text
    code = spec.scale.parse(text)
    if code is None:
        values = ", ".join(spec.scale.values)
        return None, Problem(
            "bad_grade", {"where": where, "value": raw, "scale": spec.scale.code, "values": values}
        )
    return code, None


def parse_declaration(raw: Any, where: str) -> tuple[Declaration | None, Problem | None]:
    if isinstance(raw, Declaration):
        return raw, None
    if isinstance(raw, bool):
        return Declaration(raw), None
    if isinstance(raw, Mapping) and set(raw) <= {"value", "evidence"}:
        value, evidence = raw.get("value"), raw.get("evidence") or ""
        if value is None:
            return None, None
        if isinstance(value, bool) and isinstance(evidence, str):
            return Declaration(value, evidence.strip()), None
    return None, Problem("bad_declaration", {"where": where, "value": raw})


def normalise_facts(facts: Facts) -> Facts:
    """The same facts with canonical values ("wtp" → "WTP", 98.5 → Decimal("98.5"),
    True → Declaration(True)) and without None values. Raises `FactsError` listing every
    problem."""
    problems = Problems()
    if not isinstance(facts.year, int) or isinstance(facts.year, bool):
        problems.add("bad_year", value=facts.year)
    instansi: dict[int, dict[str, Any]] = {}
    for year, raw in _items(facts.instansi_by_year, "instansi_by_year", problems):
        if not isinstance(year, int) or isinstance(year, bool):
            problems.add("bad_year", value=year)
            continue
        instansi[year] = _values(raw, f"instansi {year}", INSTANSI, ("grade", "number"), problems)
    unit = _values(facts.unit, "unit", UNIT, ("echelon", "number"), problems)

    declared: dict[str, Declaration] = {}
    for code, raw in _items(facts.declared, "declared", problems):
        where = f"declared / {code}"
        if not _known(code, UNIT, ("declaration",), where, problems) or raw is None:
            continue
        declaration, problem = parse_declaration(raw, where)
        if problem:
            problems.append(problem)
        elif declaration is not None:
            declared[code] = declaration

    predicate = facts.current_predicate
    if isinstance(predicate, str) and not predicate.strip():
        predicate = None  # an empty form field: not known
    if predicate is not None:
        raw_predicate, predicate = predicate, PREDICATE.parse(predicate)
        if predicate is None:
            where, values = "current_predicate", ", ".join(PREDICATE.values)
            problems.add(
                "bad_grade", where=where, value=raw_predicate, scale="predicate", values=values
            )

    if problems:
        raise FactsError(problems)
    sources = {str(k): str(v) for k, v in (facts.sources or {}).items() if v}
    return Facts(facts.year, instansi, unit, declared, predicate, sources)


def _items(raw: Any, where: str, problems: Problems) -> list[tuple[Any, Any]]:
    if raw is None:
        return []
    if not isinstance(raw, Mapping):
        problems.add("not_a_mapping", where=where)
        return []
    return list(raw.items())


def _known(code: Any, level: str, types: tuple[str, ...], where: str, problems: Problems) -> bool:
    spec = FACTS.get(code)
    if spec is not None and spec.level == level and spec.type in types:
        return True
    known = ", ".join(c for c, s in FACTS.items() if s.level == level and s.type in types)
    problems.add("unknown_fact", where=where, fact=code, known=known)
    return False


def _values(
    raw: Any, where: str, level: str, types: tuple[str, ...], problems: Problems
) -> dict[str, Any]:
    out = {}
    for code, value in _items(raw, where, problems):
        fact_where = f"{where} / {code}"
        if not _known(code, level, types, fact_where, problems) or value is None or value == "":
            continue
        parsed, problem = parse_value(FACTS[code], value, fact_where)
        if problem:
            problems.append(problem)
        else:
            out[code] = parsed
    return out
