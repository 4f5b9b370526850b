"""The export stamp: which evaluation, framework and answer versions a workbook was made from.

Written signed into the hidden sheet "_zona", so that an import of the same evaluation knows what
the person actually changed in Excel (a row still equal to what was exported is left alone) and
whether someone else changed that answer in Zona since (then the import is refused for that row,
never silently overwriting the colleague's answer). The signature makes a hand-edited stamp
detectable; it carries no secret of its own (values of layers the person could see, and hashes
of notes).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core import signing

SHEET = "_zona"
SALT = "zona.workbook.stamp"
_CHUNK = 30_000  # an Excel cell holds at most 32,767 characters


def note_digest(note: str) -> str:
    return hashlib.sha256(note.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Stamp:
    evaluation: int
    framework: str  # code@version
    exported_at: str  # ISO time
    exported_by: str
    # layer → question → (version, stored value, note digest)
    answers: dict[str, dict[str, tuple[int, str, str]]]

    def dumps(self) -> list[str]:
        """The signed text, in pieces that fit in cells."""
        payload = {
            "v": 1, "e": self.evaluation, "f": self.framework, "t": self.exported_at,
            "by": self.exported_by, "a": self.answers,
        }  # fmt: skip
        text = signing.dumps(payload, salt=SALT, compress=True)
        return [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)]

    @classmethod
    def loads(cls, pieces: list[str]) -> Stamp:
        """Raises `signing.BadSignature` for a stamp that was changed or is not Zona's."""
        data = signing.loads("".join(pieces), salt=SALT)
        if not isinstance(data, dict) or data.get("v") != 1:
            raise signing.BadSignature("unknown stamp format")
        answers = {
            layer: {no: (int(v[0]), str(v[1]), str(v[2])) for no, v in rows.items()}
            for layer, rows in data["a"].items()
        }
        return cls(int(data["e"]), str(data["f"]), str(data["t"]), str(data["by"]), answers)
