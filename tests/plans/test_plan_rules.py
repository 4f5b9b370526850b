"""The date rules: when an activity is overdue, which reminder is due on a day, quarters."""

from __future__ import annotations

from datetime import date

import pytest

from zona.plans.rules import is_overdue, quarter_dates, reminder_slot

DUE = date(2026, 6, 30)


@pytest.mark.parametrize(
    ("status", "today", "overdue"),
    [
        ("berjalan", date(2026, 6, 29), False),  # before the due date
        ("berjalan", date(2026, 6, 30), False),  # on the due date: still on time
        ("berjalan", date(2026, 7, 1), True),  # the day after
        ("belum", date(2026, 12, 1), True),
        ("ditunda", date(2026, 7, 1), True),  # postponed is still late
        ("selesai", date(2026, 7, 1), False),
        ("batal", date(2026, 7, 1), False),
    ],
)
def test_overdue(status, today, overdue):
    assert is_overdue(status, DUE, today) is overdue


@pytest.mark.parametrize(
    ("today", "status", "slot"),
    [
        (date(2026, 6, 22), "berjalan", None),  # 8 days before: too early
        (date(2026, 6, 23), "berjalan", "before"),  # exactly 7 days before
        (date(2026, 6, 29), "belum", "before"),  # a missed day is made up, same slot
        (date(2026, 6, 30), "berjalan", "before"),  # on the due date
        (date(2026, 7, 1), "berjalan", "overdue-0"),  # the day after the due date
        (date(2026, 7, 7), "berjalan", "overdue-0"),  # same week: same slot, not sent again
        (date(2026, 7, 8), "berjalan", "overdue-1"),  # a week after the first overdue one
        (date(2026, 7, 15), "ditunda", "overdue-2"),
        (date(2026, 7, 8), "selesai", None),  # done: no reminder
        (date(2026, 6, 25), "batal", None),
    ],
)
def test_reminder_schedule(today, status, slot):
    assert reminder_slot(status, DUE, today, days_before=7) == slot


def test_reminder_days_before_is_a_setting():
    assert reminder_slot("belum", DUE, date(2026, 6, 27), days_before=3) == "before"
    assert reminder_slot("belum", DUE, date(2026, 6, 26), days_before=3) is None


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2026, 1, 1), date(2026, 3, 31)),
        (2, date(2026, 4, 1), date(2026, 6, 30)),
        (3, date(2026, 7, 1), date(2026, 9, 30)),
        (4, date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_quarter_dates(quarter, start, end):
    assert quarter_dates(2026, quarter) == (start, end)
