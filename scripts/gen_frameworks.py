#!/usr/bin/env python3
"""One-off generator of the shipped LKE framework files.

Reads the reference transcriptions (`../shared/reference/lke-2019.json` and `lke-2021.json`,
beside the repository) and wrote `zona/lke/frameworks/lke-2019.yaml` (now `lke-2014.yaml`) and
`lke-2021.yaml`.

It was run once to produce the first version of each file. From then on the YAML files are the
product's own copies and are maintained by hand (give a corrected file a new `version`);
re-running this script would overwrite those edits. The product never reads the reference at
run time.

The YAML text is written by hand here (not with yaml.dump) so that the files carry comments
wherever the reference marks something uncertain. Free text is always double-quoted (JSON string
syntax is valid YAML), because the texts contain colons, quotes, "#" and "%".

Usage:  python3 scripts/gen_frameworks.py [--reference DIR] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import re
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = REPO.parent / "shared" / "reference"
DEFAULT_OUT = REPO / "zona" / "lke" / "frameworks"

OPTIONS = {
    "ya_tidak": ("ya", "tidak"),
    "abc": ("a", "b", "c"),
    "abcd": ("a", "b", "c", "d"),
    "abcde": ("a", "b", "c", "d", "e"),
}

# Words run together in the source (a lost space). Fixed as whitespace glitches; nothing else in
# the texts is changed (spelling slips such as "dtindaklanjuti" are kept as published).
GLUED_WORDS = {
    "tujuanpembangunan": "tujuan pembangunan",
    "danevaluasi": "dan evaluasi",
    "kegiatanUnit": "kegiatan Unit",
    "integritassudah": "integritas sudah",
    "integritasdi": "integritas di",
}

LETTER_PREFIX = re.compile(r"^([a-eA-E])\s*\.\s*")
YA_PREFIX = re.compile(r"^ya\s*,\s*", re.IGNORECASE)
NUMBERING = re.compile(r"^(?:[A-Z]|[IVX]+|[0-9]+|[ivx]+|[a-z])\.\s+")
ROMAN_LOWER = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")

ANSWER_TYPES_BLOCK = """\
# Value of each option, best first (reference README §1).
answer_types:
  ya_tidak: {ya: 1, tidak: 0}
  abc:      {a: 1, b: 0.5, c: 0}
  # Exactly 0.67 / 0.33, not 2/3 and 1/3: published worksheets' figures only come out with
  # the rounded values.
  abcd:     {a: 1, b: 0.67, c: 0.33, d: 0}
  abcde:    {a: 1, b: 0.75, c: 0.5, d: 0.25, e: 0}
"""


# --------------------------------------------------------------------------- text helpers
def clean(text: str) -> str:
    """Fix whitespace glitches only: runs of spaces, edges, words run together."""
    text = " ".join(str(text).split())
    for glued, fixed in GLUED_WORDS.items():
        text = text.replace(glued, fixed)
    return text


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is a subset of it)."""
    return json.dumps(clean(text), ensure_ascii=False)


def num(value) -> str:
    d = Decimal(str(value)).normalize()
    if d == d.to_integral_value():
        return str(int(d))
    return format(d, "f")


def strip_numbering(name: str) -> str:
    return NUMBERING.sub("", name.strip(), count=1)


def split_criteria(lines: list[str], type_name: str) -> tuple[dict[str, str], list[str]]:
    """Map criterion lines to options; what does not clearly belong goes to guidance.

    Choice types with a full set of "a." … lines: strip the letter, map in order. Ya/Tidak: the
    "Ya, …" line becomes `ya` (the prefix dropped, the next word capitalised since it now starts
    the sentence); any other line is guidance.
    """
    lines = [clean(x) for x in lines]
    options = OPTIONS[type_name]
    if type_name == "ya_tidak":
        criteria: dict[str, str] = {}
        guidance = []
        for line in lines:
            if "ya" not in criteria and YA_PREFIX.match(line):
                rest = YA_PREFIX.sub("", line, count=1)
                criteria["ya"] = rest[:1].upper() + rest[1:]
            else:
                guidance.append(line)
        return criteria, guidance
    letters = [LETTER_PREFIX.match(x) for x in lines]
    if len(lines) == len(options) and all(
        m and m.group(1).lower() == o for m, o in zip(letters, options, strict=True)
    ):
        return {
            o: LETTER_PREFIX.sub("", x, count=1) for o, x in zip(options, lines, strict=True)
        }, []
    return {}, lines


