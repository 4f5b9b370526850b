"""Cross-check the shipped framework files against the reference transcriptions.

The reference (`../shared/reference/`, beside the repository: `lke-2019.json`, `lke-2021.json` and
the README's tables) holds the facts the framework files were transcribed from. These tests load
the shipped YAML through the real loader and compare, item by item: question numbers, texts,
answer types, where each question sits in the tree, option values, Excel rows, node weights,
Hasil item weights, option criteria and the predicate thresholds.

Texts are compared ignoring whitespace (the files fix double spaces and words run together) and,
for criteria, ignoring case and the option prefix ("a. ", "Ya, ").

The reference is not part of the product; where it is absent these tests are skipped.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

from zona.lke.loader import load_framework_file
from zona.lke.model import CHOICE_OPTIONS, Framework

REPO = Path(__file__).resolve().parents[2]
REFERENCE = REPO.parent / "shared" / "reference"
FRAMEWORKS = REPO / "zona" / "lke" / "frameworks"
REFERENCE_FILES = ("lke-2019.json", "lke-2021.json", "README.md")

if not all((REFERENCE / name).is_file() for name in REFERENCE_FILES):
    pytest.skip(
        f"reference folder {REFERENCE} (with {', '.join(REFERENCE_FILES)}) is absent: it lives "
        "beside the repository, not in it, so the cross-check cannot run here",
        allow_module_level=True,
    )

YEARS = ("2019", "2021")
# Inputs the framework adds because the official workbook asks for them (LHKASN's K185).
EXTRA_INPUTS = {"2019": set(), "2021": {"117a"}}
EXTRA_ROWS = {"117a": 181}
# Texts the official workbook (Lampiran III, sheet "LKE ZI") writes otherwise than the reference's
# garbled LHKPN list: one "sudah melaporkan" total per block (K182, K189).
WORKBOOK_TEXTS = {
    ("2021", "116"): "Jumlah yang sudah melaporkan",
    ("2021", "120"): "Jumlah yang sudah melaporkan",
}
# Pengungkit questions + Hasil items of the reference, and the expected totals in the files.
EXPECTED_COUNTS = {"2019": (81, 3, 84), "2021": (124, 3, 128)}

NUMBERING = re.compile(r"^(?:[A-Z]|[IVX]+|[0-9]+|[ivx]+|[a-z])\.\s+")
OPTION_PREFIX = re.compile(r"^\s*(?:[a-eA-E]\s*\.|ya\s*,)\s*", re.IGNORECASE)


# --------------------------------------------------------------------------- helpers
def name_key(name: str) -> str:
    """A node name without its numbering ("i. ", "1. ", "A. "), case and spacing."""
    return " ".join(NUMBERING.sub("", name.strip(), count=1).split()).casefold()


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def criterion_key(text: str) -> str:
    return squash(OPTION_PREFIX.sub("", text, count=1)).casefold()


def dec(value) -> Decimal:
    return Decimal(str(value))


@cache
def framework(year: str) -> Framework:
    # the reference's lke-2019.json is the 52/2014 LKE, shipped as lke-2014 (README §8)
    return load_framework_file(FRAMEWORKS / {"2019": "lke-2014.yaml"}.get(year, f"lke-{year}.yaml"))


def node_path(fw: Framework, code: str) -> tuple[str, ...]:
    chain = [code, *fw.ancestors(code)]
    return tuple(name_key(fw.nodes[c].name) for c in reversed(chain))


@cache
def nodes_by_path(year: str) -> dict[tuple[str, ...], str]:
    fw = framework(year)
    return {node_path(fw, code): code for code in fw.nodes}


def load_json(name: str) -> dict:
    return json.loads((REFERENCE / name).read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the reference
def reference_2021() -> tuple[dict, dict]:
    """({no: question facts}, {path: weight}) of lke-2021.json."""
    questions: dict[str, dict] = {}
    nodes: dict[tuple[str, ...], Decimal] = {}

    def walk(node: dict, parent: tuple[str, ...]) -> None:
        path = (*parent, name_key(node["name"]))
        nodes[path] = dec(node["weight"])
        for child in node.get("children", ()):
            walk(child, path)
        for q in node.get("questions", ()):
            questions[str(q["no"])] = {
                "text": q["text"],
                "type": q["answer_type"],
                "path": path,
                "values": {k.lower(): dec(v) for k, v in (q.get("values") or {}).items()},
                "excel_row": q.get("excel_row"),
                "hasil": path[0] == "hasil",
                "weight": dec(q["weight"]) if path[0] == "hasil" else None,
                "criteria": q.get("criteria") or [],
            }

    for root in load_json("lke-2021.json")["tree"]:
        walk(root, ())
    return questions, nodes


def reference_2019() -> tuple[dict, dict]:
    ref = load_json("lke-2019.json")
    questions: dict[str, dict] = {}
    nodes: dict[tuple[str, ...], Decimal] = {
        ("pengungkit",): dec(ref["pengungkit"]["weight"]),
        ("hasil",): dec(ref["hasil"]["weight"]),
    }
    for area in ref["pengungkit"]["areas"]:
        area_path = ("pengungkit", name_key(area["name"]))
        nodes[area_path] = dec(area["weight"])
        for sub in area["children"]:
            path = (*area_path, name_key(sub["name"]))
            nodes[path] = dec(sub["weight"])
            for q in sub["questions"]:
                questions[str(q["no"])] = {
                    "text": q["text"],
                    "type": q["answer_type"],
                    "path": path,
                    "hasil": False,
                    "weight": None,
                    "analogue_criteria": q.get("criteria_2021_analogue") or [],
                }
    for comp in ref["hasil"]["components"]:
        path = ("hasil", name_key(comp["name"]))
        nodes[path] = dec(comp["weight"])
        for item in comp["items"]:
            questions[str(item["no"])] = {
                "text": item["name"],
                # The reference describes the input in words: a survey index or a percentage.
                "type": "percent" if "percent" in item["input"] else "index_0_4",
                "path": path,
                "hasil": True,
                "weight": dec(item["weight"]),
                "analogue_criteria": [],
            }
    return questions, nodes


REF = {"2019": reference_2019(), "2021": reference_2021()}


def readme_table(after: str) -> list[list[str]]:
    """The rows (cells) of the first Markdown table after the line starting with `after`."""
    lines = (REFERENCE / "README.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(after))
    rows: list[list[str]] = []
    for line in lines[start + 1 :]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif rows:
            break
    return [r for r in rows[1:] if not set("".join(r)) <= set("-: ")]  # no header, no rule


@cache
def readme_values() -> dict[str, dict[str, Decimal]]:
    """README §1: the value of each option of each choice type."""
    labels = {"Ya/Tidak": "ya_tidak", "A/B/C": "abc", "A/B/C/D": "abcd", "A/B/C/D/E": "abcde"}
    out = {}
    for label, rule in readme_table("## 1."):
        if label in labels:
            pairs = re.findall(r"\b([A-Za-z]+) = ([0-9.]+)", rule)
            out[labels[label]] = {k.lower(): Decimal(v) for k, v in pairs}
    assert set(out) == set(labels.values()), f"README §1 table not understood: {out}"
    return out


# Row labels of the README §2 tables -> condition code in the framework, and what the condition
# must measure (of, ref). "requires" is the row about the earlier predicate.
README_ROWS = {
    "2019": {
        "total (pengungkit + hasil)": ("total", "total", None),
        'Hasil "Pemerintah yang Bersih dan Bebas KKN"': ("bersih", "node", "B.I"),
        'sub-component "Survei Persepsi Anti Korupsi"': ("ipak", "item", "82"),
        'sub-component "Persentase TLHP"': ("tlhp", "item", "83"),
        'Hasil "Kualitas Pelayanan Publik"': ("pelayanan", "node", "B.II"),
    },
    "2021": {
        "total": ("total", "total", None),
        "pengungkit": ("pengungkit", "pengungkit", None),
        "every area (Pemenuhan + Reform of that area)": ("each_area", "each_area", None),
        "Birokrasi bersih dan akuntabel": ("bersih", "node", "B.I"),
        "– IPAK item": ("ipak", "item", "125"),
        "– Capaian kinerja item": ("capaian_kinerja", "item", "126"),
        "Pelayanan publik prima": ("pelayanan", "node", "B.II"),
        "earlier predicate": ("requires", None, None),
    },
}
README_HEADINGS = {"2019": "**LKE 2019", "2021": "**LKE 2021"}
PREDICATE_COLUMNS = ("WBK", "WBBM")
THRESHOLD = re.compile(r"^≥\s*([0-9]+(?:\.[0-9]+)?)\s*(%)?")


def readme_thresholds() -> list[tuple[str, str, str, tuple, str]]:
    """(year, predicate, row label, (code, of, ref), cell) of every cell of the §2 tables."""
    out = []
    for year in YEARS:
        rows = readme_table(README_HEADINGS[year])
        labels = [r[0] for r in rows]
        assert set(labels) == set(README_ROWS[year]), (
            f"README §2 table for {year} has rows {labels}; this test knows "
            f"{list(README_ROWS[year])}: update README_ROWS"
        )
        for row in rows:
            for predicate, cell in zip(PREDICATE_COLUMNS, row[1:], strict=True):
                out.append((year, predicate, row[0], README_ROWS[year][row[0]], cell))
    return out


# --------------------------------------------------------------------------- parameters
def question_params() -> list:
    return [pytest.param(y, no, id=f"{y}-q{no}") for y in YEARS for no in REF[y][0]]


def node_params() -> list:
    return [pytest.param(y, p, id=f"{y}-{'/'.join(p)}") for y in YEARS for p in REF[y][1]]


# --------------------------------------------------------------------------- the tests
@pytest.mark.parametrize("year", YEARS)
def test_framework_loads_with_its_code(year):
    fw = framework(year)
    assert fw.code == {"2019": "lke-2014"}.get(year, f"lke-{year}")  # README §8: it is 52/2014
    assert fw.max_total == 100


@pytest.mark.parametrize("year", YEARS)
def test_question_count(year):
    questions, _ = REF[year]
    pengungkit, hasil, total = EXPECTED_COUNTS[year]
    assert sum(not q["hasil"] for q in questions.values()) == pengungkit
    assert sum(q["hasil"] for q in questions.values()) == hasil
    fw = framework(year)
    assert len(fw.questions) == total
    assert set(fw.questions) == set(questions) | EXTRA_INPUTS[year]


@pytest.mark.parametrize("year", YEARS)
def test_extra_inputs_are_unscored_counts_without_excel_row(year):
    fw = framework(year)
    for no in EXTRA_INPUTS[year]:
        question = fw.questions[no]
        assert question.type == "count", no
        # 117a: the free row of sheet "Jawaban" above the breakdown it sums up for the unit
        assert question.excel_row == EXTRA_ROWS.get(no), no
        assert any(no in fw.computed[c].inputs for c in fw.computed), f"{no} feeds no formula"


@pytest.mark.parametrize(("year", "no"), question_params())
def test_question_matches_reference(year, no):
    ref = REF[year][0][no]
    fw = framework(year)
    assert no in fw.questions, f"question {no} missing from lke-{year}.yaml"
    question = fw.questions[no]
    assert squash(question.text) == squash(WORKBOOK_TEXTS.get((year, no), ref["text"]))
    assert question.type == ref["type"]
    assert node_path(fw, question.node) == ref["path"]
    assert question.weight == ref["weight"]
    if year == "2021":
        assert question.excel_row == ref["excel_row"]
        expected_values = ref["values"] or None
    else:
        expected_values = readme_values().get(ref["type"])
    assert question.values == expected_values


@pytest.mark.parametrize(("year", "path"), node_params())
def test_node_weight_matches_reference(year, path):
    code = nodes_by_path(year).get(path)
    assert code is not None, f"no node {'/'.join(path)} in lke-{year}.yaml"
    assert framework(year).nodes[code].weight == REF[year][1][path]


@pytest.mark.parametrize("year", YEARS)
def test_no_node_beyond_the_reference(year):
    assert set(nodes_by_path(year)) == set(REF[year][1])


def _expected_criteria(lines: list[str], type_name: str) -> list[str]:
    return [
        criterion_key(x) if type_name in CHOICE_OPTIONS else squash(x).casefold() for x in lines
    ]


def _shipped_criteria(question) -> list[str]:
    ordered = [question.criteria[o] for o in question.options if o in question.criteria]
    return [criterion_key(x) for x in ordered] + [squash(x).casefold() for x in question.guidance]


def _letters_fit(lines: list[str], type_name: str) -> bool:
    options = CHOICE_OPTIONS.get(type_name, ())
    if type_name == "ya_tidak":
        return len(lines) == 1 and re.match(r"^ya\s*,", lines[0], re.IGNORECASE) is not None
    found = [re.match(r"^\s*([a-e])\s*\.", x, re.IGNORECASE) for x in lines]
    return len(lines) == len(options) and all(
        m is not None and m.group(1).lower() == o for m, o in zip(found, options, strict=True)
    )


@pytest.mark.parametrize(("year", "no"), question_params())
def test_criteria_match_reference(year, no):
    ref = REF[year][0][no]
    question = framework(year).questions[no]
    if year == "2021":
        lines = ref["criteria"]
        if _letters_fit(lines, ref["type"]):
            # Every option has its criterion, in order.
            expected_keys = list(question.options) if ref["type"] != "ya_tidak" else ["ya"]
            assert list(question.criteria) == expected_keys
        assert _shipped_criteria(question) == _expected_criteria(lines, ref["type"])
    else:
        # 2019: the 2021 analogue's criteria, only where its options fit this question's type.
        lines = ref["analogue_criteria"]
        expected = lines if _letters_fit(lines, ref["type"]) else []
        assert _shipped_criteria(question) == _expected_criteria(expected, ref["type"])


@pytest.mark.parametrize(
    ("year", "predicate", "row", "target", "cell"),
    [pytest.param(*t, id=f"{t[0]}-{t[1]}-{t[3][0]}") for t in readme_thresholds()],
)
def test_predicate_threshold_matches_readme(year, predicate, row, target, cell):
    code, of, ref = target
    fw_predicate = framework(year).predicate(predicate)
    if code == "requires":
        expected = "WBK" if "Menuju WBK" in cell else None
        assert fw_predicate.requires == expected, f"{row}: {cell}"
        return
    conditions = {c.code: c for c in fw_predicate.conditions}
    if cell in ("–", "-", ""):
        assert code not in conditions, f"{predicate} has '{code}', the README has none ({row})"
        return
    match = THRESHOLD.match(cell)
    assert match, f"README cell not understood: {cell!r} ({row})"
    assert code in conditions, f"{predicate} lacks the condition '{code}' ({row}: {cell})"
    condition = conditions[code]
    assert (condition.of, condition.ref) == (of, ref)
    value = Decimal(match.group(1))
    if match.group(2):  # "≥ 60 % of its weight"
        assert condition.min_share == value / 100
        assert condition.min is None
    else:
        assert condition.min == value
        assert condition.min_share is None


@pytest.mark.parametrize("year", YEARS)
def test_predicates_have_no_condition_beyond_the_readme(year):
    known = {code for code, _, _ in README_ROWS[year].values()} - {"requires"}
    for predicate in framework(year).predicates:
        extra = {c.code for c in predicate.conditions} - known
        assert not extra, f"{predicate.code}: conditions not in the README: {extra}"
    assert [p.code for p in framework(year).predicates] == list(PREDICATE_COLUMNS)


SEED_KEYS_2019 = {
    "total_min": "total",
    "bersih_kkn_min": "bersih",
    "survei_persepsi_anti_korupsi_min": "ipak",
    "tlhp_min": "tlhp",
    "kualitas_pelayanan_min": "pelayanan",
}


@pytest.mark.parametrize("predicate", PREDICATE_COLUMNS)
def test_2019_thresholds_match_the_seed_table_in_the_json(predicate):
    seed = load_json("lke-2019.json")["predicate_thresholds_from_seed"][predicate]
    conditions = {c.code: c for c in framework("2019").predicate(predicate).conditions}
    expected = {SEED_KEYS_2019[k]: dec(v) for k, v in seed.items() if k in SEED_KEYS_2019}
    assert {code: c.min for code, c in conditions.items()} == expected
    assert framework("2019").predicate(predicate).requires == (
        "WBK" if "requires" in seed else None
    )


def test_2021_areas_pair_pemenuhan_and_reform():
    fw = framework("2021")
    _, ref_nodes = REF["2021"]
    assert len(fw.areas) == 6
    for area in fw.areas:
        pemenuhan, reform = area.nodes
        assert fw.nodes[pemenuhan].parent == "A.I"
        assert fw.nodes[reform].parent == "A.II"
        names = {name_key(area.name), name_key(fw.nodes[pemenuhan].name)}
        assert names == {name_key(fw.nodes[reform].name)}
        expected = ref_nodes[("pengungkit", "pemenuhan", name_key(area.name))]
        expected += ref_nodes[("pengungkit", "reform", name_key(area.name))]
        assert area.weight == expected
    covered = {n for area in fw.areas for n in area.nodes}
    assert covered == {c for c, n in fw.nodes.items() if n.kind == "area"}


def test_2019_areas_are_the_six_area_nodes():
    fw = framework("2019")
    assert [a.nodes for a in fw.areas] == [(f"A.{i}",) for i in range(1, 7)]
    for area in fw.areas:
        assert name_key(area.name) == name_key(fw.nodes[area.nodes[0]].name)
