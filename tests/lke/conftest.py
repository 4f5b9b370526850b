"""A small synthetic framework for engine tests, independent of the shipped LKE files."""

from __future__ import annotations

import copy

import pytest
import yaml

MINI = {
    "format": 1,
    "code": "mini",
    "version": "1",
    "name": "Mini LKE",
    "max_total": 100,
    "answer_types": {
        "ya_tidak": {"ya": 1, "tidak": 0},
        "abc": {"a": 1, "b": 0.5, "c": 0},
        "abcd": {"a": 1, "b": 0.67, "c": 0.33, "d": 0},
        "abcde": {"a": 1, "b": 0.75, "c": 0.5, "d": 0.25, "e": 0},
    },
    "zero_division": {"zero_over_zero": 1, "nonzero_over_zero": 0},
    "areas": [
        {"code": "X", "name": "Area X", "nodes": ["A.1"]},
        {"code": "Y", "name": "Area Y", "nodes": ["A.2"]},
    ],
    "tree": [
        {
            "code": "A",
            "kind": "part",
            "role": "pengungkit",
            "name": "Pengungkit",
            "weight": 60,
            "children": [
                {
                    "code": "A.1",
                    "kind": "area",
                    "name": "Area X",
                    "weight": 30,
                    "children": [
                        {
                            "code": "A.1.i",
                            "kind": "subcomponent",
                            "name": "Rencana",
                            "weight": 10,
                            "questions": [
                                {"no": 1, "type": "ya_tidak", "text": "Ada tim?"},
                                {"no": 2, "type": "abc", "text": "Prosedur jelas?"},
                                {"no": 3, "type": "ya_tidak", "text": "Ada rencana?"},
                            ],
                        },
                        {
                            "code": "A.1.ii",
                            "kind": "subcomponent",
                            "name": "Pemantauan",
                            "weight": 20,
                            "questions": [
                                {"no": 4, "type": "abcd", "text": "Monev?"},
                                {"no": 5, "type": "abcde", "text": "Tindak lanjut?"},
                                {"no": 6, "type": "percent", "text": "Persentase?"},
                            ],
                        },
                    ],
                },
                {
                    "code": "A.2",
                    "kind": "area",
                    "name": "Area Y",
                    "weight": 30,
                    "children": [
                        {
                            "code": "A.2.i",
                            "kind": "subcomponent",
                            "name": "Reform",
                            "weight": 30,
                            "questions": [
                                {"no": 7, "type": "count", "text": "Jumlah wajib"},
                                {"no": 8, "type": "count", "text": "Jumlah selesai"},
                                {"no": 9, "type": "count", "text": "Tahun lalu"},
                                {"no": 10, "type": "count", "text": "Tahun ini"},
                            ],
                            "computed": [
                                {"code": "A.2.i.c1", "name": "Selesai", "formula": "q8 / q7"},
                                {
                                    "code": "A.2.i.c2",
                                    "name": "Penurunan",
                                    "formula": "(q9 - q10) / q9",
                                },
                            ],
                        }
                    ],
                },
            ],
        },
        {
            "code": "B",
            "kind": "part",
            "role": "hasil",
            "name": "Hasil",
            "weight": 40,
            "children": [
                {
                    "code": "B.I",
                    "kind": "component",
                    "name": "Bersih",
                    "weight": 25,
                    "scoring": "weighted",
                    "questions": [
                        {"no": 11, "type": "index_0_4", "text": "IPAK", "weight": 20},
                        {"no": 12, "type": "abcde", "text": "Capaian", "weight": 5},
                    ],
                },
                {
                    "code": "B.II",
                    "kind": "component",
                    "name": "Pelayanan",
                    "weight": 15,
                    "scoring": "weighted",
                    "questions": [
                        {"no": 13, "type": "index_0_4", "text": "IPKP", "weight": 15},
                    ],
                },
            ],
        },
    ],
    "predicates": [
        {
            "code": "WBK",
            "name": "Menuju WBK",
            "rank": 1,
            "conditions": [
                {"code": "total", "of": "total", "min": 75},
                {"code": "pengungkit", "of": "pengungkit", "min": 40},
                {"code": "area", "of": "each_area", "min_share": 0.6},
                {"code": "ipak", "of": "item", "ref": 11, "min": 18},
            ],
        },
        {
            "code": "WBBM",
            "name": "Menuju WBBM",
            "rank": 2,
            "requires": "WBK",
            "conditions": [
                {"code": "total", "of": "total", "min": 85},
                {"code": "pelayanan", "of": "node", "ref": "B.II", "min": 12},
            ],
        },
    ],
}

ALL_BEST = {
    "1": "ya", "2": "a", "3": "ya", "4": "a", "5": "a", "6": 100,
    "7": 4, "8": 4, "9": 2, "10": 0, "11": 4, "12": "a", "13": 4,
}  # fmt: skip


@pytest.fixture
def mini_data():
    return copy.deepcopy(MINI)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture
def mini():
    from zona.lke.loader import load_framework_text

    return load_framework_text(dump(MINI))