def criteria_letters_match(lines: list[str], type_name: str) -> bool:
    criteria, guidance = split_criteria(lines, type_name)
    return bool(criteria) and not guidance


class Out:
    """Collects YAML lines with indentation."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, indent: int, text: str = "") -> None:
        self.lines.append((" " * indent + text) if text else "")

    def comment(self, indent: int, text: str, width: int = 98) -> None:
        """A `#` comment, wrapped to fit the width."""
        prefix = " " * indent + "# "
        line = ""
        for word in text.split():
            if line and len(prefix) + len(line) + 1 + len(word) > width:
                self.lines.append(prefix + line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        self.lines.append(prefix + line)

    def text(self) -> str:
        return "\n".join(self.lines).rstrip() + "\n"


def emit_question(out: Out, ind: int, item: dict) -> None:
    """item: no, type, text, criteria{}, guidance[], excel_row, weight, note, comments[]."""
    for c in item.get("comments", ()):
        out.comment(ind, c)
    out.add(ind, f'- "no": {item["no"]}')
    ind += 2
    out.add(ind, f"type: {item['type']}")
    out.add(ind, f"text: {q(item['text'])}")
    if item.get("weight") is not None:
        out.add(ind, f"weight: {num(item['weight'])}")
    if item.get("criteria"):
        out.add(ind, "criteria:")
        for option, text in item["criteria"].items():
            out.add(ind + 2, f"{option}: {q(text)}")
    if item.get("guidance"):
        out.add(ind, "guidance:")
        for line in item["guidance"]:
            out.add(ind + 2, f"- {q(line)}")
    if item.get("excel_row") is not None:
        out.add(ind, f"excel_row: {item['excel_row']}")
    if item.get("note"):
        out.add(ind, f"note: {q(item['note'])}")


def emit_computed(out: Out, ind: int, item: dict) -> None:
    for c in item.get("comments", ()):
        out.comment(ind, c)
    out.add(ind, f"- code: {item['code']}")
    ind += 2
    out.add(ind, f"name: {q(item['name'])}")
    out.add(ind, f"formula: {q(item['formula'])}")
    out.add(ind, "cap: 1")
    out.add(ind, "floor: 0")
    if item.get("note"):
        out.add(ind, f"note: {q(item['note'])}")


def emit_node(out: Out, ind: int, node: dict) -> None:
    """node: code, kind, name, weight, role?, scoring?, comments[], children[] | questions[]."""
    for c in node.get("comments", ()):
        out.comment(ind, c)
    out.add(ind, f"- code: {node['code']}")
    ind += 2
    out.add(ind, f"kind: {node['kind']}")
    if node.get("role"):
        out.add(ind, f"role: {node['role']}")
    out.add(ind, f"name: {q(node['name'])}")
    out.add(ind, f"weight: {num(node['weight'])}")
    if node.get("scoring"):
        out.add(ind, f"scoring: {node['scoring']}")
    if node.get("children"):
        out.add(ind, "children:")
        for child in node["children"]:
            emit_node(out, ind + 2, child)
    if node.get("questions"):
        out.add(ind, "questions:")
        for item in node["questions"]:
            emit_question(out, ind + 2, item)
    if node.get("computed"):
        out.add(ind, "computed:")
        for item in node["computed"]:
            emit_computed(out, ind + 2, item)


def emit_areas(out: Out, areas: list[tuple[str, str, list[str]]]) -> None:
    out.add(0, "areas:")
    for code, name, nodes in areas:
        out.add(2, f"- code: {code}")
        out.add(4, f"name: {q(name)}")
        out.add(4, f"nodes: [{', '.join(nodes)}]")


def emit_predicates(out: Out, predicates: list[dict]) -> None:
    out.add(0, "predicates:")
    for p in predicates:
        for c in p.get("comments", ()):
            out.comment(2, c)
        out.add(2, f"- code: {p['code']}")
        out.add(4, f"name: {q(p['name'])}")
        out.add(4, f"rank: {p['rank']}")
        if p.get("requires"):
            out.add(4, f"requires: {p['requires']}")
        out.add(4, "conditions:")
        for cond in p["conditions"]:
            for c in cond.get("comments", ()):
                out.comment(6, c)
            fields = [f"code: {cond['code']}", f"of: {cond['of']}"]
            if cond.get("ref") is not None:
                fields.append(f"ref: {cond['ref']}")
            for key in ("min", "min_share"):
                if cond.get(key) is not None:
                    # Thresholds given as strings keep the source's digits (e.g. 14.00).
                    value = cond[key]
                    fields.append(f"{key}: {value if isinstance(value, str) else num(value)}")
            fields.append(f"label: {q(cond['label'])}")
            out.add(6, "- {" + ", ".join(fields) + "}")


def emit_header(out: Out, top: dict, header: list[str]) -> None:
    for paragraph in header:
        if paragraph:
            out.comment(0, paragraph)
        else:
            out.add(0, "#")
    out.add(0)
    out.add(0, "format: 1")
    out.add(0, f"code: {top['code']}")
    out.add(0, f'version: "{top["version"]}"')
    out.add(0, f"name: {q(top['name'])}")
    out.add(0, f"legal_basis: {q(top['legal_basis'])}")
    if top.get("description"):
        out.add(0, f"description: {q(top['description'])}")
    out.add(0, "max_total: 100")
    out.add(0)
    for line in ANSWER_TYPES_BLOCK.splitlines():
        out.add(0, line)


COMMON_HEADER = [
    "'no' (the question number) is quoted because in YAML 1.1 a bare no is the boolean false.",
    "Free text is double-quoted; option values come from answer_types unless a question has its "
    "own values. Unanswered items count as 0.",
]


# --------------------------------------------------------------------------- LKE 2021
AREA_NAMES_2021 = {
    "MANAJEMEN PERUBAHAN": ("MP", "Manajemen Perubahan"),
    "PENATAAN TATALAKSANA": ("TT", "Penataan Tatalaksana"),
    "PENATAAN SISTEM MANAJEMEN SDM APARATUR": ("SDM", "Penataan Sistem Manajemen SDM Aparatur"),
    "PENGUATAN AKUNTABILITAS": ("AK", "Penguatan Akuntabilitas"),
    "PENGUATAN PENGAWASAN": ("PW", "Penguatan Pengawasan"),
    "PENINGKATAN KUALITAS PELAYANAN PUBLIK": ("PP", "Peningkatan Kualitas Pelayanan Publik"),
}
HASIL_NAMES_2021 = {
    "BIROKRASI YANG BERSIH DAN AKUNTABEL": "Birokrasi yang Bersih dan Akuntabel",
    "PELAYANAN PUBLIK YANG PRIMA": "Pelayanan Publik yang Prima",
}

UNPUBLISHED = (
    "The exact worksheet formula is not published; this is what the criteria text says "
    "(reference README §1)."
)

# Computed items of the Reform part, per node: (name, formula, comments, note).
COMPUTED_2021 = {
    "A.II.1.i": [
        ("Persentase perubahan yang dibuat terhadap jumlah agen perubahan", "q89 / q88", [], ""),
        (
            "Persentase perubahan yang terintegrasi dalam sistem manajemen",
            "q91 / q90",
            [],
            "",
        ),
    ],
    "A.II.3.iii": [
        (
            "Persentase penurunan pelanggaran disiplin pegawai",
            "(q102 - q103) / q102",
            [
                UNPUBLISHED,
                "(violations last year - violations this year) / violations last year, floored "
                "at 0 (more violations than last year scores 0) and capped at 1.",
            ],
            "Rumus lembar kerja resmi tidak dipublikasikan; rumus ini mengikuti teks kriteria. "
            "/ The official worksheet formula is not published; this follows the criteria text.",
        ),
    ],
    "A.II.4.i": [
        (
            "Persentase sasaran kinerja dengan capaian 100% atau lebih",
            "q106 / q105",
            [],
            "",
        ),
    ],
    "A.II.5.ii": [
        (
            "Persentase pengaduan masyarakat yang selesai ditindaklanjuti",
            "q112 / q110",
            [UNPUBLISHED + " Completed / complaints that must be followed up."],
            "Rumus lembar kerja resmi tidak dipublikasikan; rumus ini mengikuti teks kriteria. "
            "/ The official worksheet formula is not published; this follows the criteria text.",
        ),
    ],
    "A.II.5.iii.a": [
        (
            "Persentase penyampaian LHKPN",
            "(q113a + q114a + q116) / (q113 + q114 + q115)",
            [
                "Not published: the reference's item list for LHKPN is garbled (four counts, no "
                "plain 'reported' count). Modelled as obliged and reported per group (kepala "
                "satuan kerja, pejabat, lainnya): reported / obliged.",
            ],
            "Rumus lembar kerja resmi tidak dipublikasikan: yang sudah melapor / yang wajib "
            "melapor, per kelompok. / Not published: reported / obliged, per group.",
        ),
    ],
    "A.II.5.iii.b": [
        (
            "Persentase penyampaian laporan harta kekayaan non-LHKPN",
            "q120 / (q117 + q118 + q119)",
            ["Reported (total) / obliged (eselon III + eselon IV + fungsional and pelaksana)."],
            "",
        ),
    ],
    "A.II.6.i": [
        (
            "Persentase perijinan/pelayanan yang telah dipermudah",
            "q123 / q122",
            [],
            "",
        ),
    ],
}

QUESTION_COMMENTS_2021 = {
    92: [
        "The reference gives this question weight 1; dropped because its node is scored by "
        "mean: a single question, whose weight equals the sub-component's (1).",
    ],
    104: [
        "Shown for information: no published formula uses the number of sanctioned violations. "
        "Kept as a count input; it is not scored.",
    ],
    111: [
        "Shown for information: no published formula uses the complaints still in process. "
        "Kept as a count input; it is not scored.",
    ],
    113: ["Obliged to report (kepala satuan kerja)."],
    114: ["Obliged to report (pejabat wajib LHKPN)."],
    115: ["Obliged to report (others)."],
    116: ["Reported (others)."],
    125: [
        "Hasil item: value = index / 4 x weight (17.5); the IPAK predicate threshold 15.75 is "
        "index 3.60."
    ],
    127: ["Hasil item: value = index / 4 x weight (17.5)."],
}

ADDED_LHKPN = {
    113: {
        "no": "113a",
        "type": "count",
        "text": "Jumlah Kepala satuan kerja yang sudah melaporkan",
        "comments": [
            "Added by Zona (not in the reference, no Excel row): reported (kepala satuan kerja). "
            "The LHKPN formula needs the reported count of each group."
        ],
        "note": "Ditambahkan oleh Zona karena rumus memerlukannya (tidak ada di lembar kerja "
        "rujukan). / Added because the formula needs it (not in the reference worksheet).",
    },
    114: {
        "no": "114a",
        "type": "count",
        "text": "Jumlah Pejabat yang sudah menyampaikan LHKPN",
        "comments": [
            "Added by Zona (not in the reference, no Excel row): reported (pejabat). "
            "The LHKPN formula needs the reported count of each group."
        ],
        "note": "Ditambahkan oleh Zona karena rumus memerlukannya (tidak ada di lembar kerja "
        "rujukan). / Added because the formula needs it (not in the reference worksheet).",
    },
}


def code_suffix_2021(raw_name: str) -> str:
    """'i. Penyusunan …' -> 'i'; '1. MANAJEMEN …' -> '1'; 'a. …' -> 'a'."""
    m = re.match(r"^([0-9]+|[ivx]+|[a-z])\.\s", raw_name.strip())
    if not m:
        raise SystemExit(f"cannot read the numbering of {raw_name!r}")
    return m.group(1)


def question_2021(raw: dict, in_hasil: bool) -> dict:
    no = raw["no"]
    type_name = raw["answer_type"]
    item = {
        "no": no,
        "type": type_name,
        "text": raw["text"],
        "excel_row": raw.get("excel_row"),
        "comments": list(QUESTION_COMMENTS_2021.get(no, ())),
    }
    lines = raw.get("criteria") or []
    if type_name in OPTIONS:
        item["criteria"], item["guidance"] = split_criteria(lines, type_name)
        if item["guidance"] and type_name != "ya_tidak":
            item["comments"].append(
                "The criteria lines do not map one to one to the options; kept as guidance."
            )
    else:
        item["guidance"] = [clean(x) for x in lines]
    if in_hasil:
        item["weight"] = raw["weight"]
    return item


def node_2021(raw: dict, code: str, kind: str, name: str) -> dict:
    node = {"code": code, "kind": kind, "name": name, "weight": raw["weight"], "comments": []}
    in_hasil = code.startswith("B")
    if raw.get("children"):
        node["children"] = []
        for child in raw["children"]:
            sub = code_suffix_2021(child["name"])
            child_code = f"{code}.{sub}"
            child_kind = {
                "section": "area",
                "area": "subcomponent",
                "subcomponent": "subsubcomponent",
            }[kind]
            child_name = strip_numbering(child["name"])
            if child_kind == "area":
                child_name = AREA_NAMES_2021[child_name][1]
            node["children"].append(node_2021(child, child_code, child_kind, child_name))
        return node
    questions = []
    for raw_q in raw["questions"]:
        questions.append(question_2021(raw_q, in_hasil))
        if raw_q["no"] in ADDED_LHKPN:
            questions.append(dict(ADDED_LHKPN[raw_q["no"]]))
    node["questions"] = questions
    computed = []
    for i, (cname, formula, comments, note) in enumerate(COMPUTED_2021.get(code, ()), 1):
        computed.append(
            {
                "code": f"{code}.c{i}",
                "name": cname,
                "formula": formula,
                "comments": comments,
                "note": note,
            }
        )
    if computed:
        node["computed"] = computed
    return node


def build_2021(ref: dict) -> str:
    roots = {strip_numbering(r["name"]): r for r in ref["tree"]}
    pengungkit, hasil = roots["PENGUNGKIT"], roots["HASIL"]
    sections = {strip_numbering(s["name"]): s for s in pengungkit["children"]}

    a = {
        "code": "A",
        "kind": "part",
        "role": "pengungkit",
        "name": "Pengungkit",
        "weight": pengungkit["weight"],
        "comments": [],
        "children": [
            node_2021(sections["PEMENUHAN"], "A.I", "section", "Pemenuhan"),
            node_2021(sections["REFORM"], "A.II", "section", "Reform"),
        ],
    }
    a["children"][1]["comments"] = [
        "Reform: some of its items are percentages computed from count inputs (`computed:`); "
        "the counts themselves are not scored."
    ]
    components = []
    for raw in hasil["children"]:
        roman = re.match(r"^([IVX]+)\.\s", raw["name"]).group(1)
        comp = {
            "code": f"B.{roman}",
            "kind": "component",
            "name": HASIL_NAMES_2021[strip_numbering(raw["name"])],
            "weight": raw["weight"],
            "scoring": "weighted",
            "comments": [],
            "questions": [question_2021(q_, True) for q_ in raw["questions"]],
        }
        components.append(comp)
    components[0]["comments"] = ["Hasil components: value = sum of item value x item weight."]
    b = {
        "code": "B",
        "kind": "part",
        "role": "hasil",
        "name": "Hasil",
        "weight": hasil["weight"],
        "comments": [],
        "children": components,
    }

    out = Out()
    emit_header(
        out,
        {
            "code": "lke-2021",
            "version": "2026.1",
            "name": "LKE Zona Integritas — PermenPANRB 90/2021",
            "legal_basis": "PermenPANRB 90/2021 (edisi evaluasi tahun 2026)",
        },
        [
            "LKE Zona Integritas, PermenPANRB 90/2021 — the edition used for evaluation year "
            "2026. A framework file of Zona (format: docs/framework-format.md).",
            "",
            "Sources: the hierarchy, weights (bobot), question texts, answer types, option "
            "criteria, option values and Excel rows (sheet 'Jawaban' of the official workbook: "
            "column K = jawaban unit, N = jawaban TPI) were transcribed from the published LKE "
            "(reference lke-2021.json). Scoring rules and predicate thresholds: reference "
            "README §1 and §2. Node codes follow the LKE's own numbering.",
            "",
            "Interpretations (each marked with a comment where it is made): the formulas of the "
            "computed Reform items, the 0/0 rule, the two LHKPN inputs the reference lacks "
            "(113a, 114a), the WBBM thresholds (one source).",
            "",
            "First written by scripts/gen_frameworks.py (a one-off); maintained by hand since. "
            "Evaluations pin code + version: when you correct this file, give it a new "
            "`version`.",
            "",
            *COMMON_HEADER,
        ],
    )
    out.add(0)
    out.comment(
        0,
        "Value of a computed item whose formula divides by zero. The worksheet's 0/0 rule is not "
        "published; the most complete existing implementation scores 0/0 as 1 (nothing was due, "
        "so nothing is missing). A zero denominator with a non-zero numerator scores 0.",
    )
    out.add(0, "zero_division: {zero_over_zero: 1, nonzero_over_zero: 0}")
    out.add(0)
    out.add(0, "tree:")
    emit_node(out, 2, a)
    emit_node(out, 2, b)
    out.add(0)
    out.comment(0, "Areas of the predicate rules: Pemenuhan + Reform of the same area.")
    areas = []
    for i, (code, name) in enumerate(AREA_NAMES_2021.values(), 1):
        areas.append((code, name, [f"A.I.{i}", f"A.II.{i}"]))
    emit_areas(out, areas)
    out.add(0)
    out.comment(
        0,
        "Predicate thresholds (reference README §2). WBK: agreed by two independent "
        "implementations. WBBM: from one source, attributed to PermenPANRB 90/2021 as amended "
        "by PermenPANRB 5/2024.",
    )
    emit_predicates(
        out,
        [
            {
                "code": "WBK",
                "name": "Menuju WBK",
                "rank": 1,
                "conditions": [
                    {"code": "total", "of": "total", "min": 75, "label": "Nilai total"},
                    {
                        "code": "pengungkit",
                        "of": "pengungkit",
                        "min": 40,
                        "label": "Nilai pengungkit",
                    },
                    {
                        "code": "each_area",
                        "of": "each_area",
                        "min_share": "0.60",
                        "label": "Setiap area (pemenuhan + reform)",
                    },
                    {
                        "code": "bersih",
                        "of": "node",
                        "ref": "B.I",
                        "min": "18.25",
                        "label": "Birokrasi yang bersih dan akuntabel",
                    },
                    {
                        "code": "ipak",
                        "of": "item",
                        "ref": 125,
                        "min": "15.75",
                        "label": "Indeks Persepsi Anti Korupsi (IPAK)",
                        "comments": ["15.75 = index 3.60."],
                    },
                    {
                        "code": "capaian_kinerja",
                        "of": "item",
                        "ref": 126,
                        "min": "2.50",
                        "label": "Capaian kinerja",
                    },
                    {
                        "code": "pelayanan",
                        "of": "node",
                        "ref": "B.II",
                        "min": "14.00",
                        "label": "Pelayanan publik yang prima",
                        "comments": ["14.00 = index 3.20."],
                    },
                ],
            },
            {
                "code": "WBBM",
                "name": "Menuju WBBM",
                "rank": 2,
                "requires": "WBK",
                "comments": ["WBBM thresholds: one source (see above); the unit must hold WBK."],
                "conditions": [
                    {"code": "total", "of": "total", "min": 85, "label": "Nilai total"},
                    {
                        "code": "pengungkit",
                        "of": "pengungkit",
                        "min": 48,
                        "label": "Nilai pengungkit",
                    },
                    {
                        "code": "each_area",
                        "of": "each_area",
                        "min_share": "0.75",
                        "label": "Setiap area (pemenuhan + reform)",
                    },
                    {
                        "code": "bersih",
                        "of": "node",
                        "ref": "B.I",
                        "min": "19.50",
                        "label": "Birokrasi yang bersih dan akuntabel",
                    },
                    {
                        "code": "ipak",
                        "of": "item",
                        "ref": 125,
                        "min": "15.75",
                        "label": "Indeks Persepsi Anti Korupsi (IPAK)",
                    },
                    {
                        "code": "capaian_kinerja",
                        "of": "item",
                        "ref": 126,
                        "min": "3.75",
                        "label": "Capaian kinerja",
                    },
                    {
                        "code": "pelayanan",
                        "of": "node",
                        "ref": "B.II",
                        "min": "15.75",
                        "label": "Pelayanan publik yang prima",
                        "comments": ["15.75 = index 3.60."],
                    },
                ],
            },
        ],
    )
    return out.text()


# --------------------------------------------------------------------------- LKE 2019
AREA_CODES_2019 = ("MP", "TT", "SDM", "AK", "PW", "PP")


TYPE_LABELS = {
    "ya_tidak": "Ya/Tidak",
    "abc": "A/B/C",
    "abcd": "A/B/C/D",
    "abcde": "A/B/C/D/E",
    "percent": "percentage",
    "count": "count",
    "index_0_4": "index 0-4",
}


def question_2019(raw: dict, shared: dict[int, list[int]], types_2021: dict[int, str]) -> dict:
    """One Pengungkit question; `types_2021` gives the answer type of each 2021 question."""
    no = raw["no"]
    type_name = raw["answer_type"]
    analogue = raw.get("analogue_2021")
    item = {"no": no, "type": type_name, "text": raw["text"], "comments": []}
    source = raw.get("answer_type_source")
    if source:
        item["note"] = f"Answer type: {source}."
    lines = raw.get("criteria_2021_analogue") or []
    analogue_type = types_2021.get(analogue) if analogue is not None else None
    said = []
    if lines and criteria_letters_match(lines, type_name):
        item["criteria"], _ = split_criteria(lines, type_name)
        if source:
            said.append(f"Criteria from 2021 question {analogue}.")
        else:
            said.append(
                f"Type and criteria from 2021 question {analogue}; the type may differ in this "
                "version (see the header)."
            )
    elif analogue is not None:
        label = TYPE_LABELS.get(analogue_type or "", analogue_type)
        if lines or analogue_type != type_name:
            said.append(
                f"No criteria: those of 2021 question {analogue} have a different scale ({label})."
            )
        else:
            said.append(f"No criteria: the reference gives none for 2021 question {analogue}.")
        if not source:
            said.append("The type may differ in this version (see the header).")
    else:
        said.append(
            "No 2021 analogue, so no criteria; the type (reference question bank) is not "
            "confirmed by a published worksheet."
        )
    if analogue is not None and len(shared.get(analogue, ())) > 1:
        others = ", ".join(str(n) for n in shared[analogue] if n != no)
        said.append(
            f"2021 question {analogue} is also the analogue of question {others}; its criteria "
            "may fit only one of them."
        )
    if said:
        item["comments"].append(" ".join(said))
    return item


def build_2019(ref: dict, ref_2021: dict) -> str:
    areas_raw = ref["pengungkit"]["areas"]
    types_2021 = {}
    stack = list(ref_2021["tree"])
    while stack:
        node = stack.pop()
        stack.extend(node.get("children", ()))
        types_2021.update({x["no"]: x["answer_type"] for x in node.get("questions", ())})
    shared: dict[int, list[int]] = {}
    for area in areas_raw:
        for sub in area["children"]:
            for raw_q in sub["questions"]:
                if raw_q.get("analogue_2021") is not None:
                    shared.setdefault(raw_q["analogue_2021"], []).append(raw_q["no"])

    area_nodes = []
    for i, area in enumerate(areas_raw, 1):
        subs = []
        for j, sub in enumerate(area["children"]):
            node = {
                "code": f"A.{i}.{ROMAN_LOWER[j]}",
                "kind": "subcomponent",
                "name": sub["name"],
                "weight": sub["weight"],
                "comments": [],
                "questions": [question_2019(x, shared, types_2021) for x in sub["questions"]],
            }
            if sub.get("weight_note"):
                node["comments"].append(f"Weight (reference note): {sub['weight_note']}.")
            subs.append(node)
        area_nodes.append(
            {
                "code": f"A.{i}",
                "kind": "area",
                "name": area["name"],
                "weight": area["weight"],
                "comments": [],
                "children": subs,
            }
        )
    a = {
        "code": "A",
        "kind": "part",
        "role": "pengungkit",
        "name": "Pengungkit",
        "weight": ref["pengungkit"]["weight"],
        "comments": [],
        "children": area_nodes,
    }

    hasil = ref["hasil"]
    components = []
    for roman, comp in zip(("I", "II"), hasil["components"], strict=True):
        questions = []
        for it in comp["items"]:
            type_name = "percent" if "percent" in it["input"] else "index_0_4"
            questions.append(
                {
                    "no": it["no"],
                    "type": type_name,
                    "text": it["name"],
                    "weight": it["weight"],
                    "comments": [f"Input: {it['input']}. Score: {it['score']}."],
                }
            )
        components.append(
            {
                "code": f"B.{roman}",
                "kind": "component",
                "name": comp["name"],
                "weight": comp["weight"],
                "scoring": "weighted",
                "comments": [],
                "questions": questions,
            }
        )
    components[0]["comments"] = [
        "Hasil components: value = sum of item value x item weight. The scoring of the items is "
        "inferred (index / 4 x weight; percent / 100 x weight), consistent with the seed's "
        "thresholds (reference lke-2019.json)."
    ]
    b = {
        "code": "B",
        "kind": "part",
        "role": "hasil",
        "name": "Hasil",
        "weight": hasil["weight"],
        "comments": [],
        "children": components,
    }

    confidence = ref.get("confidence", {})
    out = Out()
    emit_header(
        out,
        {
            "code": "lke-2019",
            "version": "2019.1",
            "name": "LKE Zona Integritas — PermenPANRB 52/2014 jo. 10/2019",
            "legal_basis": "PermenPANRB 52/2014 sebagaimana diubah dengan PermenPANRB 10/2019",
        },
        [
            "LKE Zona Integritas, PermenPANRB 52/2014 as amended by PermenPANRB 10/2019 — the "
            "version the seed document presents (FGD deck, Inspektorat Utama Setjen DPR RI, "
            "8 May 2019). A framework file of Zona (format: docs/framework-format.md).",
            "",
            "Sources (reference lke-2019.json and README): area weights "
            f"{confidence.get('area weights', '')}. Sub-component weights: "
            f"{confidence.get('sub-component weights', '')}. Question texts "
            f"{confidence.get('question texts', '')}. Answer types: "
            f"{confidence.get('answer types', '')}",
            "",
            "Questions are numbered 1-81 in order; the Hasil items are 82 (anti-corruption "
            "perception index), 83 (TLHP percentage) and 84 (service-quality perception index). "
            "Option criteria are those of the same question in the 2021 LKE where its options "
            "match; this version's own criteria were not found. Predicate thresholds: the seed, "
            "slide 'SYARAT PENETAPAN WBK/WBBM' (reference README §2).",
            "",
            "First written by scripts/gen_frameworks.py (a one-off); maintained by hand since. "
            "Evaluations pin code + version: when you correct this file, give it a new "
            "`version`.",
            "",
            *COMMON_HEADER,
        ],
    )
    out.add(0)
    out.add(0, "tree:")
    emit_node(out, 2, a)
    emit_node(out, 2, b)
    out.add(0)
    emit_areas(
        out,
        [
            (code, area["name"], [area["code"]])
            for code, area in zip(AREA_CODES_2019, area_nodes, strict=True)
        ],
    )
    out.add(0)
    out.comment(0, "Predicate thresholds: the seed, slide 'SYARAT PENETAPAN WBK/WBBM'.")
    common = [
        {"code": "bersih", "of": "node", "ref": "B.I", "min": 18,
         "label": "Pemerintah yang Bersih dan Bebas KKN"},
        {"code": "ipak", "of": "item", "ref": 82, "min": "13.5",
         "label": "Survei Persepsi Anti Korupsi", "comments": ["13.5 = index 3.60."]},
        {"code": "tlhp", "of": "item", "ref": 83, "min": "3.5", "label": "Persentase TLHP",
         "comments": ["3.5 = 70 %."]},
    ]  # fmt: skip
    emit_predicates(
        out,
        [
            {
                "code": "WBK",
                "name": "Menuju WBK",
                "rank": 1,
                "conditions": [
                    {"code": "total", "of": "total", "min": 75, "label": "Nilai total"},
                    *common,
                ],
            },
            {
                "code": "WBBM",
                "name": "Menuju WBBM",
                "rank": 2,
                "requires": "WBK",
                "conditions": [
                    {"code": "total", "of": "total", "min": 85, "label": "Nilai total"},
                    *common,
                    {"code": "pelayanan", "of": "node", "ref": "B.II", "min": 16,
                     "label": "Kualitas Pelayanan Publik",
                     "comments": ["16 = index 3.20."]},
                ],
            },
        ],
    )  # fmt: skip
    return out.text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    ref_2019 = json.loads((args.reference / "lke-2019.json").read_text(encoding="utf-8"))
    ref_2021 = json.loads((args.reference / "lke-2021.json").read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in (
        ("lke-2019.yaml", build_2019(ref_2019, ref_2021)),
        ("lke-2021.yaml", build_2021(ref_2021)),
    ):
        path = args.out / name
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")


if __name__ == "__main__":
    main()
