"""The Indonesian catalogue is complete and compiled: every message of the interface has a
translation, none is fuzzy, and the .mo that Django reads says the same as the .po."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "zona" / "locale" / "id" / "LC_MESSAGES"


def po_entries() -> dict[str, str]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        if "msgid_plural" in block:
            singular = re.search(r'^msgid ((?:".*"\n)+)', block, re.M)
            translated = re.search(r'^msgstr\[0\] ((?:".*"\n?)+)', block, re.M)
        else:
            singular = re.search(r'^msgid ((?:".*"\n)+)', block, re.M)
            translated = re.search(r'^msgstr ((?:".*"\n?)+)', block, re.M)
        if not singular or not translated:
            continue
        msgid = "".join(re.findall(r'"(.*)"', singular.group(1)))
        if msgid:
            entries[msgid] = "".join(re.findall(r'"(.*)"', translated.group(1)))
    return entries


def test_nothing_untranslated_or_fuzzy():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    missing = [msgid for msgid, msgstr in po_entries().items() if not msgstr]
    assert missing == []


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = po_entries()
    assert len(entries) > 250
    for msgid, msgstr in entries.items():
        source = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        expected = msgstr.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        assert compiled.gettext(source) == expected, msgid
