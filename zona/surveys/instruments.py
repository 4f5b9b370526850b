"""Survey instruments as data: reading and checking an instrument file (YAML).

An instrument is the questionnaire of one survey kind (IPAK or IPKP): statements answered on a
1–4 scale, optional respondent-profile questions and an open suggestion field, each text in
Indonesian (`id`) and English (`en`). The format is described in docs/surveys.md. `parse()`
returns the checked definition as plain data (what the database stores) or raises
`InstrumentError` with every problem found, in Indonesian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

SHIPPED_DIR = Path(__file__).resolve().parent / "instruments"
KINDS = ("ipak", "ipkp")
SCALE_VALUES = (1, 2, 3, 4)
LANGS = ("id", "en")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_+-]{0,19}$")
#: Profile code reserved for "which service was used": its options come from the survey.
SERVICE = "service"


class InstrumentError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Text:
    id: str
    en: str

    def get(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.id


def _text(node, where: str, problems: list[str], *, keys=LANGS) -> dict[str, str]:
    if not isinstance(node, dict):
        problems.append(f"{where}: harus berisi teks 'id' dan 'en'")
        return {"id": "", "en": ""}
    out = {}
    for lang in keys:
        value = node.get(lang)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{where}: teks '{lang}' kosong atau tidak ada")
            value = ""
        out[lang] = " ".join(value.split())
    return out


def _unknown(node: dict, allowed: set[str], where: str, problems: list[str]) -> None:
    extra = sorted(str(k) for k in node if k not in allowed)
    if extra:
        problems.append(f"{where}: kunci tidak dikenal: {', '.join(extra)}")


def _code(node: dict, where: str, seen: set[str], problems: list[str]) -> str:
    code = node.get("code")
    code = str(code) if isinstance(code, str | int) else ""
    if not _CODE.match(code):
        problems.append(f"{where}: kode '{code}' tidak sah (huruf, angka, _ + -, maks. 20)")
    elif code in seen:
        problems.append(f"{where}: kode '{code}' dipakai dua kali")
    seen.add(code)
    return code


def parse(source: str) -> dict:
    """The checked definition of an instrument file's text."""
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise InstrumentError([f"YAML tidak dapat dibaca: {exc}"]) from None
    if not isinstance(data, dict):
        raise InstrumentError(["Berkas instrumen harus berupa pemetaan YAML (kunci: nilai)."])
    problems: list[str] = []
    _unknown(
        data,
        {"code", "kind", "title", "intro", "scale", "statements", "profile", "suggestion"},
        "instrumen",
        problems,
    )
    code = data.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        problems.append("code: kode instrumen tidak sah")
    kind = data.get("kind")
    if kind not in KINDS:
        problems.append(f"kind: harus salah satu dari {', '.join(KINDS)}")
    definition: dict = {"code": code, "kind": kind}
    definition["title"] = _text(data.get("title"), "title", problems)
    definition["intro"] = _text(data.get("intro") or {"id": "-", "en": "-"}, "intro", problems)
    definition["suggestion"] = _text(
        data.get("suggestion") or {"id": "-", "en": "-"}, "suggestion", problems
    )

    scale = data.get("scale")
    definition["scale"] = []
    if not isinstance(scale, list) or [
        s.get("value") if isinstance(s, dict) else None for s in scale
    ] != list(SCALE_VALUES):
        problems.append("scale: harus empat nilai berurutan 1, 2, 3, 4")
    else:
        for s in scale:
            _unknown(s, {"value", *LANGS}, f"scale {s['value']}", problems)
            definition["scale"].append(
                {"value": s["value"], **_text(s, f"scale {s['value']}", problems)}
            )

    statements = data.get("statements")
    definition["statements"] = []
    if not isinstance(statements, list) or not statements:
        problems.append("statements: minimal satu pernyataan")
    else:
        seen: set[str] = set()
        for i, s in enumerate(statements, 1):
            where = f"pernyataan {i}"
            if not isinstance(s, dict):
                problems.append(f"{where}: harus berisi code, id, en")
                continue
            _unknown(s, {"code", *LANGS}, where, problems)
            definition["statements"].append(
                {"code": _code(s, where, seen, problems), **_text(s, where, problems)}
            )

    definition["profile"] = []
    seen_q: set[str] = set()
    for i, q in enumerate(data.get("profile") or [], 1):
        where = f"profil {i}"
        if not isinstance(q, dict):
            problems.append(f"{where}: harus berisi code, id, en, options")
            continue
        _unknown(q, {"code", "options", *LANGS}, where, problems)
        qcode = _code(q, where, seen_q, problems)
        question = {"code": qcode, **_text(q, where, problems), "options": []}
        options = q.get("options")
        if qcode == SERVICE:
            if options:
                problems.append(f"{where}: pilihan '{SERVICE}' diisi per survei, bukan di sini")
        elif not isinstance(options, list) or len(options) < 2:
            problems.append(f"{where}: minimal dua pilihan")
        else:
            seen_o: set[str] = set()
            for j, o in enumerate(options, 1):
                owhere = f"{where} pilihan {j}"
                if not isinstance(o, dict):
                    problems.append(f"{owhere}: harus berisi code, id, en")
                    continue
                _unknown(o, {"code", *LANGS}, owhere, problems)
                question["options"].append(
                    {"code": _code(o, owhere, seen_o, problems), **_text(o, owhere, problems)}
                )
        definition["profile"].append(question)

    if problems:
        raise InstrumentError(problems)
    return definition


def shipped_files() -> list[Path]:
    return sorted(SHIPPED_DIR.glob("*.yaml"))
