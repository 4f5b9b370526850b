"""The TLHP percentage: sesuai ÷ (all - tidak dapat ditindaklanjuti) × 100, at a cut-off date."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from zona.findings import tlhp

CUTOFF = date(2025, 12, 31)


@pytest.mark.parametrize(
    "statuses, expected",
    [
        # 7 sesuai of 10: 70.00 % — exactly the 2019 threshold (3.5 of 5 points)
        (["sesuai"] * 7 + ["belum_sesuai"] * 2 + ["belum"], Decimal("70.00")),
        # 2 of (5 - 2): 66.67 % (half up from 66.666…)
        (["sesuai"] * 2 + ["belum"] + ["tidak_dapat"] * 2, Decimal("66.67")),
        # 1 of 3: 33.33 %
        (["sesuai", "belum_sesuai", "belum"], Decimal("33.33")),
        # every one sesuai, one could not be followed up: 100 %
        (["sesuai"] * 4 + ["tidak_dapat"], Decimal("100.00")),
        # nothing followed up as recommended: 0 %, not "no value"
        (["belum_sesuai", "belum"], Decimal("0.00")),
        # nothing to count: no percentage (not 100 %)
        ([], None),
        (["tidak_dapat", "tidak_dapat"], None),
    ],
)
def test_percentage(statuses, expected):
    assert tlhp.count(CUTOFF, statuses).percentage == expected


def test_count_breakdown():
    tally = tlhp.count(CUTOFF, ["sesuai", "sesuai", "belum", "tidak_dapat", "belum_sesuai"])
    assert (tally.sesuai, tally.belum_sesuai, tally.belum, tally.tidak_dapat) == (2, 1, 1, 1)
    assert (tally.total, tally.denominator) == (5, 4)
    assert tally.percentage == Decimal("50.00")


@pytest.mark.django_db
def test_status_as_at_the_cutoff(world, make_finding):
    # Reported 1 Mar 2025, three recommendations:
    #   r1 belum_sesuai (30 Jun 2025) → sesuai (15 Jan 2026)
    #   r2 sesuai (30 Jun 2025)
    #   r3 no status yet (belum)
    make_finding(world.a1, "2025-03-01", [
        [("belum_sesuai", "2025-06-30"), ("sesuai", "2026-01-15")],
        ("sesuai", "2025-06-30"),
        ("belum", None),
    ])  # fmt: skip
    # A later report (1 Feb 2026) counts only from its date.
    make_finding(world.a1, "2026-02-01", [("tidak_dapat", "2026-02-10"), ("belum", None)])
    # Another unit's findings never count.
    make_finding(world.a2, "2025-01-01", [("sesuai", "2025-02-01")])
    counts = tlhp.counts_for_unit(
        world.a1.pk, [date(2025, 2, 28), date(2025, 6, 29), date(2025, 12, 31), date(2026, 3, 1)]
    )
    # before the report: nothing
    assert counts[date(2025, 2, 28)].total == 0
    # 29 Jun 2025: all three belum → 0 of 3
    assert counts[date(2025, 6, 29)].percentage == Decimal("0.00")
    # 31 Dec 2025: r2 sesuai, r1 belum sesuai, r3 belum → 1 of 3
    assert counts[date(2025, 12, 31)].percentage == Decimal("33.33")
    # 1 Mar 2026: r1 and r2 sesuai, r3 belum, new: one tidak dapat, one belum → 2 of (5 - 1)
    now = counts[date(2026, 3, 1)]
    assert (now.sesuai, now.total, now.tidak_dapat, now.percentage) == (2, 5, 1, Decimal("50.00"))


@pytest.mark.django_db
def test_counts_take_two_queries_whatever_the_cutoffs(
    world, make_finding, django_assert_num_queries
):
    for month in range(1, 10):
        make_finding(
            world.a1, f"2025-0{month}-01", [("sesuai", f"2025-0{month}-20"), ("belum", None)]
        )
    with django_assert_num_queries(2):
        counts = tlhp.counts_for_unit(world.a1.pk, [date(2025, 12, 31), date(2025, 3, 31)])
    assert counts[date(2025, 12, 31)].percentage == Decimal("50.00")
    assert counts[date(2025, 3, 31)].total == 6


def test_offered_cutoffs():
    assert tlhp.cutoffs_for_year(2026, today=date(2026, 4, 10)) == [
        ("2025-12-31", date(2025, 12, 31)), ("2026-now", date(2026, 4, 10))
    ]  # fmt: skip
    assert tlhp.cutoffs_for_year(2025, today=date(2026, 4, 10))[1] == ("2025-now", CUTOFF)
    assert tlhp.cutoffs_for_year(2027, today=date(2026, 4, 10)) == [
        ("2026-12-31", date(2026, 12, 31))
    ]


@pytest.mark.django_db
def test_provider_offers_the_units_percentages(world, frameworks, make_finding, settings):
    from zona.evaluations import actions, feeds

    make_finding(world.a1, "2025-03-01", [
        ("sesuai", "2025-06-30"), ("sesuai", "2025-06-30"), ("belum_sesuai", "2025-06-30"),
        ("tidak_dapat", "2025-06-30"),
    ])  # fmt: skip
    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    with translation.override("en"):
        options = feeds.options(evaluation, feeds.TLHP)
    first = options[0]
    assert first.key == f"tlhp:{world.a1.pk}:2025-12-31"
    assert first.value == pytest.approx(66.67)  # 2 of (4 - 1)
    assert first.detail.startswith("2 sesuai of 3 recommendations (4 recorded, 1 cannot")
    assert first.url.endswith("?per=2025-12-31")


@pytest.mark.django_db
def test_provider_gives_no_value_without_recommendations(world, frameworks):
    from zona.evaluations import actions, feeds

    evaluation = actions.create_evaluation(world.users["lead_a1"], world.a1, 2026, "WBK")
    option = feeds.options(evaluation, feeds.TLHP)[0]
    assert option.value is None and option.detail
