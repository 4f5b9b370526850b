#!/usr/bin/env bash
# Regenerate the Indonesian catalogues and compile them.
#   bash scripts/messages.sh            update every django.po from the code, then compile
#   bash scripts/messages.sh --check    also list the messages still without a translation
# Django's makemessages files each string in the nearest `locale/` above it: an app that has
# `zona/<app>/locale/` keeps its own catalogue, everything else goes to `zona/locale/`.
# --no-location keeps the diffs (and merges) small.
# The pure packages (zona/lke, zona/eligibility) carry their own bilingual message tables.
set -euo pipefail
cd "$(dirname "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")")"
PY=.venv/bin/python
(cd zona && "../$PY" ../manage.py makemessages -l id --no-obsolete --no-location \
    --ignore "lke/*" --ignore "eligibility/*" >/dev/null)
for po in zona/locale/id/LC_MESSAGES/django.po zona/*/locale/id/LC_MESSAGES/django.po; do
    [[ -f "$po" ]] || continue
    # makemessages marks guesses from similar strings as fuzzy; a guess is not a translation.
    "$PY" - "$po" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
blocks = text.split("\n\n")
out = []
for block in blocks:
    if "#, fuzzy" in block and 'msgid ""\nmsgstr ""\n"Project' not in block:
        block = re.sub(r"^#\| .*\n", "", block, flags=re.M)
        block = block.replace("#, fuzzy, ", "#, ").replace("#, fuzzy\n", "")
        block = re.sub(r'^msgstr (".*"\n?)+', 'msgstr ""', block, flags=re.M)
    out.append(block)
open(path, "w", encoding="utf-8").write("\n\n".join(out))
PY
done
"$PY" manage.py compilemessages -l id --ignore ".venv" >/dev/null
if [[ "${1:-}" == "--check" ]]; then
    "$PY" -m pytest -q tests/core/test_translations.py
fi
