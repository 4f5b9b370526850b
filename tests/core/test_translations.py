"""The Indonesian catalogues are complete and compiled: every message of the interface has a
translation, none is fuzzy, and the .mo that Django reads says the same as the .po.

There is one catalogue for the project (`zona/locale`) and one per app that keeps its own
(`zona/<app>/locale`); `scripts/messages.sh` regenerates all of them at once."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

ZONA = Path(__file__).resolve().parents[2] / "zona"
CATALOGUES = sorted(ZONA.glob("**/locale/id/LC_MESSAGES/django.po"))


def po_entries(po: Path) -> dict[str, str]:
    text = po.read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        singular = re.search(r'^msgid ((?:".*"\n)+)', block, re.M)
        if "msgid_plural" in block:
            translated = re.search(r'^msgstr\[0\] ((?:".*"\n?)+)', block, re.M)
        else:
            translated = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if not singular or not translated:
            continue
        msgid = "".join(re.findall(r'"(.*)"', singular.group(1)))
        if msgid:
            entries[msgid] = "".join(re.findall(r'"(.*)"', translated.group(1)))
    return entries


def test_the_project_catalogue_is_among_them():
    assert ZONA / "locale" / "id" / "LC_MESSAGES" / "django.po" in CATALOGUES
    assert len(po_entries(CATALOGUES[0])) > 0


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ZONA)))
def test_nothing_untranslated_or_fuzzy(po):
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")
    missing = [msgid for msgid, msgstr in po_entries(po).items() if not msgstr]
    assert missing == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ZONA)))
def test_compiled_catalogue_matches_the_source(po):
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for msgid, msgstr in po_entries(po).items():
        source = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        expected = msgstr.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        assert compiled.gettext(source) == expected, msgid
