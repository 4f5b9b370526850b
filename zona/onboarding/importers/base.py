"""What every importer is: a sheet spec, a bulk preparation, one row applied through the owning
app's actions, and the export of the same objects in the same columns.

`apply_row` returns the row's `Outcome` (created / changed / unchanged, with what changed) or
raises `RowError` with the column and the message; anything an action refuses
(PermissionDenied, FindingError, a form's errors) is turned into one by the caller.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from ..table import Row, Spec

CREATED, CHANGED, UNCHANGED = "created", "changed", "unchanged"


class RowError(Exception):
    def __init__(self, column: str, message: str):
        self.column, self.message = column, message
        super().__init__(message)


@dataclass
class Outcome:
    status: str  # CREATED, CHANGED, UNCHANGED
    label: str  # which object: "02.01 Biro Umum", "rina@… · TPI evaluator"
    changes: list[str] = field(default_factory=list)  # "Eselon: III → II"


@dataclass
class Context:
    actor: Any
    instansi: Any
    base_url: str
    invitations: list[int] = field(default_factory=list)  # sent after the commit
    cache: dict = field(default_factory=dict)  # the importer's lookups (prepare)


def change(label: str, before: Any, after: Any) -> str:
    empty = "–"
    return _("%(field)s: %(before)s → %(after)s") % {
        "field": label,
        "before": empty if before in (None, "") else before,
        "after": empty if after in (None, "") else after,
    }


class Importer(ABC):
    """One kind of import: its columns (`spec`), how a row is applied, and the export in the
    same template."""

    code: str = ""
    spec: Spec

    @abstractmethod
    def title(self) -> str:
        """The kind's name on the import page, translated."""

    @abstractmethod
    def description(self) -> str:
        """One sentence under the name: what a row of this kind is."""

    def filename(self) -> str:
        return self.code

    def prepare(self, ctx: Context, rows: list[Row]) -> list[Row]:
        """Load what the rows refer to in a few queries; return the rows in the order to
        apply them (units: parents first)."""
        return rows

    @abstractmethod
    def apply_row(self, ctx: Context, row: Row) -> Outcome:
        """Apply one row through the owning app's actions; `RowError` when it cannot be."""

    @abstractmethod
    def export_rows(self, actor, instansi) -> list[Sequence]:
        """The kind's data in Zona as template rows (export → import changes nothing)."""

    def header(self, key: str) -> str:
        return self.spec.column(key).header
