#!/usr/bin/env bash
# Make sure the Debian packages Zona needs outside Python are installed:
#   chromium                           browser tests (tests/browser) drive /usr/bin/chromium;
#                                      Playwright's own browser download cannot be used here
#   libpango-1.0-0 libpangoft2-1.0-0   WeasyPrint (PDF reports and survey posters)
#   fonts-dejavu-core                  a font for those PDFs
#   libcairo2                          CairoSVG draws the charts of the Word documents as PNG
#   poppler-utils                      tests render the PDFs to PNG with pdftoppm and measure
#                                      how each page is used (tests/documents.py)
#   libreoffice-calc-nogui             tests/workbook recalculate exported LKE workbooks with
#                                      `soffice --headless` (and bench/workbook_bench.py)
# Idempotent: installs only what dpkg says is missing, with apt-get, which needs root (CI runs
# as root). Exits non-zero, saying why, when something is missing and cannot be installed.
set -euo pipefail

PACKAGES=(chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core libcairo2
    libreoffice-calc-nogui poppler-utils)

missing=()
for package in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "system packages: all present (${PACKAGES[*]})"
    exit 0
fi

fail() {
    echo "error: missing system packages (${missing[*]}) could not be installed: $*" >&2
    echo "       Install them by hand: apt-get update && apt-get install -y ${missing[*]}" >&2
    exit 1
}

if [[ "$(id -u)" -ne 0 ]]; then
    fail "installing them needs root (this is uid $(id -u))"
fi
if ! command -v apt-get >/dev/null 2>&1; then
    fail "apt-get is not available (not a Debian-based system?)"
fi

echo "system packages: installing ${missing[*]} (apt-get)..."
start=$SECONDS
apt-get update -qq || fail "apt-get update failed"
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || fail "apt-get install failed"
[[ -x /usr/bin/chromium ]] || fail "the chromium package installed, but /usr/bin/chromium is not there"
command -v soffice >/dev/null 2>&1 \
    || fail "libreoffice-calc-nogui installed, but the soffice binary is not on PATH"
echo "system packages: installed in $((SECONDS - start)) s"
