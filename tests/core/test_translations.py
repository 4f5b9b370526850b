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
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        if msgid and context:  # pgettext: the compiled catalogue keys it "context\x04msgid"
            msgid = context.group(1) + "\x04" + msgid
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


def test_one_message_has_one_indonesian_wording_in_every_catalogue():
    """Django merges every catalogue into one and the first that holds a message wins, silently:
    the import preview's "To" read "Sampai" (the audit filter's word) where its intro says
    "menjadi", and a revoked predicate's badge read "dibatalkan" (an invitation's word) beside
    "dicabut" in the text. A message is worded once, whichever catalogue holds it."""
    wordings: dict[str, dict[str, list[str]]] = {}
    for po in CATALOGUES:
        for msgid, msgstr in po_entries(po).items():
            where = str(po.relative_to(ZONA).parents[2])
            wordings.setdefault(msgid, {}).setdefault(msgstr, []).append(where)
    differing = {msgid: found for msgid, found in wordings.items() if len(found) > 1}
    assert differing == {}


def _gettext_inside_fstrings(source: str) -> list[str]:
    import io
    import tokenize

    found = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        prefix = token.string[: token.string.find(token.string.lstrip("rRbBuUfF")[:1])].lower()
        if (
            token.type == tokenize.STRING
            and "f" in prefix
            and re.search(r"\b(_|gettext|ngettext|pgettext|gettext_lazy)\(", token.string)
        ):
            found.append(f"line {token.start[0]}: {token.string}")
    return found


def test_no_message_is_marked_inside_an_f_string():
    """makemessages (xgettext) does not read inside f-strings: a message marked there is never
    collected, so it stays English on the Indonesian page, as the LKE page's "✗ Not saved" did."""
    offending = {}
    for path in sorted(ZONA.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found = _gettext_inside_fstrings(path.read_text(encoding="utf-8"))
        if found:
            offending[str(path.relative_to(ZONA))] = found
    assert offending == {}


def test_the_f_string_check_can_fail():
    assert _gettext_inside_fstrings("x = f\"✗ {_('Not saved')}\"\n")
    assert not _gettext_inside_fstrings("x = '✗ ' + _('Not saved')\n")
