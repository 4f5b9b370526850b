"""The reference's rules, table-driven, on the two shipped frameworks (lke-2014, lke-2021)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zona.lke.display import format_number
from zona.lke.model import CHOICE_OPTIONS, Framework
from zona.lke.registry import builtin_framework
from zona.lke.scoring import score

D = Decimal
LKE2019 = builtin_framework("lke-2014")
LKE2021 = builtin_framework("lke-2021")

# Counts that make every computed item of lke-2021 reach 100 % (without the 0/0 rule) …
BEST_COUNTS_2021 = {
    "88": 5, "89": 5, "90": 5, "91": 5, "102": 10, "103": 0, "104": 0, "105": 8, "106": 8,
    "110": 20, "111": 0, "112": 20, "113": 1, "114": 10, "115": 5,
    "116": 16, "117a": 49, "117": 3, "118": 6, "119": 40, "120": 49, "122": 12, "123": 12,
}  # fmt: skip
# … and 0 %.
WORST_COUNTS_2021 = {
    **BEST_COUNTS_2021,
    "89": 0, "91": 0, "103": 10, "106": 0, "112": 0, "116": 0,
    "120": 0, "123": 0,
}  # fmt: skip


def uniform(framework: Framework, best: bool, counts: dict) -> dict:
    answers = {}
    for no, q in framework.questions.items():
        if q.type in CHOICE_OPTIONS:
            answers[no] = CHOICE_OPTIONS[q.type][0 if best else -1]
        elif q.type == "count":
            answers[no] = counts[no]
        elif q.type == "percent":
            answers[no] = 100 if best else 0
        else:
            answers[no] = 4 if best else 0
    return answers


def best(framework: Framework) -> dict:
    return uniform(framework, True, BEST_COUNTS_2021 if framework is LKE2021 else {})


def worst(framework: Framework) -> dict:
    return uniform(framework, False, WORST_COUNTS_2021 if framework is LKE2021 else {})


def condition(result, predicate: str, code: str):
    return next(c for c in result.conditions_of(predicate) if c.code == code)


# --- structure ------------------------------------------------------------------------------
def test_shipped_frameworks_shape():
    assert (LKE2019.key, len(LKE2019.questions)) == ("lke-2014@2019.4", 84)
    assert (LKE2021.key, len(LKE2021.questions)) == ("lke-2021@2026.4", 128)
    assert [(a.name, a.weight) for a in LKE2021.areas] == [
        ("Manajemen Perubahan", 8), ("Penataan Tatalaksana", 7),
        ("Penataan Sistem Manajemen SDM Aparatur", 10), ("Penguatan Akuntabilitas", 10),
        ("Penguatan Pengawasan", 15), ("Peningkatan Kualitas Pelayanan Publik", 10),
    ]  # fmt: skip
    assert [a.weight for a in LKE2019.areas] == [5, 5, 15, 10, 15, 10]
    assert len(LKE2021.computed) == 8


# --- the published example ------------------------------------------------------------------
@pytest.mark.parametrize(
    "framework, node, answers",
    [
        # PN Serang 2022: "Rencana Pembangunan Zona Integritas", weight 1: Ya, C, Ya → 0.67.
        (LKE2019, "A.1.ii", {"3": "Ya", "4": "C", "5": "Ya"}),
        # The same answers in the 2021 LKE, where question 5 became A/B/C.
        (LKE2021, "A.I.1.ii", {"3": "Ya", "4": "C", "5": "A"}),
    ],
)
def test_pn_serang_example(framework, node, answers):
    result = score(framework, answers)
    assert framework.nodes[node].weight == 1
    assert result.nodes[node] == pytest.approx(2 / 3)
    assert format_number(result.nodes[node], "id") == "0,67"
    assert format_number(result.nodes[node], "en") == "0.67"


# --- extremes -------------------------------------------------------------------------------
@pytest.mark.parametrize("framework", [LKE2019, LKE2021], ids=["2019", "2021"])
def test_all_best_is_100_and_wbbm_only_with_prior_wbk(framework):
    answers = best(framework)
    result = score(framework, answers, previous_predicate="WBK")
    assert (result.total, result.pengungkit, result.hasil) == (100, 60, 40)
    assert not result.unanswered
    assert result.predicate.code == "WBBM" and result.predicate.name == "Menuju WBBM"
    assert all(c.met for c in result.conditions)

    without_prior = score(framework, answers)
    assert without_prior.predicate.code == "WBK"
    requirement = condition(without_prior, "WBBM", "requires")
    assert (requirement.met, requirement.required, requirement.actual) == (False, "WBK", None)
    assert [c.code for c in without_prior.conditions_of("WBBM") if not c.met] == ["requires"]


@pytest.mark.parametrize("framework", [LKE2019, LKE2021], ids=["2019", "2021"])
def test_all_worst_is_zero(framework):
    result = score(framework, worst(framework), previous_predicate="WBK")
    assert (result.total, result.pengungkit, result.hasil) == (0, 0, 0)
    assert result.predicate is None
    assert not result.unanswered


@pytest.mark.parametrize("framework", [LKE2019, LKE2021], ids=["2019", "2021"])
def test_nothing_answered_is_zero_and_all_listed(framework):
    result = score(framework, {})
    assert result.total == 0 and result.predicate is None
    assert result.unanswered == tuple(framework.questions)


# --- threshold edges --------------------------------------------------------------------------
def test_total_edge_2019():
    answers = best(LKE2019) | {"82": 4, "83": 100, "84": 3}  # 60 + 15 + 5 + 15 = 95
    answers |= {"82": 0, "83": 0}  # 60 + 0 + 0 + 15 = 75.00
    at = score(LKE2019, answers)
    assert at.total == pytest.approx(75) and condition(at, "WBK", "total").met
    below = score(LKE2019, answers | {"84": "2.998"})  # 60 + 14.99
    assert below.total == pytest.approx(74.99)
    total = condition(below, "WBK", "total")
    assert not total.met and total.shortfall == pytest.approx(0.01)


def test_total_edge_2021():
    # Hasil 40 + pengungkit 35: the worst answers in A.I.3, A.I.5, A.II.5 and A.I.6 (5 + 7.5 +
    # 7.5 + 5 = 25 points) and the best everywhere else.
    answers = best(LKE2021)
    low = worst(LKE2021)
    for no, q in LKE2021.questions.items():
        if q.node.startswith(("A.I.3.", "A.I.5.", "A.II.5.", "A.I.6.")):
            answers[no] = low[no]
    at = score(LKE2021, answers)
    assert (at.pengungkit, at.hasil, at.total) == pytest.approx((35, 40, 75))
    assert condition(at, "WBK", "total").met
    # One violation this year against 200 last year: discipline 99.5 % × 2 = 1.99 → 74.99.
    below = score(LKE2021, answers | {"102": 200, "103": 1})
    assert below.total == pytest.approx(74.99)
    assert not condition(below, "WBK", "total").met
    assert condition(below, "WBK", "total").shortfall == pytest.approx(0.01)


@pytest.mark.parametrize(
    "framework, no, index, points, met",
    [
        (LKE2021, "125", "3.6", D("15.75"), True),
        (LKE2021, "125", "3.5977", D("15.7399375"), False),  # displays as 15,74
        (LKE2021, "125", "3.59", D("15.70625"), False),
        (LKE2019, "82", "3.6", D("13.5"), True),
        (LKE2019, "82", "3.5999", D("13.49962500"), False),
    ],
)
def test_ipak_item_edge(framework, no, index, points, met):
    result = score(framework, {no: index})
    ipak = condition(result, "WBK", "ipak")
    assert ipak.actual == pytest.approx(float(points)) and ipak.met is met
    assert ipak.required == (15.75 if framework is LKE2021 else 13.5)


def test_ipak_1574_displays_but_fails():
    ipak = condition(score(LKE2021, {"125": "3.5977"}), "WBK", "ipak")
    assert format_number(ipak.actual, "id") == "15,74" and not ipak.met


@pytest.mark.parametrize(
    "predicate, code, answers, met",
    [
        # Pelayanan publik prima (B.II = item 127 × 17.5): WBK ≥ 14.00 (index 3.20), WBBM ≥ 15.75.
        ("WBK", "pelayanan", {"127": "3.2"}, True),
        ("WBK", "pelayanan", {"127": "3.19"}, False),
        ("WBBM", "pelayanan", {"127": "3.6"}, True),
        ("WBBM", "pelayanan", {"127": "3.59"}, False),
        # Capaian kinerja (item 126 × 5): WBK ≥ 2.50 (C), WBBM ≥ 3.75 (B).
        ("WBK", "capaian_kinerja", {"126": "c"}, True),
        ("WBK", "capaian_kinerja", {"126": "d"}, False),
        ("WBBM", "capaian_kinerja", {"126": "b"}, True),
        ("WBBM", "capaian_kinerja", {"126": "c"}, False),
        # Birokrasi bersih (B.I): WBK ≥ 18.25, WBBM ≥ 19.50.
        ("WBK", "bersih", {"125": "3.6", "126": "c"}, True),  # 15.75 + 2.5 = 18.25
        ("WBK", "bersih", {"125": "3.59", "126": "c"}, False),
        ("WBBM", "bersih", {"125": "3.6", "126": "b"}, True),  # 15.75 + 3.75 = 19.50
        ("WBBM", "bersih", {"125": "3.6", "126": "c"}, False),
    ],
)
def test_hasil_thresholds_2021(predicate, code, answers, met):
    assert condition(score(LKE2021, answers), predicate, code).met is met


@pytest.mark.parametrize(
    "predicate, code, answers, met",
    [
        ("WBK", "bersih", {"82": "3.6", "83": 90}, True),  # 13.5 + 4.5 = 18.0
        ("WBK", "bersih", {"82": "3.6", "83": 89.9}, False),
        ("WBK", "tlhp", {"83": 70}, True),  # 3.5
        ("WBK", "tlhp", {"83": "69.99"}, False),
        ("WBBM", "pelayanan", {"84": "3.2"}, True),  # 16
        ("WBBM", "pelayanan", {"84": "3.19"}, False),
    ],
)
def test_hasil_thresholds_2019(predicate, code, answers, met):
    assert condition(score(LKE2019, answers), predicate, code).met is met


def test_area_share_edge_2021():
    # Manajemen Perubahan weighs 8 (4 + 4): 60 % is 4.80 points.
    answers = best(LKE2021)
    result = score(LKE2021, answers)
    mp = condition(result, "WBK", "each_area:MP")
    assert mp.met and mp.actual == pytest.approx(1)
    # Worst answers in the whole Pemenuhan side of the area: 4 of 8 = 50 % < 60 %.
    low = worst(LKE2021)
    for no, q in LKE2021.questions.items():
        if q.node.startswith("A.I.1."):
            answers[no] = low[no]
    mp = condition(score(LKE2021, answers), "WBK", "each_area:MP")
    assert not mp.met and mp.actual == pytest.approx(0.5)
    assert mp.shortfall == pytest.approx(0.1) and mp.shortfall_points == pytest.approx(0.8)


# --- computed items (lke-2021 Reform) ---------------------------------------------------------
# The official workbook's cells (reference README §7): a zero denominator is #DIV/0! (not
# computable), except Pelanggaran disiplin with both counts 0 (→ 1); the percentage waits for
# every count of its block, including 104 and 111 that its formula does not read.
NC_ZERO, NC_MISSING = "zero_denominator", "missing_input"


@pytest.mark.parametrize(
    "code, inputs, value, rule, reason",
    [
        ("A.II.1.i.c1", {"88": 4, "89": 3}, D("0.75"), None, None),
        ("A.II.1.i.c1", {"88": 4, "89": 9}, D(1), None, None),  # capped
        ("A.II.1.i.c1", {"88": 0, "89": 0}, None, "zero_over_zero", NC_ZERO),
        ("A.II.1.i.c1", {"88": 0, "89": 3}, None, "nonzero_over_zero", NC_ZERO),
        ("A.II.1.i.c1", {"88": 4}, None, None, NC_MISSING),
        ("A.II.1.i.c2", {"90": 4, "91": 2}, D("0.5"), None, None),
        ("A.II.1.i.c2", {"90": 0, "91": 0}, None, "zero_over_zero", NC_ZERO),
        ("A.II.3.iii.c1", {"102": 10, "103": 4, "104": 1}, D("0.6"), None, None),
        ("A.II.3.iii.c1", {"102": 10, "103": 12, "104": 1}, D(0), None, None),  # floored
        ("A.II.3.iii.c1", {"102": 0, "103": 0, "104": 0}, D(1), "zero_over_zero", None),
        ("A.II.3.iii.c1", {"102": 0, "103": 2, "104": 0}, None, "nonzero_over_zero", NC_ZERO),
        ("A.II.3.iii.c1", {"102": 10, "103": 4}, None, None, NC_MISSING),  # 104 required
        ("A.II.4.i.c1", {"105": 8, "106": 6}, D("0.75"), None, None),
        ("A.II.4.i.c1", {"105": 0, "106": 0}, None, "zero_over_zero", NC_ZERO),
        ("A.II.5.ii.c1", {"110": 20, "111": 5, "112": 15}, D("0.75"), None, None),
        ("A.II.5.ii.c1", {"110": 20, "112": 15}, None, None, NC_MISSING),  # 111 required
        ("A.II.5.ii.c1", {"110": 0, "111": 0, "112": 0}, None, "zero_over_zero", NC_ZERO),
        # LHKPN: one reported total (K182) over the obliged 113 + 114 + 115 (K178).
        ("A.II.5.iii.a.c1", {"113": 1, "114": 10, "115": 5, "116": 12}, D("0.75"), None, None),
        ("A.II.5.iii.a.c1", {"113": 1, "114": 1, "115": 13, "116": 13}, D(13) / 15, None, None),
        ("A.II.5.iii.a.c1", {"113": 1, "114": 1, "116": 13}, None, None, NC_MISSING),
        ("A.II.5.iii.a.c1", {"113": 0, "114": 0, "115": 0, "116": 0}, None, "zero_over_zero",
         NC_ZERO),
        # LHKASN: reported (K189) over the obliged typed in (K185, 117a); the breakdown 117–119
        # is shown, not required.
        ("A.II.5.iii.b.c1", {"117a": 20, "120": 15}, D("0.75"), None, None),
        ("A.II.5.iii.b.c1", {"117a": 20, "117": 1, "118": 1, "119": 1, "120": 15}, D("0.75"),
         None, None),
        ("A.II.5.iii.b.c1", {"117": 2, "118": 6, "119": 12, "120": 15}, None, None, NC_MISSING),
        ("A.II.5.iii.b.c1", {"117a": 0, "120": 0}, None, "zero_over_zero", NC_ZERO),
        ("A.II.6.i.c1", {"122": 12, "123": 9}, D("0.75"), None, None),
        ("A.II.6.i.c1", {"122": 0, "123": 0}, None, "zero_over_zero", NC_ZERO),
    ],
)  # fmt: skip
def test_computed_items_2021(code, inputs, value, rule, reason):
    result = score(LKE2021, inputs)
    item = result.computed[code]
    assert (item.rule, item.reason) == (rule, reason)
    node = LKE2021.nodes[LKE2021.computed[code].node]
    if value is None:
        assert item.value_or_none is None
        # Nothing else of the sub-component is answered: it has no value, nor its ancestors.
        assert result.not_computable[node.code] == reason
        assert result.value_or_none(node.code) is None
        assert all(a in result.not_computable for a in LKE2021.ancestors(node.code))
        assert result.total_or_none is None and result.total_not_computable
        return
    assert item.value_or_none == pytest.approx(float(value)) and item.answered
    if len(node.computed) == 1 and all(not LKE2021.questions[q].scored for q in node.questions):
        assert result.value_or_none(node.code) == pytest.approx(float(value * node.weight))


def test_computed_item_with_a_missing_input_is_unanswered():
    result = score(LKE2021, {"88": 4})
    assert not result.computed["A.II.1.i.c1"].answered
    assert result.computed["A.II.1.i.c1"].value == 0
    assert result.computed["A.II.1.i.c1"].missing == ("89",)
    assert "89" in result.unanswered


def test_discipline_subcomponent_weight():
    result = score(LKE2021, {"102": 10, "103": 4, "104": 2})
    assert result.nodes["A.II.3.iii"] == pytest.approx(1.2)  # 60 % of weight 2


def test_hasil_items_name_their_feed():
    feeds_2019 = {no: q.feed for no, q in LKE2019.questions.items() if q.feed}
    feeds_2021 = {no: q.feed for no, q in LKE2021.questions.items() if q.feed}
    assert feeds_2019 == {"82": "ipak", "83": "tlhp", "84": "ipkp"}
    assert feeds_2021 == {"125": "ipak", "127": "ipkp"}
