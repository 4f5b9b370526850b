"""Numbers of the dashboards: the project's one rule (`zona.core.numbers`), under the names
the dashboard modules use."""

from __future__ import annotations

from zona.core.numbers import count, percent, points

__all__ = ["count", "percent", "points"]
