"""Date rules of the plans, pure functions of dates: when an activity is late, which reminder
is due on a day, and the dates of a quarter."""

from __future__ import annotations

from datetime import date, timedelta

from .models import CLOSED_STATUSES

BEFORE = "before"
OVERDUE = "overdue-"  # + the number of whole weeks since the day after the due date


def is_overdue(status: str, due: date, today: date) -> bool:
    return due < today and status not in CLOSED_STATUSES


def reminder_slot(status: str, due: date, today: date, days_before: int) -> str | None:
    """The reminder due on `today`, or None.

    One reminder in the `days_before` days up to the due date; one on the day after it; then one
    a week while the activity is still open. A day missed by the scheduler is made up on the
    next run within the same slot; a slot already sent is never sent again (ReminderSent)."""
    if status in CLOSED_STATUSES:
        return None
    if today <= due:
        return BEFORE if (due - today).days <= days_before else None
    weeks = (today - due - timedelta(days=1)).days // 7
    return f"{OVERDUE}{weeks}"


def quarter_dates(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of triwulan `quarter` (1–4) of `year`."""
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, end - timedelta(days=1)
