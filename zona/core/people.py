"""How a person is shown: by name, never by login ("Rina Wulandari", not "tpi.dpr"), wherever
Zona writes who did something — history, revision markers, conflicts, e-mails, exports."""

from __future__ import annotations

NOBODY = "–"


def display_name(user, default: str = NOBODY) -> str:
    """The person's full name; the login only when no name was ever given; `default` for none."""
    if not user:
        return default
    if isinstance(user, str):  # already a name, e.g. from a presenter
        return user
    return user.get_full_name() or user.get_username()
